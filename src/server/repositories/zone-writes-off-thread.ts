import type { Db } from '../platform/db/connection';
import type { Actor } from '../platform/audit';
import { nextTurn } from '../platform/next-turn';
import { createImportWorkers, type ImportWorkers } from '../modules/gis/import/run-worker';
import type { WriteResult, ZoneOperation, ZoneWriteRepository } from '../modules/zones/zone-writes.repo';
import type { ZoneWritesJob, ZoneWritesOutcome } from './zone-writes-job';

/** The worker's job (zone-writes-job.ts, applyZoneWrites). */
const JOB_MODULE = new URL('./zone-writes-job.ts', import.meta.url).href;
/** A commit this long is stopped (its transaction is never committed): far beyond the 5,000 detailed zones one import may hold. */
const TIMEOUT_MS = 10 * 60_000;
/** Serialising the operations yields to other requests after this much work. */
const SLICE_MS = 20;

/**
 * The operations as UTF-8 JSON texts, one after another in a SharedArrayBuffer, written a slice at a time so other
 * requests are answered in between. Shared memory crosses to the worker without a copy: cloning 50 MB of strings
 * in postMessage held the event loop 0.8 s.
 */
async function serialise(operations: readonly ZoneOperation[]): Promise<Pick<ZoneWritesJob, 'bytes' | 'ends'>> {
  const texts: string[] = [];
  let total = 0;
  let slice = performance.now();
  const pause = async () => {
    if (performance.now() - slice <= SLICE_MS) return;
    await nextTurn();
    slice = performance.now();
  };
  for (const operation of operations) {
    const text = JSON.stringify(operation);
    texts.push(text);
    total += Buffer.byteLength(text);
    await pause();
  }
  const bytes = new SharedArrayBuffer(total);
  const view = Buffer.from(bytes);
  const ends: number[] = [];
  let offset = 0;
  for (const text of texts) {
    offset += view.write(text, offset, 'utf8');
    ends.push(offset);
    await pause();
  }
  return { bytes, ends };
}

/**
 * `applyLarge` of the zone writes on a database file (docs/quality.md P10): the operations go to a
 * worker thread that opens its own connection to the same file and applies them with the same
 * repository in one transaction (BEGIN IMMEDIATE: all of them or none), so the event loop keeps
 * answering while a 50 MB import is written. One such write runs at a time; the next waits in line
 * (no two workers wait on each other's lock). The main thread's connection reads the new rows as
 * soon as the worker commits (WAL): nothing is cached across that. A SQLite failure in the worker
 * rolls the transaction back and rejects with its code (SQLITE_BUSY, SQLITE_CONSTRAINT_…), as the
 * in-thread `apply` does; see platform/db/write-problems.ts for the answers.
 *
 * In-memory databases (unit tests that build repositories by hand) cannot be shared with a thread:
 * there `applyLarge` is `apply`.
 */
export function withOffThreadWrites(db: Db, writes: ZoneWriteRepository): ZoneWriteRepository {
  if (db.memory) return writes;
  const file = db.name;
  let workers: ImportWorkers | null = null;
  let line: Promise<unknown> = Promise.resolve();

  async function run(operations: ZoneOperation[], actor: Actor): Promise<WriteResult[]> {
    const job: ZoneWritesJob = { file, ...(await serialise(operations)), actor };
    workers ??= createImportWorkers({ timeoutMs: TIMEOUT_MS, concurrency: 1, smallConcurrency: 0, queueLimit: 1 });
    let outcome: ZoneWritesOutcome;
    try {
      outcome = await workers.run<ZoneWritesOutcome>({
        module: JOB_MODULE,
        name: 'applyZoneWrites',
        input: job,
        key: 'zone-writes',
        bytes: 0,
      });
    } catch (error) {
      // The worker stopped (timeout, out of memory): its transaction was never committed.
      throw Object.assign(new Error(error instanceof Error ? error.message : 'the zone writes stopped'), {
        code: 'SQLITE_ABORT',
      });
    }
    if ('error' in outcome) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
    return outcome.results;
  }

  return {
    ...writes,
    applyLarge(operations, actor) {
      const turn = line.then(() => run(operations, actor));
      line = turn.catch(() => undefined);
      return turn;
    },
  };
}
