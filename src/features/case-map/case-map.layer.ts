import type { Layer } from '@deck.gl/core';
import type { DeckLayerFactory, DeckModules } from '../../map/deck-overlay';
import { CASE_POINTS_NONE, type CasePoints } from '../../shared/cases/case-points';
import {
  codeGroups,
  type CasePointFilter,
  type HexCell,
  type HexGrid,
  type Hotspot,
} from '../../shared/cases/case-hotspots';

export const CASE_MAP_MODES = ['points', 'hexagons', 'heatmap'] as const;
export type CaseMapMode = (typeof CASE_MAP_MODES)[number];

/** Colours of the 大类 (2-digit major codes of GB/T 47678.5): components 01–05, matters 06–10. */
export const GROUP_COLORS: Record<string, [number, number, number]> = {
  '01': [31, 119, 180],
  '02': [148, 103, 189],
  '03': [140, 86, 75],
  '04': [44, 160, 44],
  '05': [127, 127, 127],
  '06': [214, 39, 40],
  '07': [255, 127, 14],
  '08': [188, 189, 34],
  '09': [23, 190, 207],
  '10': [227, 119, 194],
};
const OTHER_GROUP: [number, number, number] = [90, 90, 90];
/** Hexagon density: light to dark, by cases per cell. */
export const DENSITY_COLORS: [number, number, number][] = [
  [255, 237, 160],
  [254, 204, 92],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38],
];
const HOTSPOT_COLOR: [number, number, number] = [106, 27, 154];

/**
 * What the case layer hands to the GPU, prepared once per point set: binary attributes that stay the same object
 * while only the filter changes, so deck.gl never uploads them again (filters are uniforms).
 */
export interface CaseLayerData {
  points: CasePoints;
  groups: string[];
  groupOfCode: Uint8Array;
  /** The units present (dictionary indexes, 255 = not dispatched). */
  unitValues: number[];
  pointData: {
    length: number;
    attributes: Record<string, { value: ArrayBufferView; size: number; normalized?: boolean }>;
  };
  heatmapData: { length: number; attributes: { getPosition: { value: Float64Array; size: number } } };
}

export function prepareCaseLayerData(points: CasePoints): CaseLayerData {
  const { groups, groupOfCode } = codeGroups(points.dictionary.codes);
  const n = points.count;
  const colors = new Uint8Array(n * 4);
  const days = new Float32Array(n);
  const categories = new Float32Array(n * 3);
  const absolute = new Float64Array(n * 2);
  const units = new Set<number>();
  const groupColors = groups.map((group) => GROUP_COLORS[group] ?? OTHER_GROUP);
  for (let i = 0; i < n; i++) {
    const group = groupOfCode[points.codes[i]!]!;
    const [r, g, b] = groupColors[group]!;
    colors[i * 4] = r;
    colors[i * 4 + 1] = g;
    colors[i * 4 + 2] = b;
    colors[i * 4 + 3] = 220;
    days[i] = points.days[i]!;
    categories[i * 3] = group;
    categories[i * 3 + 1] = points.statuses[i]!;
    categories[i * 3 + 2] = points.units[i]!;
    units.add(points.units[i]!);
    absolute[i * 2] = points.originLon + points.positions[i * 2]!;
    absolute[i * 2 + 1] = points.originLat + points.positions[i * 2 + 1]!;
  }
  return {
    points,
    groups,
    groupOfCode,
    unitValues: [...units].sort((a, b) => a - b),
    pointData: {
      length: n,
      attributes: {
        // Float32 offsets from the origin, straight from the response (LNGLAT_OFFSETS): no copy.
        getPosition: { value: points.positions, size: 2 },
        getFillColor: { value: colors, size: 4, normalized: true },
        getFilterValue: { value: days, size: 1 },
        getFilterCategory: { value: categories, size: 3 },
      },
    },
    heatmapData: { length: n, attributes: { getPosition: { value: absolute, size: 2 } } },
  };
}

/** The DataFilterExtension props for a filter: day range and the categories [大类, status, unit] shown. */
export function gpuFilterProps(data: CaseLayerData, filter: CasePointFilter) {
  const { points, groups } = data;
  const epoch = points.epochDay;
  const groupValues = groups.flatMap((group, index) =>
    !filter.groups || filter.groups.includes(group) ? [index] : [],
  );
  const statusValues = points.dictionary.statuses.flatMap((status, index) =>
    !filter.statuses || filter.statuses.includes(status) ? [index] : [],
  );
  const unitValues = data.unitValues.filter((value) => {
    if (filter.unit === null) return true;
    return filter.unit === (value === CASE_POINTS_NONE ? 'none' : points.dictionary.units[value]);
  });
  // An empty category list shows nothing; a value no case has keeps the channel empty.
  const orNothing = (values: number[]) => (values.length ? values : [254]);
  return {
    filterRange: [
      filter.fromDay === null ? -1 : filter.fromDay - epoch,
      filter.toDay === null ? 70_000 : filter.toDay - epoch,
    ] as [number, number],
    filterCategories: [orNothing(groupValues), orNothing(statusValues), orNothing(unitValues)],
  };
}

