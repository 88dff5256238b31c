import * as z from 'zod/mini';
import { daySchema } from '../zones/zone';

/**
 * 督办: a leader's (or the campaign office's) directive on a zone, a task or a 数字城管 case, with a deadline. The
 * responsible unit replies (progress, photos, a new date); the issuer (or the office) closes it, accepting the
 * reply, or reopens it (sends it back). Rules here are pure and used by the server (which enforces them) and the
 * UI (which offers only what the server allows).
 */
export const SUPERVISION_STATUSES = ['open', 'replied', 'closed'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

export const SUPERVISION_STEP_KINDS = ['reply', 'close', 'reopen'] as const;
export type SupervisionStepKind = (typeof SUPERVISION_STEP_KINDS)[number];

/** What `GET /api/supervisions?status=` lists: open (not closed), overdue (open past its deadline), closed. */
export const SUPERVISION_LIST_FILTERS = ['open', 'overdue', 'closed'] as const;
export type SupervisionListFilter = (typeof SUPERVISION_LIST_FILTERS)[number];

const id = z.string();

/** One step of a 督办's thread: the unit's reply, or the issuer's close or reopen. */
export const supervisionStepSchema = z.object({
  id,
  kind: z.enum(SUPERVISION_STEP_KINDS),
  text: z.string(),
  /** Reply: the date the unit now promises; reopen: the new deadline (null: unchanged). */
  newDate: z.nullable(daySchema),
  photoIds: z.array(id),
  actorName: z.string(),
  actorUnit: z.nullable(z.string()),
  at: z.string(),
});
export type SupervisionStep = z.infer<typeof supervisionStepSchema>;

export const supervisionSchema = z.object({
  id,
  /** The zone (for a case: the zone it lies in, if any). */
  zoneId: z.nullable(id),
  zoneName: z.nullable(z.string()),
  taskId: z.nullable(id),
  taskTitle: z.nullable(z.string()),
  caseId: z.nullable(id),
  caseNo: z.nullable(z.string()),
  /** The responsible unit (who must reply): the task's assigned unit, the zone's lead unit or the case's unit. */
  unit: z.nullable(z.string()),
  note: z.string(),
  deadline: daySchema,
  status: z.enum(SUPERVISION_STATUSES),
  createdBy: id,
  createdByName: z.string(),
  createdAt: z.string(),
  resolvedAt: z.nullable(z.string()),
  version: z.int().check(z.positive()),
  /** Not answered by its deadline (derived: status open and the deadline before today). */
  overdue: z.boolean(),
  steps: z.array(supervisionStepSchema),
});
export type Supervision = z.infer<typeof supervisionSchema>;
export const supervisionListSchema = z.array(supervisionSchema);

const note = z
  .string()
  .check(z.minLength(1, 'a note is required'), z.maxLength(500, 'the note is at most 500 characters'));
const objectId = (what: string) => z.string().check(z.regex(/^[1-9]\d{0,11}$/, `${what} must be an id`));

/** `POST /api/zones/:id/supervisions`: the zone, or one of its tasks. */
export const createSupervisionBodySchema = z.strictObject({
  note,
  deadline: daySchema,
  taskId: z.optional(z.nullable(objectId('taskId'))),
});

/** `POST /api/supervisions`: exactly one of a zone, a task or a case. */
export const issueSupervisionBodySchema = z
  .strictObject({
    note,
    deadline: daySchema,
    zoneId: z.optional(objectId('zoneId')),
    taskId: z.optional(objectId('taskId')),
    caseId: z.optional(objectId('caseId')),
  })
  .check(
    z.refine((body) => [body.zoneId, body.taskId, body.caseId].filter((value) => value !== undefined).length === 1, {
      message: 'name exactly one of zoneId, taskId or caseId',
      path: ['zoneId'],
    }),
  );
export type IssueSupervisionBody = z.infer<typeof issueSupervisionBodySchema>;

export const SUPERVISION_REPLY_MAX_PHOTOS = 9;

/** `POST /api/supervisions/:id/replies`: the responsible unit's progress, photos of the zone and a new date. */
export const supervisionReplyBodySchema = z.strictObject({
  progress: z.string().check(
    z.minLength(1, 'progress is required'),
    z.maxLength(1000, 'progress is at most 1000 characters'),
    z.refine((text) => text.trim().length > 0, 'progress is required'),
  ),
  photoIds: z.optional(
    z
      .array(objectId('photoIds'))
      .check(z.maxLength(SUPERVISION_REPLY_MAX_PHOTOS, `at most ${SUPERVISION_REPLY_MAX_PHOTOS} photos`)),
  ),
  newDate: z.optional(z.nullable(daySchema)),
});
export type SupervisionReplyBody = z.infer<typeof supervisionReplyBodySchema>;

/** `POST /api/supervisions/:id/actions/close|reopen`: the issuer's note; reopen may set a new deadline. */
export const supervisionActionBodySchema = z.strictObject({
  note: z.optional(z.string().check(z.maxLength(500, 'the note is at most 500 characters'))),
  deadline: z.optional(daySchema),
});
export type SupervisionActionBody = z.infer<typeof supervisionActionBodySchema>;

export const supervisionListQuerySchema = z.strictObject({
  status: z.optional(z.enum(SUPERVISION_LIST_FILTERS, { error: 'status: use open, overdue or closed' })),
  /** Only the 督办 the caller's unit must answer. */
  mine: z.optional(z.enum(['1', 'true'])),
});

export type SupervisionAction = 'close' | 'reopen';

/** Why an action is refused (the server answers them; the UI hides what would be refused). */
export type SupervisionRefusal = 'not-issuer' | 'not-responsible' | 'wrong-status';

export interface SupervisionActor {
  id: string;
  role: string;
  unit: string | null;
}

/** Derived: open past its deadline. */
export const isSupervisionOverdue = (entry: { status: SupervisionStatus; deadline: string }, today: string) =>
  entry.status === 'open' && entry.deadline < today;

/** May `actor` reply? Only the responsible unit's accounts, while the 督办 is not closed. */
export function replyRefusal(
  entry: { status: SupervisionStatus; unit: string | null },
  actor: SupervisionActor,
): SupervisionRefusal | null {
  if (actor.role !== 'unit' || !actor.unit || actor.unit !== entry.unit) return 'not-responsible';
  if (entry.status === 'closed') return 'wrong-status';
  return null;
}

/**
 * May `actor` close or reopen? The issuer or the campaign office. Close accepts a reply (status replied);
 * reopen sends a reply back, or reopens a closed 督办.
 */
export function actionRefusal(
  entry: { status: SupervisionStatus; createdBy: string },
  action: SupervisionAction,
  actor: SupervisionActor,
): SupervisionRefusal | null {
  if (actor.role !== 'admin' && actor.id !== entry.createdBy) return 'not-issuer';
  if (action === 'close' && entry.status !== 'replied') return 'wrong-status';
  if (action === 'reopen' && entry.status === 'open') return 'wrong-status';
  return null;
}

/** The status after an action or a reply. */
export const statusAfter = (step: SupervisionStepKind): SupervisionStatus =>
  step === 'reply' ? 'replied' : step === 'close' ? 'closed' : 'open';
