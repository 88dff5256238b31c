import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import wkx from 'wkx';
import { DOMParser } from '@xmldom/xmldom';
import { gpx as gpxToGeoJson, kml as kmlToGeoJson } from '@tmcw/togeojson';
import { parseDbf, parseShp } from 'shpjs';
import type { ImportValue } from '../../../../shared/gis/gis-import';
import { ImportError } from './import-error';
import { MAX_UNZIPPED_BYTES, openZip, readZipEntry } from './zip';
import { decodeText, detectEncoding, type DetectedEncoding } from './encoding';
import { crsName, matchPrj, proj4Definition } from './crs';
import {
  RawFeature,
  DetectedCrs,
  RawLayer,
  OpenedSource,
  SourceFile,
  WGS84,
  NO_CRS,
  UTF8,
  startsWith,
  extensionOf,
  scalar,
  fieldsOf,
  candidatesOf,
} from './source-common';
import { openGeoPackage } from './read-gpkg';
import { CSV_WKT_COLUMNS, csvGeometryColumns } from '../../../../shared/gis/csv-columns';
import { unguardSpreadsheetText } from '../../../../shared/reports/ledger';
import { openDxf } from './read-dxf';

export type { RawFeature, DetectedCrs, RawLayer, OpenedSource, SourceFile } from './source-common';
export { gpkgToWkb } from './read-gpkg';

function readGeoJsonText(bytes: Uint8Array): string {
  const body = startsWith(bytes, '\xef\xbb\xbf') ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ImportError(
      422,
      'The GeoJSON is not UTF-8 text (RFC 8259 requires UTF-8): save it as UTF-8 and try again',
    );
  }
}

function crsOfGeoJsonMember(crs: unknown): DetectedCrs {
  const name = (crs as { properties?: { name?: unknown } } | null)?.properties?.name;
  if (typeof name !== 'string') return WGS84;
  if (/CRS84$/i.test(name)) return WGS84;
  const code = /EPSG:{1,2}(\d{4,5})$/i.exec(name)?.[1];
  const definition = code ? proj4Definition(`EPSG:${code}`) : null;
  if (code && definition) {
    return { code: `EPSG:${code}`, name: crsName(`EPSG:${code}`), definition, source: 'prj', warnings: [] };
  }
  return {
    ...NO_CRS,
    warnings: [
      {
        code: 'unknown-crs',
        detail: `The GeoJSON names a coordinate system this import does not know: ${name.slice(0, 100)}`,
      },
    ],
  };
}

/** The first position (of the first 20,000 features) outside longitude −180…180 / latitude −90…90, if any. */
function positionOutsideDegrees(features: RawFeature[]): [number, number] | null {
  const visit = (value: unknown, depth: number): [number, number] | null => {
    if (!Array.isArray(value) || depth > 6) return null;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      const [x, y] = value as [number, number];
      return Math.abs(x) > 180 || Math.abs(y) > 90 ? [x, y] : null;
    }
    for (const item of value) {
      const found = visit(item, depth + 1);
      if (found) return found;
    }
    return null;
  };
  const ofGeometry = (geometry: unknown, depth: number): [number, number] | null => {
    const { coordinates, geometries } = (geometry ?? {}) as { coordinates?: unknown; geometries?: unknown };
    if (Array.isArray(geometries) && depth < 3) {
      for (const member of geometries) {
        const found = ofGeometry(member, depth + 1);
        if (found) return found;
      }
    }
    return visit(coordinates, 0);
  };
  for (const feature of features.slice(0, 20_000)) {
    const found = ofGeometry(feature.geometry, 0);
    if (found) return found;
  }
  return null;
}

