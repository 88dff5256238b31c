import type { FastifyInstance } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { randomBytes } from 'node:crypto';
import { createImportWorkers, ImportError } from '../gis';
import { detectMapping, headerSignature, IMPORT_FIELD_KEYS, type ColumnMapping } from './case-import';
import type { ConvertedCsv } from './case-import-worker';

/** The largest export accepted (a 100k-row export is about 30 MB). */
const MAX_IMPORT_MEGABYTES = 200;
const MAX_REPORTED_ERRORS = 500;
/** What the import workers run to parse an export (case-import-worker.ts). */
const WORKER_MODULE = new URL('./case-import-worker.ts', import.meta.url).href;
/** A 200 MB export (about 2 million rows) parses in well under this on one core. */
const PARSE_TIMEOUT_SECONDS = 120;

const fieldsSchema = z.strictObject({
  mode: z._default(z.enum(['preview', 'commit'], { error: 'mode is preview or commit' }), 'preview'),
  crs: z._default(z.enum(['wgs84', 'gcj02'], { error: 'crs is wgs84 or gcj02' }), 'wgs84'),
  mapping: z.optional(z.string().check(z.maxLength(8000))),
  skipInvalid: z.optional(z.enum(['true', 'false'], { error: 'skipInvalid is true or false' })),
});
const mappingSchema = z.partialRecord(z.enum(IMPORT_FIELD_KEYS), z.string().check(z.maxLength(200)));

/**
 * POST /api/cases/import: a platform's CSV export (multipart "file"). `mode=preview` answers the detected encoding,
 * headers, column mapping (detected, or the one remembered for this header layout, or the one sent), counts, the
 * first rows converted and the row errors; `mode=commit` stores every valid row in ONE transaction (idempotent on
 * 案件编号), and refuses (422, nothing stored) while any row is bad unless `skipInvalid=true`.
 */
