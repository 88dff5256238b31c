import * as z from 'zod/mini';
import { itemCodeSchema } from '../campaign/campaign';
import { daySchema } from '../zones/zone';
import { shanghaiDay } from '../time/dates';

/**
 * Annual plans (整治计划/整治规划): each lead unit drafts its year's plan, submits it by the end of February, and the
 * campaign office reviews it (计划审核): returns it with a comment or approves it. Approved plans are aggregated into
 * the town's 上报 workbook and are the baseline of the 年考核. Rules here are pure and used by the server (which
 * enforces them) and the UI (which offers only what the server allows).
 */
export const PLAN_STATES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

/** The steps of a plan's review; `create` and `edit` are the unit's own changes, kept as versions too. */
export const PLAN_ACTIONS = ['submit', 'return', 'approve'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];
export const PLAN_VERSION_ACTIONS = ['create', 'edit', ...PLAN_ACTIONS] as const;
export type PlanVersionAction = (typeof PLAN_VERSION_ACTIONS)[number];

/** The funding sources (资金来源): the one list; their names are FUNDING_SOURCE_NAMES (zh) and i18n `plans.funding`. */
export const FUNDING_SOURCES = ['finance', 'social', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
/** The funding sources' names in zh-CN, for the 上报 workbook (the UI reads i18n `plans.funding`). */
export const FUNDING_SOURCE_NAMES: Record<FundingSource, string> = {
  finance: '财政',
  social: '社会资本',
  other: '其他',
};

/** The campaign phases a milestone belongs to (data/campaign.json `phases`, seq 1–3). */
const phaseSchema = z.int().check(z.minimum(1, 'a phase is 1, 2 or 3'), z.maximum(3, 'a phase is 1, 2 or 3'));

const text = (max: number, what: string) =>
  z.string().check(z.trim(), z.maxLength(max, `${what} is at most ${max} characters`));
const requiredText = (max: number, what: string) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, `${what} is required`), z.maxLength(max, `${what} is at most ${max} characters`));

export const planMilestoneSchema = z.object({
  phase: phaseSchema,
  /** What the project produces in that phase. */
  text: requiredText(200, 'the milestone'),
  due: z.optional(z.nullable(daySchema)),
});
export type PlanMilestone = z.infer<typeof planMilestoneSchema>;

/** One project of a plan: an existing zone (zoneId) or a new place (place), of one item. */
export const planProjectSchema = z
  .object({
    /** The project's key inside the plan (kept across edits, so versions can be compared). */
    key: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, 'a project key is 1 to 40 letters, digits, - or _')),
    item: itemCodeSchema,
    /** An existing zone (carried over or already mapped); null for a new place. */
    zoneId: z.nullable(z.string().check(z.regex(/^[1-9]\d{0,11}$/, 'a zone id is a positive whole number'))),
    /** 项目名称/地点: the new place's name; for a zone, left empty (the zone's name is shown). */
    place: text(120, 'the place'),
    /** 续建: carried over from last year's plan. */
    carriedOver: z.boolean(),
    /** 整治内容: what is done. */
    tasks: requiredText(2000, 'what is done'),
    /** 专人: the named person who follows the project. */
    person: requiredText(40, 'the named person'),
    /** 责任单位 (unit ids) besides the lead unit. */
    responsibleUnits: z.array(z.string().check(z.minLength(1), z.maxLength(40))).check(z.maxLength(30)),
    /** 资金 in 万元 (0 when none). */
    budget: z
      .number()
      .check(z.minimum(0, 'the budget cannot be negative'), z.maximum(1_000_000, 'the budget is too large')),
    funding: z.enum(FUNDING_SOURCES, { error: 'the funding source is 财政 (finance), 社会资本 (social) or other' }),
    /** 计划完成时间. */
    due: daySchema,
    milestones: z.array(planMilestoneSchema).check(z.maxLength(12, 'at most 12 milestones per project')),
  })
  .check(
    z.refine((project) => project.zoneId !== null || project.place.length > 0, {
      message: 'a project names an existing zone or a new place',
      path: ['place'],
    }),
  );
export type PlanProject = z.infer<typeof planProjectSchema>;

/** The body of a plan: its projects and a note. */
export const planBodySchema = z
  .object({
    projects: z.array(planProjectSchema).check(z.maxLength(200, 'at most 200 projects per plan')),
    note: text(2000, 'the note'),
  })
  .check(
    z.refine((body) => new Set(body.projects.map((project) => project.key)).size === body.projects.length, {
      message: 'each project key appears once',
      path: ['projects'],
    }),
  );
export type PlanBody = z.infer<typeof planBodySchema>;
export const EMPTY_PLAN_BODY: PlanBody = { projects: [], note: '' };

export const planYearSchema = z
  .int()
  .check(z.minimum(2000, 'the year is 2000–2100'), z.maximum(2100, 'the year is 2000–2100'));