function openGeoJson(bytes: Uint8Array): OpenedSource {
  const text = readGeoJsonText(bytes);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ImportError(
      422,
      `The file is not valid JSON (${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'})`,
    );
  }
  const type = (document as { type?: unknown } | null)?.type;
  let features: RawFeature[];
  const toFeature = (feature: unknown): RawFeature => {
    const candidate = (feature ?? {}) as { geometry?: unknown; properties?: unknown };
    const properties: Record<string, ImportValue> = {};
    if (candidate.properties && typeof candidate.properties === 'object' && !Array.isArray(candidate.properties)) {
      for (const [key, value] of Object.entries(candidate.properties)) properties[key.slice(0, 200)] = scalar(value);
    }
    return { geometry: candidate.geometry ?? null, properties };
  };
  if (type === 'FeatureCollection') {
    const list = (document as { features?: unknown }).features;
    if (!Array.isArray(list)) throw new ImportError(422, 'The FeatureCollection has no "features" array');
    features = list.map(toFeature);
  } else if (type === 'Feature') {
    features = [toFeature(document)];
  } else if (typeof type === 'string' && /^(Multi)?(Point|LineString|Polygon)$|^GeometryCollection$/.test(type)) {
    features = [{ geometry: document, properties: {} }];
  } else {
    throw new ImportError(422, 'The JSON is not GeoJSON: expected a FeatureCollection, a Feature or a geometry');
  }
  const member = (document as { crs?: unknown }).crs;
  const outside = member === undefined ? positionOutsideDegrees(features) : null;
  // RFC 7946 says WGS 84, but GIS tools write Gauss-Krüger metres without a crs member: then the coordinate
  // system is proposed from the values (a zone-prefixed easting → that zone, else CM 120°E) for the user to
  // confirm against the town outline on the preview map, as for a Shapefile without a .prj.
  const crs: DetectedCrs = outside
    ? {
        ...NO_CRS,
        warnings: [
          {
            code: 'projected-geojson',
            detail: `The GeoJSON names no coordinate system but its coordinates are not degrees (e.g. ${outside.map((n) => n.toFixed(2)).join(', ')}): they look like projected metres — check the proposed coordinate system against the town outline`,
          },
        ],
      }
    : crsOfGeoJsonMember(member);
  return {
    format: 'geojson',
    layers: ['geojson'],
    async read() {
      return {
        features,
        fields: fieldsOf(features),
        encoding: UTF8,
        appliedEncoding: 'utf-8',
        encodingCandidates: [],
        crs,
        warnings: [...crs.warnings],
      };
    },
  };
}

// ---------------------------------------------------------------- KML, KMZ, GPX

function parseXml(bytes: Uint8Array): Document {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /<\?xml[^>]*encoding=["']([\w.-]+)["']/i.exec(head)?.[1];
  let text: string;
  try {
    text = new TextDecoder(declared ?? 'utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError(422, `The XML is not valid ${declared ?? 'UTF-8'} text`);
  }
  try {
    const parser = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning') throw new Error(message);
      },
    });
    return parser.parseFromString(text.replace(/^\ufeff/, ''), 'text/xml') as unknown as Document;
  } catch (error) {
    throw new ImportError(
      422,
      `The XML is malformed (${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'})`,
    );
  }
}

/** One or more XML documents (a KMZ's doc.kml and the KML files it links) read as one layer. */
function openXml(documents: Uint8Array | Uint8Array[], format: 'kml' | 'kmz' | 'gpx'): OpenedSource {
  const collections = [documents].flat().map((bytes) => {
    const document = parseXml(bytes);
    return format === 'gpx' ? gpxToGeoJson(document) : kmlToGeoJson(document);
  });
  const features: RawFeature[] = collections
    .flatMap((collection) => collection.features)
    // A NetworkLink (togeojson makes it a feature without geometry) is a link to a layer, not a feature.
    .filter((feature) => feature.properties?.['@geometry-type'] !== 'networklink')
    .map((feature) => {
      const properties: Record<string, ImportValue> = {};
      for (const [key, value] of Object.entries(feature.properties ?? {})) {
        // Styling members (stroke, fill, icon …) are togeojson's rendering hints, not attributes.
        if (/^(stroke|fill|icon|label|styleUrl|styleHash|styleMapHash|visibility|_gx_)/.test(key)) continue;
        properties[key] = scalar(value);
      }
      return { geometry: feature.geometry, properties };
    });
  return {
    format,
    layers: [format],
    async read() {
      return {
        features,
        fields: fieldsOf(features),
        encoding: UTF8,
        appliedEncoding: 'utf-8',
        encodingCandidates: [],
        crs: WGS84,
        warnings: [],
      };
    },
  };
}

