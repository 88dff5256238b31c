import type { RecordAuditIn } from '../../platform/audit';
import { named, type PgDb } from '../../platform/db/pg/pool';
import { pgRows, type PgQueryable } from '../../platform/db/pg/rows';
import type { SupervisionEffects, SupervisionRepository } from './supervisions.repo';
import type { Supervision } from '../../../shared/supervision/supervision';
import {
  planStep,
  scopeWhere,
  SUPERVISION_SQL,
  toSupervisions,
  type SupervisionRow,
  type SupervisionScope,
  type SupervisionStepRow,
} from './supervisions.rows';

/** The PostgreSQL supervision repository (supervisions.repo.ts is the SQLite one). */
export function createSupervisionPgRepository(db: PgDb, recordAudit: RecordAuditIn): SupervisionRepository {
  async function list(q: PgQueryable, scope: SupervisionScope, today: string) {
    const { where, params } = scopeWhere(scope, today);
    const rows = await pgRows<SupervisionRow>(q, SUPERVISION_SQL.list(where), params);
    const steps = rows.length ? await pgRows<SupervisionStepRow>(q, SUPERVISION_SQL.steps(where), params) : [];
    return toSupervisions(rows, steps, today);
  }
  const get = async (q: PgQueryable, id: number, today: string) => (await list(q, { id }, today))[0] ?? null;
  const runEffects = async (q: PgQueryable, supervision: Supervision, effects?: SupervisionEffects) => {
    for (const [sql, params] of effects?.(supervision) ?? []) await pgRows(q, sql, params);
  };
  return {
    listOfZone: (zoneId, today) => list(db, { zoneId }, today),
    list: (scope, today) => list(db, scope, today),
    get: (id, today) => get(db, id, today),
    async resolveTarget(wanted) {
      if (wanted.kind === 'zone') {
        const [row] = await pgRows<{ id: number; unit: string | null }>(db, SUPERVISION_SQL.zoneTarget, wanted);
        return row ? { zoneId: row.id, taskId: null, caseId: null, unit: row.unit } : null;
      }
      if (wanted.kind === 'task') {
        const [row] = await pgRows<{ id: number; zone_id: number; unit: string | null }>(
          db,
          SUPERVISION_SQL.taskTarget,
          wanted,
        );
        return row ? { zoneId: row.zone_id, taskId: row.id, caseId: null, unit: row.unit } : null;
      }
      const [row] = await pgRows<{ id: number; zone_id: number | null; unit: string | null }>(
        db,
        SUPERVISION_SQL.caseTarget,
        wanted,
      );
      return row ? { zoneId: row.zone_id, taskId: null, caseId: row.id, unit: row.unit } : null;
    },
    async photoIdsOfZone(zoneId) {
      return (await pgRows<{ id: number }>(db, SUPERVISION_SQL.photosOfZone, { zoneId })).map((row) => String(row.id));
    },
    async create(input, audit, now, today, effects) {
      return db.transaction(async (tx) => {
        const [inserted] = await pgRows<{ id: number }>(tx, `${SUPERVISION_SQL.insert} RETURNING id`, {
          ...input,
          createdAt: now,
        });
        const created = (await get(tx, inserted!.id, today))!;
        await recordAudit(tx, audit(created));
        await runEffects(tx, created, effects);
        return created;
      });
    },
    async addStep(id, expectedVersion, step, audit, now, today, effects) {
      return db.transaction(async (tx) => {
        const current = await get(tx, id, today);
        if (!current) return { ok: false, reason: 'not-found' } as const;
        const plan = planStep(current, step, expectedVersion, now);
        const { text, values } = named(SUPERVISION_SQL.update, plan.update);
        const changed = await tx.query(text, values);
        if (!changed.rowCount) return { ok: false, reason: 'stale', current } as const;
        await pgRows(tx, SUPERVISION_SQL.insertStep, plan.step);
        const supervision = (await get(tx, id, today))!;
        await recordAudit(tx, audit(supervision));
        await runEffects(tx, supervision, effects);
        return { ok: true, supervision } as const;
      });
    },
  };
}
