import * as z from 'zod/mini';
import { daySchema, type TaskStatus } from '../zones/zone';

/**
 * The task workflow of the plan (每个项目全过程跟踪):
 *
 *   未开始 ─start→ 进行中 ─submit→ 待验收 ─accept→ 已完成
 *                    ↑                │
 *                    └──── reject ────┘  (返工: rework, counted)
 *
 * Beside it: 延期 (an extension request with a reason and a new date, approved or refused by the
 * campaign office; the original due date is kept) and 暂缓 (suspended with a reason, resumed later).
 * The server enforces these rules; the UI uses them to offer only the possible actions.
 */
export const TASK_ACTIONS = [
  'start',
  'submit',
  'accept',
  'reject',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'suspend',
  'resume',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Who acts: the campaign office (admin), a planner, the responsible unit (own), or anyone else. */
export type TaskActor = 'office' | 'planner' | 'unit' | 'other';

/** Which actors may take each action. Units only on tasks of their own unit (checked by the caller). */
export const TASK_ACTION_ACTORS: Record<TaskAction, readonly TaskActor[]> = {
  start: ['office', 'planner', 'unit'],
  submit: ['office', 'planner', 'unit'],
  request_extension: ['office', 'planner', 'unit'],
  accept: ['office'],
  reject: ['office'],
  approve_extension: ['office'],
  refuse_extension: ['office'],
  suspend: ['office'],
  resume: ['office'],
};

export interface TaskWorkflowState {
  status: TaskStatus;
  dueDate: string;
  /** A pending extension request, if any. */
  extensionRequest: { dueDate: string; reason: string } | null;
  /** Status to return to when a suspended task resumes. */
  statusBeforeSuspend: TaskStatus | null;
  /** Before- and after-photos (整治前/整治后照片) attached to the task. */
  beforePhotoCount: number;
  afterPhotoCount: number;
}

/**
 * Accepting (验收通过) needs evidence: a before/after photo pair on the task, or else an explicit reason
 * from the campaign office, recorded in the thread and the audit log.
 */
export function hasPhotoPair(state: Pick<TaskWorkflowState, 'beforePhotoCount' | 'afterPhotoCount'>): boolean {
  return state.beforePhotoCount > 0 && state.afterPhotoCount > 0;
}

export const taskActionBodySchema = z.strictObject({
  /**
   * Required for reject, request_extension and suspend, and for accept when the task has no
   * before/after photo pair; optional otherwise.
   */
  reason: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  /** The new due date asked for (request_extension). */
  dueDate: z.optional(daySchema),
});
export type TaskActionBody = z.infer<typeof taskActionBodySchema>;

export type TaskActionRefusal =
  | 'not-allowed-for-role'
  | 'wrong-status'
  | 'needs-after-photo'
  | 'needs-photo-pair'
  | 'needs-reason'
  | 'needs-later-date'
  | 'extension-pending'
  | 'no-extension-pending';

export interface TaskChange {
  status: TaskStatus;
  dueDate: string;
  extensionRequest: { dueDate: string; reason: string } | null;
  statusBeforeSuspend: TaskStatus | null;
  /** Added to the rework count (返工). */
  reworkIncrement: 0 | 1;
  /** Set when the task is accepted (the day, Asia/Shanghai). */
  completed: boolean;
}

const OPEN: readonly TaskStatus[] = ['not_started', 'in_progress'];

/**
 * Apply an action to a task: the changed state, or the reason it is refused. Pure: the server
 * calls it inside the write transaction, the UI to list possible actions.
 */
export function applyTaskAction(
  state: TaskWorkflowState,
  action: TaskAction,
  actor: TaskActor,
  body: TaskActionBody = {},
): { ok: true; change: TaskChange } | { ok: false; reason: TaskActionRefusal } {
  if (!TASK_ACTION_ACTORS[action].includes(actor)) return { ok: false, reason: 'not-allowed-for-role' };
  const reason = body.reason?.trim() ?? '';
  const base: TaskChange = {
    status: state.status,
    dueDate: state.dueDate,
    extensionRequest: state.extensionRequest,
    statusBeforeSuspend: state.statusBeforeSuspend,
    reworkIncrement: 0,
    completed: false,
  };
  const to = (status: TaskStatus, extra: Partial<TaskChange> = {}) => ({
    ok: true as const,
    change: { ...base, status, ...extra },
  });
  const refuse = (why: TaskActionRefusal) => ({ ok: false as const, reason: why });
  switch (action) {
    case 'start':
      return state.status === 'not_started' ? to('in_progress') : refuse('wrong-status');
    case 'submit':
      if (state.status !== 'in_progress') return refuse('wrong-status');
      return state.afterPhotoCount > 0 ? to('pending_acceptance') : refuse('needs-after-photo');
    case 'accept':
      if (state.status !== 'pending_acceptance') return refuse('wrong-status');
      return hasPhotoPair(state) || reason ? to('done', { completed: true }) : refuse('needs-photo-pair');
    case 'reject':
      if (state.status !== 'pending_acceptance') return refuse('wrong-status');
      return reason ? to('in_progress', { reworkIncrement: 1 }) : refuse('needs-reason');
    case 'request_extension':
      if (!OPEN.includes(state.status)) return refuse('wrong-status');
      if (state.extensionRequest) return refuse('extension-pending');
      if (!reason) return refuse('needs-reason');
      if (!body.dueDate || body.dueDate <= state.dueDate) return refuse('needs-later-date');
      return to(state.status, { extensionRequest: { dueDate: body.dueDate, reason } });
    case 'approve_extension':
      if (!state.extensionRequest) return refuse('no-extension-pending');
      return to(state.status, { dueDate: state.extensionRequest.dueDate, extensionRequest: null });
    case 'refuse_extension':
      if (!state.extensionRequest) return refuse('no-extension-pending');
      return to(state.status, { extensionRequest: null });
    case 'suspend':
      if (state.status === 'done' || state.status === 'suspended') return refuse('wrong-status');
      return reason ? to('suspended', { statusBeforeSuspend: state.status }) : refuse('needs-reason');
    case 'resume':
      if (state.status !== 'suspended') return refuse('wrong-status');
      return to(state.statusBeforeSuspend ?? 'in_progress', { statusBeforeSuspend: null });
  }
}

/** The actions an actor could take on a task now (ignoring the reason and date a form asks for). */
export function possibleTaskActions(state: TaskWorkflowState, actor: TaskActor): TaskAction[] {
  return TASK_ACTIONS.filter((action) => {
    const result = applyTaskAction(state, action, actor, { reason: 'x', dueDate: '9999-12-31' });
    return result.ok || result.reason === 'needs-after-photo';
  });
}

/**
 * A zone's status and progress rolled up from its tasks (suspended tasks do not count): progress
 * is the share of tasks done; the status is 已验收 when all are done, 待验收 when the rest await
 * acceptance, 整治中 once any has started, else 未开始; 暂缓 when every task is suspended. Null for
 * a zone without tasks (its own values stand).
 */
export function rollUpZone(tasks: readonly { status: TaskStatus }[]): {
  status: 'not_started' | 'in_progress' | 'pending_acceptance' | 'accepted' | 'suspended';
  progress: number;
} | null {
  if (!tasks.length) return null;
  const active = tasks.filter((task) => task.status !== 'suspended');
  if (!active.length) return { status: 'suspended', progress: 0 };
  const done = active.filter((task) => task.status === 'done').length;
  const pending = active.filter((task) => task.status === 'pending_acceptance').length;
  const started = active.filter((task) => task.status !== 'not_started').length;
  const progress = Math.round((100 * done) / active.length);
  if (done === active.length) return { status: 'accepted', progress };
  if (done + pending === active.length) return { status: 'pending_acceptance', progress };
  return { status: started ? 'in_progress' : 'not_started', progress };
}

/** One entry of a task's update thread (notes, status changes, photos, 督办 marks). */
export const taskUpdateSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  kind: z.enum(['created', 'note', 'action', 'photo', 'supervision', 'edit']),
  action: z.nullable(z.string()),
  fromStatus: z.nullable(z.string()),
  toStatus: z.nullable(z.string()),
  note: z.string(),
  data: z.nullable(z.record(z.string(), z.unknown())),
  actor: z.nullable(z.string()),
  actorName: z.nullable(z.string()),
  at: z.string(),
});
export type TaskUpdate = z.infer<typeof taskUpdateSchema>;

