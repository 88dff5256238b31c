import type { ZoneGeometry } from '../../../../shared/zones/zone';
import { geometryKind, linesOf, polygonsOf, positionsOf, signedArea, type GeometryKind } from './geometry';
import { EXPORT_FIELDS, type ExportField, type ExportRow } from './zone-records';
import type { ZipEntry } from './zip';

/** WGS 84 in the ESRI dialect of WKT that .prj files carry (GDAL, QGIS and ArcGIS all read it as EPSG:4326). */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** Shape types of the ESRI Shapefile Technical Description (1998). */
const SHAPE_TYPE: Record<GeometryKind, number> = { point: 1, line: 3, polygon: 5 };
/** The longest text a DBF character field holds, in bytes (UTF-8 text is cut at a character boundary). */
export const DBF_TEXT_MAX_BYTES = 254;

type Position = readonly number[];

/** The parts (rings or lines) of one record and its box; Shapefile rings: exterior clockwise, holes counter-clockwise. */
function partsOf(geometry: ZoneGeometry): Position[][] {
  switch (geometry.type) {
    case 'Point':
      return [[geometry.coordinates]];
    case 'LineString':
    case 'MultiLineString':
      return linesOf(geometry);
    case 'Polygon':
    case 'MultiPolygon':
      return polygonsOf(geometry).flatMap((rings) =>
        rings.map((ring, index) => {
          const clockwise = signedArea(ring) < 0;
          // The exterior must be clockwise, holes counter-clockwise: the reverse of RFC 7946.
          return clockwise === (index === 0) ? ring : [...ring].reverse();
        }),
      );
  }
}

function box(positions: readonly Position[]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions) {
    minX = Math.min(minX, x!);
    minY = Math.min(minY, y!);
    maxX = Math.max(maxX, x!);
    maxY = Math.max(maxY, y!);
  }
  return minX === Infinity ? [0, 0, 0, 0] : [minX, minY, maxX, maxY];
}

/** One record's content (without its 8-byte record header). */
function recordContent(kind: GeometryKind, geometry: ZoneGeometry): Buffer {
  if (kind === 'point') {
    const content = Buffer.alloc(20);
    const [x, y] = (geometry as Extract<ZoneGeometry, { type: 'Point' }>).coordinates;
    content.writeInt32LE(SHAPE_TYPE.point, 0);
    content.writeDoubleLE(x, 4);
    content.writeDoubleLE(y, 12);
    return content;
  }
  const parts = partsOf(geometry);
  const points = parts.flat();
  const content = Buffer.alloc(44 + 4 * parts.length + 16 * points.length);
  content.writeInt32LE(SHAPE_TYPE[kind], 0);
  box(points).forEach((value, index) => content.writeDoubleLE(value, 4 + 8 * index));
  content.writeInt32LE(parts.length, 36);
  content.writeInt32LE(points.length, 40);
  let start = 0;
  parts.forEach((part, index) => {
    content.writeInt32LE(start, 44 + 4 * index);
    start += part.length;
  });
  const pointsAt = 44 + 4 * parts.length;
  points.forEach(([x, y], index) => {
    content.writeDoubleLE(x!, pointsAt + 16 * index);
    content.writeDoubleLE(y!, pointsAt + 16 * index + 8);
  });
  return content;
}

/** The 100-byte header shared by .shp and .shx. */
function mainHeader(kind: GeometryKind, fileBytes: number, bounds: [number, number, number, number]): Buffer {
  const header = Buffer.alloc(100);
  header.writeInt32BE(9994, 0);
  header.writeInt32BE(fileBytes / 2, 24); // length in 16-bit words
  header.writeInt32LE(1000, 28);
  header.writeInt32LE(SHAPE_TYPE[kind], 32);
  bounds.forEach((value, index) => header.writeDoubleLE(value, 36 + 8 * index));
  return header; // Z and M ranges stay 0
}

/** UTF-8 bytes of a text, cut to at most `max` bytes without splitting a character. */
export function truncateUtf8(text: string, max: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1; // back to the start of a character
  return bytes.subarray(0, end);
}

interface DbfColumn {
  field: ExportField;
  type: 'C' | 'N' | 'D' | 'L';
  length: number;
  /** Digits after the point of a decimal number column. */
  decimals?: number;
}

function dbfColumns(zones: readonly ExportRow[], fields: readonly ExportField[]): DbfColumn[] {
  return fields.map((field): DbfColumn => {
    switch (field.type) {
      case 'integer':
        return { field, type: 'N', length: field.key === 'progress' ? 3 : 10 };
      case 'number':
        return { field, type: 'N', length: 18, decimals: 6 };
      case 'date':
        return { field, type: 'D', length: 8 };
      case 'boolean':
        return { field, type: 'L', length: 1 };
      case 'text': {
        const longest = Math.max(
          1,
          ...zones.map((zone) => truncateUtf8(String(zone.record[field.key] ?? ''), DBF_TEXT_MAX_BYTES).length),
        );
        return { field, type: 'C', length: longest };
      }
    }
  });
}

