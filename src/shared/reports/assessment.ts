import * as z from 'zod/mini';
import {
  ASSESSMENT_MIN_FEEDBACK_DEFAULT,
  ASSESSMENT_MIN_TASKS_DEFAULT,
  assessmentConfigSchema,
  type AssessmentConfig,
} from '../campaign/campaign';
import type { TaskStatus } from '../zones/zone';

/**
 * 年考核: indicators per unit from task facts, a weighted composite, grades and the ranking.
 * Formulas, the redistribution rule and worked examples: docs/assessment.md.
 */

/** What the assessment needs to know about one task, as of the end of the period. */
export interface AssessmentTaskFact {
  assignedUnit: string;
  /** The day the task was created (YYYY-MM-DD, Shanghai). */
  createdOn: string;
  /** Current due date, after approved extensions. */
  dueDate: string;
  status: TaskStatus;
  completedOn: string | null;
  /** 返工 events (rejections at acceptance) dated within the period. */
  reworkEvents: number;
  /** Approved extensions dated on or before the end of the period. */
  extensions: number;
  /** The task has a before/after photo pair that is not flagged. */
  hasGoodPair: boolean;
}

/** A quarterly check's score, credited to the lead unit of the checked zone. */
export interface CheckFact {
  leadUnit: string;
  score: number;
}

export const INDICATORS = [
  'completion',
  'onTime',
  'rework',
  'extension',
  'photo',
  'check',
  'cases',
  'supervision',
  'satisfaction',
  'participation',
] as const;
export type Indicator = (typeof INDICATORS)[number];

export interface UnitIndicators {
  /** 应完成数 N: tasks due by the end of the period. */
  expected: number;
  /** 承担任务数 M: tasks assigned, due in the period or later (the denominator of 完成率). */
  assigned: number;
  /** Of M, done by the end of the period. */
  done: number;
  doneOnTime: number;
  reworkEvents: number;
  extended: number;
  withPhotoPair: number;
  checks: number;
  /** Rates in [0, 1] (返工率 may exceed 1), 季检查得分 0–100; null when not applicable. */
  completion: number | null;
  onTime: number | null;
  rework: number | null;
  extension: number | null;
  photo: number | null;
  check: number | null;
  /** 数字城管: cases dispatched to the unit in the period (应处置数) and its case composite 0–100 (null: none). */
  casesDue: number;
  cases: number | null;
  /** 督办: those due in the period, those answered late or not at all (逾期督办), and the on-time share (null: none). */
  supervisionsDue: number;
  supervisionsOverdue: number;
  supervision: number | null;
  /**
   * Residents (docs/assessment.md, "Residents"): 随手拍 reports whose case was dispatched to the unit, 我也遇到 on
   * them, and the answers to 解决了吗？满意吗？ about its cases, of which `satisfied` said 满意.
   */
  residentReports: number;
  meToo: number;
  feedback: number;
  satisfied: number;
  /** satisfied / feedback, null below the configured minimum of answers. */
  satisfaction: number | null;
  /** reports + 我也遇到 + answers, as a share of the unit with the most (null: none at all). */
  participation: number | null;
}

/** Residents' part in one unit's cases over the period (from the 随手拍 tables). */
export interface ResidentFact {
  unit: string;
  reports: number;
  meToo: number;
  feedback: number;
  satisfied: number;
}

/** Residents' answers about one campaign item's cases over the period. */
export interface ItemFeedbackFact {
  item: string;
  feedback: number;
  satisfied: number;
}

/** What the assessment knows of residents: the facts per unit and the fewest answers satisfaction needs. */
export interface ResidentScores {
  facts: readonly ResidentFact[];
  minFeedback: number;
}

const NO_RESIDENTS: ResidentScores = { facts: [], minFeedback: ASSESSMENT_MIN_FEEDBACK_DEFAULT };

/** A unit's participation count: its residents' reports, 我也遇到 and answers. */
export const participationCount = (fact: Pick<ResidentFact, 'reports' | 'meToo' | 'feedback'>): number =>
  fact.reports + fact.meToo + fact.feedback;

