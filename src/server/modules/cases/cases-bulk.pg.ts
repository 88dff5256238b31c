/** Cases in bulk and the cases' reference tables on PostgreSQL (cases-bulk.repo.ts is the SQLite twin). */
import type { PgTx } from '../../platform/db/pg/pool';
import { stampNow } from '../../platform/clock';
import type { ProblemCode } from '../../../shared/cases/case';
import type { CaseJoinerPg } from './case-join.pg';
import type { BulkInsertResult, NewCaseRow } from './cases-bulk.repo';

/** Rows per statement: each statement sends one array per column. */
const CHUNK = 5000;

/**
 * One multi-row statement per chunk: the columns arrive as arrays and are unnested in the order given, so within a
 * batch the first row with a case number wins, as on SQLite. `geom` (and with it the GiST index) is a generated
 * column: nothing is dropped or re-created around a big batch.
 */
const INSERT_CASES = `
  INSERT INTO cases (case_no, code, legacy_label, description, address, source, lon, lat, status, unit_id,
    reported_at, registered_at, dispatched_at, deadline_at, disposed_at, closed_at, zone_id, village_code, grid_code,
    extension_count, rework_count, suspended, suspended_at, synthetic, created_by, version, updated_at)
  SELECT case_no, code, legacy_label, description, address, source, lon, lat, status, unit_id,
    reported_at, registered_at, dispatched_at, deadline_at, disposed_at, closed_at, zone_id, village_code, grid_code,
    extension_count, rework_count, suspended, suspended_at, synthetic, created_by, 1, $26
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[],
    $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
    $17::int[], $18::text[], $19::text[], $20::int[], $21::int[], $22::int[], $23::text[], $24::int[], $25::text[])
    WITH ORDINALITY AS r(case_no, code, legacy_label, description, address, source, lon, lat, status, unit_id,
      reported_at, registered_at, dispatched_at, deadline_at, disposed_at, closed_at, zone_id, village_code,
      grid_code, extension_count, rework_count, suspended, suspended_at, synthetic, created_by, ord)
  ORDER BY ord
  ON CONFLICT (case_no) DO NOTHING
  RETURNING id, case_no`;

const INSERT_STEPS = `
  INSERT INTO case_steps (case_id, seq, action, from_status, to_status, actor_user_id, actor_name, actor_role,
    actor_unit, at, note, data_json)
  SELECT case_id, seq, action, from_status, to_status, NULL, NULL, actor_role, actor_unit, at, note, NULL
  FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::text[]) AS s(case_id, seq, action, from_status, to_status, actor_role, actor_unit, at, note)`;

/**
 * Insert many cases inside the caller's transaction, joining every point to its zone, village and grid in bulk.
 * Idempotent on case_no: a case number already stored is left alone and counted.
 */
export async function insertCasesPg(
  tx: PgTx,
  joiner: CaseJoinerPg,
  rows: readonly NewCaseRow[],
): Promise<BulkInsertResult> {
  const now = stampNow();
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const coords = new Float64Array(chunk.length * 2);
    chunk.forEach((row, index) => {
      coords[index * 2] = row.lon;
      coords[index * 2 + 1] = row.lat;
    });
    const joins = await joiner.joinMany(tx, coords);
    const column = <T>(pick: (row: NewCaseRow, index: number) => T) => chunk.map(pick);
    const result = await tx.query<{ id: number; case_no: string }>(INSERT_CASES, [
      column((row) => row.caseNo),
      column((row) => row.code),
      column((row) => row.legacyLabel),
      column((row) => row.description),
      column((row) => row.address),
      column((row) => row.source),
      column((row) => row.lon),
      column((row) => row.lat),
      column((row) => row.status),
      column((row) => row.unitId),
      column((row) => row.reportedAt),
      column((row) => row.registeredAt),
      column((row) => row.dispatchedAt),
      column((row) => row.deadlineAt),
      column((row) => row.disposedAt),
      column((row) => row.closedAt),
      column((_, index) => joins[index]!.zoneId),
      column((_, index) => joins[index]!.villageCode),
      column((_, index) => joins[index]!.gridCode),
      column((row) => row.extensionCount),
      column((row) => row.reworkCount),
      column((row) => (row.suspended ? 1 : 0)),
      column((row) => row.suspendedAt ?? null),
      column((row) => (row.synthetic ? 1 : 0)),
      column((row) => row.createdBy ?? null),
      now,
    ]);
    inserted += result.rowCount ?? 0;
    // The steps of the rows inserted now (the first row of each new case number).
    const ids = new Map(result.rows.map((row) => [row.case_no, row.id]));
    const steps: unknown[][] = [[], [], [], [], [], [], [], [], []];
    for (const row of chunk) {
      const caseId = ids.get(row.caseNo);
      if (caseId === undefined) continue;
      ids.delete(row.caseNo);
      (row.steps ?? []).forEach((step, seq) => {
        const values = [caseId, seq + 1, step.action, step.fromStatus, step.toStatus, step.actorRole];
        values.push(step.actorUnit, step.at, step.note);
        values.forEach((value, index) => steps[index]!.push(value));
      });
    }
    if (steps[0]!.length > 0) await tx.query(INSERT_STEPS, steps);
  }
  return { inserted, existing: rows.length - inserted };
}

/**
 * The 处置时限 per code on PostgreSQL: codes missing from the table are added (one statement, never overwriting
 * an edit) before the first read.
 */
export function createCaseReferenceStorePg(codes: readonly ProblemCode[]) {
  let ensured = false;
  return {
    codes,
    async timeLimits(tx: PgTx): Promise<Map<string, number>> {
      if (!ensured) {
        await tx.query(
          `INSERT INTO case_time_limits (code, hours, updated_at, updated_by)
           SELECT code, hours, $3, NULL FROM unnest($1::text[], $2::float8[]) AS l(code, hours)
           ON CONFLICT (code) DO NOTHING`,
          [codes.map((code) => code.code), codes.map((code) => code.timeLimitHours), stampNow()],
        );
        ensured = true;
      }
      const limits = new Map(codes.map((code) => [code.code, code.timeLimitHours]));
      const rows = await tx.query<{ code: string; hours: number }>('SELECT code, hours FROM case_time_limits');
      for (const row of rows.rows) limits.set(row.code, row.hours);
      return limits;
    },
  };
}
