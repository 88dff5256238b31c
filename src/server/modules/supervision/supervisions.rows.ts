import type { Supervision } from '../../../shared/admin/auth';

/** Supervision marks' rows, mapper and statements, shared by the SQLite and PostgreSQL repositories. */
export interface SupervisionRow {
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

export const toSupervision = (row: SupervisionRow, today: string): Supervision => ({
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

const SELECT = 'SELECT s.*, u.display_name AS created_by_name FROM supervisions s JOIN users u ON u.id = s.created_by';

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const SUPERVISION_SQL = {
  ofZone: `${SELECT} WHERE s.zone_id = @zoneId ORDER BY s.created_at DESC, s.id DESC`,
  byId: `${SELECT} WHERE s.id = @id`,
  taskInZone: 'SELECT id FROM tasks WHERE id = @taskId AND zone_id = @zoneId',
  insert: `INSERT INTO supervisions (zone_id, task_id, note, deadline, created_by, created_at)
           VALUES (@zoneId, @taskId, @note, @deadline, @createdBy, @createdAt)`,
};