/** Satisfied answers / answers, or null with fewer answers than `minFeedback`. */
export const satisfactionRate = (feedback: number, satisfied: number, minFeedback: number): number | null =>
  feedback === 0 || feedback < minFeedback ? null : satisfied / feedback;

/** A unit's 数字城管 case figures for the period (from caseIndicatorsByUnit). */
export interface CaseScore {
  due: number;
  composite: number | null;
}

/** A unit's 督办 due in the period and how many of them were overdue (answered late or not at all). */
export interface SupervisionFact {
  unit: string;
  due: number;
  overdue: number;
}

/**
 * A unit's annual plan for the assessed year (docs/assessment.md, "Annual plan"): its state, the approved plan's
 * projects and how many are done (a zone project when its zone is 验收 accepted), and how it was submitted.
 */
export interface PlanFact {
  unit: string;
  /** approved; pending (a plan not approved yet); none (无年度计划). */
  status: 'approved' | 'pending' | 'none';
  /** The approved plan's projects, and those done (0 without an approved plan). */
  projects: number;
  done: number;
  /** on-time, late (first submitted after the end of February), missing (never submitted, counted), or null. */
  submission: 'on-time' | 'late' | 'missing' | null;
}

export const PLAN_STATUSES = ['approved', 'pending', 'none'] as const;
export const PLAN_SUBMISSIONS = ['on-time', 'late', 'missing'] as const;

/** The plan as it enters a unit's assessment: the fact, the plan completion used, and the points taken off. */
export interface UnitPlanBaseline extends PlanFact {
  /** done / projects, the 完成率 used instead of the tasks' when the plan is approved and has projects; else null. */
  completion: number | null;
  /** Points taken off the composite for a late or missing plan (assessment.plan in data/campaign.json). */
  penalty: number;
}

/** The points a plan's submission costs (0 when on time, not counted, or no `plan` weights are configured). */
export function planPenalty(fact: Pick<PlanFact, 'submission'>, config: AssessmentConfig): number {
  if (fact.submission === 'late') return config.plan?.late ?? 0;
  if (fact.submission === 'missing') return config.plan?.missing ?? 0;
  return 0;
}

/** A unit's plan baseline from its fact. */
export function planBaseline(fact: PlanFact, config: AssessmentConfig): UnitPlanBaseline {
  return {
    ...fact,
    completion: fact.status === 'approved' && fact.projects > 0 ? fact.done / fact.projects : null,
    penalty: planPenalty(fact, config),
  };
}

export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Grade = (typeof GRADES)[number];

export interface UnitAssessment {
  unit: string;
  indicators: UnitIndicators;
  /** 0–100, one decimal; null when the unit has nothing to assess (无考核任务). */
  composite: number | null;
  grade: Grade | null;
  /** 1-based position among the ranked units; null when not ranked. */
  rank: number | null;
  /**
   * Why the unit is not ranked: 'no-tasks' (无考核任务: nothing to assess), 'too-few-tasks' (不参与排名: N
   * below the configured minimum, composite and grade withheld); null when ranked.
   */
  unranked: 'no-tasks' | 'too-few-tasks' | null;
  /** The annual plan baseline, when plan facts were given (status none: 无年度计划, assessed as without plans). */
  plan?: UnitPlanBaseline;
}

/** Whether a task counts in 承担任务数 M for [from, to]: like N, but whatever its due date. */
export function assignedInPeriod(task: AssessmentTaskFact, from: string, to: string): boolean {
  if (task.createdOn > to || task.status === 'suspended') return false;
  return task.completedOn === null || task.completedOn >= from;
}

/** Whether a task counts in 应完成数 for [from, to] (docs/assessment.md, "Period"). */
export function countsInPeriod(task: AssessmentTaskFact, from: string, to: string): boolean {
  if (task.createdOn > to || task.dueDate > to) return false;
  if (task.status === 'suspended') return false;
  if (task.completedOn !== null && task.completedOn < from) return false;
  return true;
}

