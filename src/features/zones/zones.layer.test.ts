import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { createZoneLabelLayers, createZoneLayers, ZONE_INTERACTIVE_LAYERS } from './zones.layer';

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
