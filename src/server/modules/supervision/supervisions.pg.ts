import type { RecordAuditIn } from '../../platform/audit';
import { stampNow } from '../../platform/clock';
import type { PgDb } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import type { SupervisionRepository } from './supervisions.repo';
import { SUPERVISION_SQL, toSupervision, type SupervisionRow } from './supervisions.rows';

/** The PostgreSQL supervision repository (supervisions.repo.ts is the SQLite one). */
export function createSupervisionPgRepository(db: PgDb, recordAudit: RecordAuditIn): SupervisionRepository {
  return {
    async listOfZone(zoneId, today) {
      return (await pgRows<SupervisionRow>(db, SUPERVISION_SQL.ofZone, { zoneId })).map((row) =>
        toSupervision(row, today),
      );
    },
    async create(input, audit, today) {
      return db.transaction(async (tx) => {
        if (input.taskId !== null) {
          const [task] = await pgRows(tx, SUPERVISION_SQL.taskInZone, { taskId: input.taskId, zoneId: input.zoneId });
          if (!task) return null;
        }
        const [inserted] = await pgRows<{ id: number }>(tx, `${SUPERVISION_SQL.insert} RETURNING id`, {
          ...input,
          createdAt: stampNow(),
        });
        const [row] = await pgRows<SupervisionRow>(tx, SUPERVISION_SQL.byId, { id: inserted!.id });
        const created = toSupervision(row!, today);
        await recordAudit(tx, audit(created));
        return created;
      });
    },
  };
}