// ---------------------------------------------------------------- Shapefile

interface ShapefileParts {
  shp?: Uint8Array;
  dbf?: Uint8Array;
  prj?: Uint8Array;
  cpg?: Uint8Array;
}

const DBF_HEADER = 32;
/** The widest dBASE text column: a writer cuts longer text (this product's Shapefile export too). */
const DBF_TEXT_MAX_BYTES = 254;

/** A copy of a .dbf cut down to its first `records` records (for decoding samples cheaply). */
function dbfHead(dbf: Uint8Array, records: number): Uint8Array {
  const copy = dbf.slice(0, Math.min(dbf.length, 4096 * 8));
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const available = recordLength ? Math.max(0, Math.floor((copy.length - headerLength) / recordLength)) : 0;
  view.setUint32(4, Math.min(view.getUint32(4, true), records, available), true);
  return copy;
}

function checkDbf(dbf: Uint8Array, name: string) {
  if (dbf.length < DBF_HEADER + 1) throw new ImportError(422, `${name}.dbf is too short to be a dBASE table`);
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < DBF_HEADER + 1 || headerLength > dbf.length || recordLength === 0) {
    throw new ImportError(422, `${name}.dbf has a damaged header`);
  }
  if (headerLength + records * recordLength > dbf.length + 1) {
    throw new ImportError(422, `${name}.dbf is cut short: it declares ${records} records but holds fewer`);
  }
  return { records, headerLength, recordLength };
}

/**
 * The DBF's text columns about as wide as dBASE allows (254 bytes; a writer cutting at a character boundary may
 * make it up to 3 bytes narrower), with their widths: text filling them may have been cut.
 */
function fullWidthTextColumns(dbf: Uint8Array, headerLength: number, encoding: string | null): Map<string, number> {
  const names = new Map<string, number>();
  for (let at = DBF_HEADER; at + 32 <= headerLength && dbf[at] !== 0x0d; at += 32) {
    const width = dbf[at + 16]!;
    if (dbf[at + 11] !== 0x43 || width < DBF_TEXT_MAX_BYTES - 3) continue;
    const raw = dbf.subarray(at, at + 11);
    const end = raw.indexOf(0);
    names.set(new TextDecoder(encoding ?? 'utf-8').decode(end < 0 ? raw : raw.subarray(0, end)).trim(), width);
  }
  return names;
}

/** How many bytes a text takes in the DBF's encoding (UTF-8 exactly; the double-byte code pages: 2 a character). */
const encodedLength = (text: string, encoding: string | null) =>
  !encoding || encoding === 'utf-8'
    ? new TextEncoder().encode(text).length
    : [...text].reduce((sum, char) => sum + (char.charCodeAt(0) < 0x80 ? 1 : 2), 0);

/**
 * parsedbf reads a logical field's `?` (not set) or blank as false: its values read again from their
 * bytes, as dBASE means them (T, Y true; F, N false; anything else empty).
 */
function readLogicals(dbf: Uint8Array, records: Record<string, unknown>[], encoding: string) {
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  const logicals: { name: string; offset: number }[] = [];
  let count = 0;
  let offset = 0;
  // The field descriptors, 32 bytes each, up to the 0x0D terminator (as parsedbf reads them).
  for (let at = DBF_HEADER; at + DBF_HEADER <= headerLength; at += DBF_HEADER) {
    count += 1;
    const length = dbf[at + 16]!;
    if (dbf[at + 11] === 0x4c /* L */) {
      const name = decoder
        .decode(dbf.subarray(at, at + 11))
        .replace(/\0/g, '')
        .trim();
      logicals.push({ name, offset });
    }
    offset += length;
    if (dbf[at + DBF_HEADER] === 0x0d) break;
  }
  if (!logicals.length) return;
  const first = ((count + 1) << 5) + 2;
  records.forEach((record, index) => {
    for (const field of logicals) {
      const byte = String.fromCharCode(dbf[first + index * recordLength + field.offset] ?? 0x3f).toUpperCase();
      record[field.name] = byte === 'T' || byte === 'Y' ? true : byte === 'F' || byte === 'N' ? false : null;
    }
  });
}

