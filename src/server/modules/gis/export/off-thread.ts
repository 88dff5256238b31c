import { deserialize, serialize } from 'node:v8';
import { HttpProblem } from '../../../platform/problem';
import { ImportError } from '../import/import-error';
import { createImportWorkers } from '../import/run-worker';
import { nextTurn } from '../../../platform/next-turn';

/**
 * From how many records a file is written in a worker thread (docs/quality.md P10); below, in the request's own
 * thread, where it takes well under 100 ms and a worker's hand-over would only add to it. The one place these live.
 */
export const OFF_THREAD_MIN_RECORDS = {
  /** Zones or register objects of a GIS export (GeoJSON, CSV, KML, Shapefile, GeoPackage). */
  features: 1000,
  /** Lines (zones and tasks) of the ledger as an Excel workbook: exceljs is some 20 times slower than the CSV. */
  ledgerWorkbook: 200,
  /** Lines of the ledger as CSV. */
  ledgerCsv: 2000,
} as const;

/** Files written at once; more wait in line (each holds its rows and its file in memory). */
const EXPORT_CONCURRENCY = 1;
/** Files that may wait; beyond that a 503 with Retry-After. */
const EXPORT_QUEUE_LIMIT = 4;
const RETRY_AFTER_SECONDS = 30;
/** A file still being written after this long is stopped (a county's ledger workbook takes some 10 s). */
const EXPORT_TIMEOUT_MS = 5 * 60_000;

/** Rows packed for a worker at a time: cloning 11,000 zones in one message held the event loop 100–180 ms. */
const ROWS_PER_PACK = 500;

/**
 * Rows (zones, a ledger's entries) for a worker, serialised a few hundred at a time with other requests answered in
 * between; the job reads them back with `unpackRows`. The packs cross to the worker as bytes (a plain copy).
 */
export async function packRows(rows: readonly unknown[]): Promise<Uint8Array[]> {
  const packs: Uint8Array[] = [];
  for (let from = 0; from < rows.length; from += ROWS_PER_PACK) {
    if (from > 0) await nextTurn();
    packs.push(serialize(rows.slice(from, from + ROWS_PER_PACK)));
  }
  return packs;
}

/** The rows `packRows` packed, in the worker. */
export function unpackRows<T>(packs: readonly Uint8Array[]): T[] {
  return packs.flatMap((pack) => deserialize(pack) as T[]);
}

/** One file to write in a worker: the named export of a server module (a file URL), called with `input`. */
export interface ExportJob {
  module: string;
  name: string;
  /** What the function takes: must survive structured cloning (plain data, Dates, Buffers, Maps). */
  input: unknown;
}

/**
 * Writes export files (GIS exports, the ledger) in worker threads, through the import's worker mechanism
 * (import/run-worker.ts: the same boot file under tsx, warm workers, a deadline), so the event loop keeps answering
 * `/api/health` while a county's 11,000 zones become a file. One file at a time, a few in line, then 503.
 */
export function createExportWorkers() {
  const workers = createImportWorkers({
    timeoutMs: EXPORT_TIMEOUT_MS,
    concurrency: EXPORT_CONCURRENCY,
    smallConcurrency: 0,
    queueLimit: EXPORT_QUEUE_LIMIT,
  });
  return {
    /**
     * `job` in a worker when there are at least `threshold` records, else `inThread()` here: the same bytes. A job
     * given as a function is prepared only when it goes to a worker.
     */
    async write(
      records: number,
      threshold: number,
      job: ExportJob | (() => Promise<ExportJob>),
      inThread: () => Buffer | Promise<Buffer>,
    ): Promise<Buffer> {
      if (records < threshold) return inThread();
      const task = typeof job === 'function' ? await job() : job;
      let file: Uint8Array;
      try {
        file = await workers.run<Uint8Array>({ ...task, key: 'export', bytes: 0 });
      } catch (error) {
        if (error instanceof ImportError && error.status === 429) {
          throw new HttpProblem(503, 'Other files are being exported: try again in a minute', undefined, undefined, {
            'Retry-After': String(RETRY_AFTER_SECONDS),
          });
        }
        // The rows were read and checked already: a worker that fails is a fault of the server (a 500).
        throw new Error(`The export's worker failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    },
    close: () => workers.close(),
  };
}

export type ExportWorkers = ReturnType<typeof createExportWorkers>;
