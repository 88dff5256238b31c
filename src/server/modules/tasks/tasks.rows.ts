import type { NewAuditEntry } from '../../platform/audit';
import { isTaskOverdue, type Task, type TaskStatus } from '../../../shared/zones/zone';
import {
  applyTaskAction,
  type TaskAction,
  type TaskActionBody,
  type TaskActionRefusal,
  type TaskActor,
  type TaskUpdate,
  type UpdateTaskBody,
} from '../../../shared/tasks/task';

/**
 * What the SQLite and PostgreSQL task repositories share: rows and mappers, statements with `@name` parameters
 * (PostgreSQL runs them through `named`) and the pure planning of each change.
 */
export interface TaskRow {
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
  extension_due_date: string | null;
  extension_reason: string | null;
  extension_count: number;
  status_before_suspend: TaskStatus | null;
  before_photos: number;
  after_photos: number;
}

export type WorkTaskRow = TaskRow & { zone_name: string; zone_category: string };

export interface UpdateRow {
  id: number;
  task_id: number;
  kind: TaskUpdate['kind'];
  action: string | null;
  from_status: string | null;
  to_status: string | null;
  note: string;
  data_json: string | null;
  actor_username: string | null;
  actor_name: string | null;
  at: string;
}

export interface SupervisionMarkRow {
  id: number;
  note: string;
  deadline: string;
  created_at: string;
  resolved_at: string | null;
  username: string;
  display_name: string;
}

export interface ThreadActor {
  id: string | null;
  username: string | null;
  ip: string | null;
}

export interface ThreadExtra {
  action?: string;
  fromStatus?: string;
  toStatus?: string;
  note?: string;
  data?: unknown;
}

/** Tasks with their before/after photo counts; `columns` adds selected columns of joined tables. */
export const selectTasks = (where: string, columns = '') =>
  `SELECT t.*, ${columns}
     (SELECT count(*) FROM photos p WHERE p.task_id = t.id AND p.phase = 'before' AND p.deleted_at IS NULL)
       AS before_photos,
     (SELECT count(*) FROM photos p WHERE p.task_id = t.id AND p.phase = 'after' AND p.deleted_at IS NULL)
       AS after_photos
   FROM tasks t ${where}`;

export const TASK_SQL = {
  byZone: selectTasks('WHERE t.zone_id = @zoneId ORDER BY t.sort, t.id'),
  byId: selectTasks('WHERE t.id = @id'),
  insert: `
    INSERT INTO tasks (zone_id, title, measures, assigned_unit_id, due_date, original_due_date, status, rework_count,
                       sort, version, created_at, updated_at)
    VALUES (@zoneId, @title, @measures, @assignedUnit, @dueDate, @dueDate, 'not_started', 0,
            (SELECT coalesce(max(sort), -1) + 1 FROM tasks WHERE zone_id = @zoneId), 1, @now, @now)`,
  insertUpdate: `
    INSERT INTO task_updates (task_id, kind, action, from_status, to_status, note, data_json, actor_id, actor_username,
                              actor_name, at)
    VALUES (@taskId, @kind, @action, @fromStatus, @toStatus, @note, @data, @actorId, @actorUsername,
            (SELECT display_name FROM users WHERE id = @actorId), @at)`,
  edit: `UPDATE tasks SET title = @title, measures = @measures, assigned_unit_id = @assignedUnit,
           version = version + 1, updated_at = @now WHERE id = @id`,
  applyChange: `
    UPDATE tasks SET status = @status, due_date = @dueDate, extension_due_date = @extensionDueDate,
      extension_reason = @extensionReason, status_before_suspend = @statusBeforeSuspend,
      rework_count = rework_count + @rework, extension_count = extension_count + @approved,
      completed_on = CASE WHEN @completed = 1 THEN @today WHEN @status = 'done' THEN completed_on ELSE NULL END,
      version = version + 1, updated_at = @now
    WHERE id = @id`,
  reworkable: `SELECT id, status, due_date FROM tasks WHERE zone_id = @zoneId AND status IN ('pending_acceptance', 'done')
               ORDER BY sort, id`,
  sendToRework: `UPDATE tasks SET status = 'in_progress', rework_count = rework_count + 1, completed_on = NULL,
                   due_date = @dueDate, version = version + 1, updated_at = @now WHERE id = @id`,
  updates: `SELECT id, task_id, kind, action, from_status, to_status, note, data_json, actor_username, actor_name, at
            FROM task_updates WHERE task_id = @id`,
  marks: `SELECT s.id, s.note, s.deadline, s.created_at, s.resolved_at, u.username, u.display_name
          FROM supervisions s JOIN users u ON u.id = s.created_by WHERE s.task_id = @id`,
  zoneOverride: 'SELECT status_override_reason FROM zones WHERE id = @zoneId',
  statusesOfZone: 'SELECT status FROM tasks WHERE zone_id = @zoneId',
  setZoneRollUp: 'UPDATE zones SET status = @status, progress = @progress WHERE id = @zoneId',
};

