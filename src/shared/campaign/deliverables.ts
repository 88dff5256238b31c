import * as z from 'zod/mini';

/**
 * What each phase of the plan must produce (data/campaign.json, `phases[].deliverables`) and whether it has: one
 * kind, one status function on the server (modules/campaign/deliverables.ts). Kinds the product holds no record
 * of answer `untracked`, said so in the UI, never a guessed state.
 */
export const DELIVERABLE_KINDS = [
  /** 实施方案: the town's plan itself. */
  'implementation_plan',
  /** 年度计划和整治规划: each lead unit's, submitted by 2月底 and approved. */
  'annual_plans',
  /** 目标责任书 signed with the units. */
  'responsibility_letters',
  /** 领导小组 (推进小组) set up. */
  'leading_group',
  /** 月报告: the office's 点评 of each month's report. */
  'monthly_reports',
  /** 季检查: every zone checked in each quarter. */
  'quarterly_checks',
  /** The zones under way (全面整治). */
  'projects_progress',
  /** 年考核 of the year. */
  'annual_assessment',
  /** 公开通报 published after the year. */
  'public_bulletin',
  /** 表彰 of 村、社区、部门. */
  'commendation',
] as const;
export type DeliverableKind = (typeof DELIVERABLE_KINDS)[number];

/**
 * done: all there; partial: some; missing: due and none; upcoming: not due yet and none; untracked: the product
 * keeps no record of it.
 */
export const DELIVERABLE_STATES = ['done', 'partial', 'missing', 'upcoming', 'untracked'] as const;
export type DeliverableState = (typeof DELIVERABLE_STATES)[number];

/**
 * How much of a deliverable is there: `done` of `of` (months, quarters, zones, documents). `late`: some of `of` were
 * due already (a recurring deliverable's ended months or quarters), so none done is missing before the phase ends.
 */
export interface DeliverableProgress {
  done: number;
  of: number;
  late?: boolean;
}

/** The state of a deliverable due on `due` (YYYY-MM-DD) on `today`; `null` progress: not tracked. */
export function deliverableState(progress: DeliverableProgress | null, due: string, today: string): DeliverableState {
  if (progress === null) return 'untracked';
  if (progress.of > 0 && progress.done >= progress.of) return 'done';
  if (progress.done > 0) return 'partial';
  if (progress.late) return 'missing';
  return today <= due ? 'upcoming' : progress.of === 0 ? 'done' : 'missing';
}

export const deliverableStatusSchema = z.object({
  kind: z.enum(DELIVERABLE_KINDS),
  name: z.string(),
  nameEn: z.string(),
  due: z.string(),
  state: z.enum(DELIVERABLE_STATES),
  done: z.nullable(z.int()),
  of: z.nullable(z.int()),
});
export type DeliverableStatus = z.infer<typeof deliverableStatusSchema>;

/** `GET /api/campaign/deliverables`: the campaign year's phases, each with its deliverables and their states. */
export const phaseDeliverablesSchema = z.object({
  year: z.int(),
  today: z.string(),
  phases: z.array(
    z.object({
      seq: z.int(),
      name: z.string(),
      nameEn: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      deliverables: z.array(deliverableStatusSchema),
    }),
  ),
});
export type PhaseDeliverables = z.infer<typeof phaseDeliverablesSchema>;
