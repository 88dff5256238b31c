/**
 * One repository test on both engines: a fresh in-memory SQLite database or a fresh PostgreSQL database (from the
 * run's throwaway cluster, see postgres.ts), both migrated, with the same rows inserted through `insert`.
 * Use with `describe.each(ENGINES)`.
 */
import Database from 'better-sqlite3';
import type pg from 'pg';
import { bbox } from '@turf/turf';
import type { Geometry } from 'geojson';
import type { Db } from '../server/platform/db/connection';
import { migrate } from '../server/platform/db/migrations';
import { migratePg } from '../server/platform/db/pg/migrations';
import { createPgDb, createPgPool, named, type PgDb, type PgTx } from '../server/platform/db/pg/pool';
import type { NewAuditEntry } from '../server/platform/audit';
import { createTestDatabase } from './postgres';

export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

export interface EngineDb {
  engine: Engine;
  /** Set on SQLite. */
  sqlite: Db | null;
  /** Set on PostgreSQL (town jinxi). */
  pg: PgDb | null;
  /** Insert one row and answer its `id` (tables without one: pass `id: false`). */
  insert(table: string, row: Record<string, unknown>, options?: { id?: boolean }): Promise<number>;
  /** The rows of a statement with `@name` parameters, on either engine (none for a write without RETURNING). */
  all<T>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  close(): Promise<void>;
}

/** A statement with `@name` parameters on whichever database is set: its rows (none for a write without RETURNING). */
function sqlRunner(handles: {
  sqlite: Db | null;
  pg: PgDb | null;
}): <T>(sql: string, params?: Record<string, unknown>) => Promise<T[]> {
  return async <T>(sql: string, params: Record<string, unknown> = {}) => {
    if (handles.pg) {
      const { text, values } = named(sql, params);
      return (await handles.pg.query(text, values)).rows as T[];
    }
    if (!handles.sqlite) throw new Error('sqlRunner needs a SQLite or a PostgreSQL handle');
    const statement = handles.sqlite.prepare(sql);
    if (statement.reader) return statement.all(params) as T[];
    statement.run(params);
    return [];
  };
}

