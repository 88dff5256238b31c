import Database from 'better-sqlite3';
import type { Actor } from '../platform/audit';
import { createAuditRepository } from '../modules/admin/audit.repo';
import { createZoneWriteRepository, type WriteResult, type ZoneOperation } from '../modules/zones/zone-writes.repo';

/** What the zone-writes worker is asked: the database file, the operations (each as JSON text) and who writes. */
export interface ZoneWritesJob {
  file: string;
  /** The operations as UTF-8 JSON texts one after another, in memory shared with the worker (no copy). */
  bytes: SharedArrayBuffer;
  /** Where each operation's text ends in `bytes`. */
  ends: number[];
  actor: Actor;
  /** How long to wait for another writer (default 10 s). */
  busyTimeoutMs?: number;
}

/** The results of the one transaction, or the SQLite error that rolled it back (its code, e.g. SQLITE_BUSY). */
export type ZoneWritesOutcome = { results: WriteResult[] } | { error: { code: string; message: string } };

/** How long the worker's connection waits for another writer (the main thread's writes are short). */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Runs in an import worker thread (src/server/modules/gis/import/worker.ts): opens its own connection
 * to the server's database file (WAL; the main thread's connection stays open) and applies the
 * operations through the same zone-writes repository and audit log as the main thread, in one
 * transaction: all of them or none. The connection is closed again after the job.
 */
export async function applyZoneWrites(job: ZoneWritesJob): Promise<ZoneWritesOutcome> {
  const db = new Database(job.file, { fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${Math.trunc(job.busyTimeoutMs ?? BUSY_TIMEOUT_MS)}`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const audit = createAuditRepository(db);
    const writes = createZoneWriteRepository(db, audit.recordSync);
    const view = Buffer.from(job.bytes);
    const operations = job.ends.map(
      (end, index) => JSON.parse(view.toString('utf8', job.ends[index - 1] ?? 0, end)) as ZoneOperation,
    );
    return { results: await writes.apply(operations, job.actor) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      return { error: { code, message: error instanceof Error ? error.message.slice(0, 300) : code } };
    }
    throw error;
  } finally {
    db.close();
  }
}
