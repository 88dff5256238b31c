import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { createPropertyExpression, v8, type StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import {
  createOverdueRingLayers,
  createZoneLabelLayers,
  createZoneLayers,
  overdueRingData,
  RING_BELOW_PIXELS,
  ZONE_INTERACTIVE_LAYERS,
} from './zones.layer';
import type { ZoneCollection } from '../../shared/zones/zone';
import { squarePolygon } from '../../testing/fixtures';

const filterOf = (layer: LayerSpecification) => JSON.stringify((layer as { filter?: unknown }).filter);

const options = {
  statusColors: { not_started: '#111111', accepted: '#222222' },
  overdueColor: '#ff0000',
  visibleIds: null,
  selectedId: null,
};

describe('createZoneLayers', () => {
  it('colours zones by status from the given table only', () => {
    const fill = createZoneLayers(options).find((layer) => layer.id === 'zones-fill')!;
    expect(fill.type).toBe('fill');
    expect((fill.paint as Record<string, unknown>)['fill-color']).toEqual([
      'match',
      ['get', 'status'],
      'not_started',
      '#111111',
      'accepted',
      '#222222',
      '#888888',
    ]);
  });

  it('draws overdue work in the overdue colour, for areas and for lines', () => {
    const layers = createZoneLayers(options);
    const outline = layers.find((layer) => layer.id === 'zones-overdue-outline')!;
    const casing = layers.find((layer) => layer.id === 'zones-line-overdue-casing')!;
    expect((outline.paint as Record<string, unknown>)['line-color']).toBe('#ff0000');
    expect(filterOf(outline)).toContain('["get","overdue"],true');
    expect((casing.paint as Record<string, unknown>)['line-color']).toBe('#ff0000');
  });

  it('limits every layer to the visible ids when a filter is active', () => {
    const layers = createZoneLayers({ ...options, visibleIds: ['3', '7'] });
    for (const layer of layers) expect(filterOf(layer)).toContain('["literal",["3","7"]]');
    expect(filterOf(createZoneLabelLayers({ visibleIds: ['3'] })[0]!)).toContain('["literal",["3"]]');
  });

  it('gives the zone outlines and the river segments paint of the same kind, so the map compiles one program for both', () => {
    // maplibre keys a line program by each paint property's kind (constant, by feature, by zoom and feature).
    const kinds = (id: string) => {
      const layer = createZoneLayers(options).find((candidate) => candidate.id === id)!;
      const paint = layer.paint as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(paint).map(([name, value]) => {
          const parsed = createPropertyExpression(
            value,
            `paint.${name}`,
            (v8.paint_line as unknown as Record<string, StylePropertySpecification>)[name]!,
          );
          if (parsed.result === 'error') throw new Error(`${id} ${name}: ${parsed.value[0]?.message}`);
          return [name, parsed.value.kind];
        }),
      );
    };
    expect(kinds('zones-outline')).toEqual({ 'line-color': 'source', 'line-width': 'composite' });
    expect(kinds('zones-line')).toEqual(kinds('zones-outline'));
  });

  it('outlines the selected zone', () => {
    const selected = createZoneLayers({ ...options, selectedId: '12' }).find(
      (layer) => layer.id === 'zones-selected-outline',
    )!;
    expect(filterOf(selected)).toContain('["==",["get","zoneId"],"12"]');
  });

  it('keeps stable ids, so rebuilding only changes what differs', () => {
    const ids = createZoneLayers(options).map((layer) => layer.id);
    expect(createZoneLayers({ ...options, selectedId: '1', visibleIds: ['1'] }).map((layer) => layer.id)).toEqual(ids);
    for (const id of ZONE_INTERACTIVE_LAYERS) expect(ids).toContain(id);
  });
});

describe('overdueRingData and createOverdueRingLayers (issue 16: rings hid names and small zones)', () => {
  const zone = (id: string, size: number, overdue: boolean) =>
    ({
      type: 'Feature',
      id,
      geometry: squarePolygon(120.9, 31.18, size),
      properties: { overdue },
    }) as unknown as ZoneCollection['features'][number];
  const zones = {
    type: 'FeatureCollection',
    features: [zone('a', 0.0002, true), zone('b', 0.01, true), zone('c', 0.0002, false)],
  } as unknown as ZoneCollection;

  it('rings overdue zones only, each until the zoom at which it is RING_BELOW_PIXELS across on screen', () => {
    const data = overdueRingData(zones);
    expect(data.features.map((feature) => feature.properties!.zoneId)).toEqual(['a', 'b']);
    const until = Object.fromEntries(
      data.features.map((f) => [f.properties!.zoneId, f.properties!.ringMaxZoom as number]),
    );
    // About 22 m across: 24 px (0.93 m a pixel) from zoom 16.1 on; about 1.1 km across: from zoom 10.5.
    expect(until.a).toBeGreaterThan(15.8);
    expect(until.a).toBeLessThan(16.4);
    expect(until.b).toBeGreaterThan(10.2);
    expect(until.b).toBeLessThan(10.8);
    // A 50-times larger zone stops needing its ring log2(50) zoom levels earlier.
    expect(until.a! - until.b!).toBeCloseTo(Math.log2(50), 1);
  });

  it('draws thin unfilled rings, shown by zoom against each zone, for the visible zones only', () => {
    const [ring] = createOverdueRingLayers({ overdueColor: '#ff0000', visibleIds: ['a'] });
    const paint = ring!.paint as Record<string, unknown>;
    expect(paint['circle-opacity']).toBe(0);
    expect(paint['circle-stroke-color']).toBe('#ff0000');
    expect(JSON.stringify(paint['circle-stroke-opacity'])).toContain('ringMaxZoom');
    expect(filterOf(ring!)).toContain('"a"');
    expect(RING_BELOW_PIXELS).toBeGreaterThan(0);
  });
});
