import type { PlanFact } from '../reports/assessment';
import type { ZoneStatus } from '../zones/zone';
import { planDueDate, type Plan, type PlanProject } from './plans';

/**
 * The annual plan as the 年考核's baseline (docs/assessment.md, "Annual plan"): what the assessment needs of a unit's
 * plan for the year. Pure; the server reads the plans and the zones.
 */

/** A zone as the baseline sees it: its lead unit, item, name and status. */
export interface BaselineZone {
  id: string;
  leadUnit: string;
  category: string;
  name: string;
  status: ZoneStatus;
}

/**
 * The zone a project is about: its zone, or for a new place the unit's zone of that item with the place's name (the
 * unit maps the new place as a zone when it starts). Undefined when there is none yet.
 */
export function zoneOfProject(project: PlanProject, unit: string, zones: readonly BaselineZone[]) {
  if (project.zoneId) return zones.find((zone) => zone.id === project.zoneId);
  return zones.find(
    (zone) => zone.leadUnit === unit && zone.category === project.item && zone.name === project.place.trim(),
  );
}

/** A project counts done when its zone is 验收 (accepted: every task done, or accepted by hand). */
export const projectDone = (project: PlanProject, unit: string, zones: readonly BaselineZone[]) =>
  zoneOfProject(project, unit, zones)?.status === 'accepted';

/** Does the town run annual plans this year? Yes once any unit has submitted its plan for it. */
export const yearUsesPlans = (plans: readonly Pick<Plan, 'submittedAt'>[]) =>
  plans.some((plan) => plan.submittedAt !== null);

/**
 * A unit's plan fact: `expected` says whether the unit must submit a plan (it leads an item); a missing plan counts
 * only for such a unit, in a year the town runs plans, after the due date.
 */
export function planFactOf(
  unit: string,
  plan: Plan | undefined,
  options: { year: number; expected: boolean; usesPlans: boolean; today: string; zones: readonly BaselineZone[] },
): PlanFact {
  const approved = plan?.state === 'approved';
  const projects = approved ? plan.body.projects : [];
  const submission = plan?.submittedAt
    ? plan.late
      ? 'late'
      : 'on-time'
    : options.expected && options.usesPlans && options.today > planDueDate(options.year)
      ? 'missing'
      : null;
  return {
    unit,
    status: approved ? 'approved' : plan ? 'pending' : 'none',
    projects: projects.length,
    done: projects.filter((project) => projectDone(project, unit, options.zones)).length,
    submission,
  };
}