/** A work list: a unit's tasks, what awaits the office, or every overdue task (with the zone's name). */
export function workTasksSql(
  scope: { kind: 'unit'; unit: string } | { kind: 'office' } | { kind: 'overdue' },
  today: string,
) {
  const where =
    scope.kind === 'unit'
      ? 'AND (t.assigned_unit_id = @unit OR z.lead_unit_id = @unit)'
      : scope.kind === 'office'
        ? "AND (t.status = 'pending_acceptance' OR t.extension_due_date IS NOT NULL)"
        : "AND t.due_date < @today AND t.status NOT IN ('done', 'suspended')";
  return {
    sql: selectTasks(
      `JOIN zones z ON z.id = t.zone_id WHERE z.deleted_at IS NULL ${where}`,
      'z.name AS zone_name, z.category AS zone_category,',
    ),
    params: {
      ...(scope.kind === 'unit' ? { unit: scope.unit } : {}),
      ...(scope.kind === 'overdue' ? { today } : {}),
    } as Record<string, unknown>,
  };
}

export function toTask(row: TaskRow, today: string): Task {
  return {
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
    extensionRequest:
      row.extension_due_date === null ? null : { dueDate: row.extension_due_date, reason: row.extension_reason ?? '' },
    extensionCount: row.extension_count,
    statusBeforeSuspend: row.status_before_suspend,
    beforePhotoCount: row.before_photos,
    afterPhotoCount: row.after_photos,
  };
}

export const toWorkTask = (row: WorkTaskRow, today: string) => ({
  ...toTask(row, today),
  zoneName: row.zone_name,
  zoneCategory: row.zone_category,
});

export function threadParams(
  taskId: number,
  kind: TaskUpdate['kind'],
  actor: ThreadActor,
  at: string,
  extra: ThreadExtra = {},
): Record<string, unknown> {
  return {
    taskId,
    kind,
    action: extra.action ?? null,
    fromStatus: extra.fromStatus ?? null,
    toStatus: extra.toStatus ?? null,
    note: extra.note ?? '',
    data: extra.data === undefined ? null : JSON.stringify(extra.data),
    actorId: actor.id === null ? null : Number(actor.id),
    actorUsername: actor.username,
    at,
  };
}

export function taskAudit(
  actor: ThreadActor,
  action: string,
  taskId: number,
  detail: Record<string, unknown>,
): NewAuditEntry {
  return {
    actorId: actor.id,
    actorUsername: actor.username,
    ip: actor.ip,
    action,
    targetType: 'task',
    targetId: String(taskId),
    outcome: 'ok',
    detail,
  };
}

/** The audit entry naming the tasks just created in a zone. */
export function tasksCreatedAudit(
  zoneId: number,
  created: readonly Task[],
  actor: ThreadActor,
  auditAction: string,
): NewAuditEntry {
  return {
    actorId: actor.id,
    actorUsername: actor.username,
    ip: actor.ip,
    action: auditAction,
    targetType: 'zone',
    targetId: String(zoneId),
    outcome: 'ok',
    detail: { tasks: created.map((task) => ({ id: task.id, title: task.title, dueDate: task.dueDate })) },
  };
}

/** One task sent back to rework (a failed 季检查): its new due date, thread entry and audit entry. */
export function planRework(
  task: { id: number; status: TaskStatus; due_date: string },
  note: string,
  actor: ThreadActor,
  data?: Record<string, unknown>,
  dueDate?: string,
): { dueDate: string; thread: ThreadExtra; audit: NewAuditEntry } {
  return {
    // Work sent back with a rework due date is due then, not on its first due date (docs/workflows.md).
    dueDate: dueDate ?? task.due_date,
    thread: { action: 'reject', fromStatus: task.status, toStatus: 'in_progress', note, data },
    audit: taskAudit(actor, 'task_reject', task.id, {
      from: task.status,
      to: 'in_progress',
      reason: note,
      ...data,
      ...(dueDate && dueDate !== task.due_date ? { dueDate: { from: task.due_date, to: dueDate } } : {}),
    }),
  };
}

