import { describe, expect, it } from 'vitest';
import type { ZoneFeature } from '../../shared/zones/zone';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { zoneTileProperties } from '../../shared/zones/zone-tiles';
import { EMPTY_ZONE_FILTER, matchesZoneFilter, sortZonesForList, type ZoneFilter } from './zone-filter';
import { zoneFilterExpression, zoneTileAddress } from './county-zones';
import { summarizeByItem, unitsInUse } from './filter-summary';

const zone = (id: string, overrides: Partial<ZoneFeature['properties']>): ZoneFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [120.9, 31.18] },
  properties: {
    name: `区域${id}`,
    category: 'R3',
    status: 'in_progress',
    leadUnit: 'shuilizhan',
    responsibleUnits: ['jianguansuo'],
    plannedStart: '2026-01-01',
    plannedEnd: '2026-12-01',
    progress: 10,
    measures: '',
    notes: '',
    village: null,
    taskCount: 1,
    overdueTaskCount: 0,
    overdue: false,
    overdueDays: 0,
    supervisionCount: 0,
    statusOverrideReason: null,
    version: 1,
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  },
});

const zones = Object.freeze([
  zone('1', { name: '市河整治' }),
  zone('2', { category: 'R6', status: 'accepted', leadUnit: 'jianguansuo', responsibleUnits: [] }),
  zone('3', { category: 'R4', overdue: true }),
]);

describe('matchesZoneFilter', () => {
  const ids = (filter: Partial<typeof EMPTY_ZONE_FILTER>) =>
    zones.filter((entry) => matchesZoneFilter(entry, { ...EMPTY_ZONE_FILTER, ...filter })).map((entry) => entry.id);

  it('passes everything with no filter', () => expect(ids({})).toEqual(['1', '2', '3']));
  it('filters by item and status', () => {
    expect(ids({ items: ['R3', 'R4'] })).toEqual(['1', '3']);
    expect(ids({ statuses: ['accepted'] })).toEqual(['2']);
  });
  it('matches a unit as lead or responsible', () => {
    expect(ids({ unit: 'jianguansuo' })).toEqual(['1', '2', '3']);
    expect(ids({ unit: 'shuilizhan' })).toEqual(['1', '3']);
  });
  it('searches names and keeps overdue only on request', () => {
    expect(ids({ q: ' 市河 ' })).toEqual(['1']);
    expect(ids({ overdueOnly: true })).toEqual(['3']);
  });
});

describe('list helpers', () => {
  it('puts overdue zones first', () => {
    expect(sortZonesForList(zones).map((entry) => entry.id)[0]).toBe('3');
  });
  it('summarizes per item', () => {
    expect(summarizeByItem(zones).get('R6')).toEqual({ total: 1, accepted: 1, overdue: 0 });
    expect(summarizeByItem(zones).get('R4')).toEqual({ total: 1, accepted: 0, overdue: 1 });
  });
  it('offers the units that lead or share a zone, in the campaign order', () => {
    const units = ['zhenzhengfu', 'jianguansuo', 'chengguanban', 'shuilizhan'].map((id) => ({ id }));
    expect(unitsInUse(units, zones).map((unit) => unit.id)).toEqual(['jianguansuo', 'shuilizhan']);
    expect(unitsInUse(units, [zones[1]!]).map((unit) => unit.id)).toEqual(['jianguansuo']);
    expect(unitsInUse(units, [])).toEqual([]);
  });
});

describe('zoneFilterExpression', () => {
  const sample = [
    ...zones,
    zone('4', { name: 'Canal North 北岸', responsibleUnits: ['jianguansuo', 'shuilizhan'], overdue: true }),
    zone('5', { leadUnit: 'chengguan', responsibleUnits: ['jianguansuo2'], status: 'not_started' }),
    zone('6', { leadUnit: 'jianguansuo2', responsibleUnits: [], category: 'R6' }),
  ];
  const filters: ZoneFilter[] = [
    EMPTY_ZONE_FILTER,
    { ...EMPTY_ZONE_FILTER, items: ['R6'] },
    { ...EMPTY_ZONE_FILTER, items: ['R3', 'R4'], statuses: ['in_progress'] },
    { ...EMPTY_ZONE_FILTER, statuses: ['accepted', 'not_started'] },
    { ...EMPTY_ZONE_FILTER, unit: 'jianguansuo' },
    { ...EMPTY_ZONE_FILTER, unit: 'jianguansuo2' },
    { ...EMPTY_ZONE_FILTER, unit: 'shuilizhan', overdueOnly: true },
    { ...EMPTY_ZONE_FILTER, overdueOnly: true },
    { ...EMPTY_ZONE_FILTER, q: '  canal ' },
    { ...EMPTY_ZONE_FILTER, q: '整治' },
    {
      ...EMPTY_ZONE_FILTER,
      q: 'north',
      items: ['R3'],
      statuses: ['in_progress'],
      unit: 'shuilizhan',
      overdueOnly: true,
    },
  ];

  it('lets the same zones through as matchesZoneFilter, read from the zone tiles’ properties', () => {
    for (const filter of filters) {
      const expression = zoneFilterExpression(filter);
      const test = featureFilter(expression ?? true, 'layers[0].filter');
      for (const feature of sample) {
        const properties = zoneTileProperties(feature) as unknown as Record<string, unknown>;
        const passes = test.filter({ zoom: 12 } as never, { type: 3, properties } as never);
        expect(passes, `${JSON.stringify(filter)} zone ${feature.id}`).toBe(matchesZoneFilter(feature, filter));
      }
    }
  });

  it('is null for no filter and names no zone id', () => {
    expect(zoneFilterExpression(EMPTY_ZONE_FILTER)).toBeNull();
    expect(JSON.stringify(zoneFilterExpression(filters.at(-1)!))).not.toContain('zoneId');
  });
});

describe('zoneTileAddress', () => {
  const list = { type: 'FeatureCollection' as const, features: [...zones] };
  it('asks for the tiles again when a zone changed, and for a past day’s tiles on that day', () => {
    const today = zoneTileAddress(list, null);
    expect(today).toMatch(/\/api\/zones\/tiles\/\{z\}\/\{x\}\/\{y\}\.pbf\?v=[^&]+$/);
    const changed = { ...list, features: [zone('1', { version: 2 }), ...zones.slice(1)] };
    expect(zoneTileAddress(changed, null)).not.toBe(today);
    expect(zoneTileAddress(list, '2026-05-01')).toBe(`${today}&asOf=2026-05-01`);
  });
});
