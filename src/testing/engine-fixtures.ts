/**
 * Fixture rows for repository tests on both engines (engines.ts holds the plain runner): a fresh SQLite database in memory or a fresh PostgreSQL database (copied from
 * a template migrated once per run with `migratePg`), with a few helpers that write fixture rows on either.
 * Use with `describe.each(ENGINES)`.
 */
import type pg from 'pg';
import { openDatabase, type Db } from '../server/platform/db/connection';
import { migratePg } from '../server/platform/db/pg/migrations';
import { createPgDb, createPgPool, named, type PgDb } from '../server/platform/db/pg/pool';
import { geometryBounds } from '../shared/geo/bounds';
import type { ZoneGeometry } from '../shared/zones/zone';
import { createTestDatabase } from './postgres';
import { ENGINES, type Engine } from './engines';

export { ENGINES, type Engine };

export type EngineDb =
  ({ engine: 'sqlite'; sqlite: Db } & EngineHelpers) | ({ engine: 'postgres'; pg: PgDb } & EngineHelpers);

interface EngineHelpers {
  /** A statement with `@name` parameters on this engine. */
  run(sql: string, params?: Record<string, unknown>): Promise<void>;
  all<Row>(sql: string, params?: Record<string, unknown>): Promise<Row[]>;
  /** An active admin (or `role`) account; its id. */
  addUser(username: string, role?: string): Promise<number>;
  /** A zone (category R3, unit `u1`) with this shape; its id. */
  addZone(geometry: ZoneGeometry, fields?: { status?: string; name?: string }): Promise<number>;
  close(): Promise<void>;
}

/** A migrated, empty database of `engine` (town jinxi on PostgreSQL). */
export async function openEngineDb(engine: Engine): Promise<EngineDb> {
  let helpers: Pick<EngineHelpers, 'run' | 'all' | 'close'>;
  let insertId: (sql: string, params: Record<string, unknown>) => Promise<number>;
  let result: EngineDb;
  if (engine === 'sqlite') {
    const sqlite = openDatabase(':memory:');
    helpers = {
      run: async (sql, params = {}) => void sqlite.prepare(sql).run(params),
      all: async <Row>(sql: string, params: Record<string, unknown> = {}) => sqlite.prepare(sql).all(params) as Row[],
      close: async () => void sqlite.close(),
    };
    insertId = async (sql, params) => Number(sqlite.prepare(sql).run(params).lastInsertRowid);
    result = { engine, sqlite, ...helpers } as EngineDb;
  } else {
    const database = await createTestDatabase({
      key: 'pg_migrated_jinxi',
      build: async (url) => {
        const pool = createPgPool(url, { max: 1 });
        try {
          await migratePg(pool, 'jinxi');
        } finally {
          await pool.end();
        }
      },
    });
    const pool: pg.Pool = createPgPool(database.url, { max: 4 });
    const db = createPgDb(pool, 'jinxi');
    helpers = {
      run: async (sql, params = {}) => {
        const { text, values } = named(sql, params);
        await db.query(text, values);
      },
      all: async <Row>(sql: string, params: Record<string, unknown> = {}) => {
        const { text, values } = named(sql, params);
        return (await db.query(text, values)).rows as Row[];
      },
      close: async () => {
        await pool.end();
        await database.drop();
      },
    };
    insertId = async (sql, params) => {
      const { text, values } = named(`${sql} RETURNING id`, params);
      return (await db.query<{ id: number }>(text, values)).rows[0]!.id;
    };
    result = { engine, pg: db, ...helpers } as EngineDb;
  }
  let campaignReady = false;
  const now = '2026-06-01T00:00:00.000Z';
  Object.assign(result, {
    addUser: (username: string, role = 'admin') =>
      insertId(
        `INSERT INTO users (username, display_name, role, unit_id, password_hash, created_at, updated_at,
           password_changed_at) VALUES (@username, @username, @role, NULL, 'x', @now, @now, @now)`,
        { username, role, now },
      ),
    addZone: async (geometry: ZoneGeometry, fields: { status?: string; name?: string } = {}) => {
      if (!campaignReady) {
        await helpers.run("INSERT INTO units (id, name, name_en, sort) VALUES ('u1', '单位', 'Unit', 1)");
        await helpers.run(
          `INSERT INTO campaign_items (code, group_code, name, name_en, applicable, lead_unit_id, content, sort)
           VALUES ('R3', 'R', '河道', 'Rivers', 1, 'u1', '', 1)`,
        );
        campaignReady = true;
      }
      const id = await insertId(
        `INSERT INTO zones (name, category, status, lead_unit_id, planned_start, planned_end, progress,
           geometry_json, geometry_type, created_at, updated_at)
         VALUES (@name, 'R3', @status, 'u1', '2026-01-01', '2026-12-31', 0, @geometry, @type, @now, @now)`,
        {
          name: fields.name ?? 'zone',
          status: fields.status ?? 'in_progress',
          geometry: JSON.stringify(geometry),
          type: geometry.type,
          now,
        },
      );
      if (engine === 'sqlite') {
        // PostgreSQL's geom column follows geometry_json by itself; SQLite's R*Tree is written by the zone writes.
        const [minLon, minLat, maxLon, maxLat] = geometryBounds(geometry);
        await helpers.run(
          'INSERT INTO zones_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (@id, @minLon, @maxLon, @minLat, @maxLat)',
          { id, minLon, maxLon, minLat, maxLat },
        );
      }
      return id;
    },
  });
  return result;
}
