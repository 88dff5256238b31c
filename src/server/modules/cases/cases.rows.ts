import type { NewAuditEntry } from '../../platform/audit';
import type { CaseActorInfo, CaseWriteResult } from './cases.repo';
import {
  applyCaseAction,
  caseWorkflowState,
  isCaseOverdue,
  type CaseAction,
  type CaseActionBody,
  type CaseActor,
  type CaseChange,
  type Case,
  type CaseQuery,
  type CaseSource,
  type CaseStatus,
  type CaseStep,
  type CaseWorkflowState,
} from '../../../shared/cases/case';

/**
 * What both case repositories (cases.repo.ts on SQLite, cases.pg.ts on PostgreSQL) share: the row, its mapper,
 * the list filter and the statements written once with `@name` parameters.
 */

/** The exact box test of docs/cases.md (edges included, on the case's own 64-bit lon/lat). */
export const CASE_IN_BOX_EXACT = 'c.lon BETWEEN @minLon AND @maxLon AND c.lat BETWEEN @minLat AND @maxLat';
/** SQLite: candidates from the cases_rtree R*Tree (32-bit boxes, rounded outwards), then the exact test. */
export const SQLITE_CASE_BBOX = `c.id IN (SELECT id FROM cases_rtree WHERE max_lon >= @minLon AND min_lon <= @maxLon AND max_lat >= @minLat AND min_lat <= @maxLat) AND ${CASE_IN_BOX_EXACT}`;
/** PostgreSQL: candidates from the GiST index on `geom` (`&&`, edges included), then the same exact test. */
export const PG_CASE_BBOX = `c.geom && ST_MakeEnvelope(@minLon, @minLat, @maxLon, @maxLat, 4326) AND ${CASE_IN_BOX_EXACT}`;

export interface CaseRow {
  id: number;
  case_no: string;
  code: string;
  legacy_label: string | null;
  description: string;
  address: string;
  source: CaseSource;
  lon: number;
  lat: number;
  status: CaseStatus;
  unit_id: string | null;
  reported_at: string;
  registered_at: string | null;
  dispatched_at: string | null;
  deadline_at: string | null;
  disposed_at: string | null;
  closed_at: string | null;
  zone_id: number | null;
  village_code: string | null;
  grid_code: string | null;
  extension_count: number;
  rework_count: number;
  suspended: number;
  suspended_at: string | null;
  extension_request_json: string | null;
  synthetic: number;
  created_by: string | null;
  version: number;
  updated_at: string;
}

export function toCase(row: CaseRow, now: string): Case {
  const cityCase: Case = {
    id: String(row.id),
    caseNo: row.case_no,
    code: row.code,
    legacyLabel: row.legacy_label,
    description: row.description,
    address: row.address,
    source: row.source,
    lon: row.lon,
    lat: row.lat,
    status: row.status,
    unitId: row.unit_id,
    reportedAt: row.reported_at,
    registeredAt: row.registered_at,
    dispatchedAt: row.dispatched_at,
    deadlineAt: row.deadline_at,
    disposedAt: row.disposed_at,
    closedAt: row.closed_at,
    zoneId: row.zone_id === null ? null : String(row.zone_id),
    villageCode: row.village_code,
    gridCode: row.grid_code,
    extensionCount: row.extension_count,
    reworkCount: row.rework_count,
    suspended: row.suspended === 1,
    suspendedAt: row.suspended_at,
    extensionRequest: row.extension_request_json
      ? (JSON.parse(row.extension_request_json) as { until: string; reason: string })
      : null,
    synthetic: row.synthetic === 1,
    createdBy: row.created_by,
    version: row.version,
    updatedAt: row.updated_at,
    overdue: false,
  };
  cityCase.overdue = isCaseOverdue(cityCase, now);
  return cityCase;
}

