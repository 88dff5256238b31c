import type { TaskStatus } from '../../../shared/zones/zone';
import { stampNow } from '../../platform/clock';
import { rollUpZone, type TaskUpdate } from '../../../shared/tasks/task';
import { shanghaiDay } from '../../../shared/time/dates';
import type { RecordAuditIn } from '../../platform/audit';
import { named, type PgDb, type PgTx } from '../../platform/db/pg/pool';
import type { MyTask, TaskRepository } from './tasks.repo';
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

/** The PostgreSQL task repository, with the rework another PostgreSQL repository calls inside its own transaction. */
export interface PgTaskRepository extends TaskRepository {
  reworkZoneTasksIn(
    tx: PgTx,
    zoneId: number,
    note: string,
    actor: ThreadActor,
    data?: Record<string, unknown>,
    dueDate?: string,
  ): Promise<string[]>;
}

/**
 * The PostgreSQL task repository (tasks.repo.ts is the SQLite one): the same statements and plans. A changed task
 * is locked (`FOR UPDATE`) before its version is checked, so concurrent actions with one If-Match give one winner.
 */
export function createTaskPgRepository(db: PgDb, recordAudit: RecordAuditIn): PgTaskRepository {
  const rows = async <Row>(tx: PgTx, text: string, params: Record<string, unknown>) => {
    const statement = named(text, params);
    return (await tx.query(statement.text, statement.values)).rows as Row[];
  };
  const rowById = async (tx: PgTx, id: number, lock = false) =>
    (await rows<TaskRow>(tx, lock ? `${TASK_SQL.byId} FOR UPDATE OF t` : TASK_SQL.byId, { id }))[0];
  const thread = (
    tx: PgTx,
    taskId: number,
    kind: TaskUpdate['kind'],
    actor: ThreadActor,
    at: string,
    extra: ThreadExtra = {},
  ) => rows(tx, TASK_SQL.insertUpdate, threadParams(taskId, kind, actor, at, extra));

  /** A zone without a hand-set status takes its status and progress from its tasks. */
  const rollUp = async (tx: PgTx, zoneId: number) => {
    const [override] = await rows<{ status_override_reason: string | null }>(tx, TASK_SQL.zoneOverride, { zoneId });
    if (override?.status_override_reason) return;
    const rolled = rollUpZone(await rows<{ status: TaskStatus }>(tx, TASK_SQL.statusesOfZone, { zoneId }));
    if (rolled) await rows(tx, TASK_SQL.setZoneRollUp, { status: rolled.status, progress: rolled.progress, zoneId });
  };

  const reworkZoneTasksIn: PgTaskRepository['reworkZoneTasksIn'] = async (tx, zoneId, note, actor, data, dueDate) => {
    const now = stampNow();
    const sent = await rows<{ id: number; status: TaskStatus; due_date: string }>(
      tx,
      `${TASK_SQL.reworkable} FOR UPDATE`,
      { zoneId },
    );
    for (const task of sent) {
      const plan = planRework(task, note, actor, data, dueDate);
      await rows(tx, TASK_SQL.sendToRework, { dueDate: plan.dueDate, now, id: task.id });
      await thread(tx, task.id, 'action', actor, now, plan.thread);
      await recordAudit(tx, plan.audit);
    }
    if (sent.length) await rollUp(tx, zoneId);
    return sent.map((task) => String(task.id));
  };

  return {
    reworkZoneTasksIn,
    reworkZoneTasks: (zoneId, note, actor) => db.transaction((tx) => reworkZoneTasksIn(tx, zoneId, note, actor)),

    async createTasks(zoneId, tasks, actor, auditAction) {
      return db.transaction(async (tx) => {
        const now = stampNow();
        const today = shanghaiDay(); // overdue is judged by the day in Asia/Shanghai, not UTC
        // One writer of a zone's tasks at a time: the next sort number is taken under the zone's lock.
        await tx.query('SELECT 1 FROM zones WHERE id = $1 FOR UPDATE', [zoneId]);
        const created = [];
        for (const task of tasks) {
          const [inserted] = await rows<{ id: number }>(tx, `${TASK_SQL.insert} RETURNING id`, {
            zoneId,
            ...task,
            now,
          });
          await thread(tx, inserted!.id, 'created', actor, now, {
            toStatus: 'not_started',
            data: { dueDate: task.dueDate },
          });
          created.push(toTask((await rowById(tx, inserted!.id))!, today));
        }
        if (created.length) {
          await recordAudit(tx, tasksCreatedAudit(zoneId, created, actor, auditAction));
          await rollUp(tx, zoneId);
        }
        return created;
      });
    },

    async listTasksOfZone(zoneId, today) {
      return db.transaction(async (tx) =>
        (await rows<TaskRow>(tx, TASK_SQL.byZone, { zoneId })).map((row) => toTask(row, today)),
      );
    },

    async getTask(id, today) {
      const row = await db.transaction((tx) => rowById(tx, id));
      return row ? toTask(row, today) : null;
    },

    async updateTask(id, expectedVersion, patch, actor, today) {
      return db.transaction(async (tx) => {
        const row = await rowById(tx, id, true);
        if (!row) return { ok: false, reason: 'not-found' };
        if (row.version !== expectedVersion) return { ok: false, reason: 'stale', current: toTask(row, today) };
        const { next, changed } = planTaskEdit(row, patch);
        const now = stampNow();
        await rows(tx, TASK_SQL.edit, { ...next, now, id, expectedVersion });
        await thread(tx, id, 'edit', actor, now, { data: changed });
        await recordAudit(tx, taskAudit(actor, 'task_updated', id, { changed }));
        return { ok: true, task: toTask((await rowById(tx, id))!, today) };
      });
    },

    async applyAction(id, expectedVersion, action, actorKind, body, actor, today) {
      return db.transaction(async (tx) => {
        const row = await rowById(tx, id, true);
        if (!row) return { ok: false, reason: 'not-found' };
        if (row.version !== expectedVersion) return { ok: false, reason: 'stale', current: toTask(row, today) };
        const now = stampNow();
        const plan = planTaskAction(row, action, actorKind, body, today, now);
        if (!plan.ok) return { ok: false, reason: 'refused', refusal: plan.refusal };
        await rows(tx, TASK_SQL.applyChange, { ...plan.params, expectedVersion });
        await thread(tx, id, 'action', actor, now, plan.thread);
        await recordAudit(tx, taskAudit(actor, `task_${action}`, id, plan.auditDetail));
        if (plan.rollUp) await rollUp(tx, row.zone_id);
        return { ok: true, task: toTask((await rowById(tx, id))!, today) };
      });
    },

    async addNote(id, note, actor) {
      return db.transaction(async (tx) => {
        if (!(await rowById(tx, id))) return false;
        await thread(tx, id, 'note', actor, stampNow(), { note });
        return true;
      });
    },

    async addThreadEntry(id, kind, actor, note, data) {
      await db.transaction((tx) => thread(tx, id, kind, actor, stampNow(), { note, data }));
    },

    async listUpdates(id) {
      return db.transaction(async (tx) => {
        const updates = (await rows<UpdateRow>(tx, TASK_SQL.updates, { id })).map(toTaskUpdate);
        // 督办 marks on the task belong in its thread too.
        const marks = (await rows<SupervisionMarkRow>(tx, TASK_SQL.marks, { id })).map((row) =>
          toSupervisionUpdate(row, id),
        );
        return threadInOrder(updates, marks);
      });
    },

    async listWorkTasks(scope, today): Promise<MyTask[]> {
      const { sql, params } = workTasksSql(scope, today);
      return db.transaction(async (tx) =>
        (await rows<WorkTaskRow>(tx, sql, params)).map((row) => toWorkTask(row, today)),
      );
    },

    async rollUpZone(zoneId) {
      await db.transaction((tx) => rollUp(tx, zoneId));
    },
  };
}
