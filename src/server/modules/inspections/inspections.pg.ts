import type { RecordAuditIn } from '../../platform/audit';
import { stampNow } from '../../platform/clock';
import type { PgDb } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import type { CreateInspectionResult, InspectionRepository } from './inspections.repo';
import {
  inspectionAudit,
  INSPECTION_SQL,
  insertParams,
  planOverview,
  toInspection,
  type InspectionOfMonthRow,
  type InspectionRow,
  type ZoneOfItemRow,
} from './inspections.rows';

/** The PostgreSQL inspection repository (inspections.repo.ts is the SQLite one). */
export function createInspectionPgRepository(db: PgDb, recordAudit: RecordAuditIn): InspectionRepository {
  return {
    async listOfZone(zoneId) {
      return (await pgRows<InspectionRow>(db, INSPECTION_SQL.ofZone, { zoneId })).map(toInspection);
    },

    async overview(month, unit, items) {
      return db.transaction(async (tx) =>
        planOverview(
          month,
          unit,
          items,
          await pgRows<InspectionOfMonthRow>(tx, INSPECTION_SQL.ofMonth, { month }),
          await pgRows<ZoneOfItemRow>(tx, INSPECTION_SQL.zones, {}),
        ),
      );
    },

    async create(input, actor) {
      return db.transaction(async (tx): Promise<CreateInspectionResult> => {
        const existingOf = async () =>
          (
            await pgRows<InspectionRow>(tx, INSPECTION_SQL.byZoneAndMonth, {
              zoneId: input.zoneId,
              month: input.month,
            })
          )[0];
        const existing = await existingOf();
        if (existing) return { ok: false, reason: 'duplicate', existing: toInspection(existing) };
        if (input.photoIds.length) {
          // SQLite: id IN (SELECT value FROM json_each(?)).
          const found = await pgRows<{ id: number }>(
            tx,
            `SELECT id FROM photos WHERE zone_id = @zoneId AND deleted_at IS NULL
               AND id IN (SELECT value::integer FROM jsonb_array_elements_text(@ids::jsonb))`,
            { zoneId: input.zoneId, ids: JSON.stringify(input.photoIds.map(Number)) },
          );
          const ids = new Set(found.map((row) => row.id));
          const foreign = input.photoIds.filter((id) => !ids.has(Number(id)));
          if (foreign.length) return { ok: false, reason: 'foreign-photos', photoIds: foreign };
        }
        const [inserted] = await pgRows<{ id: number }>(
          tx,
          INSPECTION_SQL.insert,
          insertParams(input, actor, stampNow()),
        );
        if (!inserted) return { ok: false, reason: 'duplicate', existing: toInspection((await existingOf())!) };
        const inspection = toInspection(
          (await pgRows<InspectionRow>(tx, INSPECTION_SQL.byId, { id: inserted.id }))[0]!,
        );
        await recordAudit(tx, inspectionAudit(inspection, actor));
        return { ok: true, inspection };
      });
    },
  };
}
