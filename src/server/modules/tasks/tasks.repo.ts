import type { Db } from '../../platform/db/connection';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import { shanghaiDay } from '../../../shared/time/dates';
import { isTaskOverdue, type Task, type TaskStatus } from '../../../shared/zones/zone';
import {
  applyTaskAction,
  rollUpZone,
  type TaskAction,
  type TaskActionBody,
  type TaskActionRefusal,
  type TaskActor,
  type TaskUpdate,
  type UpdateTaskBody,
} from '../../../shared/tasks/task';

export type TaskWriteResult =
  { ok: true; task: Task } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'stale'; current: Task };
export type TaskActionResult = TaskWriteResult | { ok: false; reason: 'refused'; refusal: TaskActionRefusal };

/** A task with its zone, for a unit's "my work" list. */
export type MyTask = Task & { zoneName: string; zoneCategory: string };

export interface TaskRepository {
  listTasksOfZone(zoneId: number, today: string): Promise<Task[]>;
  getTask(id: number, today: string): Promise<Task | null>;
  /** Add tasks to a zone in one transaction, with thread entries and one audit entry naming them. */
  createTasks(
    zoneId: number,
    tasks: { title: string; measures: string; dueDate: string; assignedUnit: string }[],
    actor: { id: string | null; username: string | null; ip: string | null },
    auditAction: string,
  ): Promise<Task[]>;
  /** Change title, measures or assigned unit if the task is still at `expectedVersion`. */
  updateTask(
    id: number,
    expectedVersion: number,
    patch: UpdateTaskBody,
    actor: Actor,
    today: string,
  ): Promise<TaskWriteResult>;
  /** Apply a workflow action (shared rules) if the task is still at `expectedVersion`; rolls the zone up. */
  applyAction(
    id: number,
    expectedVersion: number,
    action: TaskAction,
    actorKind: TaskActor,
    body: TaskActionBody,
    actor: Actor,
    today: string,
  ): Promise<TaskActionResult>;
  addNote(id: number, note: string, actor: Actor): Promise<boolean>;
  /** A thread entry written by another part (a photo upload). */
  addThreadEntry(id: number, kind: TaskUpdate['kind'], actor: Actor, note: string, data?: unknown): Promise<void>;
  /** The update thread, oldest first, 督办 marks included. */
  listUpdates(id: number): Promise<TaskUpdate[]>;
  /**
   * Work lists: a unit's tasks (assigned to it or in zones it leads), what awaits the campaign
   * office (acceptance, extension requests), or every overdue task.
   */
  listWorkTasks(
    scope: { kind: 'unit'; unit: string } | { kind: 'office' } | { kind: 'overdue' },
    today: string,
  ): Promise<MyTask[]>;
  /**
   * Send the zone's tasks awaiting acceptance or done back to rework (返工) with a 'reject' thread
   * entry carrying `note` (a failed 季检查), and roll the zone up; the ids of the tasks sent back.
   */
  reworkZoneTasks(zoneId: number, note: string, actor: Actor): Promise<string[]>;
  /** Recompute a zone's rolled-up status and progress (after its override is cleared). */
  rollUpZone(zoneId: number): Promise<void>;
}

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
  extension_due_date: string | null;
  extension_reason: string | null;
  extension_count: number;
  status_before_suspend: TaskStatus | null;
  before_photos: number;
  after_photos: number;
}

