import * as z from 'zod/mini';
import type { PhaseTemplate } from './campaign-config';

export type { CampaignConfig, PhaseTemplate } from './campaign-config';

/** A colour as #rrggbb. Colours live in data/campaign.json, nowhere else. */
const nonEmpty = z.string().check(z.minLength(1));
const colorSchema = z.string().check(z.regex(/^#[0-9a-f]{6}$/i, 'colour must be #rrggbb'));

/** What a unit is: a town office or department (the default), or one of the town's 社区 and 村 (docs/domain.md). */
export const UNIT_KINDS = ['department', 'community', 'village'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const unitSchema = z.object({
  id: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/)),
  name: nonEmpty,
  nameEn: nonEmpty,
  /** Absent: a department. */
  kind: z.optional(z.enum(UNIT_KINDS)),
  /** A 社区's or 村's statistical code (统计用区划代码, 12 digits); departments have none. */
  code: z.optional(z.string()),
});
export type Unit = z.infer<typeof unitSchema>;

/** A unit's kind (absent = department). */
export function unitKind(unit: Pick<Unit, 'kind'>): UnitKind {
  return unit.kind ?? 'department';
}

/** Units grouped 部门 / 社区 / 村 in that order (the file's order inside a group), empty groups left out. */
export function unitsByKind<T extends Pick<Unit, 'kind'>>(units: readonly T[]): { kind: UnitKind; units: T[] }[] {
  return UNIT_KINDS.map((kind) => ({ kind, units: units.filter((unit) => unitKind(unit) === kind) })).filter(
    (group) => group.units.length > 0,
  );
}

export const groupCodeSchema = z.enum(['nine', 'three', 'one']);
export type GroupCode = z.infer<typeof groupCodeSchema>;

export const groupSchema = z.object({
  code: groupCodeSchema,
  name: nonEmpty,
  nameEn: nonEmpty,
  itemPrefix: nonEmpty,
});
export type Group = z.infer<typeof groupSchema>;

/** Item codes of the provincial 931 template: R1–R9, S1–S3, U1. */
export const itemCodeSchema = z.string().check(z.regex(/^(R[1-9]|S[1-3]|U1)$/, 'unknown item code'));

/**
 * One campaign item (整治项目). Items that do not apply to the town (the plan's "（无）") keep
 * `applicable: false` and no lead unit: they are shown as not applicable, never as 0 %.
 */
export const campaignItemSchema = z
  .object({
    code: itemCodeSchema,
    group: groupCodeSchema,
    name: nonEmpty,
    nameEn: nonEmpty,
    applicable: z.boolean(),
    leadUnit: z.nullable(z.string()),
    responsibleUnits: z.array(z.string()),
    content: z.string(),
  })
  .check(
    z.refine((item) => !item.applicable || item.leadUnit !== null, {
      message: 'an applicable item needs a lead unit',
      path: ['leadUnit'],
    }),
  );
export type CampaignItem = z.infer<typeof campaignItemSchema>;

export const statusDefinitionSchema = z.object({
  code: nonEmpty,
  name: nonEmpty,
  nameEn: nonEmpty,
  color: colorSchema,
});
export type StatusDefinition = z.infer<typeof statusDefinitionSchema>;

/**
 * 年考核 weights and grade thresholds (docs/assessment.md). Weights are relative (they need not add up to
 * 100); grade thresholds are composite scores, A ≥ a > … ≥ d, anything lower is E.
 */
const weightSchema = z.number().check(z.minimum(0), z.maximum(1000));
export const assessmentConfigSchema = z
  .object({
    weights: z.object({
      completion: weightSchema,
      onTime: weightSchema,
      rework: weightSchema,
      extension: weightSchema,
      photo: weightSchema,
      check: weightSchema,
      /** 数字城管 cases: the unit's case composite (src/shared/cases/case-indicators.ts); absent = 0, not counted. */
      cases: z.optional(weightSchema),
      /** 督办 answered by their deadline (逾期督办 count against it); absent = 0, not counted. */
      supervision: z.optional(weightSchema),
      /** Residents' 满意 answers of the unit's cases (解决了吗？满意吗？); absent = 0, not counted. */
      satisfaction: z.optional(weightSchema),
      /** Residents' participation (随手拍 reports, 我也遇到, answers) in the unit's cases; absent = 0, not counted. */
      participation: z.optional(weightSchema),
    }),
    /**
     * Units with fewer tasks due in the period (应完成数 N) than this are shown as 不参与排名, without a
     * composite: a score from one or two tasks is not comparable. Absent: {@link ASSESSMENT_MIN_TASKS_DEFAULT}.
     */
    minTasks: z.optional(z.int().check(z.minimum(0), z.maximum(1000))),
    /**
     * A unit's (or an item's) satisfaction counts only from this many residents' answers in the period: one or two
     * answers say little. Absent: {@link ASSESSMENT_MIN_FEEDBACK_DEFAULT}.
     */
    minFeedback: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
    /**
     * The annual plan as the baseline (docs/assessment.md, "Annual plan"): points taken off the composite for a plan
     * submitted after the end of February (`late`) or, by a lead unit in a year the town runs plans, never
     * (`missing`). Absent: nothing taken off.
     */
    plan: z.optional(
      z.object({
        late: z.number().check(z.minimum(0), z.maximum(100)),
        missing: z.number().check(z.minimum(0), z.maximum(100)),
      }),
    ),
    grades: z.object({
      A: z.number().check(z.minimum(0), z.maximum(100)),
      B: z.number().check(z.minimum(0), z.maximum(100)),
      C: z.number().check(z.minimum(0), z.maximum(100)),
      D: z.number().check(z.minimum(0), z.maximum(100)),
    }),
  })
  .check(
    z.refine((config) => Object.values(config.weights).some((weight) => weight > 0), {
      message: 'at least one assessment weight must be positive',
      path: ['weights'],
    }),
    z.refine(
      (config) =>
        config.grades.A > config.grades.B && config.grades.B > config.grades.C && config.grades.C > config.grades.D,
      { message: 'grade thresholds must fall from A to D', path: ['grades'] },
    ),
  );
export type AssessmentConfig = z.infer<typeof assessmentConfigSchema>;

export const ASSESSMENT_MIN_TASKS_DEFAULT = 3;
export const ASSESSMENT_MIN_FEEDBACK_DEFAULT = 3;

/** Used when data/campaign.json has no `assessment` object. */
export const DEFAULT_ASSESSMENT_CONFIG: AssessmentConfig = {
  weights: {
    completion: 25,
    onTime: 20,
    rework: 15,
    extension: 10,
    photo: 15,
    check: 15,
    cases: 10,
    supervision: 10,
    satisfaction: 10,
    participation: 5,
  },
  grades: { A: 90, B: 75, C: 60, D: 40 },
};

/** A phase instantiated for one campaign year, dates as YYYY-MM-DD (Asia/Shanghai). */
export const phaseSchema = z.object({
  seq: z.int().check(z.positive()),
  name: z.string(),
  nameEn: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
});
export type Phase = z.infer<typeof phaseSchema>;

/** What `GET /api/campaign` returns. */
export const campaignResponseSchema = z.object({
  campaign: z.object({
    id: z.string(),
    name: z.string(),
    nameEn: z.string(),
    year: z.int(),
    templateYear: z.int(),
  }),
  groups: z.array(groupSchema),
  items: z.array(campaignItemSchema),
  units: z.array(unitSchema),
  phases: z.array(phaseSchema),
  zoneStatuses: z.array(statusDefinitionSchema),
  taskStatuses: z.array(statusDefinitionSchema),
  overdueColor: colorSchema,
  notApplicableColor: colorSchema,
  /** Filled by the server (the defaults when the file has none); optional for hand-made fixtures. */
  assessment: z.optional(assessmentConfigSchema),
  today: z.string(),
});
export type CampaignResponse = z.infer<typeof campaignResponseSchema>;

/**
 * The campaign year whose remediation phase is running on `today` (YYYY-MM-DD): the plan's
 * second phase starts in late February, so January and February still belong to last year's campaign.
 */
export function campaignYearFor(today: string): number {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month >= 3 ? year : year - 1;
}

/** Instantiate the phase templates for one campaign year. */
export function instantiatePhases(templates: readonly PhaseTemplate[], year: number): Phase[] {
  return templates.map((phase) => ({
    seq: phase.seq,
    name: phase.name,
    nameEn: phase.nameEn,
    startsOn: templateDay(phase.start, year),
    endsOn: templateDay(phase.end, year),
  }));
}

/** A template date (year offset and MM-DD) in one campaign year, clamping Feb 29 and the like to the month's end. */
export function templateDay(template: PhaseTemplate['start'], year: number): string {
  const y = year + template.yearOffset;
  const [month, day] = template.monthDay.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, month, 0)).getUTCDate();
  return `${y}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}