export const planSchema = z.object({
  id: z.string(),
  unit: z.string(),
  year: z.int(),
  state: z.enum(PLAN_STATES),
  version: z.int().check(z.positive()),
  body: planBodySchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The first submission (lateness is measured by it); null: never submitted. */
  submittedAt: z.nullable(z.string()),
  approvedAt: z.nullable(z.string()),
  approvedByName: z.nullable(z.string()),
  /** The office's last comment (the reason of the last return, or a note with the approval). */
  comment: z.nullable(z.string()),
  /** The due date: the end of February of the plan year. */
  due: daySchema,
  /** Submitted after the due date, or not submitted and the due date has passed. */
  late: z.boolean(),
});
export type Plan = z.infer<typeof planSchema>;
export const planListSchema = z.array(planSchema);

export const planVersionSchema = z.object({
  version: z.int(),
  action: z.enum(PLAN_VERSION_ACTIONS),
  state: z.enum(PLAN_STATES),
  actorName: z.string(),
  actorUnit: z.nullable(z.string()),
  at: z.string(),
  comment: z.nullable(z.string()),
  body: planBodySchema,
});
export type PlanVersion = z.infer<typeof planVersionSchema>;
export const planVersionListSchema = z.array(planVersionSchema);

/** `POST /api/plans`: the year, and optionally a first body. */
export const createPlanBodySchema = z.object({ year: planYearSchema, body: z.optional(planBodySchema) });
/** `PATCH /api/plans/:id`: the whole new body. */
export const patchPlanBodySchema = z.object({ body: planBodySchema });
/** `POST /api/plans/:id/actions/:action`: a comment (required to return). */
export const planActionBodySchema = z.object({ comment: z.optional(text(1000, 'the comment')) });

const yearParam = z.pipe(z.string().check(z.regex(/^\d{4}$/, 'year is a four-digit year')), z.transform(Number));
export const planListQuerySchema = z.object({
  year: z.optional(yearParam),
  unit: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  state: z.optional(z.enum(PLAN_STATES, { error: 'state is draft, submitted, returned or approved' })),
});
export const planYearQuerySchema = z.object({ year: yearParam });

/** The due date of a year's plans: the last day of February (29 in leap years), a day in Asia/Shanghai. */
export function planDueDate(year: number): string {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${year}-02-${leap ? 29 : 28}`;
}

/**
 * Is a plan late? Submitted (first submission, its day in Asia/Shanghai) after the due date, or never submitted
 * and today is past the due date.
 */
export function isPlanLate(year: number, submittedAt: string | null, today: string): boolean {
  const due = planDueDate(year);
  if (submittedAt) return shanghaiDay(new Date(submittedAt)) > due;
  return today > due;
}

/** Who acts on a plan: the account's role and unit. */
export interface PlanActor {
  role: string;
  unit: string | null;
}

/** Why a step is refused. */
export type PlanRefusal = 'not-owner' | 'not-office' | 'wrong-state' | 'comment-required';

/** Roles that see every unit's plans (a unit account sees its own). */
export const seesAllPlans = (actor: PlanActor) => actor.role !== 'unit';

/** May the actor read this plan? */
export const mayReadPlan = (plan: Pick<Plan, 'unit'>, actor: PlanActor) =>
  seesAllPlans(actor) || actor.unit === plan.unit;

/** The states a plan may be edited in (by its unit). */
export const EDITABLE_STATES: readonly PlanState[] = ['draft', 'returned'];

/** Why the actor may not edit this plan now (null: may). */
export function editRefusal(plan: Pick<Plan, 'unit' | 'state'>, actor: PlanActor): PlanRefusal | null {
  if (actor.role !== 'unit' || actor.unit !== plan.unit) return 'not-owner';
  return EDITABLE_STATES.includes(plan.state) ? null : 'wrong-state';
}

/** The state a step leads to, and the states it starts from. */
export const PLAN_TRANSITIONS: Record<
  PlanAction,
  { from: readonly PlanState[]; to: PlanState; by: 'unit' | 'office' }
> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', by: 'unit' },
  return: { from: ['submitted'], to: 'returned', by: 'office' },
  approve: { from: ['submitted'], to: 'approved', by: 'office' },
};

/** Why the actor may not take this step now (null: may). The office is the admin role (创建办). */
export function actionRefusal(
  plan: Pick<Plan, 'unit' | 'state'>,
  action: PlanAction,
  actor: PlanActor,
  comment?: string,
): PlanRefusal | null {
  const rule = PLAN_TRANSITIONS[action];
  if (rule.by === 'unit' && (actor.role !== 'unit' || actor.unit !== plan.unit)) return 'not-owner';
  if (rule.by === 'office' && actor.role !== 'admin') return 'not-office';
  if (!rule.from.includes(plan.state)) return 'wrong-state';
  if (action === 'return' && !comment?.trim()) return 'comment-required';
  return null;
}

/** The steps this actor may take on this plan now (the UI shows these buttons). */
export const allowedActions = (plan: Pick<Plan, 'unit' | 'state'>, actor: PlanActor): PlanAction[] =>
  PLAN_ACTIONS.filter((action) => {
    const refusal = actionRefusal(plan, action, actor, 'x');
    return refusal === null;
  });

/** Budget totals of projects (万元, rounded to 0.01). */
export const budgetTotal = (projects: readonly Pick<PlanProject, 'budget'>[]) =>
  Math.round(projects.reduce((sum, project) => sum + project.budget, 0) * 100) / 100;
