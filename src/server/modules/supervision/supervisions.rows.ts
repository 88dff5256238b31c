import type { NewAuditEntry } from '../../platform/audit';
import {
  isSupervisionOverdue,
  statusAfter,
  type Supervision,
  type SupervisionListFilter,
  type SupervisionStatus,
  type SupervisionStep,
  type SupervisionStepKind,
} from '../../../shared/supervision/supervision';

/** 督办 rows, mappers, statements and the planning of a step, shared by the SQLite and PostgreSQL repositories. */
export interface SupervisionRow {
  id: number;
  zone_id: number | null;
  zone_name: string | null;
  task_id: number | null;
  task_title: string | null;
  case_id: number | null;
  case_no: string | null;
  unit_id: string | null;
  note: string;
  deadline: string;
  status: SupervisionStatus;
  created_by: number;
  created_by_name: string;
  created_at: string;
  resolved_at: string | null;
  version: number;
}

export interface SupervisionStepRow {
  id: number;
  supervision_id: number;
  kind: SupervisionStepKind;
  text: string;
  new_date: string | null;
  photo_ids_json: string;
  actor_name: string;
  actor_unit: string | null;
  at: string;
}

const toStep = (row: SupervisionStepRow): SupervisionStep => ({
  id: String(row.id),
  kind: row.kind,
  text: row.text,
  newDate: row.new_date,
  photoIds: (JSON.parse(row.photo_ids_json) as (string | number)[]).map(String),
  actorName: row.actor_name,
  actorUnit: row.actor_unit,
  at: row.at,
});

const idOrNull = (value: number | null) => (value === null ? null : String(value));

export const toSupervision = (row: SupervisionRow, today: string, steps: SupervisionStepRow[] = []): Supervision => ({
  id: String(row.id),
  zoneId: idOrNull(row.zone_id),
  zoneName: row.zone_name,
  taskId: idOrNull(row.task_id),
  taskTitle: row.task_title,
  caseId: idOrNull(row.case_id),
  caseNo: row.case_no,
  unit: row.unit_id,
  note: row.note,
  deadline: row.deadline,
  status: row.status,
  createdBy: String(row.created_by),
  createdByName: row.created_by_name,
  createdAt: row.created_at,
  resolvedAt: row.resolved_at,
  version: row.version,
  overdue: isSupervisionOverdue(row, today),
  steps: steps.filter((step) => step.supervision_id === row.id).map(toStep),
});

/** The 督办 and their steps as one list, newest first. */
export const toSupervisions = (rows: SupervisionRow[], steps: SupervisionStepRow[], today: string) =>
  rows.map((row) => toSupervision(row, today, steps));

/** Which 督办 a list holds: a zone's, one, by status and by responsible unit (each with its @name parameters). */
export interface SupervisionScope {
  zoneId?: number;
  id?: number;
  status?: SupervisionListFilter;
  unit?: string;
}

const FROM = `FROM supervisions s
  JOIN users u ON u.id = s.created_by
  LEFT JOIN zones z ON z.id = s.zone_id
  LEFT JOIN tasks t ON t.id = s.task_id
  LEFT JOIN cases c ON c.id = s.case_id`;