/** Colour of a hexagon with `count` cases, on a scale up to `max`. */
export function densityColor(count: number, max: number): [number, number, number] {
  const step = Math.min(DENSITY_COLORS.length - 1, Math.floor((count / Math.max(1, max)) * DENSITY_COLORS.length));
  return DENSITY_COLORS[step]!;
}

const extensionCache = new WeakMap<object, unknown>();
/** One DataFilterExtension instance per loaded module: a new instance would rebuild the layer's shaders. */
function filterExtension(modules: DeckModules) {
  const extensions = modules.extensions!;
  let extension = extensionCache.get(extensions);
  if (!extension) {
    extension = new extensions.DataFilterExtension({ filterSize: 1, categorySize: 3 });
    extensionCache.set(extensions, extension);
  }
  return extension as InstanceType<typeof extensions.DataFilterExtension>;
}

export interface CaseLayerInput {
  data: CaseLayerData;
  mode: CaseMapMode;
  filter: CasePointFilter;
  /** Hexagon cells of the shown cases (hexagons mode). */
  cells: readonly HexCell[];
  /** Heatmap weights: 1 for a shown case, 0 for a hidden one (caseFilterMask). */
  weights: Float32Array | null;
  grid: HexGrid;
  hotspots: readonly Hotspot[];
  selectedHotspot: string | null;
  selectedCase: number | null;
  onPickCase(index: number | null): void;
}

/** The deck.gl layers of the case view (built from the lazily loaded deck.gl modules). */
export function createCaseLayers(input: CaseLayerInput): DeckLayerFactory {
  return (modules) => {
    const { layers, core, aggregation } = modules;
    const { data, mode } = input;
    const filter = gpuFilterProps(data, input.filter);
    const result: Layer[] = [];
    if (mode === 'points') {
      result.push(
        new layers.ScatterplotLayer({
          id: 'case-points',
          data: data.pointData as never,
          coordinateSystem: core.COORDINATE_SYSTEM.LNGLAT_OFFSETS,
          coordinateOrigin: [data.points.originLon, data.points.originLat, 0],
          radiusUnits: 'pixels',
          getRadius: 3,
          radiusMinPixels: 2,
          stroked: false,
          pickable: true,
          onClick: (info: { index: number }) => {
            input.onPickCase(info.index >= 0 ? info.index : null);
            return true;
          },
          extensions: [filterExtension(modules)],
          ...filter,
        } as never),
      );
    } else if (mode === 'heatmap' && aggregation) {
      result.push(
        new aggregation.HeatmapLayer({
          id: 'case-heatmap',
          // The heatmap passes extensions down to its own sublayer, where DataFilterExtension's categories break:
          // it weighs each case by the filter instead (1 shown, 0 hidden); only that column is uploaded again.
          data: {
            length: data.heatmapData.length,
            attributes: {
              getPosition: data.heatmapData.attributes.getPosition!,
              getWeight: { value: input.weights ?? new Float32Array(data.points.count), size: 1 },
            },
          } as never,
          radiusPixels: 25,
          intensity: 1,
          threshold: 0.03,
        } as never),
      );
    } else if (mode === 'hexagons') {
      const max = input.cells.reduce((most, cell) => Math.max(most, cell.count), 0);
      result.push(
        new layers.PolygonLayer<HexCell>({
          id: 'case-hexagons',
          data: input.cells as HexCell[],
          getPolygon: (cell) => input.grid.ring(cell.q, cell.r),
          getFillColor: (cell) => [...densityColor(cell.count, max), 190],
          stroked: true,
          getLineColor: [255, 255, 255, 160],
          lineWidthUnits: 'pixels',
          getLineWidth: 1,
          pickable: false,
          updateTriggers: { getFillColor: max },
        }),
      );
    }
    if (input.selectedCase !== null && mode === 'points') {
      const i = input.selectedCase;
      result.push(
        new layers.ScatterplotLayer({
          id: 'case-selected',
          data: [
            [
              data.points.originLon + data.points.positions[i * 2]!,
              data.points.originLat + data.points.positions[i * 2 + 1]!,
            ],
          ],
          getPosition: (position: [number, number]) => position,
          radiusUnits: 'pixels',
          getRadius: 8,
          filled: false,
          stroked: true,
          getLineColor: [20, 20, 20, 255],
          lineWidthUnits: 'pixels',
          getLineWidth: 2.5,
        }),
      );
    }
    result.push(
      new layers.PolygonLayer<Hotspot>({
        id: 'case-hotspots',
        data: input.hotspots as Hotspot[],
        getPolygon: (spot) => spot.polygon.coordinates[0]!,
        filled: true,
        getFillColor: (spot) => [...HOTSPOT_COLOR, spot.key === input.selectedHotspot ? 70 : 0],
        stroked: true,
        getLineColor: [...HOTSPOT_COLOR, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: (spot) => (spot.key === input.selectedHotspot ? 4 : 2),
        updateTriggers: { getFillColor: input.selectedHotspot, getLineWidth: input.selectedHotspot },
      }),
    );
    return result;
  };
}