/** An edit of title, measures or assigned unit: the new values and what changed (from → to). */
export function planTaskEdit(row: TaskRow, patch: UpdateTaskBody) {
  const next = {
    title: patch.title ?? row.title,
    measures: patch.measures ?? row.measures,
    assignedUnit: patch.assignedUnit ?? row.assigned_unit_id,
  };
  const changed = Object.fromEntries(
    (['title', 'measures', 'assignedUnit'] as const)
      .filter(
        (key) => patch[key] !== undefined && patch[key] !== (key === 'assignedUnit' ? row.assigned_unit_id : row[key]),
      )
      .map((key) => [key, { from: key === 'assignedUnit' ? row.assigned_unit_id : row[key], to: next[key] }]),
  );
  return { next, changed };
}

/**
 * A workflow action on a task (the shared rules): refused, or the row's new values (TASK_SQL.applyChange), its
 * thread entry, its audit detail and whether the zone must be rolled up.
 */
export function planTaskAction(
  row: TaskRow,
  action: TaskAction,
  actorKind: TaskActor,
  body: TaskActionBody,
  today: string,
  now: string,
):
  | { ok: false; refusal: TaskActionRefusal }
  | {
      ok: true;
      params: Record<string, unknown>;
      thread: ThreadExtra;
      auditDetail: Record<string, unknown>;
      rollUp: boolean;
    } {
  const result = applyTaskAction(
    {
      status: row.status,
      dueDate: row.due_date,
      extensionRequest:
        row.extension_due_date === null
          ? null
          : { dueDate: row.extension_due_date, reason: row.extension_reason ?? '' },
      statusBeforeSuspend: row.status_before_suspend,
      beforePhotoCount: row.before_photos,
      afterPhotoCount: row.after_photos,
    },
    action,
    actorKind,
    body,
  );
  if (!result.ok) return { ok: false, refusal: result.reason };
  const { change } = result;
  const data: Record<string, unknown> = {};
  if (action === 'request_extension') data.requestedDueDate = change.extensionRequest?.dueDate;
  if (action === 'approve_extension') data.dueDate = { from: row.due_date, to: change.dueDate };
  // Accepted without a before/after pair: the office's reason stands in for the evidence (recorded).
  if (action === 'accept' && !(row.before_photos > 0 && row.after_photos > 0)) data.withoutPhotoPair = true;
  return {
    ok: true,
    params: {
      id: row.id,
      status: change.status,
      dueDate: change.dueDate,
      extensionDueDate: change.extensionRequest?.dueDate ?? null,
      extensionReason: change.extensionRequest?.reason ?? null,
      statusBeforeSuspend: change.statusBeforeSuspend,
      rework: change.reworkIncrement,
      approved: action === 'approve_extension' ? 1 : 0,
      completed: change.completed ? 1 : 0,
      today,
      now,
    },
    thread: {
      action,
      fromStatus: row.status,
      toStatus: change.status,
      note: body.reason?.trim() ?? '',
      data: Object.keys(data).length ? data : undefined,
    },
    auditDetail: {
      from: row.status,
      to: change.status,
      reason: body.reason ?? null,
      ...(data.withoutPhotoPair ? { withoutPhotoPair: true } : {}),
    },
    rollUp: change.status !== row.status,
  };
}

export function toTaskUpdate(row: UpdateRow): TaskUpdate {
  return {
    id: `u${row.id}`,
    taskId: String(row.task_id),
    kind: row.kind,
    action: row.action,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    note: row.note,
    data: row.data_json ? (JSON.parse(row.data_json) as Record<string, unknown>) : null,
    actor: row.actor_username,
    actorName: row.actor_name,
    at: row.at,
  };
}

/** A 督办 mark on the task, shown in its thread. */
export function toSupervisionUpdate(row: SupervisionMarkRow, taskId: number): TaskUpdate {
  return {
    id: `s${row.id}`,
    taskId: String(taskId),
    kind: 'supervision',
    action: null,
    fromStatus: null,
    toStatus: null,
    note: row.note,
    data: { deadline: row.deadline, resolved: row.resolved_at !== null },
    actor: row.username,
    actorName: row.display_name,
    at: row.created_at,
  };
}

/** The thread, oldest first: updates and 督办 marks together. */
export function threadInOrder(updates: readonly TaskUpdate[], marks: readonly TaskUpdate[]): TaskUpdate[] {
  return [...updates, ...marks].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
