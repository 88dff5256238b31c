/** Cases in bulk (generator, CSV import, sample data) and the cases' reference tables. */
import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { CaseRecord, ProblemCode } from '../../../shared/cases/case';
import { createCaseJoiner } from './case-join.repo';

/** A case to insert in bulk (generator, CSV import, sample): the platform's fields and, optionally, its steps. */
export interface NewCaseRow extends CaseRecord {
  legacyLabel: string | null;
  suspendedAt?: string | null;
  synthetic: boolean;
  createdBy?: string | null;
  steps?: readonly {
    action: string;
    fromStatus: string | null;
    toStatus: string;
    actorRole: string | null;
    actorUnit: string | null;
    at: string;
    note: string | null;
  }[];
}

export interface BulkInsertResult {
  inserted: number;
  /** Rows whose case_no already existed (left as they are: imports are idempotent on case_no). */
  existing: number;
}

/**
 * The reference tables of cases: 处置时限 per code (seeded from data/problem-codes.csv, editable) and the grid.
 * `ensureTimeLimitsSync` adds codes missing from the table (new codes in the csv) and never overwrites an edit.
 */
export function createCaseReferenceStore(db: Db, codes: readonly ProblemCode[]) {
  const insertLimit = db.prepare(
    'INSERT INTO case_time_limits (code, hours, updated_at, updated_by) VALUES (?, ?, ?, NULL) ON CONFLICT (code) DO NOTHING',
  );
  const limitRows = db.prepare('SELECT code, hours FROM case_time_limits');
  const ensureTimeLimitsSync = db.transaction(() => {
    const now = stampNow();
    for (const code of codes) insertLimit.run(code.code, code.timeLimitHours, now);
  });
  ensureTimeLimitsSync();
  return {
    codes,
    /** The effective 处置时限 (hours) per code. */
    timeLimitsSync(): Map<string, number> {
      const limits = new Map(codes.map((code) => [code.code, code.timeLimitHours]));
      for (const row of limitRows.all() as { code: string; hours: number }[]) limits.set(row.code, row.hours);
      return limits;
    },
  };
}

const BULK_RTREE_THRESHOLD = 2000;
/** The same trigger as migration 10 creates (re-created after a bulk insert). */
const RTREE_INSERT_TRIGGER = `
  CREATE TRIGGER cases_rtree_insert AFTER INSERT ON cases BEGIN
    INSERT INTO cases_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (new.id, new.lon, new.lon, new.lat, new.lat);
  END;`;

/**
 * Insert many cases in ONE transaction with prepared statements, joining every point to its zone, village and grid
 * in bulk (createPolygonIndex). Idempotent on case_no: a case number already stored is left alone and counted.
 */
export function insertCasesSync(db: Db, rows: readonly NewCaseRow[]): BulkInsertResult {
  const joiner = createCaseJoiner(db);
  const insert = db.prepare(`
    INSERT INTO cases (case_no, code, legacy_label, description, address, source, lon, lat, status, unit_id,
      reported_at, registered_at, dispatched_at, deadline_at, disposed_at, closed_at, zone_id, village_code, grid_code,
      extension_count, rework_count, suspended, suspended_at, synthetic, created_by, version, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
    ON CONFLICT(case_no) DO NOTHING`);
  const insertStep = db.prepare(`
    INSERT INTO case_steps (case_id, seq, action, from_status, to_status, actor_user_id, actor_name, actor_role,
      actor_unit, at, note, data_json)
    VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, NULL)`);
  const coords = new Float64Array(rows.length * 2);
  rows.forEach((row, index) => {
    coords[index * 2] = row.lon;
    coords[index * 2 + 1] = row.lat;
  });
  const now = stampNow();
  let inserted = 0;
  // A big batch: a larger page cache while it runs, so the transaction does not spill to the WAL page by page.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  if (rows.length > 5000) db.pragma('cache_size = -131072');
  try {
    // IMMEDIATE: the write lock first (waiting up to busy_timeout). A deferred transaction reads max(id) first and could
    // not turn into a writer after the server committed something meanwhile (SQLITE_BUSY_SNAPSHOT, which no wait cures).
    db.transaction(() => {
      const joins = joiner.joinMany(coords);
      // Big batches skip the per-row R*Tree trigger and fill the index once, in spatial order (4× faster).
      const bulk = rows.length > BULK_RTREE_THRESHOLD;
      const maxBefore = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM cases').get() as { id: number }).id;
      if (bulk) db.exec('DROP TRIGGER cases_rtree_insert');
      rows.forEach((row, index) => {
        const join = joins[index]!;
        const result = insert.run(
          row.caseNo,
          row.code,
          row.legacyLabel,
          row.description,
          row.address,
          row.source,
          row.lon,
          row.lat,
          row.status,
          row.unitId,
          row.reportedAt,
          row.registeredAt,
          row.dispatchedAt,
          row.deadlineAt,
          row.disposedAt,
          row.closedAt,
          join.zoneId,
          join.villageCode,
          join.gridCode,
          row.extensionCount,
          row.reworkCount,
          row.suspended ? 1 : 0,
          row.suspendedAt ?? null,
          row.synthetic ? 1 : 0,
          row.createdBy ?? null,
          now,
        );
        if (result.changes === 0) return;
        inserted += 1;
        const caseId = Number(result.lastInsertRowid);
        (row.steps ?? []).forEach((step, seq) =>
          insertStep.run(
            caseId,
            seq + 1,
            step.action,
            step.fromStatus,
            step.toStatus,
            step.actorRole,
            step.actorUnit,
            step.at,
            step.note,
          ),
        );
      });
      if (bulk) {
        db.prepare(
          `INSERT INTO cases_rtree (id, min_lon, max_lon, min_lat, max_lat)
           SELECT id, lon, lon, lat, lat FROM cases WHERE id > ?
           ORDER BY CAST(lon * 100 AS INTEGER), CAST(lat * 100 AS INTEGER)`,
        ).run(maxBefore);
        db.exec(RTREE_INSERT_TRIGGER);
      }
    }).immediate();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
  return { inserted, existing: rows.length - inserted };
}

/** Who acts, with the role and unit recorded in the step. */
