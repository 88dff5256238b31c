import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon, booleanWithin, pointOnFeature } from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import { loadCampaignConfig, loadSampleData } from './platform/data-files';

const config = loadCampaignConfig();
const sample = loadSampleData();
const outline = sample.basemap.find((feature) => feature.properties.layer === 'outline')!;
const lakes = sample.basemap.filter((feature) => feature.properties.layer === 'lake');

describe('the illustrative sample data', () => {
  it('has at least 40 zones covering every applicable item and none of the others', () => {
    expect(sample.zones.length).toBeGreaterThanOrEqual(40);
    const used = new Set(sample.zones.map((zone) => zone.category));
    for (const item of config.items) expect(used.has(item.code)).toBe(item.applicable);
  });

  it('gives each zone its item’s lead unit and responsible units from the plan', () => {
    for (const zone of sample.zones) {
      const item = config.items.find((candidate) => candidate.code === zone.category)!;
      expect(zone.leadUnit, zone.name).toBe(item.leadUnit);
      for (const unit of zone.responsibleUnits) expect(item.responsibleUnits, zone.name).toContain(unit);
      for (const task of zone.tasks)
        expect([zone.leadUnit, ...zone.responsibleUnits], task.title).toContain(task.assignedUnit);
      expect(zone.tasks.length, zone.name).toBeGreaterThanOrEqual(3);
      expect(zone.tasks.length, zone.name).toBeLessThanOrEqual(8);
    }
  });

  it('spreads zones over every status and holds overdue work', () => {
    const statuses = new Set(sample.zones.map((zone) => zone.status));
    expect([...statuses].sort()).toEqual(['accepted', 'in_progress', 'not_started', 'pending_acceptance', 'suspended']);
    const pastEnd = sample.zones.filter(
      (zone) => zone.endOffsetDays < 0 && !['accepted', 'suspended'].includes(zone.status),
    );
    const withOverdueTask = sample.zones.filter((zone) =>
      zone.tasks.some((task) => task.dueOffsetDays < 0 && !['done', 'suspended'].includes(task.status)),
    );
    expect(pastEnd.length).toBeGreaterThan(0);
    expect(withOverdueTask.length).toBeGreaterThan(0);
    for (const zone of sample.zones.filter((candidate) => candidate.status === 'accepted')) {
      expect(
        zone.tasks.every((task) => task.status === 'done'),
        zone.name,
      ).toBe(true);
    }
  });

  it('draws the 2 demonstration roads of the plan as lines', () => {
    const roads = sample.zones.filter((zone) => zone.category === 'U1' && zone.geometry.type === 'LineString');
    expect(roads.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps every zone and place inside the town outline, and no place in a lake', () => {
    const town = outline as unknown as Feature<Polygon>;
    for (const zone of sample.zones) {
      const feature = { type: 'Feature' as const, properties: {}, geometry: zone.geometry };
      expect(booleanPointInPolygon(pointOnFeature(feature), town), zone.name).toBe(true);
      if (zone.geometry.type === 'Polygon') expect(booleanWithin(feature, town), zone.name).toBe(true);
    }
    for (const place of sample.places) {
      expect(booleanPointInPolygon([place.lon, place.lat], town), place.name).toBe(true);
      for (const lake of lakes) {
        expect(booleanPointInPolygon([place.lon, place.lat], lake as unknown as Feature<Polygon>), place.name).toBe(
          false,
        );
      }
    }
  });

  it('names the 3 communities and 20 villages with both statistical codes', () => {
    expect(sample.places).toHaveLength(23);
    expect(sample.places.filter((place) => place.kind === 'community')).toHaveLength(3);
    for (const place of sample.places) {
      expect(place.code2020).toMatch(/^320583109\d{3}$/);
      expect(place.code2023).toMatch(/^320583401\d{3}$/);
    }
  });

  it('says it is illustrative wherever it is read', () => {
    expect(outline.properties.name).toContain('示意');
  });
});
