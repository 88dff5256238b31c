import * as z from 'zod/mini';
import { importOptionsSchema } from '../gis/gis-import';

/**
 * Importing a planner's GIS file into a register (`POST /api/registers/:kind/import`): each column is matched to a
 * field of the kind by its key, its Shapefile column or its Chinese label (审批文号, 宽度(m) …); each feature is
 * checked like a POST. The answer of a dry run is the preview; without dryRun the valid features are created.
 */

/** Why a row of the file cannot be imported: the field (`name`, `geometry`, `attributes.<key>`) and a code for the UI. */
export const REGISTER_IMPORT_ERROR_CODES = [
  'required',
  'invalid',
  'no-geometry',
  'wrong-geometry',
  'invalid-geometry',
] as const;
export type RegisterImportErrorCode = (typeof REGISTER_IMPORT_ERROR_CODES)[number];

export interface RegisterImportError {
  path: string;
  code: RegisterImportErrorCode;
  /** In English, for API users; the UI words the code. */
  message: string;
}

/** One feature of the file: its row (1 = the first feature), the name read and what is wrong with it. */
export interface RegisterImportRow {
  row: number;
  name: string;
  valid: boolean;
  errors: RegisterImportError[];
}

export interface RegisterImportPreview {
  fileName: string;
  format: string;
  total: number;
  valid: number;
  invalid: number;
  /** The file's layers (a GeoPackage or a Shapefile archive may hold several) and the one read. */
  layers: string[];
  layer: string | null;
  /**
   * Each column of the file and the field it fills (`name`, a field key), or null when none; `ownExport` marks the
   * columns a register's own export writes besides its fields (the id, the owner, the last change, a GeoPackage's
   * `fid`): the register keeps those itself, so they are not news to the person importing.
   */
  columns: { column: string; field: string | null; ownExport?: true }[];
  rows: RegisterImportRow[];
}

/** The answer of an import that wrote: what it created (ids), and the rows it skipped with their errors. */
export interface RegisterImportResult extends RegisterImportPreview {
  created: number[];
}

export const registerImportQuerySchema = z.strictObject({
  dryRun: z.optional(z.enum(['1', 'true', '0', 'false'])),
  coordinateSystem: z.optional(z.enum(['wgs84', 'gcj02'])),
  /** Which layer of a file with several (the first when left out). */
  layer: importOptionsSchema.shape.layer,
});

const previewShape = {
  fileName: z.string(),
  format: z.string(),
  total: z.number(),
  valid: z.number(),
  invalid: z.number(),
  layers: z.array(z.string()),
  layer: z.nullable(z.string()),
  columns: z.array(
    z.object({ column: z.string(), field: z.nullable(z.string()), ownExport: z.optional(z.literal(true)) }),
  ),
  rows: z.array(
    z.object({
      row: z.number(),
      name: z.string(),
      valid: z.boolean(),
      errors: z.array(z.object({ path: z.string(), code: z.enum(REGISTER_IMPORT_ERROR_CODES), message: z.string() })),
    }),
  ),
};
export const registerImportPreviewSchema = z.object(previewShape);
export const registerImportResultSchema = z.object({ ...previewShape, created: z.array(z.number()) });
