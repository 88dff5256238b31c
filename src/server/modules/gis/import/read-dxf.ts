/**
 * DXF (AutoCAD drawing exchange) reader: closed LWPOLYLINE/POLYLINE and HATCH boundaries become areas, open
 * polylines lines; the layer is a field to map and a TEXT/MTEXT lying inside a shape its name candidate. The
 * coordinates are the drawing's own (usually CGCS2000 Gauss-Krüger metres): the CRS is chosen as for a Shapefile
 * without .prj. Parsing is dxf-parser's; HATCH, which it skips, has its boundary paths read here.
 */
import DxfParser from 'dxf-parser';
import { createPolygonIndex, type JoinGeometry } from '../../../../shared/geo/spatial-join';
import { ImportError } from './import-error';
import { detectEncoding, type DetectedEncoding } from './encoding';
import { NO_CRS, candidatesOf, type OpenedSource, type RawFeature, type RawLayer } from './source-common';

/** The fields every DXF feature has: its layer and the text written inside it (a name candidate). */
export const DXF_LAYER_FIELD = '图层';
export const DXF_TEXT_FIELD = '名称';

type Point = [number, number];

/** What the parser's scanner offers a handler (dxf-parser's DxfArrayScanner). */
interface Scanner {
  next(): { code: number; value: unknown };
  isEOF(): boolean;
}

interface HatchEntity {
  type: 'HATCH';
  layer?: string;
  loops: Point[][];
}

/** Points along a circular arc from `start`° to `end`° (counter-clockwise unless `clockwise`). */
function arcPoints(center: Point, radius: number, start: number, end: number, clockwise: boolean): Point[] {
  let sweep = clockwise ? start - end : end - start;
  while (sweep <= 0) sweep += 360;
  const steps = Math.max(2, Math.ceil(sweep / 10));
  const points: Point[] = [];
  for (let step = 0; step <= steps; step++) {
    const angle = ((clockwise ? start - (sweep * step) / steps : start + (sweep * step) / steps) * Math.PI) / 180;
    points.push([center[0] + radius * Math.cos(angle), center[1] + radius * Math.sin(angle)]);
  }
  return points;
}

/**
 * HATCH (R2000+): each boundary path is either a polyline (flag 2) or a list of edges (line, arc; ellipse and
 * spline edges contribute their end points). Only what makes the outline is kept; the pattern is not.
 */
class HatchHandler {
  ForEntityName = 'HATCH';
  /** Called on the HATCH group itself; reads up to (and leaves the scanner on) the next entity's group 0. */
  parseEntity(scanner: Scanner): HatchEntity {
    const entity: HatchEntity = { type: 'HATCH', loops: [] };
    let group = scanner.next();
    let loop: Point[] | null = null;
    let polyline = false;
    let edgeType = 0;
    let pending: Record<number, number> = {};
    const add = (...points: Point[]) => {
      for (const point of points) {
        const last = loop!.at(-1);
        if (!last || last[0] !== point[0] || last[1] !== point[1]) loop!.push(point);
      }
    };
    const flushEdge = () => {
      if (!loop) return;
      const p = pending;
      if (edgeType === 1 && p[10] !== undefined) {
        add([p[10], p[20] ?? 0], [p[11] ?? p[10], p[21] ?? p[20] ?? 0]);
      } else if (edgeType === 2 && p[40] !== undefined) {
        add(...arcPoints([p[10] ?? 0, p[20] ?? 0], p[40], p[50] ?? 0, p[51] ?? 360, p[73] === 0));
      } else if ((edgeType === 3 || edgeType === 4) && p[10] !== undefined) {
        add([p[10], p[20] ?? 0]);
      }
      pending = {};
    };
    let inBoundary = false;
    while (!scanner.isEOF() && group.code !== 0) {
      const { code, value } = group;
      if (code === 8 && typeof value === 'string') entity.layer = value;
      else if (code === 91) inBoundary = true;
      else if (code === 92 && inBoundary) {
        flushEdge();
        if (loop && loop.length >= 3) entity.loops.push(loop);
        loop = [];
        polyline = ((value as number) & 2) === 2;
        edgeType = 0;
      } else if (code === 75 || code === 97 || code === 98) {
        // pattern style, source objects, seed points: the boundary paths are over
        flushEdge();
        if (loop && loop.length >= 3) entity.loops.push(loop);
        loop = null;
        inBoundary = code === 97 ? inBoundary : false;
      } else if (loop && typeof value === 'number') {
        if (polyline) {
          if (code === 10) loop.push([value, 0]);
          else if (code === 20 && loop.length) loop[loop.length - 1]![1] = value;
        } else if (code === 72) {
          flushEdge();
          edgeType = value;
        } else if (edgeType && [10, 20, 11, 21, 40, 50, 51, 73].includes(code) && pending[code] === undefined) {
          pending[code] = value;
        }
      }
      group = scanner.next();
    }
    flushEdge();
    if (loop && loop.length >= 3) entity.loops.push(loop);
    return entity;
  }
}

