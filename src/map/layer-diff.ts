import type { LayerSpecification } from 'maplibre-gl';

/** The smallest set of operations that turns the current layers of a group into the wanted ones. */
export interface LayerDiff {
  remove: string[];
  add: LayerSpecification[];
  setFilter: { id: string; filter: unknown }[];
  setPaint: { id: string; name: string; value: unknown }[];
  setLayout: { id: string; name: string; value: unknown }[];
}

type AnyLayer = LayerSpecification & {
  filter?: unknown;
  paint?: Record<string, unknown>;
  layout?: Record<string, unknown>;
  source?: unknown;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function propertyChanges(before: Record<string, unknown> = {}, after: Record<string, unknown> = {}) {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => !same(before[name], after[name])).map((name) => ({ name, value: after[name] }));
}

/**
 * Compare two layer lists by id. A layer whose type or source changed is replaced; otherwise only
 * its filter, paint and layout properties are updated, so the map never reloads its sources.
 */
export function diffLayers(current: readonly LayerSpecification[], next: readonly LayerSpecification[]): LayerDiff {
  const diff: LayerDiff = { remove: [], add: [], setFilter: [], setPaint: [], setLayout: [] };
  const before = new Map(current.map((layer) => [layer.id, layer as AnyLayer]));
  const nextIds = new Set(next.map((layer) => layer.id));
  for (const layer of current) if (!nextIds.has(layer.id)) diff.remove.push(layer.id);
  for (const wanted of next as AnyLayer[]) {
    const existing = before.get(wanted.id);
    if (!existing || existing.type !== wanted.type || !same(existing.source, wanted.source)) {
      if (existing) diff.remove.push(wanted.id);
      diff.add.push(wanted);
      continue;
    }
    if (!same(existing.filter, wanted.filter)) diff.setFilter.push({ id: wanted.id, filter: wanted.filter ?? null });
    for (const change of propertyChanges(existing.paint, wanted.paint))
      diff.setPaint.push({ id: wanted.id, ...change });
    for (const change of propertyChanges(existing.layout, wanted.layout))
      diff.setLayout.push({ id: wanted.id, ...change });
  }
  return diff;
}
