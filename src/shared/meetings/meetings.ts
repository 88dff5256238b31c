import * as z from 'zod/mini';
import { daySchema } from '../zones/zone';

/**
 * Meetings of the campaign (the plan, 保障措施): the office's 定期例会 and the town's quarterly 专项工作会议 (通报前期工作情况、
 * 部署下一阶段工作任务). A meeting carries an agenda generated from the state of the campaign when it was generated (a
 * snapshot, so the minutes match what was discussed), its minutes, and decisions that become a task on a zone or a
 * 督办, with an owner unit and a due date. Pure rules, used by the server (which enforces them) and the UI.
 */
export const MEETING_KINDS = ['routine', 'quarterly'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATES = ['planned', 'held'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

/** What a decision became: a task on a zone or a 督办 (null: not yet). */
export const DECISION_OUTCOMES = ['task', 'supervision'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** How many entries each agenda list keeps (the rest is counted, not listed). */
export const AGENDA_LIST_MAX = 30;

const id = z.string();
const timeSchema = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM'));
const unitId = z.string().check(z.minLength(1), z.maxLength(64));
const objectId = (what: string) => z.string().check(z.regex(/^[1-9]\d{0,11}$/, `${what} must be an id`));

/** The agenda: the campaign's state when it was generated (every list as it stood then). */
export const agendaSchema = z.object({
  /** When it was generated (ISO instant) and the Asia/Shanghai day it judges overdue by. */
  generatedAt: z.string(),
  asOf: daySchema,
  /** Overdue tasks, grouped by the unit they are assigned to, the unit with most first. */
  overdueByUnit: z.array(
    z.object({
      unit: z.string(),
      count: z.int(),
      tasks: z.array(
        z.object({
          taskId: id,
          title: z.string(),
          zoneId: id,
          zoneName: z.string(),
          dueDate: daySchema,
          daysLate: z.int(),
        }),
      ),
    }),
  ),
  overdueTotal: z.int(),
  /** Open 督办 (not closed); `unanswered`: not replied to yet; `overdue`: unanswered past the deadline. */
  supervisions: z.array(
    z.object({
      id,
      target: z.string(),
      zoneId: z.nullable(id),
      unit: z.nullable(z.string()),
      deadline: daySchema,
      unanswered: z.boolean(),
      overdue: z.boolean(),
    }),
  ),
  supervisionTotals: z.object({ open: z.int(), unanswered: z.int(), overdue: z.int() }),
  /** 季检查 not passed in this quarter and the one before. */
  failedChecks: z.array(
    z.object({
      checkId: id,
      zoneId: id,
      zoneName: z.string(),
      quarter: z.string(),
      score: z.int(),
      findings: z.string(),
    }),
  ),
  /** The units ranked by the share of their tasks done, then on time (the dashboard's figures), best first. */
  ranking: z.array(
    z.object({
      unit: z.string(),
      rank: z.int(),
      tasks: z.int(),
      done: z.int(),
      completionRate: z.nullable(z.number()),
      onTimeRate: z.nullable(z.number()),
      overdueZones: z.int(),
    }),
  ),
});
export type Agenda = z.infer<typeof agendaSchema>;

export const decisionSchema = z.object({
  id,
  meetingId: id,
  text: z.string(),
  ownerUnit: z.string(),
  dueDate: daySchema,
  outcome: z.nullable(z.enum(DECISION_OUTCOMES)),
  taskId: z.nullable(id),
  supervisionId: z.nullable(id),
  createdAt: z.string(),
  version: z.int().check(z.positive()),
});
export type Decision = z.infer<typeof decisionSchema>;

export const meetingSchema = z.object({
  id,
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  /** The day and time in Asia/Shanghai. */
  date: daySchema,
  time: timeSchema,
  place: z.string(),
  /** The units taking part. */
  attendees: z.array(z.string()),
  state: z.enum(MEETING_STATES),
  agenda: z.nullable(agendaSchema),
  minutes: z.string(),
  createdByName: z.nullable(z.string()),
  createdAt: z.string(),
  version: z.int().check(z.positive()),
  decisions: z.array(decisionSchema),
});
export type Meeting = z.infer<typeof meetingSchema>;
export const meetingListSchema = z.array(meetingSchema);

const title = z.string().check(z.trim(), z.minLength(1, 'a meeting needs a title'), z.maxLength(120));
const place = z.string().check(z.trim(), z.maxLength(120));
export const MINUTES_MAX_LENGTH = 20_000;
const attendees = z.array(unitId).check(
  z.maxLength(60),
  z.refine((list) => new Set(list).size === list.length, 'a unit is listed twice'),
);

/** `POST /api/meetings`: a meeting (its agenda is generated at once). */
export const createMeetingBodySchema = z.strictObject({
  kind: z.enum(MEETING_KINDS, { error: 'kind is routine (例会) or quarterly (专项工作会议)' }),
  title,
  date: daySchema,
  time: timeSchema,
  place: z.optional(place),
  attendees: z.optional(attendees),
});
export type CreateMeetingBody = z.infer<typeof createMeetingBodySchema>;

/** `PATCH /api/meetings/:id` (If-Match): any of the fields, the minutes, held or planned. */
export const updateMeetingBodySchema = z.strictObject({
  title: z.optional(title),
  date: z.optional(daySchema),
  time: z.optional(timeSchema),
  place: z.optional(place),
  attendees: z.optional(attendees),
  minutes: z.optional(z.string().check(z.maxLength(MINUTES_MAX_LENGTH))),
  state: z.optional(z.enum(MEETING_STATES)),
});
export type UpdateMeetingBody = z.infer<typeof updateMeetingBodySchema>;

/** `POST /api/meetings/:id/decisions`: what was decided, who owns it, by when. */
export const createDecisionBodySchema = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1, 'a decision needs its text'), z.maxLength(500)),
  ownerUnit: unitId,
  dueDate: daySchema,
});
export type CreateDecisionBody = z.infer<typeof createDecisionBodySchema>;

