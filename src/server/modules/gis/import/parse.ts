import type { ImportOptions, ImportPreview, ImportValue } from '../../../../shared/gis/gis-import';
import { gcj02ToWgs84 } from '../../../../shared/geo/gcj02';
import { ImportError } from './import-error';
import { openSource, type SourceFile } from './read-source';
import { crsName, proj4Definition, suggestCrs, toWgs84 } from './crs';

/** What the worker is asked to do. */
export interface ParseRequest {
  files: SourceFile[];
  fileName: string;
  options: ImportOptions;
  /** `preview`: counts, fields, samples and a sample of shapes; `features`: every feature, for validation and commit. */
  mode: 'preview' | 'features';
  /** The most features one import takes (said in the preview; the routes count the ticked ones against it). */
  maxFeatures: number;
}

/** One feature in WGS 84 (2-D), or the reason it has no usable geometry. */
export interface ParsedFeature {
  index: number;
  geometry: { type: string; coordinates: unknown } | null;
  /** `params`: numbers the user's message names (the kinds of parts of a mixed collection). */
  problem: { reason: string; detail: string; params?: Record<string, number> } | null;
  properties: Record<string, ImportValue>;
}

export type ParseSummary = Omit<ImportPreview, 'id' | 'rememberedMapping'>;
export type ParseResult = { summary: ParseSummary; features?: ParsedFeature[] };

/** Features drawn in the preview at most; more are sampled evenly. */
export const PREVIEW_FEATURES = 1000;
/** A preview shape with more corners than this is not drawn (the count and the bbox still include it). */
const PREVIEW_MAX_VERTICES = 5000;
/**
 * Corners of all preview shapes together: past this the sample is thinned evenly (1,000 shapes of 1,751
 * corners would be a 50 MB answer, cloned and serialised on the server's event loop and drawn on a phone).
 */
const PREVIEW_MAX_TOTAL_VERTICES = 200_000;
/** Every file together: more corners than this is refused (a 1M-vertex ring passes, a billion does not). */
export const MAX_TOTAL_VERTICES = 20_000_000;
const MAX_COLLECTION_DEPTH = 3;

type Project = (position: number[]) => [number, number];

