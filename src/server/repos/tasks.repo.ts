import type { Db } from '../db/connection';
import type { TaskRepository } from './types';
import type { NewAuditEntry } from './audit.repo';
import { shanghaiDay } from '../../shared/dates';
import { isTaskOverdue, type Task, type TaskStatus } from '../../shared/zone';

interface TaskRow {
  id: number;
  zone_id: number;
  title: string;
  measures: string;
  assigned_unit_id: string;
  due_date: string;
  original_due_date: string;
  status: TaskStatus;
  rework_count: number;
  completed_on: string | null;
  version: number;
}

export function createTaskRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): TaskRepository {
  const ofZone = db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE zone_id = ? ORDER BY sort, id');
  const toTask = (row: TaskRow, today: string): Task => ({
    id: String(row.id),
    zoneId: String(row.zone_id),
    title: row.title,
    measures: row.measures,
    assignedUnit: row.assigned_unit_id,
    dueDate: row.due_date,
    originalDueDate: row.original_due_date,
    status: row.status,
    reworkCount: row.rework_count,
    completedOn: row.completed_on,
    overdue: isTaskOverdue({ dueDate: row.due_date, status: row.status }, today),
    version: row.version,
  });
  const insert = db.prepare(`
    INSERT INTO tasks (zone_id, title, measures, assigned_unit_id, due_date, original_due_date, status, rework_count,
                       sort, version, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'not_started', 0, (SELECT coalesce(max(sort), -1) + 1 FROM tasks WHERE zone_id = ?), 1, ?, ?)`);
  const byId = db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE id = ?');
  return {
    async createTasks(zoneId, tasks, actor, auditAction) {
      return db.transaction(() => {
        const now = new Date().toISOString();
        const today = shanghaiDay(); // overdue is judged by the day in Asia/Shanghai, not UTC
        const created = tasks.map((task) => {
          const result = insert.run(
            zoneId,
            task.title,
            task.measures,
            task.assignedUnit,
            task.dueDate,
            task.dueDate,
            zoneId,
            now,
            now,
          );
          return toTask(byId.get(Number(result.lastInsertRowid))!, today);
        });
        if (created.length) {
          recordAudit({
            actorId: actor.id,
            actorUsername: actor.username,
            ip: actor.ip,
            action: auditAction,
            targetType: 'zone',
            targetId: String(zoneId),
            outcome: 'ok',
            detail: { tasks: created.map((task) => ({ id: task.id, title: task.title, dueDate: task.dueDate })) },
          });
        }
        return created;
      })();
    },
    async listTasksOfZone(zoneId, today) {
      return ofZone.all(zoneId).map((row) => toTask(row, today));
    },
  };
}
