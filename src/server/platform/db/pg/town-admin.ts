import { copyFile, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Db } from '../connection';
import { migratePg } from './migrations';
import { createPgDb, townSchema, withTransaction, type PgTx } from './pool';
import { listTownsPg } from './towns';
import { seedCampaignPg } from './seed';
import { TOWN_CODE, TOWN_NAME_MAX } from '../../../../shared/county/county';
import type { CampaignConfig } from '../../../../shared/campaign/campaign';
import type { PhotoFileStore } from '../../storage/photo-files';

/** A refusal of the town CLI: a plain message, no stack. */
export class TownAdminError extends Error {}

/** A new town's code and name, checked; refuses a code that is taken (registered, or its schema exists). */
async function checkNewTown(pool: pg.Pool, code: string, name: string): Promise<void> {
  if (!TOWN_CODE.test(code)) {
    throw new TownAdminError(
      `The town code "${code.slice(0, 60)}" is not valid: lower-case letters, digits and _, starting with a letter, at most 41`,
    );
  }
  if (name.trim().length === 0 || name.length > TOWN_NAME_MAX) {
    throw new TownAdminError(`The town name must have 1 to ${TOWN_NAME_MAX} characters`);
  }
  if ((await listTownsPg(pool)).some((town) => town.code === code)) {
    throw new TownAdminError(`The town ${code} already exists`);
  }
  const schema = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [townSchema(code)]);
  if (schema.rowCount) throw new TownAdminError(`The schema ${townSchema(code)} already exists`);
}

/** `npm run town -- add`: the town's role and schema, migrated, with its campaign. */
export async function addTown(
  pool: pg.Pool,
  town: { code: string; name: string; campaign: CampaignConfig; today: string },
): Promise<void> {
  await checkNewTown(pool, town.code, town.name);
  await migratePg(pool, town.code, undefined, town.name.trim());
  await seedCampaignPg(createPgDb(pool, town.code), town.campaign, town.today);
}

/** SQLite's own tables and the R*Tree tables (PostgreSQL has GiST indexes on the tables instead). */
const SQLITE_ONLY = /^(sqlite_|schema_migrations$|.*_rtree(_.*)?$)/;

export interface SqliteImport {
  /** Rows copied per table. */
  tables: Record<string, number>;
  /** SQLite tables with no PostgreSQL twin (none expected besides the R*Tree indexes). */
  skipped: string[];
  photos: number;
  /** Photo rows whose files were not in the data folder. */
  missingPhotos: string[];
  /** Demo accounts (the published password) that came along. */
  demoAccounts: number;
}

/** The town's tables in an order where every table comes after those it references. */
async function tablesInOrder(tx: PgTx, schema: string): Promise<string[]> {
  const tables = (
    await tx.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
      [schema],
    )
  ).rows.map((row) => row.name);
  const references = (
    await tx.query<{ child: string; parent: string }>(
      `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE k.contype = 'f' AND n.nspname = $1 AND c.relname <> p.relname`,
      [schema],
    )
  ).rows;
  const ordered: string[] = [];
  const pending = new Set(tables);
  while (pending.size > 0) {
    const ready = [...pending].filter((table) =>
      references.every((ref) => ref.child !== table || !pending.has(ref.parent)),
    );
    if (ready.length === 0) throw new Error(`Tables reference each other in a cycle: ${[...pending].join(', ')}`);
    for (const table of ready) {
      ordered.push(table);
      pending.delete(table);
    }
  }
  return ordered;
}

/** Copy one table's rows (the columns both have; PostgreSQL's generated ones are computed), ids kept. */
async function copyTable(tx: PgTx, sqlite: Db, schema: string, table: string): Promise<number> {
  const pgColumns = (
    await tx.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
       WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [schema, table],
    )
  ).rows.map((row) => row.name);
  const sqliteColumns = new Set(
    (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((row) => row.name),
  );
  const columns = pgColumns.filter((column) => sqliteColumns.has(column));
  if (columns.length === 0) return 0;
  const list = columns.map((column) => `"${column}"`).join(', ');
  const rows = sqlite.prepare(`SELECT ${list} FROM "${table}" ORDER BY rowid`).raw().iterate() as IterableIterator<
    unknown[]
  >;
  const batchRows = Math.max(1, Math.floor(5000 / columns.length));
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const start = values.length;
      values.push(...row);
      return `(${row.map((_, index) => `$${start + index + 1}`).join(', ')})`;
    });
    await tx.query(`INSERT INTO "${table}" (${list}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`, values);
    copied += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  return copied;
}

/** Identity columns continue after the highest id copied. */
async function advanceSequences(tx: PgTx, schema: string): Promise<void> {
  const identities = (
    await tx.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND is_identity = 'YES'",
      [schema],
    )
  ).rows;
  for (const { table_name: table, column_name: column } of identities) {
    await tx.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), max("${column}")) FROM "${table}" HAVING max("${column}") IS NOT NULL`,
      [`${schema}.${table}`, column],
    );
  }
}

/**
 * `npm run town -- import-sqlite`: a new town from a SQLite data folder, every table copied with its ids in one
 * transaction (as the town's role), identity sequences set past the highest id, then the photo files copied from
 * the folder's photos/ into the configured photo store (same storage keys).
 */
export async function importSqliteTown(
  pool: pg.Pool,
  town: { code: string; name: string; sqlite: Db; photosDir: string; photoFiles: PhotoFileStore },
): Promise<SqliteImport> {
  await checkNewTown(pool, town.code, town.name);
  await migratePg(pool, town.code, undefined, town.name.trim());
  const schema = townSchema(town.code);
  const demo = town.sqlite.prepare('SELECT count(*) AS n FROM users WHERE is_demo = 1').get() as { n: number };
  const result: SqliteImport = { tables: {}, skipped: [], photos: 0, missingPhotos: [], demoAccounts: demo.n };
  await withTransaction(pool, schema, async (tx) => {
    const tables = await tablesInOrder(tx, schema);
    const known = new Set(tables);
    const inSqlite = new Set(sqliteTables(town.sqlite));
    result.skipped = [...inSqlite].filter((table) => !known.has(table) && !SQLITE_ONLY.test(table));
    for (const table of tables) {
      if (SQLITE_ONLY.test(table) || !inSqlite.has(table)) continue;
      result.tables[table] = await copyTable(tx, town.sqlite, schema, table);
    }
    await advanceSequences(tx, schema);
  });
  const keys = (
    town.sqlite.prepare('SELECT storage_key FROM photos ORDER BY id').all() as { storage_key: string }[]
  ).map((row) => row.storage_key);
  for (const key of keys) {
    const original = path.join(town.photosDir, 'originals', key);
    const thumb = path.join(town.photosDir, 'derived', `${key}-thumb.jpg`);
    const display = path.join(town.photosDir, 'derived', `${key}-display.jpg`);
    if (![original, thumb, display].every((file) => existsSync(file))) {
      result.missingPhotos.push(key);
      continue;
    }
    // The store moves its upload file into place: give it a copy, so the SQLite folder keeps its photos.
    const upload = town.photoFiles.uploadPath();
    try {
      await copyFile(original, upload);
      await town.photoFiles.save(key, {
        originalPath: upload,
        thumb: await readFile(thumb),
        display: await readFile(display),
      });
      result.photos++;
    } finally {
      await rm(upload, { force: true });
    }
  }
  return result;
}

function sqliteTables(db: Db): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  ).map((row) => row.name);
}
