import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import type { Supervision } from '../../../shared/supervision/supervision';
import {
  planStep,
  scopeWhere,
  SUPERVISION_SQL,
  toSupervisions,
  type NewSupervision,
  type NewSupervisionStep,
  type SupervisionAudit,
  type SupervisionRow,
  type SupervisionScope,
  type SupervisionStepResult,
  type SupervisionStepRow,
} from './supervisions.rows';

/**
 * Statements another module writes in the same transaction as a 督办 change (its inbox items and outbox messages),
 * `@name` parameters, the same on both engines.
 */
export type SupervisionEffects = (supervision: Supervision) => [sql: string, params: Record<string, unknown>][];

export type SupervisionTarget =
  { kind: 'zone'; zoneId: number } | { kind: 'task'; taskId: number } | { kind: 'case'; caseId: number };

/** A target's zone (for a case: the zone it lies in, if any) and the unit that must answer; null: not found. */
export interface ResolvedTarget {
  zoneId: number | null;
  taskId: number | null;
  caseId: number | null;
  unit: string | null;
}

export interface SupervisionRepository {
  listOfZone(zoneId: number, today: string): Promise<Supervision[]>;
  list(scope: SupervisionScope, today: string): Promise<Supervision[]>;
  get(id: number, today: string): Promise<Supervision | null>;
  resolveTarget(target: SupervisionTarget): Promise<ResolvedTarget | null>;
  /** Ids of the live photos of a zone (a reply's photos must be among them). */
  photoIdsOfZone(zoneId: number): Promise<string[]>;
  /** Create a 督办, its audit entry and its effects in one transaction. */
  create(
    input: NewSupervision,
    audit: SupervisionAudit,
    now: string,
    today: string,
    effects?: SupervisionEffects,
  ): Promise<Supervision>;
  /** A reply, close or reopen: the version-checked update, the step row, the audit entry and effects at once. */
  addStep(
    id: number,
    expectedVersion: number,
    step: NewSupervisionStep,
    audit: SupervisionAudit,
    now: string,
    today: string,
    effects?: SupervisionEffects,
  ): Promise<SupervisionStepResult>;
}

export function createSupervisionRepository(
  db: Db,
  recordAudit: (entry: NewAuditEntry) => void,
): SupervisionRepository {
  const insert = db.prepare(SUPERVISION_SQL.insert);
  const update = db.prepare(SUPERVISION_SQL.update);
  const insertStep = db.prepare(SUPERVISION_SQL.insertStep);
  const target = {
    zone: db.prepare<{ zoneId: number }, { id: number; unit: string | null }>(SUPERVISION_SQL.zoneTarget),
    task: db.prepare<{ taskId: number }, { id: number; zone_id: number; unit: string | null }>(
      SUPERVISION_SQL.taskTarget,
    ),
    case: db.prepare<{ caseId: number }, { id: number; zone_id: number | null; unit: string | null }>(
      SUPERVISION_SQL.caseTarget,
    ),
  };
  const photos = db.prepare<{ zoneId: number }, { id: number }>(SUPERVISION_SQL.photosOfZone);

  const list = (scope: SupervisionScope, today: string) => {
    const { where, params } = scopeWhere(scope, today);
    const rows = db.prepare<Record<string, unknown>, SupervisionRow>(SUPERVISION_SQL.list(where)).all(params);
    const steps = rows.length
      ? db.prepare<Record<string, unknown>, SupervisionStepRow>(SUPERVISION_SQL.steps(where)).all(params)
      : [];
    return toSupervisions(rows, steps, today);
  };
  const get = (id: number, today: string) => list({ id }, today)[0] ?? null;
  const runEffects = (supervision: Supervision, effects?: SupervisionEffects) => {
    for (const [sql, params] of effects?.(supervision) ?? []) db.prepare(sql).run(params);
  };

  return {
    async listOfZone(zoneId, today) {
      return list({ zoneId }, today);
    },
    async list(scope, today) {
      return list(scope, today);
    },
    async get(id, today) {
      return get(id, today);
    },
    async resolveTarget(wanted) {
      if (wanted.kind === 'zone') {
        const row = target.zone.get({ zoneId: wanted.zoneId });
        return row ? { zoneId: row.id, taskId: null, caseId: null, unit: row.unit } : null;
      }
      if (wanted.kind === 'task') {
        const row = target.task.get({ taskId: wanted.taskId });
        return row ? { zoneId: row.zone_id, taskId: row.id, caseId: null, unit: row.unit } : null;
      }
      const row = target.case.get({ caseId: wanted.caseId });
      return row ? { zoneId: row.zone_id, taskId: null, caseId: row.id, unit: row.unit } : null;
    },
    async photoIdsOfZone(zoneId) {
      return photos.all({ zoneId }).map((row) => String(row.id));
    },
    async create(input, audit, now, today, effects) {
      return db.transaction(() => {
        const result = insert.run({ ...input, createdAt: now });
        const created = get(Number(result.lastInsertRowid), today)!;
        recordAudit(audit(created));
        runEffects(created, effects);
        return created;
      })();
    },
    async addStep(id, expectedVersion, step, audit, now, today, effects) {
      return db.transaction((): SupervisionStepResult => {
        const current = get(id, today);
        if (!current) return { ok: false, reason: 'not-found' };
        const plan = planStep(current, step, expectedVersion, now);
        if (update.run(plan.update).changes === 0) return { ok: false, reason: 'stale', current };
        insertStep.run(plan.step);
        const supervision = get(id, today)!;
        recordAudit(audit(supervision));
        runEffects(supervision, effects);
        return { ok: true, supervision };
      })();
    },
  };
}
