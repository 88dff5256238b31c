import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { Supervision } from '../../../shared/admin/auth';
import type { NewAuditEntry } from '../../platform/audit';
import { SUPERVISION_SQL, toSupervision, type SupervisionRow } from './supervisions.rows';

export interface SupervisionRepository {
  listOfZone(zoneId: number, today: string): Promise<Supervision[]>;
  /** Create a mark and its audit entry in one transaction; null when the task is not in the zone. */
  create(
    input: { zoneId: number; taskId: number | null; note: string; deadline: string; createdBy: number },
    audit: (created: Supervision) => NewAuditEntry,
    today: string,
  ): Promise<Supervision | null>;
}

export function createSupervisionRepository(
  db: Db,
  recordAudit: (entry: NewAuditEntry) => void,
): SupervisionRepository {
  const ofZone = db.prepare<{ zoneId: number }, SupervisionRow>(SUPERVISION_SQL.ofZone);
  const byId = db.prepare<{ id: number }, SupervisionRow>(SUPERVISION_SQL.byId);
  const taskInZone = db.prepare<{ taskId: number; zoneId: number }, { id: number }>(SUPERVISION_SQL.taskInZone);
  const insert = db.prepare(SUPERVISION_SQL.insert);
  return {
    async listOfZone(zoneId, today) {
      return ofZone.all({ zoneId }).map((row) => toSupervision(row, today));
    },
    async create(input, audit, today) {
      return db.transaction(() => {
        if (input.taskId !== null && !taskInZone.get({ taskId: input.taskId, zoneId: input.zoneId })) return null;
        const result = insert.run({ ...input, createdAt: stampNow() });
        const created = toSupervision(byId.get({ id: Number(result.lastInsertRowid) })!, today);
        recordAudit(audit(created));
        return created;
      })();
    },
  };
}
