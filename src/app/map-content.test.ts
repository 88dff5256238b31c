import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import type { ZoneCollection } from '../shared/zones/zone';
import type { PlaceCollection } from '../data/basemap';
import { mapPageContent, zonesOnDay, type MapPageContentInput } from './map-content';
import { snapLines, townOutlineOf } from './editor-inputs';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { createOfflineStyle } from '../map/style';
import { countyContent } from '../features/zones/county-zones';
import { EMPTY_ZONE_FILTER } from '../features/zones/zone-filter';
import { historyPreview } from '../features/zones/history-preview.layer';

const zones = { type: 'FeatureCollection', features: [] } as unknown as ZoneCollection;
const basemap: FeatureCollection = { type: 'FeatureCollection', features: [] };
const places = { type: 'FeatureCollection', features: [] } as PlaceCollection;
const input: MapPageContentInput = {
  zones: undefined,
  statusColors: { done: '#00ff00' },
  overdueColor: '#d7263d',
  visibleIds: null,
  selectedId: null,
  basemap: undefined,
  places: undefined,
  online: null,
  language: 'zh-CN',
  preview: null,
};
const ids = (content: ReturnType<typeof mapPageContent>) => content.sources.map((source) => source.id);

/** The map page's whole style with this content, as the engine puts it together (sources, then the groups' layers). */
function styleWith(content: ReturnType<typeof mapPageContent>): StyleSpecification {
  const style = createOfflineStyle('#f4f1ea');
  const sources: Record<string, SourceSpecification> = { ...style.sources };
  for (const source of content.sources) {
    sources[source.id] = source.vector ?? { type: 'geojson', data: source.data };
  }
  const layers: LayerSpecification[] = [...style.layers, ...Object.values(content.groups).flat()];
  return { ...style, sources, layers };
}

describe('mapPageContent', () => {
  // maplibre checks a layer only when it is added or changed, and then reports a mistake as an error event of the
  // page: every layer, filter and paint the page can make is checked against the style spec here first.
  it('makes only layers the style spec accepts, for a town, a filtered town and a county', () => {
    const preview = historyPreview({ type: 'Point', coordinates: [120.9, 31.18] });
    const town = mapPageContent({ ...input, zones, basemap, places, visibleIds: ['7', '9'], selectedId: '7', preview });
    const filter = { ...EMPTY_ZONE_FILTER, items: ['R3'], statuses: ['accepted'], unit: 'shuilizhan', q: '市河' };
    const countyZones = { type: 'FeatureCollection', features: [] } as unknown as ZoneCollection;
    for (const [name, content] of [
      ['town', town],
      ['town in English', mapPageContent({ ...input, zones, basemap, places, language: 'en' })],
      ['county', mapPageContent({ ...input, county: countyContent(countyZones, null, filter, ['1', '2'], '3') })],
      [
        'county on a past day',
        mapPageContent({ ...input, county: countyContent(countyZones, '2026-10-28', filter, undefined, null) }),
      ],
    ] as const) {
      const style = styleWith(content);
      expect(style.layers.length, name).toBeGreaterThan(5);
      expect(
        validateStyleMin(style).map((error) => error.message),
        name,
      ).toEqual([]);
    }
  });

  it('the check finds a wrong filter', () => {
    const content = mapPageContent({ ...input, zones });
    const broken = styleWith(content);
    broken.layers = broken.layers.map((layer) =>
      layer.id === 'zones-fill'
        ? ({ ...layer, filter: ['in', ['get', 'status']] } as unknown as LayerSpecification)
        : layer,
    );
    expect(
      validateStyleMin(broken)
        .map((error) => error.message)
        .join('\n'),
    ).toMatch(/layers\[\d+\]\.filter/);
  });

  it('leaves out what has not loaded: no source before any data, and no history preview while none is shown', () => {
    const content = mapPageContent(input);
    expect(ids(content)).toEqual([]);
    expect(content.groups).toEqual({ overlay: [] });
    expect(content.raster).toBeUndefined();
  });

  it("draws an earlier version's shape from the zone history while it is shown, and takes it away after", () => {
    const shown = mapPageContent({
      ...input,
      zones,
      preview: historyPreview({ type: 'Point', coordinates: [120.9, 31.18] }),
    });
    expect(ids(shown)).toEqual(['zones', 'overdue-rings', 'history-preview']);
    expect(shown.groups.overlay!.map((layer) => layer.id)).toEqual(['history-preview-line', 'history-preview-point']);
    expect(shown.sources[2]!.data!.features).toHaveLength(1);
    const hidden = mapPageContent({ ...input, zones, preview: null });
    expect(ids(hidden)).toEqual(['zones', 'overdue-rings']);
    expect(hidden.groups.overlay).toEqual([]);
  });

  it('puts the zones first, then the base map, its labels and the raster choice once both have come', () => {
    const content = mapPageContent({ ...input, zones, basemap, places });
    expect(ids(content)).toEqual(['zones', 'overdue-rings', 'basemap', 'places']);
    expect(Object.keys(content.groups)).toEqual(['data', 'data-labels', 'base', 'labels', 'overlay']);
    expect(content.raster).toBeNull();
    expect(content.sources[0]).toMatchObject({ promoteId: 'zoneId' });
  });

  it('keeps a source object while its data is the same, so the engine does not re-read it', () => {
    const first = mapPageContent({ ...input, zones, basemap, places, selectedId: '1' });
    const second = mapPageContent({ ...input, zones, basemap, places, selectedId: '2' });
    expect(second.sources.map((source) => source.data)).toEqual(first.sources.map((source) => source.data));
    second.sources.forEach((source, index) => expect(source.data).toBe(first.sources[index]!.data));
  });

  it('filters the zone layers to the visible zones and outlines the selected one', () => {
    const content = mapPageContent({ ...input, zones, visibleIds: ['7'], selectedId: '7' });
    expect(JSON.stringify(content.groups.data)).toContain('"7"');
    expect(JSON.stringify(content.groups['data-labels'])).toContain('"7"');
  });

  it('labels places in English when the UI is English, and leaves the preview out for the big screen', () => {
    const english = mapPageContent({ ...input, basemap, places, language: 'en', preview: undefined });
    expect(JSON.stringify(english.groups.labels)).toContain('nameEn');
    expect(ids(english)).not.toContain('history-preview');
    expect(english.groups).not.toHaveProperty('overlay');
  });
});

describe("the map page's derived zones", () => {
  const zone = (id: string, status: string) =>
    ({
      type: 'Feature',
      id,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      properties: { status, overdue: false },
    }) as unknown as ZoneCollection['features'][number];
  const today = {
    type: 'FeatureCollection',
    features: [zone('1', 'done'), zone('2', 'in_progress')],
  } as ZoneCollection;

  it('shows the zones as they stood on a past day, and as they are without one', () => {
    expect(zonesOnDay(today, null)).toBe(today);
    const past = zonesOnDay(today, { asOf: '2026-01-01', statuses: { '2': 'not_started' }, overdue: ['2'] })!;
    expect(past.features.map((feature) => [feature.id, feature.properties.status, feature.properties.overdue])).toEqual(
      [['2', 'not_started', true]],
    );
  });

  it('snaps to the other zones and the town outline', () => {
    const outline = townOutlineOf({
      features: [{ properties: { layer: 'outline' }, geometry: { type: 'Polygon', coordinates: [[[5, 5]]] } as never }],
    });
    expect(outline).not.toBeNull();
    expect(snapLines(today.features, '1', outline)).toHaveLength(2);
    expect(snapLines(today.features, null, null)).toHaveLength(2);
  });
});
