/** What every source reader shares: the raw feature and layer shapes, the default CRS and encoding, value helpers. */
import path from 'node:path';
import type {
  CrsSource,
  ImportEncoding,
  ImportFormat,
  ImportPreview,
  ImportValue,
} from '../../../../shared/gis/gis-import';
import { IMPORT_ENCODINGS } from '../../../../shared/gis/gis-import';
import { type DetectedEncoding } from './encoding';
import { proj4Definition } from './crs';

export interface RawFeature {
  geometry: unknown;
  properties: Record<string, ImportValue>;
}

export interface DetectedCrs {
  code: string | null;
  name: string | null;
  /** proj4 definition (or WKT); null when nothing says. */
  definition: string | null;
  source: CrsSource;
  warnings: { code: string; detail: string }[];
}

export interface RawLayer {
  features: RawFeature[];
  fields: string[];
  encoding: DetectedEncoding;
  /** The encoding the text was decoded with (chosen, detected, or UTF-8 as a last resort). */
  appliedEncoding: string | null;
  encodingCandidates: { encoding: ImportEncoding; samples: string[] }[];
  crs: DetectedCrs;
  warnings: ImportPreview['warnings'];
}

export interface OpenedSource {
  format: ImportFormat;
  layers: string[];
  read(layer: string, encoding: string | undefined): Promise<RawLayer>;
}

export interface SourceFile {
  /** The client's (sanitised) file name. */
  name: string;
  path: string;
}

export const WGS84: DetectedCrs = {
  code: 'EPSG:4326',
  name: 'WGS 84',
  definition: proj4Definition('EPSG:4326'),
  source: 'format',
  warnings: [],
};
export const NO_CRS: DetectedCrs = { code: null, name: null, definition: null, source: 'none', warnings: [] };
export const UTF8: DetectedEncoding = { encoding: 'utf-8', source: 'format', needsConfirmation: false };

export const startsWith = (bytes: Uint8Array, text: string) =>
  bytes.length >= text.length && [...text].every((char, index) => bytes[index] === char.charCodeAt(0));
export const extensionOf = (name: string) => path.extname(name).toLowerCase();

export function scalar(value: unknown): ImportValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  if (value instanceof Uint8Array) return null;
  try {
    return JSON.stringify(value).slice(0, 4000);
  } catch {
    return null;
  }
}

export function fieldsOf(features: RawFeature[]): string[] {
  const fields = new Set<string>();
  for (const feature of features.slice(0, 5000)) {
    for (const key of Object.keys(feature.properties)) {
      if (fields.size >= 500) break;
      fields.add(key);
    }
  }
  return [...fields];
}

/** Text values decoded with every candidate encoding, so the user can pick the one that reads right. */
export function candidatesOf(decode: (encoding: ImportEncoding) => string[]): RawLayer['encodingCandidates'] {
  return IMPORT_ENCODINGS.map((encoding) => ({ encoding, samples: decode(encoding).slice(0, 6) }));
}

// ---------------------------------------------------------------- GeoJSON