const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

/** The indicators of one unit over [from, to]. */
export function unitIndicators(
  unit: string,
  tasks: readonly AssessmentTaskFact[],
  checks: readonly CheckFact[],
  from: string,
  to: string,
  caseScores: ReadonlyMap<string, CaseScore> = new Map(),
  supervisions: readonly SupervisionFact[] = [],
  residents: ResidentScores = NO_RESIDENTS,
): UnitIndicators {
  const counted = tasks.filter((task) => task.assignedUnit === unit && countsInPeriod(task, from, to));
  const assigned = tasks.filter((task) => task.assignedUnit === unit && assignedInPeriod(task, from, to));
  const isDone = (task: AssessmentTaskFact) => task.completedOn !== null && task.completedOn <= to;
  // 完成率: done of all assigned work (due yet or not); 按期完成率: done by the due date of the work due (N), so
  // overdue open work counts against it.
  const done = assigned.filter(isDone);
  const doneOnTime = counted.filter((task) => isDone(task) && task.completedOn! <= task.dueDate).length;
  const reworkEvents = counted.reduce((sum, task) => sum + task.reworkEvents, 0);
  const extended = counted.filter((task) => task.extensions > 0).length;
  const withPhotoPair = done.filter((task) => task.hasGoodPair).length;
  const scores = checks.filter((check) => check.leadUnit === unit).map((check) => check.score);
  const n = counted.length;
  const supervision = supervisions.find((fact) => fact.unit === unit);
  const resident = residents.facts.find((fact) => fact.unit === unit) ?? {
    reports: 0,
    meToo: 0,
    feedback: 0,
    satisfied: 0,
  };
  const mostParticipation = Math.max(0, ...residents.facts.map(participationCount));
  const participation = participationCount(resident);
  return {
    expected: n,
    assigned: assigned.length,
    done: done.length,
    doneOnTime,
    reworkEvents,
    extended,
    withPhotoPair,
    checks: scores.length,
    completion: rate(done.length, assigned.length),
    onTime: rate(doneOnTime, n),
    rework: rate(reworkEvents, n),
    extension: rate(extended, n),
    photo: rate(withPhotoPair, done.length),
    check: scores.length ? scores.reduce((sum, score) => sum + score, 0) / scores.length : null,
    casesDue: caseScores.get(unit)?.due ?? 0,
    cases: caseScores.get(unit)?.composite ?? null,
    supervisionsDue: supervision?.due ?? 0,
    supervisionsOverdue: supervision?.overdue ?? 0,
    supervision: supervision?.due ? (supervision.due - supervision.overdue) / supervision.due : null,
    residentReports: resident.reports,
    meToo: resident.meToo,
    feedback: resident.feedback,
    satisfied: resident.satisfied,
    satisfaction: satisfactionRate(resident.feedback, resident.satisfied, residents.minFeedback),
    participation: participation === 0 ? null : participation / mostParticipation,
  };
}

/** Each indicator as a component in [0, 1] (higher is better); null stays null. */
export function components(indicators: UnitIndicators): Record<Indicator, number | null> {
  const inverse = (value: number | null) => (value === null ? null : 1 - Math.min(1, value));
  return {
    completion: indicators.completion,
    onTime: indicators.onTime,
    rework: inverse(indicators.rework),
    extension: inverse(indicators.extension),
    photo: indicators.photo,
    check: indicators.check === null ? null : indicators.check / 100,
    cases: indicators.cases === null ? null : indicators.cases / 100,
    supervision: indicators.supervision,
    satisfaction: indicators.satisfaction,
    participation: indicators.participation,
  };
}

/**
 * The composite 0–100 (one decimal): null indicators drop out and their weight is spread over the
 * others in proportion to their weights. Null when nothing applies (or every applicable weight is 0).
 */
