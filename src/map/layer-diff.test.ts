import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { diffLayers } from './layer-diff';

const fill = (color: string, filter: unknown = ['all']): LayerSpecification =>
  ({
    id: 'a',
    type: 'fill',
    source: 's',
    filter,
    paint: { 'fill-color': color, 'fill-opacity': 0.5 },
  }) as LayerSpecification;
const line: LayerSpecification = { id: 'b', type: 'line', source: 's', paint: { 'line-width': 2 } };

describe('diffLayers', () => {
  it('adds every layer the first time', () => {
    expect(diffLayers([], [fill('#fff'), line]).add.map((layer) => layer.id)).toEqual(['a', 'b']);
  });
  it('changes only the paint property and filter that differ, without re-adding the layer', () => {
    const diff = diffLayers([fill('#fff'), line], [fill('#000', ['==', 'x', 1]), line]);
    expect(diff.add).toEqual([]);
    expect(diff.remove).toEqual([]);
    expect(diff.setPaint).toEqual([{ id: 'a', name: 'fill-color', value: '#000' }]);
    expect(diff.setFilter).toEqual([{ id: 'a', filter: ['==', 'x', 1] }]);
  });
  it('removes layers that are gone and replaces a layer whose type changed', () => {
    const diff = diffLayers([fill('#fff'), line], [{ ...line, type: 'circle', paint: {} } as LayerSpecification]);
    expect(diff.remove.sort()).toEqual(['a', 'b']);
    expect(diff.add.map((layer) => layer.type)).toEqual(['circle']);
  });
  it('does nothing when nothing changed', () => {
    const diff = diffLayers([fill('#fff'), line], [fill('#fff'), line]);
    expect(diff).toEqual({ remove: [], add: [], setFilter: [], setPaint: [], setLayout: [] });
  });
});