/** The code page the header names ($DWGCODEPAGE), as a WHATWG label; null when none or UTF-8 (R2007+). */
export function dxfCodePage(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64 * 1024));
  const page = /\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n\s*(\S+)/i.exec(head)?.[1]?.toUpperCase();
  if (!page) return null;
  if (page === 'ANSI_936') return 'gbk';
  if (page === 'ANSI_950') return 'big5';
  if (page === 'ANSI_1252') return 'windows-1252';
  return null;
}

/**
 * AutoCAD 2007 (AC1021) and later write DXF in UTF-8 whatever $DWGCODEPAGE says; older drawings are in the
 * code page the header names (ANSI_936: GBK), unless the bytes are plainly ASCII or UTF-8.
 */
function detectDxfEncoding(bytes: Uint8Array): DetectedEncoding {
  const check = detectEncoding({ bytes: bytes.subarray(0, 4 * 1024 * 1024) });
  if (check.source === 'ascii') return check;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64 * 1024));
  const version = /\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*AC(\d{4})/i.exec(head)?.[1];
  if (version && Number(version) >= 1021) return { encoding: 'utf-8', source: 'format', needsConfirmation: false };
  const page = dxfCodePage(bytes);
  if (page && check.source !== 'utf8') return { encoding: page, source: 'dwgcodepage', needsConfirmation: false };
  return check;
}