/** dBase III table (.dbf) with UTF-8 text (declared by the .cpg beside it). */
function writeDbf(zones: readonly ExportRow[], modified: Date, fields: readonly ExportField[]): Buffer {
  const columns = dbfColumns(zones, fields);
  const headerLength = 32 + 32 * columns.length + 1;
  const recordLength = 1 + columns.reduce((sum, column) => sum + column.length, 0);
  const buffer = Buffer.alloc(headerLength + recordLength * zones.length + 1, 0x20);
  buffer.fill(0, 0, headerLength);
  buffer.writeUInt8(0x03, 0);
  buffer.writeUInt8(modified.getUTCFullYear() - 1900, 1);
  buffer.writeUInt8(modified.getUTCMonth() + 1, 2);
  buffer.writeUInt8(modified.getUTCDate(), 3);
  buffer.writeUInt32LE(zones.length, 4);
  buffer.writeUInt16LE(headerLength, 8);
  buffer.writeUInt16LE(recordLength, 10);
  columns.forEach((column, index) => {
    const at = 32 + 32 * index;
    buffer.write(column.field.dbf, at, 10, 'ascii');
    buffer.write(column.type, at + 11, 1, 'ascii');
    buffer.writeUInt8(column.length, at + 16);
    buffer.writeUInt8(column.decimals ?? 0, at + 17);
  });
  buffer.writeUInt8(0x0d, headerLength - 1);
  zones.forEach((zone, row) => {
    let at = headerLength + row * recordLength + 1; // after the deletion flag (a space: not deleted)
    for (const column of columns) {
      const value = zone.record[column.field.key] ?? null;
      let bytes: Buffer;
      if (value === null) bytes = Buffer.alloc(0);
      else if (column.type === 'N') {
        const digits = column.decimals ? Number(value).toFixed(column.decimals) : String(value);
        bytes = Buffer.from(digits.padStart(column.length, ' '), 'ascii');
      } else if (column.type === 'D') bytes = Buffer.from(String(value).replace(/-/g, ''), 'ascii');
      else if (column.type === 'L') bytes = Buffer.from(value ? 'T' : 'F', 'ascii');
      else bytes = truncateUtf8(String(value), column.length);
      bytes.copy(buffer, at, 0, Math.min(bytes.length, column.length));
      at += column.length;
    }
  });
  buffer.writeUInt8(0x1a, buffer.length - 1);
  return buffer;
}

/** One layer's four files: geometry (.shp), index (.shx), attributes (.dbf), CRS (.prj) and encoding (.cpg). */
function writeLayer(
  kind: GeometryKind,
  zones: readonly ExportRow[],
  modified: Date,
  base: string,
  fields: readonly ExportField[],
): ZipEntry[] {
  const contents = zones.map((zone) => recordContent(kind, zone.geometry));
  const shpBytes = 100 + contents.reduce((sum, content) => sum + 8 + content.length, 0);
  const bounds = box(zones.flatMap((zone) => positionsOf(zone.geometry)));
  const shp = Buffer.alloc(shpBytes);
  const shx = Buffer.alloc(100 + 8 * contents.length);
  mainHeader(kind, shpBytes, bounds).copy(shp, 0);
  mainHeader(kind, shx.length, bounds).copy(shx, 0);
  let offset = 100;
  contents.forEach((content, index) => {
    shx.writeInt32BE(offset / 2, 100 + 8 * index);
    shx.writeInt32BE(content.length / 2, 104 + 8 * index);
    shp.writeInt32BE(index + 1, offset);
    shp.writeInt32BE(content.length / 2, offset + 4);
    content.copy(shp, offset + 8);
    offset += 8 + content.length;
  });
  return [
    { name: `${base}.shp`, data: shp },
    { name: `${base}.shx`, data: shx },
    { name: `${base}.dbf`, data: writeDbf(zones, modified, fields) },
    { name: `${base}.prj`, data: Buffer.from(WGS84_PRJ, 'ascii') },
    { name: `${base}.cpg`, data: Buffer.from('UTF-8', 'ascii') },
  ];
}

/**
 * The zones as Shapefiles, one per geometry kind present (a Shapefile holds one shape type):
 * `zones_polygon`, `zones_line`, `zones_point`, each .shp/.shx/.dbf/.prj/.cpg. With no zones at all,
 * an empty polygon layer, so the archive still opens. Texts longer than 254 UTF-8 bytes are cut
 * (the DBF limit); the GeoPackage and GeoJSON keep them whole.
 */
export function writeShapefiles(
  zones: readonly ExportRow[],
  modified: Date,
  prefix = 'zones',
  fields: readonly ExportField[] = EXPORT_FIELDS,
): ZipEntry[] {
  const kinds: GeometryKind[] = ['polygon', 'line', 'point'];
  const byKind = new Map(kinds.map((kind) => [kind, zones.filter((zone) => geometryKind(zone.geometry) === kind)]));
  const present = kinds.filter((kind) => byKind.get(kind)!.length > 0);
  return (present.length ? present : (['polygon'] as GeometryKind[])).flatMap((kind) =>
    writeLayer(kind, byKind.get(kind)!, modified, `${prefix}_${kind}`, fields),
  );
}
