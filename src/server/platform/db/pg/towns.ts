import type pg from 'pg';
import { townSchema, type PgTx } from './pool';
import type { Town, TownDirectory } from '../../towns';
import { TOWN_CODE, TOWN_NAME_MAX } from '../../../../shared/county/county';

/**
 * The towns of one PostgreSQL database. Each town has:
 * - a NOLOGIN role `town_<code>` owning the schema `town_<code>` and everything in it, granted to the server's
 *   login role; every transaction of the town runs `SET LOCAL ROLE town_<code>` (pool.ts), so its statements
 *   cannot read or change another town's schema, whatever they say;
 * - a row in the registry `platform.towns` (code, name, created_at), which town roles cannot read.
 */
export const TOWN_REGISTRY_SQL = `
  CREATE SCHEMA IF NOT EXISTS platform;
  CREATE TABLE IF NOT EXISTS platform.towns (
    code text PRIMARY KEY CHECK (code ~ '${TOWN_CODE.source}'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND ${TOWN_NAME_MAX}),
    created_at text NOT NULL
  );
  REVOKE ALL ON SCHEMA platform FROM PUBLIC;`;

/**
 * Make the town's role and schema, and register it (`name` only if it is new; none: the code). Inside the
 * migration's transaction, before its statements run as the town's role. Roles are shared by every database of a
 * cluster: one made meanwhile by another database's start is fine.
 */
export async function ensureTown(client: PgTx, code: string, name?: string): Promise<void> {
  const role = townSchema(code);
  await client.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  // The server's login role may act as the town (not needed, and not allowed to itself, for a superuser).
  const superuser = await client.query<{ s: boolean }>(
    'SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user',
  );
  if (!superuser.rows[0]?.s) {
    await client.query(`
      DO $$ BEGIN
        GRANT ${role} TO CURRENT_USER;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
  }
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${role} AUTHORIZATION ${role}`);
  await client.query(TOWN_REGISTRY_SQL);
  await client.query(
    'INSERT INTO platform.towns (code, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING',
    [code, name ?? code, new Date().toISOString()],
  );
}

/** The registered towns, by code. */
export async function listTownsPg(pool: pg.Pool): Promise<Town[]> {
  const exists = await pool.query("SELECT 1 FROM pg_namespace WHERE nspname = 'platform'");
  if (!exists.rowCount) return [];
  return (await pool.query<Town>('SELECT code, name FROM platform.towns ORDER BY code')).rows;
}

/** Rename a town (the CLI; the code never changes). */
export async function renameTownPg(pool: pg.Pool, code: string, name: string): Promise<void> {
  await pool.query('UPDATE platform.towns SET name = $2 WHERE code = $1', [code, name]);
}

/**
 * The registry as the server reads it: cached for `ttlMs` (a town added by the CLI is seen by every instance
 * within that time, and at once when a request names it).
 */
export function createPgTownDirectory(pool: pg.Pool, defaultTown: string, ttlMs = 30_000): TownDirectory {
  let cached: { at: number; towns: Town[] } | null = null;
  async function list(fresh = false): Promise<Town[]> {
    if (!fresh && cached && Date.now() - cached.at < ttlMs) return cached.towns;
    cached = { at: Date.now(), towns: await listTownsPg(pool) };
    return cached.towns;
  }
  return {
    defaultTown,
    list: () => list(),
    async find(code) {
      const known = (await list()).find((town) => town.code === code);
      if (known) return known;
      // Not (yet) in the cache: ask once more, at most once a second.
      if (cached && Date.now() - cached.at < 1000) return null;
      return (await list(true)).find((town) => town.code === code) ?? null;
    },
  };
}