export function compositeScore(indicators: UnitIndicators, weights: AssessmentConfig['weights']): number | null {
  if (indicators.expected === 0 && indicators.checks === 0 && indicators.cases === null) return null;
  let total = 0;
  let weightSum = 0;
  const values = components(indicators);
  for (const key of INDICATORS) {
    const value = values[key];
    if (value === null) continue;
    const weight = weights[key] ?? 0;
    total += weight * value;
    weightSum += weight;
  }
  if (weightSum === 0) return null;
  return Math.round((total / weightSum) * 1000) / 10;
}

export function gradeOf(composite: number | null, grades: AssessmentConfig['grades']): Grade | null {
  if (composite === null) return null;
  if (composite >= grades.A) return 'A';
  if (composite >= grades.B) return 'B';
  if (composite >= grades.C) return 'C';
  if (composite >= grades.D) return 'D';
  return 'E';
}

/**
 * Assess every unit (in `unitOrder`) over [from, to] and rank them: composite, then 按期完成率
 * (null last), then unit order. Units with fewer than `minTasks` tasks due (不参与排名, their composite
 * withheld) and units with nothing to assess (无考核任务) follow, in unit order.
 */
export function assessUnits(
  unitOrder: readonly string[],
  tasks: readonly AssessmentTaskFact[],
  checks: readonly CheckFact[],
  from: string,
  to: string,
  config: AssessmentConfig,
  caseScores: ReadonlyMap<string, CaseScore> = new Map(),
  supervisions: readonly SupervisionFact[] = [],
  residentFacts: readonly ResidentFact[] = [],
  planFacts?: ReadonlyMap<string, PlanFact>,
): UnitAssessment[] {
  const minTasks = config.minTasks ?? ASSESSMENT_MIN_TASKS_DEFAULT;
  const residents = { facts: residentFacts, minFeedback: config.minFeedback ?? ASSESSMENT_MIN_FEEDBACK_DEFAULT };
  const assessed = unitOrder.map((unit, order) => {
    const taskIndicators = unitIndicators(unit, tasks, checks, from, to, caseScores, supervisions, residents);
    const fact = planFacts?.get(unit) ?? { unit, status: 'none', projects: 0, done: 0, submission: null };
    const plan = planFacts ? planBaseline(fact, config) : undefined;
    // With an approved plan, 完成率 is the plan's: planned projects done of those planned.
    const indicators =
      plan?.completion !== null && plan?.completion !== undefined
        ? { ...taskIndicators, completion: plan.completion }
        : taskIndicators;
    const score = compositeScore(indicators, config.weights);
    const unranked = score === null ? 'no-tasks' : indicators.expected < minTasks ? 'too-few-tasks' : null;
    const composite =
      unranked || score === null ? null : Math.max(0, Math.round((score - (plan?.penalty ?? 0)) * 10) / 10);
    const result: UnitAssessment = {
      unit,
      indicators,
      composite,
      grade: gradeOf(composite, config.grades),
      rank: null,
      unranked,
      ...(plan ? { plan } : {}),
    };
    return { order, result };
  });
  const scored = assessed.filter((entry) => entry.result.composite !== null);
  scored.sort(
    (a, b) =>
      b.result.composite! - a.result.composite! ||
      (b.result.indicators.onTime ?? -1) - (a.result.indicators.onTime ?? -1) ||
      a.order - b.order,
  );
  const unscored = assessed.filter((entry) => entry.result.composite === null);
  unscored.sort(
    (a, b) => Number(a.result.unranked === 'no-tasks') - Number(b.result.unranked === 'no-tasks') || a.order - b.order,
  );
  return [
    ...scored.map((entry, index) => ({ ...entry.result, rank: index + 1 })),
    ...unscored.map((entry) => entry.result),
  ];
}

/**
 * 表彰 candidates (the plan commends 推进有力, 群众参与度高 and 满意度高): up to {@link COMMEND_PER_CATEGORY} units per
 * category. `overall`: ranked units graded A, by rank; `participation`: units with residents' participation, most
 * first; `satisfaction`: units whose satisfaction counts and is at least {@link COMMEND_MIN_SATISFACTION}, highest
 * first. Ties by more answers, then unit order. The office chooses; these are only the candidates.
 */
