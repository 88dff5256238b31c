import * as z from 'zod/mini';
import { itemCodeSchema } from '../campaign/campaign';
import { daySchema, zoneStatusSchema } from '../zones/zone';
import { ZONE_IMPORT_FIELDS } from '../zones/zone-fields';

/** File formats the GIS import reads (issue #7). */
export const IMPORT_FORMATS = ['geojson', 'kml', 'kmz', 'gpx', 'shapefile', 'gpkg', 'csv', 'dxf'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Text encodings offered for attribute text (WHATWG labels Node's TextDecoder knows). */
export const IMPORT_ENCODINGS = ['gbk', 'gb18030', 'utf-8', 'big5', 'windows-1252'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/**
 * Coordinate systems offered in the picker. Any CGCS2000 3-degree Gauss-Krüger code (EPSG:4513–4554)
 * is accepted too; `prj` means "as the .prj (or GeoPackage) describes it" when it is none of these.
 */
export const IMPORT_CRS_CHOICES = [
  'EPSG:4326',
  'EPSG:4490',
  'EPSG:4528',
  'EPSG:4549',
  'EPSG:3857',
  'EPSG:32651',
] as const;

/**
 * Where the detected encoding came from: cpg file, DBF language byte, a DXF header's $DWGCODEPAGE, UTF-8 check, BOM,
 * plain ASCII, the format's rule, a CSV header whose column names read right in it (to confirm), nothing.
 */
export type EncodingSource = 'cpg' | 'ldid' | 'dwgcodepage' | 'utf8' | 'bom' | 'ascii' | 'format' | 'header' | 'none';
export type CrsSource = 'prj' | 'format' | 'none';

export const importOptionsSchema = z.strictObject({
  encoding: z.optional(z.enum(IMPORT_ENCODINGS)),
  crs: z.optional(
    z
      .string()
      .check(z.regex(/^(EPSG:\d{4,5}|prj)$/, 'crs must be EPSG:<code> (4326, 4490, 4513–4554, 3857, 32651) or prj')),
  ),
  gcj02: z.optional(z.boolean()),
  layer: z.optional(z.string().check(z.maxLength(200))),
});
export type ImportOptions = z.infer<typeof importOptionsSchema>;

/** The zone fields a source field can be mapped to (the one zone field list, src/shared/zones/zone-fields.ts). */
export const IMPORT_TARGETS = ZONE_IMPORT_FIELDS;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

const sourceField = z.optional(z.string().check(z.minLength(1), z.maxLength(200)));
/** target zone field → source field name. */
export const fieldMappingSchema = z.strictObject(
  Object.fromEntries(IMPORT_TARGETS.map((target) => [target, sourceField])) as Record<ImportTarget, typeof sourceField>,
);
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

/** Values for fields the file does not have (or leaves empty). */
export const importDefaultsSchema = z.strictObject({
  category: z.optional(itemCodeSchema),
  status: z.optional(zoneStatusSchema),
  plannedStart: z.optional(daySchema),
  plannedEnd: z.optional(daySchema),
  responsibleUnits: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(40))),
});
export type ImportDefaults = z.infer<typeof importDefaultsSchema>;

export const importValidateBodySchema = z.strictObject({
  options: z.optional(importOptionsSchema),
  mapping: fieldMappingSchema,
  defaults: z.optional(importDefaultsSchema),
  /** Save zones that overlap a zone of the same item anyway (the reason recorded is the import). */
  acceptOverlaps: z.optional(z.boolean()),
  /** Feature indexes the user unticked: left out, and not counted against the feature limit. */
  exclude: z.optional(z.array(z.int().check(z.minimum(0))).check(z.maxLength(100_000))),
});
export type ImportValidateBody = z.infer<typeof importValidateBodySchema>;

export const importCommitBodySchema = z.strictObject({
  ...importValidateBodySchema.shape,
  /** Leave invalid features out; otherwise one invalid feature refuses the whole import (R3). */
  skipInvalid: z.boolean(),
});
export type ImportCommitBody = z.infer<typeof importCommitBodySchema>;

export interface ImportField {
  name: string;
  /** A few distinct decoded values, for the mapping table. */
  samples: string[];
}

export type ImportValue = string | number | boolean | null;

export interface ImportPreview {
  id: string;
  fileName: string;
  format: ImportFormat;
  layers: string[];
  layer: string | null;
  featureCount: number;
  /** The most features one import takes (the ticked ones count): a larger file must be cut down or split. */
  maxFeatures: number;
  geometryTypes: string[];
  /** [minLon, minLat, maxLon, maxLat] in WGS 84 after the options; null without coordinates. */
  bbox: [number, number, number, number] | null;
  fields: ImportField[];
  /** The first decoded rows (at most 20). */
  rows: { index: number; properties: Record<string, ImportValue> }[];
  detected: {
    encoding: ImportEncoding | string | null;
    encodingSource: EncodingSource;
    /** The user must confirm (or choose) the encoding before committing. */
    encodingNeedsConfirmation: boolean;
    crs: string | null;
    crsName: string | null;
    crsSource: CrsSource;
    /** Without a .prj: what the coordinates look like (a guess to confirm). */
    crsSuggestion: string | null;
    crsNeedsConfirmation: boolean;
    gcj02Suggested: boolean;
  };
  /** What this answer was decoded and projected with. */
  applied: { encoding: string | null; crs: string | null; gcj02: boolean };
  /** The first text values decoded with each candidate encoding, for the picker's live preview. */
  encodingCandidates: { encoding: ImportEncoding; samples: string[] }[];
  /** A sample of the features in WGS 84 (property `_index`); `previewSampled` when not all are drawn. */
  preview: { type: 'FeatureCollection'; features: unknown[] };
  previewSampled: boolean;
  /** `entities` (code `dxf-entities`): the DXF entities not imported, e.g. "1 LINE, 3 CIRCLE". */
  warnings: { code: string; detail: string; entities?: string }[];
  /** The mapping this user used last time for the same source fields, if any. */
  rememberedMapping: { mapping: FieldMapping; defaults: ImportDefaults } | null;
}

export interface ImportReportEntry {
  index: number;
  name: string;
  valid: boolean;
  /**
   * A geometry reason (shared/zones/geometry.ts), `attributes`, `overlap` (a stored zone), `overlap-in-file`
   * (an earlier feature of the file), `no-geometry`, `unsupported-geometry`, `mixed-geometry`, `bad-geometry`.
   */
  reason: string | null;
  detail: string | null;
  /** Numbers the user's message names: `feature` (overlap-in-file, 1-based); `areas`, `lines`, `points` (mixed-geometry). */
  params?: Record<string, number>;
}

export interface ImportReport {
  total: number;
  valid: number;
  invalid: number;
  excluded: number;
  entries: ImportReportEntry[];
}