export async function openEngine(engine: Engine): Promise<EngineDb> {
  const insertSql = (table: string, row: Record<string, unknown>, id: boolean) => {
    const columns = Object.keys(row);
    return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})${
      id ? ' RETURNING id' : ''
    }`;
  };
  if (engine === 'sqlite') {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return {
      engine,
      sqlite: db,
      pg: null,
      async insert(table, row, options = {}) {
        const id = options.id ?? true;
        const statement = db.prepare(insertSql(table, row, id));
        if (!id) {
          statement.run(row);
          return 0;
        }
        return (statement.get(row) as { id: number }).id;
      },
      all: sqlRunner({ sqlite: db, pg: null }),
      async close() {
        db.close();
      },
    };
  }
  const database = await createTestDatabase();
  const pool: pg.Pool = createPgPool(database.url, { max: 4 });
  await migratePg(pool, 'jinxi');
  const db = createPgDb(pool, 'jinxi');
  return {
    engine,
    sqlite: null,
    pg: db,
    async insert(table, row, options = {}) {
      const id = options.id ?? true;
      const { text, values } = named(insertSql(table, row, id), row);
      const result = await db.query<{ id: number }>(text, values);
      return id ? result.rows[0]!.id : 0;
    },
    all: sqlRunner({ sqlite: null, pg: db }),
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

const auditInsert = `INSERT INTO audit_log (at, actor_user_id, actor_username, action, target_type, target_id, outcome, ip,
  detail_json) VALUES (@at, @actorId, @actorUsername, @action, @targetType, @targetId, @outcome, @ip, @detail)`;
const auditParams = (entry: NewAuditEntry) => ({
  at: new Date().toISOString(),
  actorId: entry.actorId === null ? null : Number(entry.actorId),
  actorUsername: entry.actorUsername,
  action: entry.action,
  targetType: entry.targetType ?? null,
  targetId: entry.targetId ?? null,
  outcome: entry.outcome,
  ip: entry.ip ?? null,
  detail: entry.detail ? JSON.stringify(entry.detail) : null,
});

/** An audit append for repositories under test: SQLite's synchronous one. */
export const sqliteAudit = (db: Db) => (entry: NewAuditEntry) => {
  db.prepare(auditInsert).run(auditParams(entry));
};

/** An audit append for repositories under test: PostgreSQL's, inside the write's transaction. */
export const pgAudit = async (tx: PgTx, entry: NewAuditEntry) => {
  const { text, values } = named(auditInsert, auditParams(entry));
  await tx.query(text, values);
};

/** The audit log's actions and details, oldest first. */
export async function auditTrail(
  db: EngineDb,
): Promise<{ action: string; target_id: string | null; detail: unknown }[]> {
  const rows = await db.all<{ action: string; target_id: string | null; detail_json: string | null }>(
    'SELECT action, target_id, detail_json FROM audit_log ORDER BY id',
  );
  return rows.map((row) => ({
    action: row.action,
    target_id: row.target_id,
    detail: row.detail_json ? JSON.parse(row.detail_json) : null,
  }));
}

export const UNITS = ['u1', 'u2'] as const;

/** Two units, the items R4 (flood-prone areas) and A1, and one account (id 1, `admin`, display name 管理员). */
export async function seedBasics(db: EngineDb): Promise<{ userId: number }> {
  for (const [sort, id] of UNITS.entries()) {
    await db.insert('units', { id, name: `单位${id}`, name_en: `Unit ${id}`, sort }, { id: false });
  }
  for (const [sort, code] of ['A1', 'R4'].entries()) {
    await db.insert(
      'campaign_items',
      { code, group_code: code[0], name: code, name_en: code, applicable: 1, lead_unit_id: 'u1', content: '', sort },
      { id: false },
    );
  }
  const userId = await db.insert('users', {
    username: 'admin',
    display_name: '管理员',
    role: 'admin',
    unit_id: null,
    password_hash: 'x',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    password_changed_at: '2026-01-01T00:00:00.000Z',
  });
  return { userId };
}

/** A zone (with its SQLite R*Tree box and its first version), created at `createdAt`. */
export async function seedZone(
  db: EngineDb,
  zone: { name: string; category: string; geometry: Geometry; leadUnit?: string; createdAt?: string; status?: string },
): Promise<number> {
  const at = zone.createdAt ?? '2026-01-01T00:00:00.000Z';
  const status = zone.status ?? 'in_progress';
  const id = await db.insert('zones', {
    name: zone.name,
    category: zone.category,
    status,
    lead_unit_id: zone.leadUnit ?? 'u1',
    planned_start: '2026-01-01',
    planned_end: '2026-12-31',
    progress: 0,
    geometry_json: JSON.stringify(zone.geometry),
    geometry_type: zone.geometry.type,
    created_at: at,
    updated_at: at,
  });
  if (db.engine === 'sqlite') {
    const [minLon, minLat, maxLon, maxLat] = bbox(zone.geometry);
    await db.insert(
      'zones_rtree',
      { id, min_lon: minLon, max_lon: maxLon, min_lat: minLat, max_lat: maxLat },
      { id: false },
    );
  }
  await db.insert(
    'zone_versions',
    {
      zone_id: id,
      version: 1,
      action: 'create',
      at,
      actor_username: 'seed',
      snapshot_json: JSON.stringify({
        name: zone.name,
        category: zone.category,
        status,
        plannedEnd: '2026-12-31',
        geometry: zone.geometry,
      }),
    },
    { id: false },
  );
  return id;
}

/** A task of a zone. */
export async function seedTask(
  db: EngineDb,
  task: {
    zoneId: number;
    unit?: string;
    title?: string;
    dueDate: string;
    status?: string;
    completedOn?: string | null;
    createdAt?: string;
  },
): Promise<number> {
  const at = task.createdAt ?? '2026-01-01T00:00:00.000Z';
  return db.insert('tasks', {
    zone_id: task.zoneId,
    title: task.title ?? '任务',
    assigned_unit_id: task.unit ?? 'u1',
    due_date: task.dueDate,
    original_due_date: task.dueDate,
    status: task.status ?? 'not_started',
    completed_on: task.completedOn ?? null,
    sort: 0,
    created_at: at,
    updated_at: at,
  });
}

/** A closed square polygon of `size` degrees whose south-west corner is (lon, lat). */
export const square = (lon: number, lat: number, size = 0.01): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

let photoSeq = 0;

/** A photo row (no file): a before-photo of the zone unless told otherwise. */
export async function seedPhoto(
  db: EngineDb,
  photo: {
    zoneId: number;
    taskId?: number | null;
    phase?: 'before' | 'progress' | 'after';
    uploadedBy: number;
    uploadedAt?: string;
    pairedWith?: number | null;
    pairFlagged?: boolean;
    deletedAt?: string | null;
  },
): Promise<number> {
  photoSeq += 1;
  return db.insert('photos', {
    zone_id: photo.zoneId,
    task_id: photo.taskId ?? null,
    phase: photo.phase ?? 'before',
    storage_key: photoSeq.toString(16).padStart(32, '0'),
    mime: 'image/jpeg',
    width: 10,
    height: 10,
    bytes: 100,
    paired_with: photo.pairedWith ?? null,
    pair_flagged: photo.pairFlagged ? 1 : 0,
    uploaded_by: photo.uploadedBy,
    uploaded_at: photo.uploadedAt ?? '2026-01-02T00:00:00.000Z',
    deleted_at: photo.deletedAt ?? null,
  });
}