/** The WHERE clause of a case query (named parameters), used by the list. */
export function buildCaseFilter(
  query: CaseQuery,
  bboxSql: string = SQLITE_CASE_BBOX,
): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const list = (name: string, column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    const names = values.map((value, index) => {
      params[`${name}${index}`] = value;
      return `@${name}${index}`;
    });
    where.push(`${column} IN (${names.join(', ')})`);
  };
  list('status', 'c.status', query.status);
  list('unit', 'c.unit_id', query.unit);
  list('code', 'c.code', query.code);
  if (query.major?.length) {
    list('major', 'substr(c.code, 1, 2)', query.major);
  }
  if (query.from) {
    where.push('c.reported_at >= @from');
    params.from = new Date(`${query.from}T00:00:00+08:00`).toISOString();
  }
  if (query.to) {
    // `to` is an inclusive calendar day in Asia/Shanghai.
    where.push('c.reported_at < @to');
    params.to = new Date(Date.parse(`${query.to}T00:00:00+08:00`) + 86_400_000).toISOString();
  }
  if (query.zone !== undefined) {
    where.push('c.zone_id = @zone');
    params.zone = query.zone;
  }
  if (query.synthetic !== undefined) {
    where.push('c.synthetic = @synthetic');
    params.synthetic = query.synthetic ? 1 : 0;
  }
  if (query.overdue) {
    where.push("c.status IN ('dispatched', 'disposing') AND c.suspended = 0 AND c.deadline_at < @now");
  }
  if (query.bbox) {
    where.push(bboxSql);
    Object.assign(params, query.bbox);
  }
  return { where, params };
}

export const CASE_SQL = {
  insertStep: `
    INSERT INTO case_steps (case_id, seq, action, from_status, to_status, actor_user_id, actor_name, actor_role,
      actor_unit, at, note, data_json)
    VALUES (@caseId, @seq, @action, @fromStatus, @toStatus, @actorUserId, @actorName, @actorRole, @actorUnit, @at,
      @note, @data)`,
  upsertLimit: `
    INSERT INTO case_time_limits (code, hours, updated_at, updated_by) VALUES (@code, @hours, @at, @by)
    ON CONFLICT(code) DO UPDATE SET hours = excluded.hours, updated_at = excluded.updated_at,
      updated_by = excluded.updated_by`,
  /** The next number of a day (case-numbers.test.ts): one atomic upsert of the day's counter, in the insert's transaction. */
  nextNumber: `
    INSERT INTO case_number_counters (day, last) VALUES (@day, 1)
    ON CONFLICT (day) DO UPDATE SET last = case_number_counters.last + 1
    RETURNING last`,
  insertCase: `
    INSERT INTO cases (case_no, code, legacy_label, description, address, source, lon, lat, status, reported_at,
      zone_id, village_code, grid_code, synthetic, created_by, version, updated_at)
    VALUES (@caseNo, @code, @legacyLabel, @description, @address, @source, @lon, @lat, 'reported', @now,
      @zoneId, @villageCode, @gridCode, 0, @createdBy, 1, @now)
    ON CONFLICT (case_no) DO NOTHING`,
  updateWorkflow: `
    UPDATE cases SET status = @status, unit_id = @unitId, registered_at = @registeredAt,
      dispatched_at = @dispatchedAt, deadline_at = @deadlineAt, disposed_at = @disposedAt, closed_at = @closedAt,
      extension_count = @extensionCount, rework_count = @reworkCount, suspended = @suspended,
      suspended_at = @suspendedAt, extension_request_json = @extensionRequest, version = version + 1,
      updated_at = @now
    WHERE id = @id AND version = @expectedVersion`,
  indicatorFacts: `SELECT unit_id, status, suspended, deadline_at, disposed_at, closed_at, extension_count, rework_count
           FROM cases WHERE reported_at >= @from AND reported_at < @to AND status <> 'voided'`,
  zoneCounts: 'SELECT status, count(*) AS n FROM cases WHERE zone_id = @zoneId GROUP BY status',
  zoneLatest: 'SELECT * FROM cases WHERE zone_id = @zoneId ORDER BY reported_at DESC, id DESC LIMIT 50',
  zoneRelapse:
    "SELECT count(*) AS n FROM cases WHERE zone_id = @zoneId AND reported_at > @acceptedAt AND status <> 'voided'",
  zoneStatus: 'SELECT status, updated_at FROM zones WHERE id = @zoneId AND deleted_at IS NULL',
};

