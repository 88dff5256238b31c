import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../../../platform/problem';
import { sanitizeFileName } from '../../../platform/storage/file-names';
import type { ImportOptions } from '../../../../shared/gis/gis-import';
import { ImportError } from './import-error';
import { createImportWorkers } from './run-worker';
import { SHAPEFILE_PARTS } from './slim-zip';
import type { ParsedFeature, ParseRequest, ParseResult, ParseSummary } from './parse';
import { readKey } from './parse';

/** What the file reader of another module (the registers' import) is given. */
export interface GisUploadReaderSettings {
  /** Largest upload, in MiB (the zone import's IMPORT_MAX_MB). */
  maxMegabytes: number;
  /** The most features one file may hold. */
  maxFeatures: number;
  /** A worker reading one file is stopped after this long. */
  timeoutSeconds: number;
}

/** One uploaded file read through the zone import's readers: every feature in WGS 84 and the file's summary. */
export interface GisUpload {
  fileName: string;
  summary: ParseSummary;
  features: ParsedFeature[];
}

/** At most this many file parts (a Shapefile's .shp, .shx, .dbf, .prj, .cpg sent side by side). */
export const UPLOAD_MAX_PARTS = 10;

/** The multipart limits of an upload read by `readUpload` (register them on the route's scope). */
export const uploadMultipartLimits = (settings: Pick<GisUploadReaderSettings, 'maxMegabytes'>) => ({
  fileSize: Math.floor(settings.maxMegabytes * 1024 * 1024),
  files: UPLOAD_MAX_PARTS,
  fields: 5,
  fieldSize: 1024,
  parts: UPLOAD_MAX_PARTS + 5,
  headerPairs: 50,
});

const PARSE_MODULE = new URL('./parse.ts', import.meta.url).href;
const extensionOf = (name: string) => path.extname(name).toLowerCase();

/** A multipart or reader failure as the problem the zone import answers (413 too large, 4xx unreadable). */
export function uploadProblem(error: unknown, settings: Pick<GisUploadReaderSettings, 'maxMegabytes'>): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof ImportError) {
    return new HttpProblem(error.status, error.message, undefined, error.reason ? { reason: error.reason } : undefined);
  }
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new HttpProblem(413, `The file is larger than ${settings.maxMegabytes} MB, the import limit`);
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new HttpProblem(413, `Send one file (or the ${UPLOAD_MAX_PARTS} parts of one Shapefile at most)`);
  }
  const status = (error as { statusCode?: number }).statusCode;
  const message = error instanceof Error ? error.message : 'unreadable';
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpProblem(status, message);
  return new HttpProblem(400, `The multipart body is malformed: ${message}`);
}

/**
 * Reads one GIS file sent in one request (multipart `file`: GeoJSON, KML/KMZ, GPX, zipped Shapefile or its parts,
 * GeoPackage, CSV, DXF) with the zone import's readers in a worker thread (parse.ts): the features projected to WGS 84
 * (GCJ-02 converted when asked). Nothing is kept: the upload lives in a temporary folder for the request only. Used
 * by the registers' import; the zone import keeps its uploads in sessions (imports.routes.ts).
 */
export function createGisUploadReader(settings: GisUploadReaderSettings) {
  const workers = createImportWorkers({
    timeoutMs: settings.timeoutSeconds * 1000,
    concurrency: 1,
    queueLimit: 4,
  });

  async function read(request: FastifyRequest, options: ImportOptions): Promise<GisUpload> {
    if (!request.isMultipart()) {
      throw new HttpProblem(415, 'Send the file as multipart/form-data in a "file" field');
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'jinxi-upload-'));
    try {
      const files: { name: string; path: string }[] = [];
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') continue;
          if (part.fieldname !== 'file') {
            throw new HttpProblem(400, `Files go in the "file" field, not "${part.fieldname.slice(0, 40)}"`);
          }
          const name = sanitizeFileName(part.filename) || 'upload';
          const file = path.join(dir, `part-${files.length}${extensionOf(name).replace(/[^.a-z0-9]/g, '')}`);
          files.push({ name, path: file });
          await pipeline(part.file, createWriteStream(file));
          if (part.file.truncated) throw Object.assign(new Error('too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
        }
        if (!files.length) {
          throw new HttpProblem(400, 'No file: send the file in a "file" field', [
            { path: 'file', message: 'required' },
          ]);
        }
        let bytes = 0;
        for (const file of files) {
          const size = (await stat(file.path)).size;
          if (size === 0) throw new ImportError(422, `${file.name} is empty`);
          bytes += size;
        }
        if (files.length > 1 && !files.every((file) => SHAPEFILE_PARTS.has(extensionOf(file.name)))) {
          throw new ImportError(
            422,
            'Several files are accepted only as the parts of one Shapefile (.shp, .dbf, .prj, .cpg …)',
          );
        }
        const fileName = files.find((file) => extensionOf(file.name) === '.shp')?.name ?? files[0]!.name;
        const input: ParseRequest = { files, fileName, options, mode: 'features', maxFeatures: settings.maxFeatures };
        const result = await workers.run<ParseResult>({
          module: PARSE_MODULE,
          name: 'parseImport',
          input,
          key: readKey(input),
          bytes,
        });
        return { fileName, summary: result.summary, features: result.features ?? [] };
      } catch (error) {
        throw uploadProblem(error, settings);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return { read, close: () => workers.close() };
}

export type GisUploadReader = ReturnType<typeof createGisUploadReader>;