function checkShp(shp: Uint8Array, name: string) {
  if (shp.length < 100) throw new ImportError(422, `${name}.shp is too short to be a Shapefile`);
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (view.getInt32(0, false) !== 9994)
    throw new ImportError(422, `${name}.shp is not a Shapefile (wrong magic number)`);
  const declared = view.getInt32(24, false) * 2;
  if (declared > shp.length)
    throw new ImportError(422, `${name}.shp is cut short (${shp.length} of ${declared} bytes)`);
}

function shapefileLayer(name: string, parts: ShapefileParts): OpenedSource['read'] {
  return async (_layer, chosen) => {
    if (!parts.shp) throw new ImportError(422, `The Shapefile ${name} has no .shp file`);
    if (!parts.dbf) throw new ImportError(422, `The Shapefile ${name} has no .dbf file (its attribute table)`);
    checkShp(parts.shp, name);
    const { headerLength } = checkDbf(parts.dbf, name);
    const cpg = parts.cpg ? new TextDecoder('latin1').decode(parts.cpg).trim() : null;
    const encoding = detectEncoding({
      cpg,
      ldid: parts.dbf[29] ?? 0,
      bytes: parts.dbf.subarray(DBF_HEADER, Math.min(parts.dbf.length, headerLength + 4 * 1024 * 1024)),
    });
    const applied = chosen ?? encoding.encoding;
    let geometries: ReturnType<typeof parseShp>;
    let records: Record<string, unknown>[];
    try {
      geometries = parseShp(parts.shp);
    } catch (error) {
      throw new ImportError(422, `${name}.shp cannot be read (${error instanceof Error ? error.message : 'damaged'})`);
    }
    try {
      records = parseDbf(parts.dbf, applied ?? 'utf-8');
      readLogicals(parts.dbf, records, applied ?? 'utf-8');
    } catch (error) {
      throw new ImportError(422, `${name}.dbf cannot be read (${error instanceof Error ? error.message : 'damaged'})`);
    }
    const warnings: RawLayer['warnings'] = [];
    if (records.length !== geometries.length) {
      warnings.push({
        code: 'record-count',
        detail: `${name}: ${geometries.length} shapes but ${records.length} attribute records`,
      });
    }
    const features = geometries.map((geometry, index) => {
      const properties: Record<string, ImportValue> = {};
      for (const [key, value] of Object.entries(records[index] ?? {})) properties[key] = scalar(value);
      return { geometry, properties };
    });
    const fullWidth = fullWidthTextColumns(parts.dbf, headerLength, applied);
    let filled = 0;
    for (const record of records) {
      for (const [column, width] of fullWidth) {
        const value = record[column];
        if (typeof value === 'string' && encodedLength(value, applied) > width - 4) filled += 1;
      }
    }
    if (filled) {
      warnings.push({
        code: 'dbf-text-limit',
        detail: `${name}: ${filled} text value(s) fill the DBF's ${DBF_TEXT_MAX_BYTES}-byte column limit and may have been cut when the Shapefile was written (GeoPackage or GeoJSON keep the whole text)`,
      });
    }
    let crs: DetectedCrs = NO_CRS;
    if (parts.prj) {
      const match = matchPrj(new TextDecoder('utf-8').decode(parts.prj));
      if (match) crs = { ...match, source: 'prj' };
      else
        warnings.push({ code: 'unknown-prj', detail: `${name}.prj describes a coordinate system proj4 cannot read` });
    }
    const head = dbfHead(parts.dbf, 6);
    return {
      features,
      fields: fieldsOf(features),
      encoding,
      appliedEncoding: applied,
      encodingCandidates: candidatesOf((candidate) =>
        parseDbf(head, candidate).flatMap((record) =>
          Object.values(record).filter(
            (value): value is string => typeof value === 'string' && /[^\x20-\x7e]/.test(value),
          ),
        ),
      ),
      crs,
      warnings: [...crs.warnings, ...warnings],
    };
  };
}

