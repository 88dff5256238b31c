import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import {
  planRework,
  planTaskAction,
  planTaskEdit,
  TASK_SQL,
  taskAudit,
  tasksCreatedAudit,
  threadInOrder,
  threadParams,
  toSupervisionUpdate,
  toTask,
  toTaskUpdate,
  toWorkTask,
  workTasksSql,
  type SupervisionMarkRow,
  type TaskRow,
  type ThreadActor,
  type ThreadExtra,
  type UpdateRow,
  type WorkTaskRow,
} from './tasks.rows';

export type { ThreadActor };
import { shanghaiDay } from '../../../shared/time/dates';
import type { Task, TaskStatus } from '../../../shared/zones/zone';
import {
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
  const rowsOfZone = (zoneId: number) => prepared(TASK_SQL.byZone).all({ zoneId }) as TaskRow[];
  const rowById = (id: number) => prepared(TASK_SQL.byId).get({ id }) as TaskRow | undefined;
  const run = (sql: string, params: Record<string, unknown>) => prepared(sql).run(params);

  const thread = (taskId: number, kind: TaskUpdate['kind'], actor: ThreadActor, at: string, extra: ThreadExtra = {}) =>
    run(TASK_SQL.insertUpdate, threadParams(taskId, kind, actor, at, extra));

  /** A zone without a hand-set status takes its status and progress from its tasks. */
  const rollUp = (zoneId: number) => {
    const override = prepared(TASK_SQL.zoneOverride).get({ zoneId }) as
      { status_override_reason: string | null } | undefined;
    if (override?.status_override_reason) return;
    const rolled = rollUpZone(prepared(TASK_SQL.statusesOfZone).all({ zoneId }) as { status: TaskStatus }[]);
    if (rolled) run(TASK_SQL.setZoneRollUp, { status: rolled.status, progress: rolled.progress, zoneId });
  };

  /**
   * The version check is the UPDATE's own WHERE (`id = @id AND version = @expectedVersion`): no row changed means
   * someone else wrote first (or the task is gone), whatever was read before. Nothing else was written by then.
   */
  const lostRace = (id: number, today: string): TaskWriteResult => {
    const row = rowById(id);
    return row ? { ok: false, reason: 'stale', current: toTask(row, today) } : { ok: false, reason: 'not-found' };
  };

  const reworkZoneTasksSync = db.transaction(
    (zoneId: number, note: string, actor: Actor, data?: Record<string, unknown>, dueDate?: string): string[] => {
      const now = stampNow();
      const candidates = prepared(TASK_SQL.reworkable).all({ zoneId }) as {
        id: number;
        status: TaskStatus;
        due_date: string;
      }[];
      // A task another writer moved on meanwhile is not sent back: only rows the UPDATE changed get a thread entry.
      const sent = candidates.filter(
        (task) =>
          run(TASK_SQL.sendToRework, {
            dueDate: planRework(task, note, actor, data, dueDate).dueDate,
            now,
            id: task.id,
          }).changes === 1,
      );
      for (const task of sent) {
        const plan = planRework(task, note, actor, data, dueDate);
        thread(task.id, 'action', actor, now, plan.thread);
        recordAudit(plan.audit);
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
        const now = stampNow();
        const today = shanghaiDay(); // overdue is judged by the day in Asia/Shanghai, not UTC
        const created = tasks.map((task) => {
          const result = run(TASK_SQL.insert, { zoneId, ...task, now });
          const id = Number(result.lastInsertRowid);
          thread(id, 'created', actor, now, { toStatus: 'not_started', data: { dueDate: task.dueDate } });
          return toTask(rowById(id)!, today);
        });
        if (created.length) {
          recordAudit(tasksCreatedAudit(zoneId, created, actor, auditAction));
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
        const { next, changed } = planTaskEdit(row, patch);
        const now = stampNow();
        if (run(TASK_SQL.edit, { ...next, now, id, expectedVersion }).changes !== 1) return lostRace(id, today);
        thread(id, 'edit', actor, now, { data: changed });
        recordAudit(taskAudit(actor, 'task_updated', id, { changed }));
        return { ok: true, task: toTask(rowById(id)!, today) };
      })();
    },

    async applyAction(id, expectedVersion, action, actorKind, body, actor, today): Promise<TaskActionResult> {
      return db.transaction((): TaskActionResult => {
        const row = rowById(id);
        if (!row) return { ok: false, reason: 'not-found' };
        if (row.version !== expectedVersion) return { ok: false, reason: 'stale', current: toTask(row, today) };
        const now = stampNow();
        const plan = planTaskAction(row, action, actorKind, body, today, now);
        if (!plan.ok) return { ok: false, reason: 'refused', refusal: plan.refusal };
        if (run(TASK_SQL.applyChange, { ...plan.params, expectedVersion }).changes !== 1) return lostRace(id, today);
        thread(id, 'action', actor, now, plan.thread);
        recordAudit(taskAudit(actor, `task_${action}`, id, plan.auditDetail));
        if (plan.rollUp) rollUp(row.zone_id);
        return { ok: true, task: toTask(rowById(id)!, today) };
      })();
    },

    async addNote(id, note, actor) {
      return db.transaction(() => {
        if (!rowById(id)) return false;
        thread(id, 'note', actor, stampNow(), { note });
        return true;
      })();
    },

    async addThreadEntry(id, kind, actor, note, data) {
      thread(id, kind, actor, stampNow(), { note, data });
    },

    async listUpdates(id) {
      const updates = (prepared(TASK_SQL.updates).all({ id }) as UpdateRow[]).map(toTaskUpdate);
      // 督办 marks on the task belong in its thread too.
      const marks = (prepared(TASK_SQL.marks).all({ id }) as SupervisionMarkRow[]).map((row) =>
        toSupervisionUpdate(row, id),
      );
      return threadInOrder(updates, marks);
    },

    async listWorkTasks(scope, today): Promise<MyTask[]> {
      const { sql, params } = workTasksSql(scope, today);
      return (prepared(sql).all(params) as WorkTaskRow[]).map((row) => toWorkTask(row, today));
    },

    async rollUpZone(zoneId) {
      db.transaction(() => rollUp(zoneId))();
    },
  };
}
