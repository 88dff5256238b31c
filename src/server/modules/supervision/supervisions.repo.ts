import type { Db } from '../../platform/db/connection';
import type { Supervision } from '../../../shared/admin/auth';
import type { NewAuditEntry } from '../../platform/audit';

export interface SupervisionRepository {
  listOfZone(zoneId: number, today: string): Promise<Supervision[]>;
  /** Create a mark and its audit entry in one transaction; null when the task is not in the zone. */
  create(
    input: { zoneId: number; taskId: number | null; note: string; deadline: string; createdBy: number },
    audit: (created: Supervision) => NewAuditEntry,
    today: string,
  ): Promise<Supervision | null>;
}

interface SupervisionRow {
  id: number;
  zone_id: number;
  task_id: number | null;
  note: string;
  deadline: string;
  created_by: number;
  created_by_name: string;
  created_at: string;
  resolved_at: string | null;
}

const toSupervision = (row: SupervisionRow, today: string): Supervision => ({
  id: String(row.id),
  zoneId: String(row.zone_id),
  taskId: row.task_id === null ? null : String(row.task_id),
  note: row.note,
  deadline: row.deadline,
  createdBy: String(row.created_by),
  createdByName: row.created_by_name,
  createdAt: row.created_at,
  overdue: row.resolved_at === null && row.deadline < today,
});

export function createSupervisionRepository(
  db: Db,
  recordAudit: (entry: NewAuditEntry) => void,
): SupervisionRepository {
  const select = `SELECT s.*, u.display_name AS created_by_name FROM supervisions s JOIN users u ON u.id = s.created_by`;
  const ofZone = db.prepare<[number], SupervisionRow>(
    `${select} WHERE s.zone_id = ? ORDER BY s.created_at DESC, s.id DESC`,
  );
  const byId = db.prepare<[number], SupervisionRow>(`${select} WHERE s.id = ?`);
  const taskInZone = db.prepare<[number, number], { id: number }>('SELECT id FROM tasks WHERE id = ? AND zone_id = ?');
  const insert = db.prepare(
    'INSERT INTO supervisions (zone_id, task_id, note, deadline, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return {
    async listOfZone(zoneId, today) {
      return ofZone.all(zoneId).map((row) => toSupervision(row, today));
    },
    async create(input, audit, today) {
      return db.transaction(() => {
        if (input.taskId !== null && !taskInZone.get(input.taskId, input.zoneId)) return null;
        const result = insert.run(
          input.zoneId,
          input.taskId,
          input.note,
          input.deadline,
          input.createdBy,
          new Date().toISOString(),
        );
        const created = toSupervision(byId.get(Number(result.lastInsertRowid))!, today);
        recordAudit(audit(created));
        return created;
      })();
    },
  };
}