async function openShapefiles(entries: Map<string, () => Promise<Uint8Array>>): Promise<OpenedSource> {
  const groups = new Map<string, Map<string, () => Promise<Uint8Array>>>();
  for (const [name, load] of entries) {
    const extension = extensionOf(name);
    if (!['.shp', '.dbf', '.prj', '.cpg', '.shx'].includes(extension)) continue;
    const base = name.slice(0, -extension.length);
    const group = groups.get(base.toLowerCase()) ?? new Map();
    group.set(extension.slice(1), load);
    group.set('name', async () => new TextEncoder().encode(path.posix.basename(base)));
    groups.set(base.toLowerCase(), group);
  }
  const layers = [...groups.entries()].filter(([, group]) => group.has('shp') || group.has('dbf'));
  if (!layers.length) throw new ImportError(422, 'No Shapefile (.shp with its .dbf) found in the upload');
  const names = await Promise.all(
    layers.map(async ([, group]) => new TextDecoder().decode(await group.get('name')!())),
  );
  return {
    format: 'shapefile',
    layers: names,
    async read(layer, chosen) {
      const index = Math.max(0, names.indexOf(layer));
      const group = layers[index]![1];
      const parts: ShapefileParts = {};
      for (const part of ['shp', 'dbf', 'prj', 'cpg'] as const) {
        const load = group.get(part);
        if (load) parts[part] = await load();
      }
      return shapefileLayer(names[index]!, parts)(layer, chosen);
    },
  };
}

// ---------------------------------------------------------------- CSV

const WKT_VALUE = /^\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)\b/i;

/** Encodings tried on a header that is not UTF-8 (Excel on Chinese Windows saves GBK; WHATWG's gbk reads GB18030). */
const CSV_HEADER_ENCODINGS = ['gbk', 'big5'] as const;

/** Does this header line name geometry columns? */
const namesGeometry = (headerLine: string) => {
  const columns = csvGeometryColumns(Papa.parse<string[]>(headerLine, { preview: 1 }).data[0] ?? []);
  return Boolean(columns.wkt || (columns.lon && columns.lat));
};

/**
 * Chinese survey tables name the northing X and the easting Y (X to the north): every point's "x" a Gauss-Krüger
 * northing (1,000,000–10,000,000 m in China) and "y" an easting (under 1,000,000 m, or zone-prefixed 25–45 million)?
 */
function surveyAxes(features: RawFeature[]): boolean {
  const points = features
    .map((feature) => (feature.geometry as { coordinates?: [number, number] } | null)?.coordinates)
    .filter((point): point is [number, number] => Array.isArray(point));
  return (
    points.length > 0 &&
    points.every(
      ([x, y]) => x >= 1_000_000 && x < 10_000_000 && ((y > 0 && y < 1_000_000) || (y >= 25_000_000 && y < 46_000_000)),
    )
  );
}

/**
 * Text that is not UTF-8 and names nothing: the encoding its header row reads right in (its column names are
 * recognised), proposed for the user to confirm; null when none does.
 */
function encodingOfHeader(body: Uint8Array): string | null {
  const end = body.indexOf(0x0a);
  const header = body.subarray(0, end < 0 ? Math.min(body.length, 64 * 1024) : end);
  for (const encoding of CSV_HEADER_ENCODINGS) {
    try {
      if (namesGeometry(new TextDecoder(encoding, { fatal: true }).decode(header))) return encoding;
    } catch {
      // not this encoding
    }
  }
  return null;
}