/** `…/actions/task`: the zone the task is on (the title, unit and due date are the decision's). */
export const decisionTaskBodySchema = z.strictObject({ zoneId: objectId('zoneId') });

/** `…/actions/supervise`: the zone, or one of its tasks, the 督办 is issued on. */
export const decisionSuperviseBodySchema = z
  .strictObject({ zoneId: z.optional(objectId('zoneId')), taskId: z.optional(objectId('taskId')) })
  .check(
    z.refine((body) => Boolean(body.zoneId) !== Boolean(body.taskId), {
      message: 'name exactly one of zoneId or taskId',
      path: ['zoneId'],
    }),
  );

export const meetingListQuerySchema = z.strictObject({
  kind: z.optional(z.enum(MEETING_KINDS)),
});

/** Who may look at a meeting: everyone but units, which see the meetings they attend or own a decision of. */
export function meetingVisibleTo(
  meeting: Pick<Meeting, 'attendees' | 'decisions'>,
  actor: { role: string; unit: string | null },
): boolean {
  if (actor.role !== 'unit') return true;
  if (!actor.unit) return false;
  return meeting.attendees.includes(actor.unit) || meeting.decisions.some((entry) => entry.ownerUnit === actor.unit);
}

/** The facts an agenda is built from (read from the tasks, 督办, 季检查 and dashboard parts at generation). */
export interface AgendaFacts {
  generatedAt: string;
  asOf: string;
  overdueTasks: readonly {
    taskId: string;
    title: string;
    zoneId: string;
    zoneName: string;
    unit: string;
    dueDate: string;
    daysLate: number;
  }[];
  supervisions: readonly {
    id: string;
    target: string;
    zoneId: string | null;
    unit: string | null;
    deadline: string;
    status: string;
    overdue: boolean;
  }[];
  failedChecks: Agenda['failedChecks'];
  units: readonly {
    unit: string;
    tasks: number;
    done: number;
    completionRate: number | null;
    onTimeRate: number | null;
    overdueZones: number;
  }[];
}

/** The agenda from its facts: overdue by unit (most first), open 督办 (unanswered first), failed checks, ranking. */
export function buildAgenda(facts: AgendaFacts): Agenda {
  const byUnit = new Map<string, AgendaFacts['overdueTasks'][number][]>();
  for (const task of facts.overdueTasks) {
    const list = byUnit.get(task.unit) ?? [];
    list.push(task);
    byUnit.set(task.unit, list);
  }
  const overdueByUnit = [...byUnit.entries()]
    .map(([unit, tasks]) => ({
      unit,
      count: tasks.length,
      tasks: [...tasks]
        .sort((a, b) => b.daysLate - a.daysLate || Number(a.taskId) - Number(b.taskId))
        .slice(0, AGENDA_LIST_MAX)
        .map(({ unit: _unit, ...task }) => task),
    }))
    .sort((a, b) => b.count - a.count || a.unit.localeCompare(b.unit));
  const open = facts.supervisions
    .filter((entry) => entry.status !== 'closed')
    .map((entry) => ({
      id: entry.id,
      target: entry.target,
      zoneId: entry.zoneId,
      unit: entry.unit,
      deadline: entry.deadline,
      unanswered: entry.status === 'open',
      overdue: entry.overdue,
    }))
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        Number(b.unanswered) - Number(a.unanswered) ||
        a.deadline.localeCompare(b.deadline) ||
        Number(a.id) - Number(b.id),
    );
  const rate = (value: number | null) => (value === null ? -1 : value);
  const ranking = facts.units
    .filter((unit) => unit.tasks > 0)
    .sort(
      (a, b) =>
        rate(b.completionRate) - rate(a.completionRate) ||
        rate(b.onTimeRate) - rate(a.onTimeRate) ||
        a.overdueZones - b.overdueZones ||
        a.unit.localeCompare(b.unit),
    )
    .map((unit, index) => ({ ...unit, rank: index + 1 }));
  return {
    generatedAt: facts.generatedAt,
    asOf: facts.asOf,
    overdueByUnit,
    overdueTotal: facts.overdueTasks.length,
    supervisions: open.slice(0, AGENDA_LIST_MAX),
    supervisionTotals: {
      open: open.length,
      unanswered: open.filter((entry) => entry.unanswered).length,
      overdue: open.filter((entry) => entry.overdue).length,
    },
    failedChecks: facts.failedChecks.slice(0, AGENDA_LIST_MAX),
    ranking,
  };
}
