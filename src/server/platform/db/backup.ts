/**
 * Hot backup of the SQLite database (docs/quality.md R5): SQLite's online backup copies the pages of
 * a consistent snapshot while the server goes on writing, never a raw copy of the live file (which
 * can catch a half-written page or miss what is still in the -wal file). The copy is written next to
 * its destination under a temporary name, checked with `PRAGMA integrity_check`, switched to a
 * rollback journal (one self-contained file) and only then renamed into place.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './connection';

/** A backup that could not be made, with a one-line reason for the operator. */
export class BackupError extends Error {}

export interface BackupResult {
  /** The backup file (absolute). */
  file: string;
  bytes: number;
  pages: number;
  pageSize: number;
}

/** Pages per backup step: all of them, so one step copies one snapshot and a concurrent writer cannot restart it. */
const ALL_PAGES = 0x7fffffff;

function writableFolder(out: string): void {
  const folder = path.dirname(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new BackupError(`Cannot write the backup: the folder ${folder} does not exist`);
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new BackupError(`Cannot write the backup: the folder ${folder} is not writable`);
  }
  if (existsSync(out) && statSync(out).isDirectory()) {
    throw new BackupError(`Cannot write the backup: ${out} is a folder`);
  }
}

function openSource(file: string): Db {
  if (!existsSync(file)) throw new BackupError(`No database at ${file}`);
  // Its own connection, as the server opens it (WAL readers do not block the server's writes), but no
  // migrations: a backup never changes the database it copies.
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

const removeWithSidecars = (file: string) => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
};

/**
 * Copy `source` (an open database, e.g. the server's own connection, or the path of a database file)
 * to `out` with SQLite's online backup. Resolves once `out` is a complete database that passed
 * `integrity_check`; an existing `out` is replaced only then. Every write committed before the call
 * is in the copy.
 */
export async function backupDatabase(source: Db | string, out: string): Promise<BackupResult> {
  const target = path.resolve(out);
  writableFolder(target);
  const db = typeof source === 'string' ? openSource(path.resolve(source)) : source;
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    try {
      await db.backup(temporary, { progress: () => ALL_PAGES });
    } catch (error) {
      throw new BackupError(`The backup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const copy = new Database(temporary, { fileMustExist: true });
    let pages: number;
    let pageSize: number;
    try {
      // The copy inherits WAL from the live file's header: make it one file that needs no -wal beside it.
      copy.pragma('journal_mode = DELETE');
      const integrity = copy.pragma('integrity_check') as { integrity_check: string }[];
      const verdict = integrity.map((row) => row.integrity_check).join('; ');
      if (verdict !== 'ok') throw new BackupError(`The backup failed integrity_check: ${verdict.slice(0, 300)}`);
      pages = copy.pragma('page_count', { simple: true }) as number;
      pageSize = copy.pragma('page_size', { simple: true }) as number;
    } finally {
      copy.close();
    }
    renameSync(temporary, target);
    return { file: target, bytes: statSync(target).size, pages, pageSize };
  } finally {
    removeWithSidecars(temporary);
    if (db !== source) db.close();
  }
}
