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
  const crs = crsOfGeoJsonMember((document as { crs?: unknown }).crs);
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
        warnings: [],
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

function openXml(bytes: Uint8Array, format: 'kml' | 'kmz' | 'gpx'): OpenedSource {
  const document = parseXml(bytes);
  const collection = format === 'gpx' ? gpxToGeoJson(document) : kmlToGeoJson(document);
  const features: RawFeature[] = collection.features.map((feature) => {
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

const WKT_COLUMN = /^(wkt|geometry|geom|the_geom|shape|几何|空间信息)$/i;
const WKT_VALUE = /^\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)\b/i;
const LON_COLUMN = /^(lon|lng|long|longitude|x|经度|东经)$/i;
const LAT_COLUMN = /^(lat|latitude|y|纬度|北纬)$/i;

function openCsv(bytes: Uint8Array): OpenedSource {
  const bom = startsWith(bytes, '\xef\xbb\xbf');
  const detected: DetectedEncoding = bom
    ? { encoding: 'utf-8', source: 'bom', needsConfirmation: false }
    : detectEncoding({ bytes: bytes.subarray(0, 4 * 1024 * 1024) });
  const body = bom ? bytes.subarray(3) : bytes;
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
      const applied = chosen ?? detected.encoding;
      const parsed = rowsOf(applied);
      const fields = (parsed.meta.fields ?? []).filter((field) => field !== '');
      if (!fields.length) throw new ImportError(422, 'The CSV has no header row');
      const first = parsed.data[0] ?? {};
      const wktField =
        fields.find((field) => WKT_COLUMN.test(field.trim())) ??
        fields.find((field) => WKT_VALUE.test(first[field] ?? ''));
      const lonField = fields.find((field) => LON_COLUMN.test(field.trim()));
      const latField = fields.find((field) => LAT_COLUMN.test(field.trim()));
      if (!wktField && !(lonField && latField)) {
        throw new ImportError(
          422,
          'The CSV has neither a WKT column (WKT, geometry …) nor longitude/latitude columns (lon/lat, 经度/纬度 …)',
        );
      }
      const features = parsed.data.map((row): RawFeature => {
        const properties: Record<string, ImportValue> = {};
        for (const field of fields) if (field !== wktField) properties[field] = row[field] ?? null;
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
      const head = (encoding: string) =>
        rowsOf(encoding, 6).data.flatMap((row) =>
          Object.values(row).filter(
            (value): value is string => typeof value === 'string' && /[^\x20-\x7e]/.test(value),
          ),
        );
      return {
        features,
        fields: fields.filter((field) => field !== wktField),
        encoding: detected,
        appliedEncoding: applied,
        encodingCandidates: detected.source === 'bom' ? [] : candidatesOf(head),
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
    if (kml)
      return openXml(
        await readZipEntry(zip, names.find((name) => /(^|\/)doc\.kml$/i.test(name)) ?? kml, budget),
        'kmz',
      );
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