/** The day (Asia/Shanghai, yyyymmdd) of an instant, and the case number prefix of that day. */
export function caseNumberDay(now: string): { day: string; prefix: string } {
  const day = new Date(Date.parse(now) + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return { day, prefix: `JX${day}` };
}
export const caseNumber = (prefix: string, last: number) => `${prefix}${String(last).padStart(4, '0')}`;

export const stepOf = (row: Record<string, unknown>): CaseStep => ({
  seq: row.seq as number,
  action: row.action as string,
  fromStatus: (row.from_status as CaseStatus | null) ?? null,
  toStatus: row.to_status as CaseStatus,
  actorUserId: (row.actor_user_id as string | null) ?? null,
  actorName: (row.actor_name as string | null) ?? null,
  actorRole: (row.actor_role as string | null) ?? null,
  actorUnit: (row.actor_unit as string | null) ?? null,
  at: row.at as string,
  note: (row.note as string | null) ?? null,
  data: row.data_json ? (JSON.parse(row.data_json as string) as unknown) : null,
});

export interface IndicatorRow {
  unit_id: string | null;
  status: CaseStatus;
  suspended: number;
  deadline_at: string | null;
  disposed_at: string | null;
  closed_at: string | null;
  extension_count: number;
  rework_count: number;
}

export const toIndicatorFact = (row: IndicatorRow) => ({
  unitId: row.unit_id,
  status: row.status,
  suspended: row.suspended === 1,
  deadlineAt: row.deadline_at,
  disposedAt: row.disposed_at,
  closedAt: row.closed_at,
  extensionCount: row.extension_count,
  reworkCount: row.rework_count,
});

/** When an accepted zone became accepted: the first version of its last run of 已验收 versions. */
export function acceptedSince(
  zone: { status: string; updated_at: string } | undefined,
  versions: readonly { at: string; status: string | null }[],
): string | null {
  if (!zone || zone.status !== 'accepted') return null;
  let since: string | null = null;
  for (const version of versions) {
    if (version.status !== 'accepted') break;
    since = version.at;
  }
  return since ?? zone.updated_at;
}

/** The parameters of `CASE_SQL.updateWorkflow`: the case's next workflow state, written if still at `expectedVersion`. */
export const workflowParams = (id: number, expectedVersion: number, now: string, next: CaseWorkflowState) => ({
  id,
  expectedVersion,
  now,
  status: next.status,
  unitId: next.unitId,
  registeredAt: next.registeredAt,
  dispatchedAt: next.dispatchedAt,
  deadlineAt: next.deadlineAt,
  disposedAt: next.disposedAt,
  closedAt: next.closedAt,
  extensionCount: next.extensionCount,
  reworkCount: next.reworkCount,
  suspended: next.suspended ? 1 : 0,
  suspendedAt: next.suspendedAt,
  extensionRequest: next.extensionRequest ? JSON.stringify(next.extensionRequest) : null,
});

/**
 * A workflow action planned on the case as read (both engines): refused, stale, or the next state and its step. The
 * write then checks the version again in its UPDATE's WHERE.
 */
export function planCaseAction(
  row: CaseRow,
  expectedVersion: number,
  action: CaseAction,
  actorKind: CaseActor,
  body: CaseActionBody,
  now: string,
  limitHours: number,
): { ok: false; answer: CaseWriteResult } | { ok: true; next: CaseWorkflowState; step: CaseChange['step'] } {
  const current = toCase(row, now);
  if (current.version !== expectedVersion) return { ok: false, answer: { ok: false, reason: 'stale', current } };
  const result = applyCaseAction(caseWorkflowState(current), action, actorKind, body, now, limitHours);
  if (!result.ok) return { ok: false, answer: { ok: false, reason: 'refused', refusal: result.refusal } };
  return { ok: true, next: { ...caseWorkflowState(current), ...result.change.patch }, step: result.change.step };
}

/** The parameters of `CASE_SQL.insertStep` for one step of a case. */
export const stepParams = (
  caseId: number,
  seq: number,
  step: CaseChange['step'],
  actor: CaseActorInfo,
  now: string,
) => ({
  caseId,
  seq,
  action: step.action,
  fromStatus: step.fromStatus,
  toStatus: step.toStatus,
  actorUserId: actor.id,
  actorName: actor.name,
  actorRole: actor.role,
  actorUnit: actor.unit,
  at: now,
  note: step.note,
  data: step.data ? JSON.stringify(step.data) : null,
});

/** The audit entry of a workflow action that went through. */
export const caseActionAudit = (
  id: number,
  action: CaseAction,
  step: CaseChange['step'],
  actor: CaseActorInfo,
): NewAuditEntry => ({
  actorId: actor.id,
  actorUsername: actor.username,
  ip: actor.ip,
  action: `case_${action}`,
  targetType: 'case',
  targetId: String(id),
  outcome: 'ok',
  detail: { from: step.fromStatus, to: step.toStatus },
});