export function registerCaseImportRoutes(
  app: FastifyInstance,
  context: RouteContext,
  options: { now: () => Date },
): void {
  const { repos } = context;
  // The GIS import's worker mechanism (docs/quality.md P10): parsing never runs on the event loop.
  const workers = createImportWorkers({ timeoutMs: PARSE_TIMEOUT_SECONDS * 1000, concurrency: 1, queueLimit: 4 });
  app.addHook('onClose', () => workers.close());
  const inWorker = async <T>(
    name: string,
    input: { key: string; bytes: Uint8Array; [more: string]: unknown },
  ): Promise<T> => {
    try {
      return await workers.run<T>({ module: WORKER_MODULE, name, input, key: input.key, bytes: input.bytes.length });
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      const headers: Record<string, string> | undefined = error.status === 429 ? { 'Retry-After': '30' } : undefined;
      throw new HttpProblem(error.status, error.message, undefined, undefined, headers);
    }
  };
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: {
        fileSize: MAX_IMPORT_MEGABYTES * 1024 * 1024,
        files: 1,
        fields: 10,
        fieldSize: 8192,
        parts: 12,
        headerPairs: 50,
      },
    });

    scope.post('/api/cases/import', async (request) => {
      if (!request.isMultipart()) {
        throw new HttpProblem(415, 'Send the export as multipart/form-data with a "file" field');
      }
      const fields: Record<string, string> = {};
      let bytes: Buffer | null = null;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (typeof part.value !== 'string' || part.valueTruncated) {
              throw new HttpProblem(400, `Form field "${part.fieldname.slice(0, 40)}" must be a short text`);
            }
            if (part.fieldname in fields)
              throw new HttpProblem(400, `Form field "${part.fieldname.slice(0, 40)}" is given twice`);
            fields[part.fieldname] = part.value;
            continue;
          }
          if (part.fieldname !== 'file') {
            throw new HttpProblem(400, `The export goes in the "file" field, not "${part.fieldname.slice(0, 40)}"`);
          }
          bytes = await part.toBuffer();
        }
      } catch (error) {
        if (error instanceof HttpProblem) throw error;
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new HttpProblem(413, `The file is larger than ${MAX_IMPORT_MEGABYTES} MB`);
        }
        if (code === 'FST_FILES_LIMIT') throw new HttpProblem(413, 'Send one file per import');
        if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
          throw new HttpProblem(413, 'The upload has too many form fields');
        }
        throw new HttpProblem(
          400,
          `The multipart body is malformed: ${error instanceof Error ? error.message : 'unreadable'}`,
        );
      }
      const body = parseOr400(fieldsSchema, fields, 'import fields');
      if (!bytes || bytes.length === 0) {
        throw new HttpProblem(400, 'No file: send the CSV export in a "file" field', [
          { path: 'file', message: 'required' },
        ]);
      }
      const started = performance.now();
      const key = randomBytes(8).toString('hex');
      const { encoding, headers } = await inWorker<{ encoding: string; headers: string[] }>('readCaseCsvHeaders', {
        key,
        bytes,
      });
      if (headers.length < 2) throw new HttpProblem(400, 'The file has no header row with columns');
      const signature = headerSignature(headers);
      let mapping: ColumnMapping;
      let mappingFrom: 'sent' | 'remembered' | 'detected';
      if (body.mapping !== undefined) {
        let raw: unknown;
        try {
          raw = JSON.parse(body.mapping);
        } catch {
          throw new HttpProblem(400, 'mapping must be JSON: {"field": "header", …}', [
            { path: 'mapping', message: 'not JSON' },
          ]);
        }
        mapping = parseOr400(mappingSchema, raw, 'mapping');
        for (const [field, header] of Object.entries(mapping)) {
          if (!headers.includes(header)) {
            throw new HttpProblem(400, `mapping.${field}: the file has no column "${header.slice(0, 60)}"`, [
              { path: `mapping.${field}`, message: 'no such column' },
            ]);
          }
        }
        mappingFrom = 'sent';
      } else {
        const remembered = await repos.cases.rememberedMapping(signature);
        mapping = remembered ?? detectMapping(headers);
        mappingFrom = remembered ? 'remembered' : 'detected';
      }
      const config = await context.campaign();
      const codes = await repos.cases.listCodes();
      const converted = await inWorker<ConvertedCsv>('convertCaseCsv', {
        key,
        bytes,
        mapping,
        options: { crs: body.crs, codes, units: config.units.map(({ id, name }) => ({ id, name })) },
        maxErrors: MAX_REPORTED_ERRORS,
        withRows: body.mode === 'commit',
      });
      const existing = await repos.cases.existingCaseNumbers(converted.caseNumbers);
      const report = {
        encoding,
        headers,
        mapping,
        mappingFrom,
        fields: IMPORT_FIELD_KEYS,
        rowCount: converted.rowCount,
        validCount: converted.validCount,
        errorCount: converted.errorCount,
        errors: converted.errors,
        existingCount: existing.size,
        unknownUnits: converted.unknownUnits,
        crs: body.crs,
      };
      if (body.mode === 'preview') {
        return { ...report, mode: 'preview', sample: converted.sample };
      }
      if (converted.errorCount > 0 && body.skipInvalid !== 'true') {
        throw new HttpProblem(
          422,
          `${converted.errorCount} row problem(s): nothing was imported. Fix the rows, or import the valid rows only with skipInvalid=true`,
          undefined,
          { report },
        );
      }
      const userId = request.user?.id ?? null;
      // Rows already imported are left alone (idempotent on 案件编号); the insert skips any that race in meanwhile.
      const fresh = (converted.rows ?? [])
        .filter((row) => !existing.has(row.caseNo))
        .map((row) => ({ ...row, createdBy: userId }));
      const result = await repos.cases.insertCases(fresh);
      await repos.cases.rememberMapping(signature, mapping);
      await repos.audit.record({
        actorId: userId,
        actorUsername: request.user?.username ?? null,
        ip: request.ip,
        action: 'cases_imported',
        targetType: 'case',
        outcome: 'ok',
        detail: {
          rows: converted.rowCount,
          inserted: result.inserted,
          existing: existing.size + result.existing,
          skipped: converted.errorCount,
        },
      });
      return {
        ...report,
        mode: 'commit',
        inserted: result.inserted,
        existingCount: existing.size + result.existing,
        skipped: converted.errorCount,
        milliseconds: Math.round(performance.now() - started),
        at: options.now().toISOString(),
      };
    });
  });
}