/** DXF text → plain text: \U+XXXX escapes decoded, MTEXT formatting (\P, {\f…;}, %%c …) dropped. */
export function plainDxfText(text: string): string {
  return text
    .replace(/\\U\+([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\[PpNn~]/g, ' ')
    .replace(/\\[ACcFfHhQqTtWw][^;]*;/g, '')
    .replace(/\\[LlOoKk]/g, '')
    .replace(/\\S([^;]*);/g, '$1')
    .replace(/[{}]/g, '')
    .replace(/%%[cC]/g, 'Ø')
    .replace(/%%[dD]/g, '°')
    .replace(/%%[pP]/g, '±')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Entity {
  type: string;
  layer?: string;
  shape?: boolean;
  vertices?: { x?: number; y?: number; bulge?: number }[];
  loops?: Point[][];
  text?: string;
  startPoint?: { x: number; y: number };
  position?: { x: number; y: number };
  /** POLYLINE flags: 3-D mesh (16) and polyface mesh (64) are not outlines. */
  is3dPolygonMesh?: boolean;
  isPolyfaceMesh?: boolean;
}

const closeRing = (ring: Point[]): Point[] => {
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
};

function ringArea(ring: Point[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  }
  return Math.abs(sum) / 2;
}

/** A hatch's loops → the largest as outer ring, loops inside it as holes, loops outside as further polygons. */
function hatchGeometry(loops: Point[][]): JoinGeometry | null {
  const rings = loops.map(closeRing).filter((ring) => ring.length >= 4);
  if (!rings.length) return null;
  rings.sort((a, b) => ringArea(b) - ringArea(a));
  const polygons: Point[][][] = [];
  for (const ring of rings) {
    const host = polygons.find(
      (polygon) =>
        createPolygonIndex([{ id: 0, geometry: { type: 'Polygon', coordinates: [polygon[0]!] } }]).locate(
          ...ring[0]!,
        ) === 0,
    );
    if (host) host.push(ring);
    else polygons.push([ring]);
  }
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0]! }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/**
 * The points inside the arc a polyline's bulge makes from `a` to `b` (bulge = tan(θ/4), θ the signed included
 * angle, positive counter-clockwise), about every 10°.
 */
export function bulgePoints(a: Point, b: Point, bulge: number): Point[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const chord = Math.hypot(dx, dy);
  if (!chord || !Number.isFinite(bulge)) return [];
  const theta = 4 * Math.atan(bulge);
  // The centre is off the chord's midpoint along its left normal by (chord/2)·cot(θ/2) = (chord/2)·(1 − b²)/(2b).
  const offset = ((chord / 2) * (1 - bulge * bulge)) / (2 * bulge);
  const center: Point = [(a[0] + b[0]) / 2 - (dy / chord) * offset, (a[1] + b[1]) / 2 + (dx / chord) * offset];
  const radius = Math.hypot(a[0] - center[0], a[1] - center[1]);
  const start = Math.atan2(a[1] - center[1], a[0] - center[0]);
  const steps = Math.max(2, Math.ceil(Math.abs(theta) / (Math.PI / 18)));
  const points: Point[] = [];
  for (let step = 1; step < steps; step++) {
    const angle = start + (theta * step) / steps;
    points.push([center[0] + radius * Math.cos(angle), center[1] + radius * Math.sin(angle)]);
  }
  return points;
}

function entityGeometry(entity: Entity): JoinGeometry | { type: 'LineString'; coordinates: Point[] } | null {
  if (entity.type === 'HATCH') return hatchGeometry(entity.loops ?? []);
  if (entity.is3dPolygonMesh || entity.isPolyfaceMesh) return null;
  const vertices = (entity.vertices ?? []).filter(
    (vertex) => typeof vertex.x === 'number' && typeof vertex.y === 'number',
  );
  const points: Point[] = [];
  vertices.forEach((vertex, index) => {
    const here: Point = [vertex.x!, vertex.y!];
    points.push(here);
    const next = vertices[index + 1] ?? (entity.shape ? vertices[0] : undefined);
    if (vertex.bulge && next) points.push(...bulgePoints(here, [next.x!, next.y!], vertex.bulge));
  });
  const closed =
    entity.shape || (points.length >= 4 && points[0]![0] === points.at(-1)![0] && points[0]![1] === points.at(-1)![1]);
  if (closed && points.length >= 3) return { type: 'Polygon', coordinates: [closeRing(points)] };
  if (points.length >= 2) return { type: 'LineString', coordinates: points };
  return null;
}

const OUTLINE_TYPES = new Set(['LWPOLYLINE', 'POLYLINE', 'HATCH']);

function readDrawing(text: string): { features: RawFeature[]; skipped: Map<string, number> } {
  const parser = new DxfParser();
  parser.registerEntityHandler(HatchHandler as never);
  let drawing: { entities?: Entity[] } | null;
  try {
    drawing = parser.parseSync(text) as { entities?: Entity[] } | null;
  } catch (error) {
    throw new ImportError(
      422,
      `The DXF drawing cannot be read (${error instanceof Error ? error.message.slice(0, 200) : 'damaged'})`,
    );
  }
  const entities = drawing?.entities ?? [];
  const features: RawFeature[] = [];
  const shapes: { id: number; geometry: JoinGeometry }[] = [];
  const skipped = new Map<string, number>();
  for (const entity of entities) {
    if (!OUTLINE_TYPES.has(entity.type)) {
      if (entity.type !== 'TEXT' && entity.type !== 'MTEXT')
        skipped.set(entity.type, (skipped.get(entity.type) ?? 0) + 1);
      continue;
    }
    const geometry = entityGeometry(entity);
    if (!geometry) {
      skipped.set(entity.type, (skipped.get(entity.type) ?? 0) + 1);
      continue;
    }
    if (geometry.type !== 'LineString') shapes.push({ id: features.length, geometry });
    features.push({ geometry, properties: { [DXF_LAYER_FIELD]: entity.layer ?? null, [DXF_TEXT_FIELD]: null } });
  }
  // A text whose insertion point lies in a shape names it (the smallest shape, where shapes nest).
  const index = createPolygonIndex(shapes);
  for (const entity of entities) {
    if (entity.type !== 'TEXT' && entity.type !== 'MTEXT') continue;
    const at = entity.type === 'TEXT' ? entity.startPoint : entity.position;
    const label = plainDxfText(entity.text ?? '');
    if (!at || !label) continue;
    const id = index.locate(at.x, at.y);
    if (id === null) continue;
    const properties = features[id]!.properties;
    const before = properties[DXF_TEXT_FIELD];
    properties[DXF_TEXT_FIELD] = before ? `${String(before)} ${label}`.slice(0, 200) : label;
  }
  return { features, skipped };
}

const TEXT_SAMPLE = /^\s*(?:1|8)\s*\r?\n(.*[\x80-\xff].*)$/gm;

/** Open a DXF upload (ASCII DXF; a binary DXF is refused with a message). */
export function openDxf(bytes: Uint8Array): OpenedSource {
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 22)) === 'AutoCAD Binary DXF\r\n\x1a\0') {
    throw new ImportError(422, 'This is a binary DXF: save the drawing as ASCII DXF and try again');
  }
  const detected = detectDxfEncoding(bytes);
  return {
    format: 'dxf',
    layers: ['dxf'],
    async read(_layer, chosen) {
      // Undeclared non-UTF-8 text in a Chinese drawing is GBK far more often than anything else.
      const applied = chosen ?? detected.encoding ?? 'gbk';
      const { features, skipped } = readDrawing(new TextDecoder(applied).decode(bytes));
      const warnings: RawLayer['warnings'] = [];
      if (skipped.size) {
        const entities = [...skipped].map(([type, count]) => `${count} ${type}`).join(', ');
        warnings.push({ code: 'dxf-entities', detail: `Not imported (not outlines): ${entities}`, entities });
      }
      // Samples of the text and layer names with non-ASCII bytes, decoded each way, for the encoding picker.
      const raw = new TextDecoder('latin1').decode(bytes.subarray(0, 4 * 1024 * 1024));
      const samples = [...raw.matchAll(TEXT_SAMPLE)].slice(0, 6).map((match) => match[1]!);
      const toBytes = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
      return {
        features,
        fields: [DXF_LAYER_FIELD, DXF_TEXT_FIELD],
        encoding: detected,
        appliedEncoding: applied,
        encodingCandidates:
          detected.source === 'format' || detected.source === 'ascii'
            ? []
            : candidatesOf((encoding) =>
                samples.map((sample) => plainDxfText(new TextDecoder(encoding).decode(toBytes(sample)))),
              ),
        crs: NO_CRS,
        warnings,
      };
    },
  };
}
