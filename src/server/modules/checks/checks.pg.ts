import type { Actor, RecordAuditIn } from '../../platform/audit';
import { stampNow } from '../../platform/clock';
import type { PgDb, PgTx } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import type { CheckRepository, CreateCheckResult } from './checks.repo';
import {
  checkAudit,
  CHECK_SQL,
  reworkOfCheck,
  toCheck,
  toCheckOfQuarter,
  toUnchecked,
  type CheckOfQuarterRow,
  type CheckRow,
} from './checks.rows';

/** The task repository's rework of a zone's tasks, inside the check's transaction (the twin of reworkZoneTasksSync). */
export type ReworkZoneTasksIn = (
  tx: PgTx,
  zoneId: number,
  note: string,
  actor: Actor,
  data?: Record<string, unknown>,
  dueDate?: string,
) => Promise<string[]>;

/** The PostgreSQL check repository (checks.repo.ts is the SQLite one). */
export function createCheckPgRepository(
  db: PgDb,
  recordAudit: RecordAuditIn,
  reworkZoneTasks: ReworkZoneTasksIn,
): CheckRepository {
  return {
    async listOfZone(zoneId) {
      return (await pgRows<CheckRow>(db, CHECK_SQL.ofZone, { zoneId })).map(toCheck);
    },

    async overviewOfQuarter(quarter) {
      return db.transaction(async (tx) => ({
        quarter,
        checks: (await pgRows<CheckOfQuarterRow>(tx, CHECK_SQL.checkedOfQuarter, { quarter })).map(toCheckOfQuarter),
        unchecked: (
          await pgRows<{ id: number; name: string; category: string; status: string }>(
            tx,
            CHECK_SQL.uncheckedOfQuarter,
            { quarter },
          )
        ).map(toUnchecked),
      }));
    },

    async create(zoneId, body, reworkDue, actor) {
      return db.transaction(async (tx): Promise<CreateCheckResult> => {
        const existingOf = async () =>
          (await pgRows<CheckRow>(tx, CHECK_SQL.byZoneAndQuarter, { zoneId, quarter: body.quarter }))[0];
        const existing = await existingOf();
        if (existing) return { ok: false, reason: 'duplicate', existing: toCheck(existing) };
        const photoIds = body.photoIds ?? [];
        if (photoIds.length) {
          // SQLite: id IN (SELECT value FROM json_each(?)).
          const found = await pgRows<{ id: number }>(
            tx,
            `SELECT id FROM photos WHERE zone_id = @zoneId AND deleted_at IS NULL
               AND id IN (SELECT value::integer FROM jsonb_array_elements_text(@ids::jsonb))`,
            { zoneId, ids: JSON.stringify(photoIds.map(Number)) },
          );
          const ids = new Set(found.map((row) => row.id));
          const foreign = photoIds.filter((id) => !ids.has(Number(id)));
          if (foreign.length) return { ok: false, reason: 'foreign-photos', photoIds: foreign };
        }
        // One per zone and quarter is decided by the insert (the unique key): a racing second check inserts
        // nothing and gets the first as the existing one, without rework or audit.
        const [inserted] = await pgRows<{ id: number }>(tx, CHECK_SQL.insert, {
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
        if (!inserted) return { ok: false, reason: 'duplicate', existing: toCheck((await existingOf())!) };
        const check = toCheck((await pgRows<CheckRow>(tx, CHECK_SQL.byId, { id: inserted.id }))[0]!);
        const rework = reworkOfCheck(check);
        const reworkedTaskIds = rework
          ? await reworkZoneTasks(tx, zoneId, rework.note, actor, rework.data, rework.dueDate)
          : [];
        await recordAudit(tx, checkAudit(check, reworkedTaskIds, actor));
        return { ok: true, check, reworkedTaskIds };
      });
    },
  };
}
