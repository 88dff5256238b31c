import type { RecordAuditIn } from '../../platform/audit';
import { named, type PgDb, type PgTx } from '../../platform/db/pg/pool';
import type { SupervisionRepository } from './supervisions.repo';
import { SUPERVISION_SQL, toSupervision, type SupervisionRow } from './supervisions.rows';

/** The PostgreSQL supervision (督办) repository (supervisions.repo.ts is the SQLite one). */
export function createSupervisionPgRepository(db: PgDb, recordAudit: RecordAuditIn): SupervisionRepository {
  const rows = async <Row>(tx: PgTx, text: string, params: Record<string, unknown>) => {
    const statement = named(text, params);
    return (await tx.query(statement.text, statement.values)).rows as Row[];
  };
  return {
    async listOfZone(zoneId, today) {
      return db.transaction(async (tx) =>
        (await rows<SupervisionRow>(tx, SUPERVISION_SQL.ofZone, { zoneId })).map((row) => toSupervision(row, today)),
      );
    },
    async create(input, audit, today) {
      return db.transaction(async (tx) => {
        if (input.taskId !== null) {
          const found = await rows(tx, SUPERVISION_SQL.taskInZone, { taskId: input.taskId, zoneId: input.zoneId });
          if (!found.length) return null;
        }
        const [inserted] = await rows<{ id: number }>(tx, `${SUPERVISION_SQL.insert} RETURNING id`, {
          ...input,
          now: new Date().toISOString(),
        });
        const [row] = await rows<SupervisionRow>(tx, SUPERVISION_SQL.byId, { id: inserted!.id });
        const created = toSupervision(row!, today);
        await recordAudit(tx, audit(created));
        return created;
      });
    },
  };
}
