import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import type { QuarterlyCheck, QuarterOverview, ScoredCheckBody } from '../../../shared/checks/checks';
import {
  checkAudit,
  CHECK_SQL,
  reworkOfCheck,
  toCheck,
  toCheckOfQuarter,
  toUnchecked,
  type CheckRow,
  type CheckOfQuarterRow,
} from './checks.rows';

export type CreateCheckResult =
  | { ok: true; check: QuarterlyCheck; reworkedTaskIds: string[] }
  | { ok: false; reason: 'duplicate'; existing: QuarterlyCheck }
  | { ok: false; reason: 'foreign-photos'; photoIds: string[] };

/** 季检查: one check per zone and quarter; a failed one sends the zone's tasks to rework in the same transaction. */
export interface CheckRepository {
  /** The zone's checks, newest quarter first. */
  listOfZone(zoneId: number): Promise<QuarterlyCheck[]>;
  /** The quarter's checks with their zones, and the zones (not deleted) not yet checked in it. */
  overviewOfQuarter(quarter: string): Promise<QuarterOverview>;
  /**
   * Record a check with its audit entry. Refused (nothing written) when the zone already has a
   * check of that quarter, or when a photo is not a (not deleted) photo of the zone. The tasks a failed
   * check sends back are due on `reworkDue`.
   */
  create(zoneId: number, body: ScoredCheckBody, reworkDue: string | null, actor: Actor): Promise<CreateCheckResult>;
}

/**
 * The SQLite check repository. `reworkZoneTasks` is the task repository's synchronous rework (its
 * thread entries, audit and zone roll-up), called inside this repository's transaction.
 */
export function createCheckRepository(
  db: Db,
  recordAudit: (entry: NewAuditEntry) => void,
  reworkZoneTasks: (
    zoneId: number,
    note: string,
    actor: Actor,
    data?: Record<string, unknown>,
    dueDate?: string,
  ) => string[],
): CheckRepository {
  const ofZone = db.prepare<{ zoneId: number }, CheckRow>(CHECK_SQL.ofZone);
  const byZoneAndQuarter = db.prepare<{ zoneId: number; quarter: string }, CheckRow>(CHECK_SQL.byZoneAndQuarter);
  const byId = db.prepare<{ id: number }, CheckRow>(CHECK_SQL.byId);
  const photosOfZone = db.prepare<[number, string], { id: number }>(
    `SELECT id FROM photos WHERE zone_id = ? AND deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
  );
  const insert = db.prepare<Record<string, unknown>, { id: number }>(CHECK_SQL.insert);
  const checkedOfQuarter = db.prepare<{ quarter: string }, CheckOfQuarterRow>(CHECK_SQL.checkedOfQuarter);
  const uncheckedOfQuarter = db.prepare<
    { quarter: string },
    { id: number; name: string; category: string; status: string }
  >(CHECK_SQL.uncheckedOfQuarter);

  return {
    async listOfZone(zoneId) {
      return ofZone.all({ zoneId }).map(toCheck);
    },

    async overviewOfQuarter(quarter) {
      return db.transaction(() => ({
        quarter,
        checks: checkedOfQuarter.all({ quarter }).map(toCheckOfQuarter),
        unchecked: uncheckedOfQuarter.all({ quarter }).map(toUnchecked),
      }))();
    },

    async create(zoneId, body, reworkDue, actor) {
      return db.transaction((): CreateCheckResult => {
        const existing = byZoneAndQuarter.get({ zoneId, quarter: body.quarter });
        if (existing) return { ok: false, reason: 'duplicate', existing: toCheck(existing) };
        const photoIds = body.photoIds ?? [];
        if (photoIds.length) {
          const found = new Set(photosOfZone.all(zoneId, JSON.stringify(photoIds.map(Number))).map((row) => row.id));
          const foreign = photoIds.filter((id) => !found.has(Number(id)));
          if (foreign.length) return { ok: false, reason: 'foreign-photos', photoIds: foreign };
        }
        // One per zone and quarter is decided by the insert (the unique key): a racing second check inserts
        // nothing and gets the first as the existing one, without rework or audit.
        const inserted = insert.get({
          zoneId,
          quarter: body.quarter,
          checkedOn: body.checkedOn,
          passed: body.passed ? 1 : 0,
          score: body.score,
          answers: body.answers ? JSON.stringify(body.answers) : null,
          findings: body.findings,
          reworkDue: body.passed ? null : reworkDue,
          photoIds: JSON.stringify(photoIds.map(Number)),
          checkedBy: Number(actor.id),
          createdAt: stampNow(),
        });
        if (!inserted)
          return {
            ok: false,
            reason: 'duplicate',
            existing: toCheck(byZoneAndQuarter.get({ zoneId, quarter: body.quarter })!),
          };
        const check = toCheck(byId.get({ id: inserted.id })!);
        const rework = reworkOfCheck(check);
        const reworkedTaskIds = rework ? reworkZoneTasks(zoneId, rework.note, actor, rework.data, rework.dueDate) : [];
        recordAudit(checkAudit(check, reworkedTaskIds, actor));
        return { ok: true, check, reworkedTaskIds };
      })();
    },
  };
}