interface UpdateRow {
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

export interface ThreadActor {
  id: string | null;
  username: string | null;
  ip: string | null;
}

/** The SQLite task repository, with the synchronous rework another repository calls inside its own transaction. */
export interface SqliteTaskRepository extends TaskRepository {
  /**
   * Send every task of the zone that awaits acceptance or is done back to rework (进行中, rework
   * count + 1, no completion day, new version), each with a 'reject' thread entry carrying `note`
   * and an audit entry, then roll the zone up. Runs in (or joins) a transaction; returns the task ids.
   */
  reworkZoneTasksSync(
    zoneId: number,
    note: string,
    actor: Actor,
    data?: Record<string, unknown>,
    dueDate?: string,
  ): string[];
}

/**
 * Tasks, their workflow and their update thread. Every change of a task is one transaction with
 * its thread entry, its audit entry and the roll-up of its zone's status and progress.
 */
export function createTaskRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): SqliteTaskRepository {
  /** Tasks with their before/after photo counts; `columns` adds selected columns of joined tables. */
  const selectTasks = (where: string, columns = '') =>
    `SELECT t.*, ${columns}
       (SELECT count(*) FROM photos p WHERE p.task_id = t.id AND p.phase = 'before' AND p.deleted_at IS NULL)
         AS before_photos,
       (SELECT count(*) FROM photos p WHERE p.task_id = t.id AND p.phase = 'after' AND p.deleted_at IS NULL)
         AS after_photos
     FROM tasks t ${where}`;
  // Prepared once per distinct query (a handful: by zone, by id, each work list).
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const rowsOfZone = (zoneId: number) =>
    prepared(selectTasks('WHERE t.zone_id = ? ORDER BY t.sort, t.id')).all(zoneId) as TaskRow[];
  const rowById = (id: number) => prepared(selectTasks('WHERE t.id = ?')).get(id) as TaskRow | undefined;

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
    extensionRequest:
      row.extension_due_date === null ? null : { dueDate: row.extension_due_date, reason: row.extension_reason ?? '' },
    extensionCount: row.extension_count,
    statusBeforeSuspend: row.status_before_suspend,
    beforePhotoCount: row.before_photos,
    afterPhotoCount: row.after_photos,
  });

  const insert = db.prepare(`
    INSERT INTO tasks (zone_id, title, measures, assigned_unit_id, due_date, original_due_date, status, rework_count,
                       sort, version, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'not_started', 0, (SELECT coalesce(max(sort), -1) + 1 FROM tasks WHERE zone_id = ?), 1, ?, ?)`);
  const insertUpdate = db.prepare(`
    INSERT INTO task_updates (task_id, kind, action, from_status, to_status, note, data_json, actor_id, actor_username,
                              actor_name, at)
    VALUES (@taskId, @kind, @action, @fromStatus, @toStatus, @note, @data, @actorId, @actorUsername,
            (SELECT display_name FROM users WHERE id = @actorId), @at)`);
  const zoneOverride = db.prepare<[number], { status_override_reason: string | null }>(
    'SELECT status_override_reason FROM zones WHERE id = ?',
  );
  const statusesOfZone = db.prepare<[number], { status: TaskStatus }>('SELECT status FROM tasks WHERE zone_id = ?');
  const setZoneRollUp = db.prepare('UPDATE zones SET status = ?, progress = ? WHERE id = ?');

  const thread = (
    taskId: number,
    kind: TaskUpdate['kind'],
    actor: ThreadActor,
    at: string,
    extra: { action?: string; fromStatus?: string; toStatus?: string; note?: string; data?: unknown } = {},
  ) =>
    insertUpdate.run({
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
    });

  /** A zone without a hand-set status takes its status and progress from its tasks. */
  const rollUp = (zoneId: number) => {
    if (zoneOverride.get(zoneId)?.status_override_reason) return;
    const rolled = rollUpZone(statusesOfZone.all(zoneId));
    if (rolled) setZoneRollUp.run(rolled.status, rolled.progress, zoneId);
  };

  const audit = (actor: ThreadActor, action: string, taskId: number, detail: Record<string, unknown>) =>
    recordAudit({
      actorId: actor.id,
      actorUsername: actor.username,
      ip: actor.ip,
      action,
      targetType: 'task',
      targetId: String(taskId),
      outcome: 'ok',
      detail,
    });

  /**
   * The version check is the UPDATE's own WHERE (`id = ? AND version = ?`): no row changed means someone else
   * wrote first (or the task is gone), whatever was read before. Nothing else was written by then.
   */
  const lostRace = (id: number, today: string): TaskWriteResult => {
    const row = rowById(id);
    return row ? { ok: false, reason: 'stale', current: toTask(row, today) } : { ok: false, reason: 'not-found' };
  };

  const reworkable = db.prepare<[number], { id: number; status: TaskStatus; due_date: string }>(
    `SELECT id, status, due_date FROM tasks WHERE zone_id = ? AND status IN ('pending_acceptance', 'done')
     ORDER BY sort, id`,
  );
  const sendToRework = db.prepare<[string, string, number]>(
    `UPDATE tasks SET status = 'in_progress', rework_count = rework_count + 1, completed_on = NULL, due_date = ?,
       version = version + 1, updated_at = ? WHERE id = ? AND status IN ('pending_acceptance', 'done')`,
  );
  const reworkZoneTasksSync = db.transaction(
    (zoneId: number, note: string, actor: Actor, data?: Record<string, unknown>, dueDate?: string): string[] => {
      const now = new Date().toISOString();
      // Work sent back with a rework due date is due then, not on its first due date (docs/workflows.md). A task
      // another writer moved on meanwhile is not sent back: only rows the UPDATE changed get a thread entry.
      const sent = reworkable
        .all(zoneId)
        .filter((task) => sendToRework.run(dueDate ?? task.due_date, now, task.id).changes === 1);
      for (const task of sent) {
        thread(task.id, 'action', actor, now, {
          action: 'reject',
          fromStatus: task.status,
          toStatus: 'in_progress',
          note,
          data,
        });
        audit(actor, 'task_reject', task.id, {
          from: task.status,
          to: 'in_progress',
          reason: note,
          ...data,
          ...(dueDate && dueDate !== task.due_date ? { dueDate: { from: task.due_date, to: dueDate } } : {}),
        });
      }
      if (sent.length) rollUp(zoneId);
      return sent.map((task) => String(task.id));
    },
  );

  return {
    reworkZoneTasksSync: (zoneId, note, actor, data, dueDate) =>
      reworkZoneTasksSync(zoneId, note, actor, data, dueDate),

    async reworkZoneTasks(zoneId, note, actor) {
      return reworkZoneTasksSync(zoneId, note, actor);
    },

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
          const id = Number(result.lastInsertRowid);
          thread(id, 'created', actor, now, { toStatus: 'not_started', data: { dueDate: task.dueDate } });
          return toTask(rowById(id)!, today);
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
          rollUp(zoneId);
        }
        return created;
      })();
    },

    async listTasksOfZone(zoneId, today) {
      return rowsOfZone(zoneId).map((row) => toTask(row, today));
    },

    async getTask(id, today) {
      const row = rowById(id);
      return row ? toTask(row, today) : null;
    },

    async updateTask(id, expectedVersion, patch, actor, today): Promise<TaskWriteResult> {
      return db.transaction((): TaskWriteResult => {
        const row = rowById(id);
        if (!row) return { ok: false, reason: 'not-found' };
        if (row.version !== expectedVersion) return { ok: false, reason: 'stale', current: toTask(row, today) };
        const next = {
          title: patch.title ?? row.title,
          measures: patch.measures ?? row.measures,
          assignedUnit: patch.assignedUnit ?? row.assigned_unit_id,
        };
        const now = new Date().toISOString();
        const changes = db
          .prepare(
            `UPDATE tasks SET title = ?, measures = ?, assigned_unit_id = ?, version = version + 1, updated_at = ?
             WHERE id = ? AND version = ?`,
          )
          .run(next.title, next.measures, next.assignedUnit, now, id, expectedVersion).changes;
        if (changes !== 1) return lostRace(id, today);
        const changed = Object.fromEntries(
          (['title', 'measures', 'assignedUnit'] as const)
            .filter(
              (key) =>
                patch[key] !== undefined && patch[key] !== (key === 'assignedUnit' ? row.assigned_unit_id : row[key]),
            )
            .map((key) => [key, { from: key === 'assignedUnit' ? row.assigned_unit_id : row[key], to: next[key] }]),
        );
        thread(id, 'edit', actor, now, { data: changed });
        audit(actor, 'task_updated', id, { changed });
        return { ok: true, task: toTask(rowById(id)!, today) };
      })();
    },

    async applyAction(id, expectedVersion, action, actorKind, body, actor, today): Promise<TaskActionResult> {
      return db.transaction((): TaskActionResult => {
        const row = rowById(id);
        if (!row) return { ok: false, reason: 'not-found' };
        if (row.version !== expectedVersion) return { ok: false, reason: 'stale', current: toTask(row, today) };
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
        if (!result.ok) return { ok: false, reason: 'refused', refusal: result.reason };
        const { change } = result;
        const now = new Date().toISOString();
        const approved = action === 'approve_extension' ? 1 : 0;
        const changed = db
          .prepare(
            `UPDATE tasks SET status = @status, due_date = @dueDate, extension_due_date = @extensionDueDate,
             extension_reason = @extensionReason, status_before_suspend = @statusBeforeSuspend,
             rework_count = rework_count + @rework, extension_count = extension_count + @approved,
             completed_on = CASE WHEN @completed THEN @today WHEN @status = 'done' THEN completed_on ELSE NULL END,
             version = version + 1, updated_at = @now
           WHERE id = @id AND version = @expectedVersion`,
          )
          .run({
            id,
            expectedVersion,
            status: change.status,
            dueDate: change.dueDate,
            extensionDueDate: change.extensionRequest?.dueDate ?? null,
            extensionReason: change.extensionRequest?.reason ?? null,
            statusBeforeSuspend: change.statusBeforeSuspend,
            rework: change.reworkIncrement,
            approved,
            completed: change.completed ? 1 : 0,
            today,
            now,
          }).changes;
        if (changed !== 1) return lostRace(id, today);
        const data: Record<string, unknown> = {};
        if (action === 'request_extension') data.requestedDueDate = change.extensionRequest?.dueDate;
        if (action === 'approve_extension') data.dueDate = { from: row.due_date, to: change.dueDate };
        // Accepted without a before/after pair: the office's reason stands in for the evidence (recorded).
        if (action === 'accept' && !(row.before_photos > 0 && row.after_photos > 0)) data.withoutPhotoPair = true;
        thread(id, 'action', actor, now, {
          action,
          fromStatus: row.status,
          toStatus: change.status,
          note: body.reason?.trim() ?? '',
          data: Object.keys(data).length ? data : undefined,
        });
        audit(actor, `task_${action}`, id, {
          from: row.status,
          to: change.status,
          reason: body.reason ?? null,
          ...(data.withoutPhotoPair ? { withoutPhotoPair: true } : {}),
        });
        if (change.status !== row.status) rollUp(row.zone_id);
        return { ok: true, task: toTask(rowById(id)!, today) };
      })();
    },

    async addNote(id, note, actor) {
      return db.transaction(() => {
        if (!rowById(id)) return false;
        thread(id, 'note', actor, new Date().toISOString(), { note });
        return true;
      })();
    },

    async addThreadEntry(id, kind, actor, note, data) {
      thread(id, kind, actor, new Date().toISOString(), { note, data });
    },

    async listUpdates(id) {
      const updates = (
        prepared(
          `SELECT id, task_id, kind, action, from_status, to_status, note, data_json, actor_username, actor_name, at
           FROM task_updates WHERE task_id = ?`,
        ).all(id) as UpdateRow[]
      ).map((row): TaskUpdate => ({
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
      }));
      // 督办 marks on the task belong in its thread too.
      const supervisions = (
        prepared(
          `SELECT s.id, s.note, s.deadline, s.created_at, s.resolved_at, u.username, u.display_name
           FROM supervisions s JOIN users u ON u.id = s.created_by WHERE s.task_id = ?`,
        ).all(id) as {
          id: number;
          note: string;
          deadline: string;
          created_at: string;
          resolved_at: string | null;
          username: string;
          display_name: string;
        }[]
      ).map((row): TaskUpdate => ({
        id: `s${row.id}`,
        taskId: String(id),
        kind: 'supervision',
        action: null,
        fromStatus: null,
        toStatus: null,
        note: row.note,
        data: { deadline: row.deadline, resolved: row.resolved_at !== null },
        actor: row.username,
        actorName: row.display_name,
        at: row.created_at,
      }));
      return [...updates, ...supervisions].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    },

    async listWorkTasks(scope, today): Promise<MyTask[]> {
      const where =
        scope.kind === 'unit'
          ? 'AND (t.assigned_unit_id = @unit OR z.lead_unit_id = @unit)'
          : scope.kind === 'office'
            ? "AND (t.status = 'pending_acceptance' OR t.extension_due_date IS NOT NULL)"
            : "AND t.due_date < @today AND t.status NOT IN ('done', 'suspended')";
      const sql = selectTasks(
        `JOIN zones z ON z.id = t.zone_id WHERE z.deleted_at IS NULL ${where}`,
        'z.name AS zone_name, z.category AS zone_category,',
      );
      const rows = prepared(sql).all({
        ...(scope.kind === 'unit' ? { unit: scope.unit } : {}),
        ...(scope.kind === 'overdue' ? { today } : {}),
      }) as (TaskRow & { zone_name: string; zone_category: string })[];
      return rows.map((row) => ({ ...toTask(row, today), zoneName: row.zone_name, zoneCategory: row.zone_category }));
    },

    async rollUpZone(zoneId) {
      db.transaction(() => rollUp(zoneId))();
    },
  };
}