class GeometryProblem extends Error {
  constructor(
    readonly reason: string,
    detail: string,
    readonly params?: Record<string, number>,
  ) {
    super(detail);
  }
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * GeoJSON-shaped geometry of any source → a zone geometry type in WGS 84 (2-D): Z/M dropped, a
 * one-point MultiPoint unwrapped, a GeometryCollection (KML MultiGeometry) of parts of one kind made
 * that kind's (Multi) type; anything else a reason (a mixed collection names its parts).
 */
function normaliseGeometry(
  geometry: unknown,
  project: Project,
  counter: { vertices: number },
): ParsedFeature['geometry'] {
  if (geometry === null || geometry === undefined) return null;
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  const position = (value: unknown): [number, number] => {
    if (!Array.isArray(value) || value.length < 2 || typeof value[0] !== 'number' || typeof value[1] !== 'number') {
      throw new GeometryProblem('bad-geometry', 'a position must be an array of numbers');
    }
    counter.vertices += 1;
    if (counter.vertices > MAX_TOTAL_VERTICES) {
      throw new ImportError(422, `The file has more than ${MAX_TOTAL_VERTICES.toLocaleString('en')} vertices`);
    }
    if (!Number.isFinite(value[0]) || !Number.isFinite(value[1])) {
      throw new GeometryProblem('bad-coordinate', 'coordinates must be finite numbers');
    }
    const projected = project(value as number[]);
    if (!Number.isFinite(projected[0]) || !Number.isFinite(projected[1])) {
      throw new GeometryProblem(
        'bad-coordinate',
        'the coordinates cannot be projected to WGS 84 (wrong coordinate system?)',
      );
    }
    return projected;
  };
  const list = <T>(value: unknown, each: (item: unknown) => T): T[] => {
    if (!Array.isArray(value)) throw new GeometryProblem('bad-geometry', `${String(type)} coordinates must be arrays`);
    return value.map(each);
  };
  const line = (value: unknown) => list(value, position);
  const rings = (value: unknown) => list(value, line);
  switch (type) {
    case 'Point':
      return { type: 'Point', coordinates: position(coordinates) };
    case 'MultiPoint': {
      const points = list(coordinates, position);
      if (points.length === 1) return { type: 'Point', coordinates: points[0] };
      throw new GeometryProblem('unsupported-geometry', `a MultiPoint of ${points.length} points: a zone is one point`);
    }
    case 'LineString':
      return { type: 'LineString', coordinates: line(coordinates) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: rings(coordinates) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: rings(coordinates) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: list(coordinates, rings) };
    case 'GeometryCollection': {
      // A KML <MultiGeometry> (togeojson makes it a GeometryCollection): parts of one kind are that Multi* type.
      const parts = { points: [] as unknown[], lines: [] as unknown[], areas: [] as unknown[] };
      const collect = (member: unknown, level: number): void => {
        if (member === null || member === undefined) return;
        const inner = member as { type?: unknown; coordinates?: unknown; geometries?: unknown };
        switch (inner.type) {
          case 'Point':
            parts.points.push(position(inner.coordinates));
            return;
          case 'MultiPoint':
            parts.points.push(...list(inner.coordinates, position));
            return;
          case 'LineString':
            parts.lines.push(line(inner.coordinates));
            return;
          case 'MultiLineString':
            parts.lines.push(...rings(inner.coordinates));
            return;
          case 'Polygon':
            parts.areas.push(rings(inner.coordinates));
            return;
          case 'MultiPolygon':
            parts.areas.push(...list(inner.coordinates, rings));
            return;
          case 'GeometryCollection':
            if (level >= MAX_COLLECTION_DEPTH) {
              throw new GeometryProblem('bad-geometry', 'geometry collections nested too deep');
            }
            if (Array.isArray(inner.geometries)) for (const next of inner.geometries) collect(next, level + 1);
            return;
          default:
            throw new GeometryProblem(
              'unsupported-geometry',
              `unknown geometry type ${String(inner.type).slice(0, 40)}`,
            );
        }
      };
      collect(geometry, 0);
      const { points, lines, areas } = parts;
      const kinds = [points, lines, areas].filter((kind) => kind.length > 0).length;
      if (kinds === 0) return null;
      if (kinds > 1) {
        const named = [
          areas.length ? plural(areas.length, 'area') : '',
          lines.length ? plural(lines.length, 'line') : '',
          points.length ? plural(points.length, 'point') : '',
        ].filter(Boolean);
        throw new GeometryProblem(
          'mixed-geometry',
          `a collection (KML MultiGeometry) of ${named.join(', ')}: a zone is areas, lines or one point, never a mix`,
          { areas: areas.length, lines: lines.length, points: points.length },
        );
      }
      if (areas.length) {
        return areas.length === 1
          ? { type: 'Polygon', coordinates: areas[0] }
          : { type: 'MultiPolygon', coordinates: areas };
      }
      if (lines.length) {
        return lines.length === 1
          ? { type: 'LineString', coordinates: lines[0] }
          : { type: 'MultiLineString', coordinates: lines };
      }
      if (points.length === 1) return { type: 'Point', coordinates: points[0] };
      throw new GeometryProblem('unsupported-geometry', `a collection of ${points.length} points: a zone is one point`);
    }
    default:
      throw new GeometryProblem('unsupported-geometry', `unknown geometry type ${String(type).slice(0, 40)}`);
  }
}

function vertexCount(coordinates: unknown): number {
  if (!Array.isArray(coordinates)) return 0;
  if (typeof coordinates[0] === 'number') return 1;
  let count = 0;
  for (const item of coordinates) count += vertexCount(item);
  return count;
}

function extendBox(
  box: [number, number, number, number] | null,
  coordinates: unknown,
): [number, number, number, number] | null {
  if (!Array.isArray(coordinates)) return box;
  if (typeof coordinates[0] === 'number') {
    const [x, y] = coordinates as [number, number];
    if (!box) return [x, y, x, y];
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
    return box;
  }
  let next = box;
  for (const item of coordinates) next = extendBox(next, item);
  return next;
}

/**
 * The last layer read in this thread, by files, layer and encoding: a re-preview with another
 * coordinate system (or the validation after it) projects again without reading the file again.
 * One entry, dropped after a few idle minutes.
 */
let lastRead: {
  key: string;
  value: Awaited<ReturnType<typeof readUncached>>;
  timer: ReturnType<typeof setTimeout>;
} | null = null;
const CACHE_IDLE_MS = 5 * 60_000;

async function readUncached(request: ParseRequest) {
  const source = await openSource(request.files);
  const layerName = request.options.layer ?? source.layers[0]!;
  if (!source.layers.includes(layerName)) {
    throw new ImportError(400, `The file has no layer ${layerName.slice(0, 100)}: it has ${source.layers.join(', ')}`);
  }
  const layer = await source.read(layerName, request.options.encoding);
  return { source: { format: source.format, layers: source.layers }, layerName, layer };
}

/** The key under which a read can be reused (the files of a session never change). */
export const readKey = (request: Pick<ParseRequest, 'files' | 'options'>) =>
  JSON.stringify([
    request.files.map((file) => file.path),
    request.options.layer ?? null,
    request.options.encoding ?? null,
  ]);

async function readLayer(request: ParseRequest) {
  const key = readKey(request);
  if (lastRead?.key === key) {
    lastRead.timer.refresh();
    return lastRead.value;
  }
  if (lastRead) clearTimeout(lastRead.timer);
  lastRead = null;
  const value = await readUncached(request);
  const timer = setTimeout(() => {
    lastRead = null;
  }, CACHE_IDLE_MS);
  timer.unref();
  lastRead = { key, value, timer };
  return value;
}

/** Read, decode and project the upload as the options say; the heavy part, run in a worker thread. */
export async function parseImport(request: ParseRequest): Promise<ParseResult> {
  const { source, layerName, layer } = await readLayer(request);

  // The raw extent decides what the coordinates look like when nothing says which system they are in.
  let rawBox: [number, number, number, number] | null = null;
  for (const feature of layer.features.slice(0, 20_000)) {
    const coordinates = (feature.geometry as { coordinates?: unknown } | null)?.coordinates;
    try {
      rawBox = extendBox(rawBox, coordinates);
    } catch {
      // malformed: reported per feature below
    }
  }
  const suggestion = layer.crs.source === 'none' ? suggestCrs(rawBox) : null;
  const chosen = request.options.crs;
  let definition: string | null;
  let appliedCrs: string | null;
  if (chosen === 'prj') {
    if (!layer.crs.definition) throw new ImportError(400, 'The file describes no coordinate system: choose one');
    definition = layer.crs.definition;
    appliedCrs = layer.crs.code ?? 'prj';
  } else if (chosen) {
    definition = proj4Definition(chosen);
    if (!definition) {
      throw new ImportError(400, `Unknown coordinate system ${chosen}: use EPSG:4326, 4490, 4513–4554, 3857 or 32651`);
    }
    appliedCrs = chosen;
  } else if (layer.crs.definition) {
    definition = layer.crs.definition;
    appliedCrs = layer.crs.code ?? 'prj';
  } else {
    definition = suggestion ? proj4Definition(suggestion) : null;
    appliedCrs = suggestion;
  }
  const gcj02 = request.options.gcj02 ?? false;
  const toLonLat = toWgs84(definition);
  const project: Project = gcj02
    ? (position) => {
        const [lon, lat] = toLonLat(position);
        return gcj02ToWgs84(lon, lat);
      }
    : toLonLat;

  const counter = { vertices: 0 };
  const features: ParsedFeature[] = layer.features.map((feature, index) => {
    try {
      const geometry = normaliseGeometry(feature.geometry, project, counter);
      return {
        index,
        geometry,
        problem: geometry ? null : { reason: 'no-geometry', detail: 'the feature has no geometry' },
        properties: feature.properties,
      };
    } catch (error) {
      if (error instanceof GeometryProblem) {
        return {
          index,
          geometry: null,
          problem: {
            reason: error.reason,
            detail: error.message,
            ...(error.params ? { params: error.params } : {}),
          },
          properties: feature.properties,
        };
      }
      if (error instanceof RangeError) {
        return {
          index,
          geometry: null,
          problem: { reason: 'bad-geometry', detail: 'the geometry is nested too deep' },
          properties: feature.properties,
        };
      }
      throw error;
    }
  });

  let bbox: [number, number, number, number] | null = null;
  const geometryTypes = new Set<string>();
  for (const feature of features) {
    if (!feature.geometry) continue;
    geometryTypes.add(feature.geometry.type);
    bbox = extendBox(bbox, feature.geometry.coordinates);
  }
  const step = Math.max(1, Math.ceil(features.length / PREVIEW_FEATURES));
  const sampled: { index: number; vertices: number }[] = [];
  let skippedLarge = false;
  // The preview is drawn from the upload's answer only: the validation (features mode) does without it.
  for (let index = 0; request.mode === 'preview' && index < features.length; index += step) {
    const feature = features[index]!;
    if (!feature.geometry) continue;
    const vertices = vertexCount(feature.geometry.coordinates);
    if (vertices > PREVIEW_MAX_VERTICES) {
      skippedLarge = true;
      continue;
    }
    sampled.push({ index, vertices });
  }
  const sampledVertices = sampled.reduce((sum, entry) => sum + entry.vertices, 0);
  const thin = Math.max(1, Math.ceil(sampledVertices / PREVIEW_MAX_TOTAL_VERTICES));
  const preview = sampled
    .filter((_, position) => position % thin === 0)
    .map(({ index }) => ({ type: 'Feature', properties: { _index: index }, geometry: features[index]!.geometry }));

  const fields = layer.fields.map((name) => {
    const samples = new Set<string>();
    for (const feature of features) {
      if (samples.size >= 5 || feature.index > 2000) break;
      const value = feature.properties[name];
      if (value !== null && value !== undefined && value !== '') samples.add(String(value).slice(0, 100));
    }
    return { name, samples: [...samples] };
  });
  const withoutGeometry = features.filter((feature) => !feature.geometry).length;
  const warnings = [...layer.warnings];
  if (!features.length) warnings.push({ code: 'no-features', detail: `The layer ${layerName} holds no features` });
  if (withoutGeometry) {
    warnings.push({ code: 'no-geometry', detail: `${withoutGeometry} feature(s) have no usable geometry` });
  }
  const detectedCrsName = layer.crs.name ?? (layer.crs.code ? crsName(layer.crs.code) : null);
  const geographic =
    !definition || /longlat/.test(definition) || (layer.crs.code === null && /^\s*GEOG/i.test(definition));
  const amapLike =
    /gcj|amap|gaode|高德/i.test(request.fileName) ||
    layer.fields.some((field) => /^(adcode|citycode|amap_?id)$/i.test(field));

  const summary: ParseSummary = {
    fileName: request.fileName,
    format: source.format,
    layers: source.layers,
    layer: layerName,
    featureCount: features.length,
    maxFeatures: request.maxFeatures,
    geometryTypes: [...geometryTypes].sort(),
    bbox,
    fields,
    rows: features.slice(0, 20).map((feature) => ({ index: feature.index, properties: feature.properties })),
    detected: {
      encoding: layer.encoding.encoding,
      encodingSource: layer.encoding.source,
      encodingNeedsConfirmation: layer.encoding.needsConfirmation,
      crs: layer.crs.code ?? (layer.crs.definition ? 'prj' : null),
      crsName: detectedCrsName,
      crsSource: layer.crs.source,
      crsSuggestion: suggestion,
      crsNeedsConfirmation: layer.crs.source === 'none',
      gcj02Suggested: layer.crs.source !== 'prj' && geographic && amapLike,
    },
    applied: { encoding: layer.appliedEncoding, crs: appliedCrs, gcj02 },
    encodingCandidates: layer.encodingCandidates,
    preview: { type: 'FeatureCollection', features: preview },
    previewSampled: step > 1 || skippedLarge || thin > 1,
    warnings,
  };
  if (request.mode === 'preview') return { summary };
  return { summary, features };
}
