import type { ModuleOptions, ServerModule } from '../../platform/context';
import { registerGisExportRoutes } from './gis-export.routes';
import { registerImportRoutes, type ImportSettings } from './imports.routes';
import { registerOgcRoutes } from './ogc.routes';
import type { ExportWorkers } from './export/off-thread';

export type { ImportSettings } from './imports.routes';
/** The import worker threads, also used by the case CSV import (docs/quality.md P10). */
export { createImportWorkers } from './import/run-worker';
export { ImportError } from './import/import-error';
/** The export worker threads, also used by the ledger (docs/quality.md P10). */
export {
  createExportWorkers,
  OFF_THREAD_MIN_RECORDS,
  packRows,
  unpackRows,
  type ExportJob,
  type ExportWorkers,
} from './export/off-thread';
/** The zones an export or the ledger holds, a whole town read a page at a time. */
export { readExportZones } from './export/read-zones';
export { DEFAULT_IMPORT_SETTINGS } from './imports.routes';
/** One GIS file read with the zone import's readers, for the registers' import (docs/gis.md "Registers"). */
export {
  createGisUploadReader,
  uploadMultipartLimits,
  type GisUpload,
  type GisUploadReader,
} from './import/read-upload';
export { parseDay } from './import/mapping';

export interface GisModuleOptions extends ModuleOptions {
  /** GIS import limits (upload size, session lifetime, worker timeout). */
  imports?: Partial<ImportSettings>;
  /** The worker threads that write large exports, shared with the ledger (src/server/app.ts). */
  exportWorkers: ExportWorkers;
}

/** GIS: export (GeoPackage, Shapefile, …), import, the OGC API for desktop GIS. */
export const gisModule: ServerModule<GisModuleOptions> = async (app, { context, imports, exportWorkers }) => {
  registerGisExportRoutes(app, context, { now: context.now, exportWorkers });
  registerOgcRoutes(app, context, { now: context.now });
  registerImportRoutes(app, context, imports);
};