export const COMMENDATION_CATEGORIES = ['overall', 'participation', 'satisfaction'] as const;
export type CommendationCategory = (typeof COMMENDATION_CATEGORIES)[number];
export const COMMEND_PER_CATEGORY = 3;
export const COMMEND_MIN_SATISFACTION = 0.9;

export interface Commendation {
  category: CommendationCategory;
  unit: string;
  /** The composite, the participation count, or the satisfaction (0–1). */
  value: number;
}

export function commendationCandidates(
  assessed: readonly UnitAssessment[],
  unitOrder: readonly string[],
): Commendation[] {
  const order = (unit: string) => unitOrder.indexOf(unit);
  const pick = (
    category: CommendationCategory,
    value: (entry: UnitAssessment) => number | null,
    tie: (entry: UnitAssessment) => number = () => 0,
  ): Commendation[] =>
    assessed
      .map((entry) => ({ entry, value: value(entry) }))
      .filter((candidate): candidate is { entry: UnitAssessment; value: number } => candidate.value !== null)
      .sort((a, b) => b.value - a.value || tie(b.entry) - tie(a.entry) || order(a.entry.unit) - order(b.entry.unit))
      .slice(0, COMMEND_PER_CATEGORY)
      .map(({ entry, value: score }) => ({ category, unit: entry.unit, value: score }));
  return [
    ...pick('overall', (entry) => (entry.grade === 'A' ? entry.composite : null)),
    ...pick('participation', (entry) => {
      const { residentReports: reports, meToo, feedback } = entry.indicators;
      const count = participationCount({ reports, meToo, feedback });
      return count > 0 ? count : null;
    }),
    ...pick(
      'satisfaction',
      (entry) => {
        const value = entry.indicators.satisfaction;
        return value !== null && value >= COMMEND_MIN_SATISFACTION ? value : null;
      },
      (entry) => entry.indicators.feedback,
    ),
  ];
}

/** Residents' satisfaction per campaign item (null below `minFeedback` answers), in the facts' order. */
export function itemSatisfaction(facts: readonly ItemFeedbackFact[], minFeedback: number) {
  return facts.map((fact) => ({ ...fact, satisfaction: satisfactionRate(fact.feedback, fact.satisfied, minFeedback) }));
}

/** `YYYY-MM` → its first and last day. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(lastDay).padStart(2, '0')}` };
}

/** The quarters ('YYYY-Qn') whose months overlap [from, to]. */
export function quartersOf(from: string, to: string): string[] {
  const quarters: string[] = [];
  let year = Number(from.slice(0, 4));
  let quarter = Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1;
  const endYear = Number(to.slice(0, 4));
  const endQuarter = Math.floor((Number(to.slice(5, 7)) - 1) / 3) + 1;
  while (year < endYear || (year === endYear && quarter <= endQuarter)) {
    quarters.push(`${year}-Q${quarter}`);
    quarter += 1;
    if (quarter > 4) {
      quarter = 1;
      year += 1;
    }
  }
  return quarters;
}

export const monthSchema = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM'));
export const yearSchema = z.string().check(z.regex(/^(19|20|21)\d{2}$/, 'expected a year YYYY'));

export const monthlyQuerySchema = z.strictObject({ month: z.optional(monthSchema) });
export const assessmentQuerySchema = z.strictObject({ year: z.optional(yearSchema) });

export const COMMENTARY_MAX = 4000;
export const commentaryBodySchema = z.strictObject({
  text: z.string().check(z.maxLength(COMMENTARY_MAX, `at most ${COMMENTARY_MAX} characters`)),
  version: z.optional(z.int().check(z.positive())),
});
export type CommentaryBody = z.infer<typeof commentaryBodySchema>;

const count = z.int().check(z.minimum(0));
const nullableRate = z.nullable(z.number());

export const commentarySchema = z.object({
  /** Unit id, or '' for the town summary. */
  unit: z.string(),
  text: z.string(),
  version: z.int().check(z.positive()),
  updatedAt: z.string(),
  updatedBy: z.nullable(z.string()),
});
export type Commentary = z.infer<typeof commentarySchema>;

