import type { Db } from '../db/connection';
import type { TaskRepository } from './types';
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

export function createTaskRepository(db: Db): TaskRepository {
  const ofZone = db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE zone_id = ? ORDER BY sort, id');
  return {
    async listTasksOfZone(zoneId, today) {
      return ofZone.all(zoneId).map((row): Task => ({
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
      }));
    },
  };
}
