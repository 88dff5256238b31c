import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export type Db = Database.Database;

/** The database file in DATA_DIR: the server, `create-admin` and `npm run backup` all use this one. */
export const databaseFile = (dataDir: string) => path.join(dataDir, 'jinxi.sqlite');

/**
 * Open (or create) the SQLite database: WAL journal, synchronous=FULL so an acknowledged write
 * survives a crash, foreign keys on, then apply pending migrations.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