/** One unit's (or the town's) figures of the monthly report (and of the weekly briefing's week). */
export const monthlyFiguresShape = {
  planned: count,
  started: count,
  finished: count,
  overdue: count,
  rework: count,
  photos: count,
  supervisions: count,
  /** 逾期督办: 督办 whose deadline fell in the month and passed without a reply by then. */
  overdueSupervisions: count,
};
export type MonthlyFigures = { [key in keyof typeof monthlyFiguresShape]: number };

export const monthlyUnitRowSchema = z.object({
  unit: z.string(),
  /** The campaign items this unit leads. */
  leads: z.array(z.string()),
  ...monthlyFiguresShape,
  commentary: z.nullable(commentarySchema),
});
export type MonthlyUnitRow = z.infer<typeof monthlyUnitRowSchema>;

/** What `GET /api/reports/monthly` answers. */
export const monthlyReportSchema = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  /** The day overdue is judged at (month end, or today in the running month). */
  asOf: z.string(),
  units: z.array(monthlyUnitRowSchema),
  town: z.object({ ...monthlyFiguresShape, commentary: z.nullable(commentarySchema) }),
});
export type MonthlyReport = z.infer<typeof monthlyReportSchema>;

const unitIndicatorsSchema = z.object({
  expected: count,
  assigned: count,
  done: count,
  doneOnTime: count,
  reworkEvents: count,
  extended: count,
  withPhotoPair: count,
  checks: count,
  completion: nullableRate,
  onTime: nullableRate,
  rework: nullableRate,
  extension: nullableRate,
  photo: nullableRate,
  check: nullableRate,
  casesDue: count,
  cases: nullableRate,
  supervisionsDue: count,
  supervisionsOverdue: count,
  supervision: nullableRate,
  residentReports: count,
  meToo: count,
  feedback: count,
  satisfied: count,
  satisfaction: nullableRate,
  participation: nullableRate,
});

/** Residents' answers and satisfaction for one item or the town. */
const feedbackFigures = { feedback: count, satisfied: count, satisfaction: nullableRate };

/** What `GET /api/assessment` answers. */
export const assessmentReportSchema = z.object({
  year: z.int(),
  from: z.string(),
  to: z.string(),
  config: assessmentConfigSchema,
  units: z.array(
    z.object({
      unit: z.string(),
      indicators: unitIndicatorsSchema,
      composite: nullableRate,
      grade: z.nullable(z.enum(GRADES)),
      rank: z.nullable(z.int()),
      unranked: z.nullable(z.enum(['no-tasks', 'too-few-tasks'])),
      plan: z.optional(
        z.object({
          unit: z.string(),
          status: z.enum(PLAN_STATUSES),
          projects: count,
          done: count,
          submission: z.nullable(z.enum(PLAN_SUBMISSIONS)),
          completion: nullableRate,
          penalty: z.number(),
        }),
      ),
    }),
  ),
  /** 满意度 per campaign item (its cases' answers in the period). */
  items: z.array(z.object({ item: z.string(), ...feedbackFigures })),
  /** The town's residents in the period: every report received, 我也遇到, answers. */
  residents: z.object({ reports: count, meToo: count, ...feedbackFigures }),
  commendations: z.array(z.object({ category: z.enum(COMMENDATION_CATEGORIES), unit: z.string(), value: z.number() })),
});
export type AssessmentReport = z.infer<typeof assessmentReportSchema>;

export const MONTHLY_FIGURES: readonly (keyof MonthlyFigures)[] = [
  'planned',
  'started',
  'finished',
  'overdue',
  'rework',
  'photos',
  'supervisions',
  'overdueSupervisions',
];

/** A unit's (or the town's) monthly figures before any is counted. */
export const zeroFigures = (): MonthlyFigures => ({
  planned: 0,
  started: 0,
  finished: 0,
  overdue: 0,
  rework: 0,
  photos: 0,
  supervisions: 0,
  overdueSupervisions: 0,
});