function openCsv(bytes: Uint8Array): OpenedSource {
  const bom = startsWith(bytes, '\xef\xbb\xbf');
  const detected: DetectedEncoding = bom
    ? { encoding: 'utf-8', source: 'bom', needsConfirmation: false }
    : detectEncoding({ bytes: bytes.subarray(0, 4 * 1024 * 1024) });
  const body = bom ? bytes.subarray(3) : bytes;
  const headerEncoding = detected.encoding === null ? encodingOfHeader(body) : null;
  const proposed: DetectedEncoding = headerEncoding
    ? { encoding: headerEncoding, source: 'header', needsConfirmation: true }
    : detected;
  const rowsOf = (encoding: string | null, preview?: number) =>
    Papa.parse<Record<string, string>>(decodeText(body, encoding), {
      header: true,
      skipEmptyLines: true,
      ...(preview ? { preview } : {}),
    });
  return {
    format: 'csv',
    layers: ['csv'],
    async read(_layer, chosen) {
      const applied = chosen ?? proposed.encoding;
      const parsed = rowsOf(applied);
      const fields = (parsed.meta.fields ?? []).filter((field) => field !== '');
      if (!fields.length) throw new ImportError(422, 'The CSV has no header row');
      const first = parsed.data[0] ?? {};
      const columns = csvGeometryColumns(fields);
      const wktField = columns.wkt ?? fields.find((field) => WKT_VALUE.test(first[field] ?? ''));
      const lonField = columns.lon;
      const latField = columns.lat;
      if (!wktField && !(lonField && latField)) {
        throw new ImportError(
          422,
          applied === null
            ? 'The CSV is not UTF-8 and its header names no geometry column in GBK or Big5 either: save it as UTF-8 CSV'
            : `The CSV has neither a WKT column (${CSV_WKT_COLUMNS.slice(0, 2).join(', ')}, 几何 …) nor longitude/latitude columns (经度/纬度, X坐标/Y坐标, lng/lat …)`,
        );
      }
      // This product's own zone export (WKT first, then the export columns): its formula guard comes off.
      const ownExport =
        fields[0] === 'WKT' && ['itemCode', 'statusCode', 'leadUnit'].every((key) => fields.includes(key));
      const cell = ownExport ? (text: string) => unguardSpreadsheetText(text) : (text: string) => text;
      const features = parsed.data.map((row): RawFeature => {
        const properties: Record<string, ImportValue> = {};
        for (const field of fields) {
          if (field !== wktField) properties[field] = row[field] === undefined ? null : cell(row[field]);
        }
        let geometry: unknown = null;
        if (wktField) {
          const text = (row[wktField] ?? '').trim();
          if (text) {
            try {
              geometry = wkx.Geometry.parse(text).toGeoJSON();
            } catch {
              geometry = { type: 'Invalid' };
            }
          }
        } else {
          const lon = Number(row[lonField!]);
          const lat = Number(row[latField!]);
          geometry =
            row[lonField!]?.trim() && row[latField!]?.trim() ? { type: 'Point', coordinates: [lon, lat] } : null;
        }
        return { geometry, properties };
      });
      const warnings: RawLayer['warnings'] = parsed.errors.length
        ? [{ code: 'csv-rows', detail: `${parsed.errors.length} row(s) could not be split into columns` }]
        : [];
      if (!wktField && surveyAxes(features)) {
        for (const feature of features) {
          const point = feature.geometry as { coordinates: [number, number] } | null;
          if (point) point.coordinates = [point.coordinates[1], point.coordinates[0]];
        }
        warnings.push({
          code: 'csv-xy-surveying',
          detail: `${lonField} holds northings and ${latField} eastings (the surveying convention, X to the north): read as easting ${latField}, northing ${lonField}`,
        });
      }
      const head = (encoding: string) =>
        rowsOf(encoding, 6).data.flatMap((row) =>
          Object.values(row).filter(
            (value): value is string => typeof value === 'string' && /[^\x20-\x7e]/.test(value),
          ),
        );
      return {
        features,
        fields: fields.filter((field) => field !== wktField),
        encoding: proposed,
        appliedEncoding: applied,
        encodingCandidates: proposed.source === 'bom' ? [] : candidatesOf(head),
        crs: NO_CRS,
        warnings,
      };
    },
  };
}

// ---------------------------------------------------------------- sniffing

