import { createWriteStream } from 'node:fs';
import { stampNow } from '../../platform/clock';
import { Transform, Writable } from 'node:stream';
import { orNotFound } from '../../platform/found';
import { open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { sanitizeFileName } from '../../platform/storage/file-names';
import { createZoneChecks } from '../zones';
import {
  importCommitBodySchema,
  importOptionsSchema,
  importValidateBodySchema,
  type FieldMapping,
  type ImportOptions,
  type ImportPreview,
  type ImportReport,
  type ImportReportEntry,
  type ImportValidateBody,
} from '../../../shared/gis/gis-import';
import type { ZoneGeometry } from '../../../shared/zones/zone';
import type { WriteResult, ZoneOperation } from '../zones';
import { writeRefusedProblem } from '../../platform/db/write-problems';
import { createImportSessions, type ImportSession } from './import/sessions';
import { createImportWorkers, type WorkerOptions, type WorkerTask } from './import/run-worker';
import { SHAPEFILE_PARTS } from './import/slim-zip';
import { uploadMultipartLimits, uploadProblem } from './import/read-upload';
import { ImportError } from './import/import-error';
import { sniffFormat } from './import/read-source';
import { readKey, type ParseRequest, type ParseResult, type ParseSummary } from './import/parse';
import type { CheckRequest, CheckResult } from './import/check-features';
import type { ImportCommitClaim, ImportCommitResult } from './imports.repo';
import { importQuerySchema } from './import/mapping';
import { nextTurn } from '../../platform/next-turn';

export interface ImportSettings {
  /** Largest upload, in MiB (IMPORT_MAX_MB): larger → 413 while streaming. */
  maxMegabytes: number;
  /** An import session (and its temp files) expires this long after its last use. */
  sessionMinutes: number;
  /** The most features one import may create. */
  maxFeatures: number;
  /** A worker reading one file is stopped after this long (IMPORT_WORKER_TIMEOUT_SECONDS; → 422). */
  timeoutSeconds: number;
  /**
   * Uploads up to this size, in MiB (IMPORT_SMALL_FILE_MB), may also be read by a worker kept for
   * small files, so big or hostile files cannot make every import wait (docs/quality.md P10).
   */
  smallFileMegabytes: number;
  /** The most the imports of one user may keep on disk, in MiB (IMPORT_STORED_MB_PER_USER): more → 507. */
  storedMegabytesPerUser: number;
  /** The most all imports may keep on disk, in MiB (IMPORT_STORED_MB_TOTAL): more → 507. */
  storedMegabytesTotal: number;
  /**
   * This instance's own folder for uploads in progress and local copies of files kept in a bucket (default: a new
   * folder in the system temp folder); emptied at start. The sessions and their files are in the database and the
   * file store.
   */
  tempDir?: string;
  onWorkerEvent?: WorkerOptions['onEvent'];
}

export const DEFAULT_IMPORT_SETTINGS: ImportSettings = {
  maxMegabytes: 200,
  sessionMinutes: 60,
  maxFeatures: 5000,
  timeoutSeconds: 30,
  smallFileMegabytes: 5,
  storedMegabytesPerUser: 400,
  storedMegabytesTotal: 2048,
};

/** What the import workers run (src/server/modules/gis/import/parse.ts, parseImport). */
const PARSE_MODULE = new URL('./import/parse.ts', import.meta.url).href;
/** Maps and validates every feature of an import (src/server/modules/gis/import/check-features.ts, checkFeatures). */
const CHECK_MODULE = new URL('./import/check-features.ts', import.meta.url).href;
/** Drops the members of an uploaded ZIP the reader does not use (import/slim-zip.ts). */
const SLIM_ZIP_MODULE = new URL('./import/slim-zip.ts', import.meta.url).href;
const extensionOf = (name: string) => path.extname(name).toLowerCase();
/** A sink for upload parts that are read but not kept. */
const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

const KNOWN_EXTENSIONS = new Set([
  '.geojson',
  '.json',
  '.kml',
  '.kmz',
  '.gpx',
  '.zip',
  '.gpkg',
  '.csv',
  '.txt',
  '.shp',
  '.shx',
  '.dbf',
  '.prj',
  '.cpg',
]);
const sessionParamsSchema = z.object({
  id: z.string().check(z.regex(/^[0-9a-f]{32}$/, 'not an import id')),
});
const mappingQuerySchema = z.strictObject({
  fields: z.union([
    z.string().check(z.maxLength(200)),
    z.array(z.string().check(z.maxLength(200))).check(z.maxLength(500)),
  ]),
});

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * GIS import (issue #7): upload → preview with the detected encoding and coordinate system →
 * field mapping (remembered per user) → per-feature validation report → atomic commit through the
 * zone-writes transaction. Files are read in worker threads; sessions (database rows, files in the file store)
 * expire with their files, and any instance may answer any step.
 */
export function registerImportRoutes(
  app: FastifyInstance,
  context: RouteContext,
  options: Partial<ImportSettings> = {},
): void {
  const settings: ImportSettings = { ...DEFAULT_IMPORT_SETTINGS, ...options };
  const { repos } = context;
  const sessions = createImportSessions({
    ttlMs: settings.sessionMinutes * 60_000,
    repo: repos.imports,
    store: repos.photoFiles.imports,
    runExclusively: repos.runExclusively,
    now: () => context.now().getTime(),
    onError: (error) => app.log.error(error, 'GIS import sessions: the clean-up failed'),
    ...(settings.tempDir ? { rootDir: settings.tempDir } : {}),
  });
  const workers = createImportWorkers({
    timeoutMs: settings.timeoutSeconds * 1000,
    concurrency: 2,
    smallConcurrency: 1,
    smallJobBytes: Math.floor(settings.smallFileMegabytes * 1024 * 1024),
    queueLimit: 8,
    ...(settings.onWorkerEvent ? { onEvent: settings.onWorkerEvent } : {}),
  });
  app.addHook('onClose', async () => {
    await workers.close();
    sessions.close();
  });

  const userId = (request: FastifyRequest) => request.user!.id;
  const sessionOr404 = async (request: FastifyRequest): Promise<ImportSession> => {
    const { id } = parseOr400(sessionParamsSchema, request.params, 'import id');
    const session = orNotFound(
      await sessions.get(id, userId(request)),
      `Import ${id} does not exist (or has expired): upload the file again`,
    );
    return session;
  };

  /** A job in the import workers; their refusals as problems (429 with Retry-After). */
  async function inWorker<T>(task: WorkerTask): Promise<T> {
    try {
      return await workers.run<T>(task);
    } catch (error) {
      if (error instanceof ImportError) {
        throw new HttpProblem(
          error.status,
          error.message,
          undefined,
          undefined,
          error.status === 429 ? { 'Retry-After': '30' } : undefined,
        );
      }
      throw error;
    }
  }

  const MEBIBYTE = 1024 * 1024;
  const megabytes = (bytes: number) => `${Math.round((bytes / MEBIBYTE) * 10) / 10} MB`;
  /**
   * Counts an upload's bytes into its session while they are written, and stops storing it as soon
   * as it is larger than one upload may be (413) or the imports kept on disk would pass the user's or
   * the server's cap (507), each problem naming the limit (docs/quality.md R11). The rest of the part
   * is read and dropped (never stored), so the client receives the answer.
   */
  const storageMeter = async (session: ImportSession) => {
    // What the other sessions keep (on every instance), read once per part; this upload's bytes are counted here.
    const [storedByUser, storedByAll] = await Promise.all([
      sessions.storedBytes(session.ownerId),
      sessions.storedBytes(),
    ]);
    const uploadCap = Math.floor(settings.maxMegabytes * MEBIBYTE);
    const userCap = Math.floor(settings.storedMegabytesPerUser * MEBIBYTE);
    const totalCap = Math.floor(settings.storedMegabytesTotal * MEBIBYTE);
    const refusal = (): HttpProblem | null => {
      if (session.bytes > uploadCap) {
        return new HttpProblem(413, `The upload is larger than ${megabytes(uploadCap)}, the import limit`, undefined, {
          limitMegabytes: settings.maxMegabytes,
        });
      }
      if (storedByUser + session.bytes > userCap) {
        return new HttpProblem(
          507,
          `Your unfinished imports and this upload would keep more than ${megabytes(userCap)} on the server, the most one user may keep: finish or cancel other imports (unfinished ones are removed ${settings.sessionMinutes} minutes after their last use)`,
          undefined,
          { limitMegabytes: settings.storedMegabytesPerUser },
        );
      }
      if (storedByAll + session.bytes > totalCap) {
        return new HttpProblem(
          507,
          `The imports waiting on the server would take more than ${megabytes(totalCap)}, all the space kept for imports: try again later`,
          undefined,
          { limitMegabytes: settings.storedMegabytesTotal },
        );
      }
      return null;
    };
    const meter = Object.assign(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          if (meter.refused) return callback();
          session.bytes += chunk.length;
          meter.refused = refusal();
          return meter.refused ? callback() : callback(null, chunk);
        },
      }),
      { refused: null as HttpProblem | null },
    );
    return meter;
  };

  async function parse(session: ImportSession, importOptions: ImportOptions, mode: 'preview' | 'features') {
    const input: ParseRequest = {
      files: session.files,
      fileName: session.fileName,
      options: importOptions,
      mode,
      maxFeatures: settings.maxFeatures,
    };
    return inWorker<ParseResult>({
      module: PARSE_MODULE,
      name: 'parseImport',
      input,
      key: readKey(input),
      bytes: session.bytes,
    });
  }

  async function answer(request: FastifyRequest, session: ImportSession, result: ParseResult): Promise<ImportPreview> {
    const fields = result.summary.fields.map((field) => field.name);
    const remembered = await repos.imports.findMapping(userId(request), fields);
    return { id: session.id, ...result.summary, rememberedMapping: remembered };
  }

  /** Map, check and report every feature; the zone creates of the valid, chosen ones. */
  async function report(
    request: FastifyRequest,
    session: ImportSession,
    body: ImportValidateBody,
    exclude: number[] = [],
  ) {
    const importOptions = body.options ?? {};
    const config = await context.campaign();
    const parseRequest: ParseRequest = {
      files: session.files,
      fileName: session.fileName,
      options: importOptions,
      mode: 'features',
      maxFeatures: settings.maxFeatures,
    };
    const input: CheckRequest = {
      parse: parseRequest,
      mapping: body.mapping,
      defaults: body.defaults ?? {},
      config,
      today: context.today(),
      fallbackBase: session.fileName.replace(/\.[^.]+$/, ''),
      exclude,
      townOutline: await createZoneChecks(context).townOutline(),
    };
    // Mapping and geometry checks grow with the file: a worker does them (docs/quality.md P10).
    const { summary, features: checked } = await inWorker<CheckResult>({
      module: CHECK_MODULE,
      name: 'checkFeatures',
      input,
      key: readKey(parseRequest),
      bytes: session.bytes,
    });
    if (summary.detected.encodingNeedsConfirmation && !importOptions.encoding) {
      throw new HttpProblem(
        422,
        summary.detected.encoding
          ? `The text looks like ${summary.detected.encoding}: confirm the encoding (options.encoding) before importing`
          : 'The file does not say how its text is encoded: choose the encoding (options.encoding) before importing',
        [{ path: 'options.encoding', message: 'confirm or choose' }],
      );
    }
    if (summary.detected.crsNeedsConfirmation && !importOptions.crs) {
      throw new HttpProblem(
        422,
        'The file does not say which coordinate system it uses: choose one (options.crs) after checking the preview',
        [{ path: 'options.crs', message: 'choose' }],
      );
    }
    const known = new Set(summary.fields.map((field) => field.name));
    for (const [target, field] of Object.entries(body.mapping)) {
      if (field !== undefined && !known.has(field)) {
        throw new HttpProblem(400, `The file has no field "${field.slice(0, 60)}" (mapped to ${target})`, [
          { path: `mapping.${target}`, message: 'no such field in the file' },
        ]);
      }
    }
    if (checked.length > settings.maxFeatures) {
      throw new HttpProblem(
        422,
        `The file has ${summary.featureCount} features and ${checked.length} are ticked; at most ${settings.maxFeatures} can be imported at once: untick features or split the file`,
        [{ path: 'exclude', message: `at most ${settings.maxFeatures} features` }],
        { featureCount: summary.featureCount, ticked: checked.length, maxFeatures: settings.maxFeatures },
      );
    }
    const checks = createZoneChecks(context);
    const source = `导入自 ${session.fileName}`;
    const entries: ImportReportEntry[] = [];
    let creates: Extract<ZoneOperation, { op: 'create' }>[] = [];
    /** The report entry of each create, in the same order. */
    let createEntries: ImportReportEntry[] = [];
    for (const feature of checked) {
      const entry: ImportReportEntry = {
        index: feature.index,
        name: feature.name,
        valid: false,
        reason: feature.reason,
        detail: feature.detail,
        ...(feature.params ? { params: feature.params } : {}),
      };
      entries.push(entry);
      if (!feature.body || feature.geometryJson === null) continue;
      // The overlaps with stored zones read the zones table here: let other requests in every few features.
      if (entries.length % 25 === 24) await nextTurn();
      try {
        const geometry = JSON.parse(feature.geometryJson) as ZoneGeometry;
        const { snapshot, leadUnit } = await checks.buildCreate(
          { ...feature.body, geometry, ...(body.acceptOverlaps ? { overlapReason: source } : {}) },
          config,
          '',
          [],
          { geometryChecked: true },
        );
        creates.push({ op: 'create', snapshot, leadUnit, reason: source });
        createEntries.push(entry);
        entry.valid = true;
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        entry.reason =
          typeof error.extra?.reason === 'string'
            ? error.extra.reason
            : error.status === 409
              ? 'overlap'
              : 'attributes';
        entry.detail = error.detail;
      }
    }
    if (!body.acceptOverlaps) {
      // The file's own features obey the rule stored zones do: one that overlaps an earlier one of the same item is refused.
      // The exact test needs turf: loaded when first needed, not at start-up (docs/architecture.md).
      const { overlapsWithinBatchSliced } = await import('../../../shared/zones/overlaps-within');
      // A slice at a time: 1,000 detailed polygons held the event loop 0.3–0.4 s in one go (docs/quality.md P10).
      let slice = performance.now();
      const overlaps = await overlapsWithinBatchSliced(
        creates.map((create) => create.snapshot),
        async () => {
          if (performance.now() - slice < 20) return;
          await nextTurn();
          slice = performance.now();
        },
      );
      for (const [position, earlier] of overlaps) {
        const entry = createEntries[position]!;
        const first = createEntries[earlier]!;
        entry.valid = false;
        entry.reason = 'overlap-in-file';
        entry.detail = `overlaps feature ${first.index + 1} (${first.name}) of this file, of the same item`;
        entry.params = { feature: first.index + 1 };
      }
      creates = creates.filter((_create, position) => !overlaps.has(position));
      createEntries = createEntries.filter((_entry, position) => !overlaps.has(position));
    }
    const valid = entries.filter((entry) => entry.valid).length;
    const importReport: ImportReport = {
      total: summary.featureCount,
      valid,
      invalid: entries.length - valid,
      excluded: summary.featureCount - entries.length,
      entries,
    };
    return { report: importReport, creates, summary };
  }

  const rememberMapping = async (request: FastifyRequest, summary: ParseSummary, body: ImportValidateBody) => {
    const mapping: FieldMapping = Object.fromEntries(
      Object.entries(body.mapping).filter(([, field]) => field !== undefined),
    );
    await repos.imports.saveMapping(
      userId(request),
      summary.fields.map((field) => field.name),
      { mapping, defaults: body.defaults ?? {} },
      stampNow(),
    );
  };

  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: uploadMultipartLimits(settings),
    });

    scope.post('/api/imports', async (request, reply) => {
      if (!request.isMultipart()) {
        throw new HttpProblem(415, 'Send the file as multipart/form-data in a "file" field');
      }
      const owner = userId(request);
      let session: ImportSession | null = null;
      let parts = 0;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') continue;
          if (part.fieldname !== 'file') {
            throw new HttpProblem(400, `Files go in the "file" field, not "${part.fieldname.slice(0, 40)}"`);
          }
          parts += 1;
          const name = sanitizeFileName(part.filename) || 'upload';
          const extension = path.extname(name).toLowerCase();
          // Several files are the parts of one Shapefile: any other part after the first is read and dropped (R11).
          if (session && !SHAPEFILE_PARTS.has(extension)) {
            await pipeline(part.file, discard());
            if (part.file.truncated) throw Object.assign(new Error('too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
            continue;
          }
          session ??= await sessions.create(owner, name);
          const stored = `part-${session.files.length}${KNOWN_EXTENSIONS.has(extension) ? extension : ''}`;
          const file = path.join(session.dir, stored);
          session.files.push({ name, part: stored, path: file });
          const meter = await storageMeter(session);
          await pipeline(part.file, meter, createWriteStream(file));
          if (meter.refused) throw meter.refused;
          if (part.file.truncated) throw Object.assign(new Error('too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
        }
      } catch (error) {
        if (session) await sessions.remove(session.id);
        throw uploadProblem(error, settings);
      }
      if (!session) {
        throw new HttpProblem(400, 'No file: send the file in a "file" field', [{ path: 'file', message: 'required' }]);
      }
      try {
        for (const file of session.files) {
          if ((await stat(file.path)).size === 0) throw new ImportError(422, `${file.name} is empty`);
        }
        if (parts > 1) {
          if (!session.files.some((file) => extensionOf(file.name) === '.shp')) {
            throw new ImportError(
              422,
              'Several files are accepted only as the parts of one Shapefile (.shp, .dbf, .prj, .cpg …)',
            );
          }
          // The parts of one Shapefile: a first part that is not one of them is not kept either.
          for (const file of session.files.filter((entry) => !SHAPEFILE_PARTS.has(extensionOf(entry.name)))) {
            session.bytes -= (await stat(file.path)).size;
            await rm(file.path, { force: true });
          }
          session.files = session.files.filter((entry) => SHAPEFILE_PARTS.has(extensionOf(entry.name)));
          const shp = session.files.find((file) => extensionOf(file.name) === '.shp');
          if (shp) session.fileName = shp.name;
        } else if (sniffFormat(await readHead(session.files[0]!.path), session.files[0]!.name) === 'zip') {
          // A zipped Shapefile or a KMZ keeps only the members the reader uses (R11).
          const slim = await inWorker<{ bytes: number }>({
            module: SLIM_ZIP_MODULE,
            name: 'slimZip',
            input: { path: session.files[0]!.path },
            key: `slim ${session.files[0]!.path}`,
            bytes: session.bytes,
          });
          session.bytes = slim.bytes;
        }
      } catch (error) {
        await sessions.remove(session.id);
        throw uploadProblem(error, settings);
      }
      let result: ParseResult;
      try {
        // Kept in the file store: any instance may answer the next step.
        await sessions.keep(session);
        result = await parse(session, {}, 'preview');
        // A file of one layer without a single feature: say so now, not after the mapping.
        if (result.summary.featureCount === 0 && result.summary.layers.length <= 1) {
          throw new HttpProblem(
            422,
            `${session.fileName} holds no features (the layer is empty): nothing to import`,
            undefined,
            { reason: 'no-features' },
          );
        }
      } catch (error) {
        await sessions.remove(session.id);
        throw error;
      }
      reply.header('Location', `/api/imports/${session.id}/preview`);
      return reply.code(201).send(await answer(request, session, result));
    });
  });

  app.get('/api/imports/field-mappings', async (request) => {
    const { fields } = parseOr400(mappingQuerySchema, request.query, 'query');
    const list = [fields].flat();
    return { fields: list, remembered: await repos.imports.findMapping(userId(request), list) };
  });

  app.get('/api/imports/:id/preview', async (request) => {
    const session = await sessionOr404(request);
    const query = parseOr400(importQuerySchema, request.query, 'query');
    const importOptions = parseOr400(
      importOptionsSchema,
      {
        ...(query.encoding ? { encoding: query.encoding } : {}),
        ...(query.crs ? { crs: query.crs } : {}),
        ...(query.gcj02 ? { gcj02: query.gcj02 === 'true' } : {}),
        ...(query.layer ? { layer: query.layer } : {}),
      },
      'options',
    );
    return answer(request, session, await parse(session, importOptions, 'preview'));
  });

  app.post('/api/imports/:id/validate', async (request) => {
    const session = await sessionOr404(request);
    const body = parseOr400(importValidateBodySchema, request.body, 'import');
    const { report: result } = await report(request, session, body, body.exclude);
    return result;
  });

  /** The 409 of a commit that is not the first: in progress, or done with the first commit's result. */
  function alreadyCommitted(session: ImportSession, claim: Exclude<ImportCommitClaim, { claimed: true }>): never {
    if (claim.state === 'committing') {
      throw new HttpProblem(
        409,
        `${session.fileName} is being imported right now: wait for that import to finish`,
        undefined,
        {
          state: 'committing',
        },
      );
    }
    throw new HttpProblem(409, `${session.fileName} has been imported already`, undefined, {
      state: 'done',
      result: claim.result,
    });
  }

  /**
   * Once only (import-commit-once.test.ts): the commit claims the import with one atomic insert before it reads the file;
   * every other commit of the same import, at the same time or later, is answered 409 (in progress, or
   * with what the first one created). A refused or failed commit releases the claim.
   */
  app.post('/api/imports/:id/commit', async (request, reply) => {
    const session = await sessionOr404(request);
    const body = parseOr400(importCommitBodySchema, request.body, 'import');
    const claim = await repos.imports.claimCommit(session.id, userId(request), stampNow());
    if (!claim.claimed) alreadyCommitted(session, claim);
    let committed: ImportCommitResult;
    let summary: ParseSummary;
    try {
      const reported = await report(request, session, body, body.exclude);
      const result = reported.report;
      summary = reported.summary;
      if (result.invalid > 0 && !body.skipInvalid) {
        throw new HttpProblem(
          422,
          `${result.invalid} feature(s) cannot be imported: nothing was saved. Fix them, untick them, or skip the invalid ones`,
          undefined,
          { report: result },
        );
      }
      if (!reported.creates.length)
        throw new HttpProblem(422, 'No valid feature to import: nothing was saved', undefined, { report: result });
      // One transaction for the whole file, written by a worker thread on a database file (applyLarge, docs/quality.md P10).
      let results: WriteResult[];
      try {
        results = await repos.zoneWrites.applyLarge(reported.creates, writeActor(request));
      } catch (error) {
        throw writeRefusedProblem(error, 'The import') ?? error;
      }
      if (results.some((entry) => !entry.ok))
        throw new HttpProblem(409, 'The import could not be saved: nothing was saved');
      committed = {
        created: reported.creates.length,
        zoneIds: results.map((entry) => (entry.ok ? String(entry.id) : '')),
        skipped: result.invalid,
        excluded: result.excluded,
      };
    } catch (error) {
      // Nothing was saved: the import may be committed again (after fixing what was refused).
      await repos.imports.releaseCommit(session.id);
      throw error;
    }
    await repos.imports.finishCommit(session.id, committed, stampNow());
    await rememberMapping(request, summary, body);
    return reply.code(201).send(committed);
  });

  app.delete('/api/imports/:id', async (request, reply) => {
    const session = await sessionOr404(request);
    await sessions.remove(session.id);
    return reply.code(204).send();
  });
}
