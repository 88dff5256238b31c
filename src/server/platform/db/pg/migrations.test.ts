import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createTestDatabase } from '../../../../testing/postgres';
import { MIGRATIONS, migrate } from '../migrations';
import { createPgPool } from './pool';
import { migratePg, PG_MIGRATIONS } from './migrations';

describe('PostgreSQL migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database?.drop();
  });

  it('has a twin of every SQLite migration, with the same version and name', () => {
    expect(PG_MIGRATIONS.map(({ version, name }) => ({ version, name }))).toEqual(
      MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
  });

  it('migrates once when two instances start at once, and gives every SQLite table and column', async () => {
    const [a, b] = [createPgPool(database.url, { max: 2 }), createPgPool(database.url, { max: 2 })];
    pools.push(a, b);
    const [first, second] = await Promise.all([migratePg(a, 'jinxi'), migratePg(b, 'jinxi')]);
    // One of them applied every version; the other waited for the lock and found nothing to do.
    const all = PG_MIGRATIONS.map((migration) => migration.version);
    expect([first, second].sort((x, y) => y.length - x.length)).toEqual([all, []]);
    expect(await migratePg(a, 'jinxi')).toEqual([]);
    const recorded = await a.query<{ version: number }>(
      'SELECT version FROM town_jinxi.schema_migrations ORDER BY version',
    );
    expect(recorded.rows.map((row) => row.version)).toEqual(all);

    // The same tables and columns as a SQLite database migrated by the same versions (R*Tree tables aside: a
    // `geom` column with a GiST index stands in for them).
    const sqlite = new Database(':memory:');
    migrate(sqlite);
    const sqliteTables = (
      sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_rtree%'",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);
    const expected = Object.fromEntries(
      sqliteTables.map((table) => [
        table,
        (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[])
          .map((row) => row.name)
          .sort(),
      ]),
    );
    sqlite.close();
    const columns = await a.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'town_jinxi' ORDER BY 1, 2",
    );
    const actual: Record<string, string[]> = {};
    for (const row of columns.rows) (actual[row.table_name] ??= []).push(row.column_name);
    expect(actual).toEqual({
      ...expected,
      zones: [...expected.zones!, 'geom'].sort(),
      cases: [...expected.cases!, 'geom'].sort(),
      register_objects: [...expected.register_objects!, 'geom'].sort(),
    });
    const gist = await a.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE schemaname = 'town_jinxi' AND indexdef LIKE '%USING gist%' ORDER BY 1",
    );
    expect(gist.rows.map((row) => row.indexname)).toEqual(['cases_geom', 'register_objects_geom', 'zones_geom']);
  });

  it('keeps the audit log and zone history append-only, and usernames unique in any case', async () => {
    const pool = createPgPool(database.url, { max: 1 });
    pools.push(pool);
    await migratePg(pool, 'jinxi');
    const client = await pool.connect();
    try {
      await client.query('SET search_path TO town_jinxi, public');
      await client.query("INSERT INTO audit_log (at, action, outcome) VALUES ('2026-06-15T00:00:00Z', 'login', 'ok')");
      await expect(client.query("UPDATE audit_log SET outcome = 'failed'")).rejects.toThrow(/append-only/);
      await expect(client.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      await client.query("INSERT INTO units (id, name, name_en, sort) VALUES ('u', 'u', 'u', 0)");
      const user = (name: string) =>
        client.query(
          `INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at, password_changed_at)
           VALUES ($1, 'x', 'admin', 'h', 't', 't', 't')`,
          [name],
        );
      await user('Admin');
      await expect(user('admin')).rejects.toThrow(/users_username/);
    } finally {
      client.release();
    }
  });
});