export const taskNoteBodySchema = z.strictObject({
  note: z.string().check(z.trim(), z.minLength(1, 'a note needs text'), z.maxLength(2000)),
});

/** A new task of a zone. */
export const createTaskBodySchema = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(1, 'a task needs a title'), z.maxLength(120)),
  measures: z.optional(z.string().check(z.maxLength(4000))),
  assignedUnit: z.string().check(z.minLength(1), z.maxLength(40)),
  dueDate: daySchema,
});
export type CreateTaskBody = z.infer<typeof createTaskBodySchema>;

/** What PATCH /api/tasks/:id may change (status changes go through actions). */
export const updateTaskBodySchema = z.strictObject({
  title: z.optional(createTaskBodySchema.shape.title),
  measures: z.optional(z.string().check(z.maxLength(4000))),
  assignedUnit: z.optional(createTaskBodySchema.shape.assignedUnit),
});
export type UpdateTaskBody = z.infer<typeof updateTaskBodySchema>;

/** Most urgent first: overdue (longest late first), then by due date; awaiting others and finished work last. */
export function sortTasksByUrgency<T extends { dueDate: string; status: TaskStatus; overdue: boolean; id: string }>(
  tasks: readonly T[],
): T[] {
  const rank = (task: T) =>
    task.overdue
      ? 0
      : task.status === 'done'
        ? 4
        : task.status === 'suspended'
          ? 3
          : task.status === 'pending_acceptance'
            ? 2
            : 1;
  return [...tasks].sort(
    (a, b) => rank(a) - rank(b) || a.dueDate.localeCompare(b.dueDate) || Number(a.id) - Number(b.id),
  );
}

/**
 * Who a user is for a task: the campaign office, a planner, the responsible unit (assigned to the
 * task, or leading its zone's item), or someone else. The server and the UI use the same rule.
 */
export function taskActorFor(
  user: { role: string; unit: string | null } | null,
  task: { assignedUnit: string },
  zoneLeadUnit: string | null,
): TaskActor {
  if (user?.role === 'admin') return 'office';
  if (user?.role === 'planner') return 'planner';
  if (user?.role === 'unit' && user.unit && (task.assignedUnit === user.unit || zoneLeadUnit === user.unit))
    return 'unit';
  return 'other';
}