/** The WHERE clause and parameters of a scope (deleted zones' 督办 are left out of lists). */
export function scopeWhere(scope: SupervisionScope, today: string): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (scope.id !== undefined) {
    clauses.push('s.id = @id');
    params.id = scope.id;
  } else clauses.push('(s.zone_id IS NULL OR z.deleted_at IS NULL)');
  if (scope.zoneId !== undefined) {
    clauses.push('s.zone_id = @zoneId');
    params.zoneId = scope.zoneId;
  }
  if (scope.unit !== undefined) {
    clauses.push('s.unit_id = @unit');
    params.unit = scope.unit;
  }
  if (scope.status === 'open') clauses.push("s.status <> 'closed'");
  if (scope.status === 'closed') clauses.push("s.status = 'closed'");
  if (scope.status === 'overdue') {
    clauses.push("s.status = 'open' AND s.deadline < @today");
    params.today = today;
  }
  return { where: clauses.join(' AND '), params };
}

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const SUPERVISION_SQL = {
  list: (where: string) =>
    `SELECT s.id, s.zone_id, z.name AS zone_name, s.task_id, t.title AS task_title, s.case_id, c.case_no, s.unit_id,
            s.note, s.deadline, s.status, s.created_by, u.display_name AS created_by_name, s.created_at, s.resolved_at,
            s.version
       ${FROM} WHERE ${where} ORDER BY s.created_at DESC, s.id DESC`,
  steps: (where: string) =>
    `SELECT st.id, st.supervision_id, st.kind, st.text, st.new_date, st.photo_ids_json, a.display_name AS actor_name,
            a.unit_id AS actor_unit, st.at
       FROM supervision_steps st JOIN users a ON a.id = st.actor_user_id
      WHERE st.supervision_id IN (SELECT s.id ${FROM} WHERE ${where}) ORDER BY st.id`,
  taskTarget: `SELECT t.id, t.zone_id, t.assigned_unit_id AS unit FROM tasks t JOIN zones z ON z.id = t.zone_id
                WHERE t.id = @taskId AND z.deleted_at IS NULL`,
  zoneTarget: 'SELECT id, lead_unit_id AS unit FROM zones WHERE id = @zoneId AND deleted_at IS NULL',
  caseTarget: 'SELECT id, zone_id, unit_id AS unit FROM cases WHERE id = @caseId',
  insert: `INSERT INTO supervisions (zone_id, task_id, case_id, unit_id, note, deadline, status, created_by, created_at)
           VALUES (@zoneId, @taskId, @caseId, @unit, @note, @deadline, 'open', @createdBy, @createdAt)`,
  /** The version check is the write: no row changed means stale (or gone). */
  update: `UPDATE supervisions SET status = @status, deadline = @deadline, resolved_at = @resolvedAt,
                  resolved_by = @resolvedBy, version = version + 1
            WHERE id = @id AND version = @expectedVersion`,
  insertStep: `INSERT INTO supervision_steps (supervision_id, kind, text, new_date, photo_ids_json, actor_user_id, at)
               VALUES (@supervisionId, @kind, @text, @newDate, @photoIdsJson, @actorUserId, @at)`,
  photosOfZone: `SELECT id FROM photos WHERE zone_id = @zoneId AND deleted_at IS NULL`,
};

/** What a new 督办 needs: its target (resolved by the route), the unit that must answer, the note and deadline. */
export interface NewSupervision {
  zoneId: number | null;
  taskId: number | null;
  caseId: number | null;
  unit: string | null;
  note: string;
  deadline: string;
  createdBy: number;
}

/** One step of the thread as the route asks for it. */
export interface NewSupervisionStep {
  kind: SupervisionStepKind;
  text: string;
  newDate: string | null;
  photoIds: string[];
  actorUserId: number;
}

/** The parameters of the version-checked update and of the step row a step writes. */
export function planStep(current: Supervision, step: NewSupervisionStep, expectedVersion: number, now: string) {
  const status = statusAfter(step.kind);
  return {
    update: {
      id: Number(current.id),
      expectedVersion,
      status,
      deadline: step.kind === 'reopen' && step.newDate ? step.newDate : current.deadline,
      resolvedAt: status === 'closed' ? now : null,
      resolvedBy: status === 'closed' ? step.actorUserId : null,
    },
    step: {
      supervisionId: Number(current.id),
      kind: step.kind,
      text: step.text,
      newDate: step.newDate,
      photoIdsJson: JSON.stringify(step.photoIds.map(Number)),
      actorUserId: step.actorUserId,
      at: now,
    },
  };
}

export type SupervisionStepResult =
  | { ok: true; supervision: Supervision }
  | { ok: false; reason: 'stale'; current: Supervision }
  | { ok: false; reason: 'not-found' };

export type SupervisionAudit = (supervision: Supervision) => NewAuditEntry;
