import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import type { Plan, PlanVersion } from '../../../shared/plans/plans';
import {
  PLAN_SQL,
  planChange,
  planWhere,
  toPlan,
  toPlanVersion,
  type NewPlan,
  type PlanAudit,
  type PlanChange,
  type PlanChangeResult,
  type PlanRow,
  type PlanScope,
  type PlanVersionRow,
} from './plans.rows';

/**
 * Statements another module writes in the same transaction as a plan step (its inbox items), `@name` parameters,
 * the same on both engines.
 */
export type PlanEffects = (plan: Plan) => [sql: string, params: Record<string, unknown>][];

export interface PlanRepository {
  list(scope: PlanScope, today: string): Promise<Plan[]>;
  get(id: number, today: string): Promise<Plan | null>;
  versions(id: number): Promise<PlanVersion[]>;
  /** Create a unit's plan for a year with its first version and audit entry; null when it already has one. */
  create(input: NewPlan, audit: PlanAudit, now: string, today: string): Promise<Plan | null>;
  /** An edit or a step: the version-checked update, the version row, the audit entry and effects at once. */
  change(
    id: number,
    expectedVersion: number,
    change: PlanChange,
    audit: PlanAudit,
    now: string,
    today: string,
    effects?: PlanEffects,
  ): Promise<PlanChangeResult>;
}

export function createPlanRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): PlanRepository {
  const insert = db.prepare(PLAN_SQL.insert);
  const idOf = db.prepare<{ unit: string; year: number }, { id: number }>(PLAN_SQL.idOf);
  const update = db.prepare(PLAN_SQL.update);
  const insertVersion = db.prepare(PLAN_SQL.insertVersion);
  const versions = db.prepare<{ planId: number }, PlanVersionRow>(PLAN_SQL.versions);

  const list = (scope: PlanScope, today: string) => {
    const { where, params } = planWhere(scope);
    return db
      .prepare<Record<string, unknown>, PlanRow>(PLAN_SQL.list(where))
      .all(params)
      .map((row) => toPlan(row, today));
  };
  const get = (id: number, today: string) => list({ id }, today)[0] ?? null;

  return {
    async list(scope, today) {
      return list(scope, today);
    },
    async get(id, today) {
      return get(id, today);
    },
    async versions(id) {
      return versions.all({ planId: id }).map(toPlanVersion);
    },
    async create(input, audit, now, today) {
      return db.transaction(() => {
        const bodyJson = JSON.stringify(input.body);
        const result = insert.run({
          unit: input.unit,
          year: input.year,
          bodyJson,
          now,
          actorUserId: input.actorUserId,
        });
        if (result.changes === 0) return null;
        const id = idOf.get({ unit: input.unit, year: input.year })!.id;
        insertVersion.run({
          planId: id,
          version: 1,
          action: 'create',
          state: 'draft',
          actorUserId: input.actorUserId,
          at: now,
          comment: null,
          bodyJson,
        });
        const created = get(id, today)!;
        recordAudit(audit(created));
        return created;
      })();
    },
    async change(id, expectedVersion, change, audit, now, today, effects) {
      return db.transaction((): PlanChangeResult => {
        const current = get(id, today);
        if (!current) return { ok: false, reason: 'not-found' };
        const plan = planChange(current, change, expectedVersion, now);
        if (update.run(plan.update).changes === 0) return { ok: false, reason: 'stale', current };
        insertVersion.run(plan.version);
        const changed = get(id, today)!;
        recordAudit(audit(changed));
        for (const [sql, params] of effects?.(changed) ?? []) db.prepare(sql).run(params);
        return { ok: true, plan: changed };
      })();
    },
  };
}