/** What the first bytes say a file is (the name only breaks the tie for CSV); cheap, so the server checks it before starting a worker. */
export function sniffFormat(
  head: Uint8Array,
  name: string,
): 'zip' | 'sqlite' | 'shp' | 'json' | 'kml' | 'gpx' | 'csv' | 'dxf' {
  if (!head.length) throw new ImportError(422, `${name} is empty`);
  if (/^AC10\d\d/.test(new TextDecoder('latin1').decode(head.subarray(0, 6)))) {
    throw new ImportError(
      415,
      `${name} is an AutoCAD DWG drawing: save it as DXF in the CAD program and upload that`,
      'dwg',
    );
  }
  if (new TextDecoder('latin1').decode(head.subarray(0, 18)) === 'AutoCAD Binary DXF') return 'dxf';
  if (startsWith(head, 'PK\x03\x04') || startsWith(head, 'PK\x05\x06')) return 'zip';
  if (startsWith(head, 'SQLite format 3\0')) return 'sqlite';
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0x27 && head[3] === 0x0a) return 'shp';
  const text = new TextDecoder('utf-8')
    .decode(head.subarray(0, 4096))
    .replace(/^\ufeff/, '')
    .trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (/^(?:999\s*\r?\n[^\n]*\n\s*)?0\s*\r?\nSECTION\s*\r?\n/.test(text)) return 'dxf';
  if (text.startsWith('<')) {
    if (/<gpx[\s>]/i.test(text)) return 'gpx';
    if (/<kml[\s>]/i.test(text)) return 'kml';
    throw new ImportError(415, `${name} is XML but neither KML nor GPX`);
  }
  const extension = extensionOf(name);
  if (!head.includes(0) && (extension === '.csv' || extension === '.txt' || /[,;\t]/.test(text.split('\n')[0] ?? ''))) {
    return 'csv';
  }
  throw new ImportError(
    415,
    `${name} is not a format the import reads (GeoJSON, KML/KMZ, GPX, zipped Shapefile, GeoPackage, CSV, DXF)`,
  );
}

/** Read what was uploaded: the format from the bytes (ZIP, SQLite, XML root, JSON), not from the name. */
export async function openSource(files: SourceFile[]): Promise<OpenedSource> {
  if (!files.length) throw new ImportError(400, 'No file was sent');
  if (files.length > 1) {
    const entries = new Map<string, () => Promise<Uint8Array>>();
    for (const file of files) entries.set(file.name, async () => readFileSync(file.path));
    if (!files.some((file) => extensionOf(file.name) === '.shp')) {
      throw new ImportError(
        422,
        'Several files are accepted only as the parts of one Shapefile (.shp, .dbf, .prj, .cpg …)',
      );
    }
    return openShapefiles(entries);
  }
  const file = files[0]!;
  const bytes = readFileSync(file.path);
  const format = sniffFormat(bytes.subarray(0, 4096), file.name);
  if (format === 'zip') {
    const { zip, names } = await openZip(bytes);
    const budget = { left: MAX_UNZIPPED_BYTES };
    const kml = names.find((name) => extensionOf(name) === '.kml');
    if (names.some((name) => extensionOf(name) === '.shp')) {
      const entries = new Map<string, () => Promise<Uint8Array>>();
      for (const name of names) entries.set(name, () => readZipEntry(zip, name, budget));
      return openShapefiles(entries);
    }
    if (kml) {
      const main = names.find((name) => /(^|\/)doc\.kml$/i.test(name)) ?? kml;
      const document = await readZipEntry(zip, main, budget);
      // GDAL's LIBKML driver writes a doc.kml that only links layers/<layer>.kml: the linked KML files in the archive are read too.
      const folder = path.posix.dirname(main);
      const linked = [...new TextDecoder().decode(document).matchAll(/<href>\s*([^<\s]+)\s*<\/href>/g)]
        .map((match) => path.posix.normalize(path.posix.join(folder, match[1]!)))
        .filter((name, index, all) => name !== main && names.includes(name) && all.indexOf(name) === index)
        .filter((name) => extensionOf(name) === '.kml');
      const documents = [document];
      for (const name of linked) documents.push(await readZipEntry(zip, name, budget));
      return openXml(documents, 'kmz');
    }
    throw new ImportError(422, 'The ZIP archive holds neither a Shapefile (.shp) nor KML (.kml)');
  }
  if (format === 'sqlite') return openGeoPackage(file.path);
  if (format === 'shp') {
    throw new ImportError(
      422,
      'A .shp alone is not enough: send it zipped with its .dbf (and .prj, .cpg), or all parts together',
    );
  }
  if (format === 'json') return openGeoJson(bytes);
  if (format === 'dxf') return openDxf(bytes);
  if (format === 'kml' || format === 'gpx') return openXml(bytes, format);
  return openCsv(bytes);
}
