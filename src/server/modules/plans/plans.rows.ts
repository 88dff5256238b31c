import type { NewAuditEntry } from '../../platform/audit';
import {
  isPlanLate,
  planBodySchema,
  planDueDate,
  type Plan,
  type PlanBody,
  type PlanState,
  type PlanVersion,
  type PlanVersionAction,
} from '../../../shared/plans/plans';

/** Plan rows, mappers and statements, shared by the SQLite and PostgreSQL repositories. */
export interface PlanRow {
  id: number;
  unit_id: string;
  year: number;
  state: PlanState;
  version: number;
  body_json: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  approved_at: string | null;
  approved_by_name: string | null;
  comment: string | null;
}

export interface PlanVersionRow {
  version: number;
  action: PlanVersionAction;
  state: PlanState;
  actor_name: string | null;
  actor_unit: string | null;
  at: string;
  comment: string | null;
  body_json: string;
}

/** A stored body, read leniently: what was valid when written stays readable. */
const bodyOf = (json: string): PlanBody => {
  const parsed = planBodySchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : (JSON.parse(json) as PlanBody);
};

export const toPlan = (row: PlanRow, today: string): Plan => ({
  id: String(row.id),
  unit: row.unit_id,
  year: row.year,
  state: row.state,
  version: row.version,
  body: bodyOf(row.body_json),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  submittedAt: row.submitted_at,
  approvedAt: row.approved_at,
  approvedByName: row.approved_by_name,
  comment: row.comment,
  due: planDueDate(row.year),
  late: isPlanLate(row.year, row.submitted_at, today),
});

export const toPlanVersion = (row: PlanVersionRow): PlanVersion => ({
  version: row.version,
  action: row.action,
  state: row.state,
  actorName: row.actor_name ?? '',
  actorUnit: row.actor_unit,
  at: row.at,
  comment: row.comment,
  body: bodyOf(row.body_json),
});

/** Which plans a list holds (each with its @name parameter). */
export interface PlanScope {
  id?: number;
  year?: number;
  unit?: string;
  state?: PlanState;
}

export function planWhere(scope: PlanScope): { where: string; params: Record<string, unknown> } {
  const clauses = ['1 = 1'];
  const params: Record<string, unknown> = {};
  for (const [key, column] of [
    ['id', 'p.id'],
    ['year', 'p.year'],
    ['unit', 'p.unit_id'],
    ['state', 'p.state'],
  ] as const) {
    if (scope[key] !== undefined) {
      clauses.push(`${column} = @${key}`);
      params[key] = scope[key];
    }
  }
  return { where: clauses.join(' AND '), params };
}

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const PLAN_SQL = {
  list: (where: string) =>
    `SELECT p.id, p.unit_id, p.year, p.state, p.version, p.body_json, p.created_at, p.updated_at, p.submitted_at,
            p.approved_at, u.display_name AS approved_by_name, p.comment
       FROM plans p LEFT JOIN users u ON u.id = p.approved_by
      WHERE ${where} ORDER BY p.year DESC, p.unit_id`,
  versions: `SELECT v.version, v.action, v.state, a.display_name AS actor_name, a.unit_id AS actor_unit, v.at, v.comment,
                    v.body_json
               FROM plan_versions v LEFT JOIN users a ON a.id = v.actor_user_id
              WHERE v.plan_id = @planId ORDER BY v.version DESC`,
  /** Idempotent per (unit, year): a second create inserts nothing. */
  insert: `INSERT INTO plans (unit_id, year, state, version, body_json, created_at, created_by, updated_at)
           VALUES (@unit, @year, 'draft', 1, @bodyJson, @now, @actorUserId, @now)
           ON CONFLICT (unit_id, year) DO NOTHING`,
  idOf: 'SELECT id FROM plans WHERE unit_id = @unit AND year = @year',
  /** The version check is the write: no row changed means stale (or gone). */
  update: `UPDATE plans SET state = @state, body_json = @bodyJson, updated_at = @now, version = version + 1,
                  submitted_at = @submittedAt, approved_at = @approvedAt, approved_by = @approvedBy, comment = @comment
            WHERE id = @id AND version = @expectedVersion`,
  insertVersion: `INSERT INTO plan_versions (plan_id, version, action, state, actor_user_id, at, comment, body_json)
                  VALUES (@planId, @version, @action, @state, @actorUserId, @at, @comment, @bodyJson)`,
};

/** A new plan as the route asks for it. */
export interface NewPlan {
  unit: string;
  year: number;
  body: PlanBody;
  /** Null: the sample data (示例数据). */
  actorUserId: number | null;
}

/** A change of a plan as the route asks for it: an edit (new body) or a step (new state). */
export interface PlanChange {
  action: 'edit' | 'submit' | 'return' | 'approve';
  state: PlanState;
  body: PlanBody;
  comment: string | null;
  /** Null: the sample data (示例数据). */
  actorUserId: number | null;
}

/** The parameters of the version-checked update and of the version row a change writes. */
export function planChange(current: Plan, change: PlanChange, expectedVersion: number, now: string) {
  const bodyJson = JSON.stringify(change.body);
  const isOfficeStep = change.action === 'return' || change.action === 'approve';
  return {
    update: {
      id: Number(current.id),
      expectedVersion,
      state: change.state,
      bodyJson,
      now,
      submittedAt: current.submittedAt ?? (change.action === 'submit' ? now : null),
      approvedAt: change.action === 'approve' ? now : current.approvedAt === null ? null : current.approvedAt,
      approvedBy: change.action === 'approve' ? change.actorUserId : null,
      comment: isOfficeStep ? change.comment : current.comment,
    },
    version: {
      planId: Number(current.id),
      version: expectedVersion + 1,
      action: change.action,
      state: change.state,
      actorUserId: change.actorUserId,
      at: now,
      comment: change.comment,
      bodyJson,
    },
  };
}

export type PlanChangeResult =
  { ok: true; plan: Plan } | { ok: false; reason: 'stale'; current: Plan } | { ok: false; reason: 'not-found' };

export type PlanAudit = (plan: Plan) => NewAuditEntry;
