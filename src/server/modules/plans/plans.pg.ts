import type { RecordAuditIn } from '../../platform/audit';
import { named, type PgDb } from '../../platform/db/pg/pool';
import { pgRows, type PgQueryable } from '../../platform/db/pg/rows';
import type { PlanRepository } from './plans.repo';
import {
  PLAN_SQL,
  planChange,
  planWhere,
  toPlan,
  toPlanVersion,
  type PlanRow,
  type PlanScope,
  type PlanVersionRow,
} from './plans.rows';

/** The PostgreSQL plan repository (plans.repo.ts is the SQLite one). */
export function createPlanPgRepository(db: PgDb, recordAudit: RecordAuditIn): PlanRepository {
  async function list(q: PgQueryable, scope: PlanScope, today: string) {
    const { where, params } = planWhere(scope);
    return (await pgRows<PlanRow>(q, PLAN_SQL.list(where), params)).map((row) => toPlan(row, today));
  }
  const get = async (q: PgQueryable, id: number, today: string) => (await list(q, { id }, today))[0] ?? null;
  return {
    list: (scope, today) => list(db, scope, today),
    get: (id, today) => get(db, id, today),
    async versions(id) {
      return (await pgRows<PlanVersionRow>(db, PLAN_SQL.versions, { planId: id })).map(toPlanVersion);
    },
    async create(input, audit, now, today) {
      return db.transaction(async (tx) => {
        const bodyJson = JSON.stringify(input.body);
        const inserted = await pgRows<{ id: number }>(tx, `${PLAN_SQL.insert} RETURNING id`, {
          unit: input.unit,
          year: input.year,
          bodyJson,
          now,
          actorUserId: input.actorUserId,
        });
        if (!inserted.length) return null;
        const id = inserted[0]!.id;
        await pgRows(tx, PLAN_SQL.insertVersion, {
          planId: id,
          version: 1,
          action: 'create',
          state: 'draft',
          actorUserId: input.actorUserId,
          at: now,
          comment: null,
          bodyJson,
        });
        const created = (await get(tx, id, today))!;
        await recordAudit(tx, audit(created));
        return created;
      });
    },
    async change(id, expectedVersion, change, audit, now, today, effects) {
      return db.transaction(async (tx) => {
        const current = await get(tx, id, today);
        if (!current) return { ok: false, reason: 'not-found' } as const;
        const plan = planChange(current, change, expectedVersion, now);
        const { text, values } = named(PLAN_SQL.update, plan.update);
        const changed = await tx.query(text, values);
        if (!changed.rowCount) return { ok: false, reason: 'stale', current } as const;
        await pgRows(tx, PLAN_SQL.insertVersion, plan.version);
        const updated = (await get(tx, id, today))!;
        await recordAudit(tx, audit(updated));
        for (const [sql, params] of effects?.(updated) ?? []) await pgRows(tx, sql, params);
        return { ok: true, plan: updated } as const;
      });
    },
  };
}
