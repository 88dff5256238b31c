import type { ModuleOptions, RouteContext, ServerModule } from '../../platform/context';
import type { Plan } from '../../../shared/plans/plans';
import { registerPlanRoutes } from './plans.routes';
import { registerPlanSummaryRoutes } from './plans-summary.routes';

export type { PlanRepository, PlanEffects } from './plans.repo';
export { summaryOf } from './plans-summary.routes';
export { planFacts } from './plan-baseline';
export { seedSamplePlans, SAMPLE_PLAN_LABEL } from './sample-plans';

/** Annual plans (整治计划): drafted, submitted, returned or approved, aggregated (docs/plans.md). */
export const plansModule: ServerModule<ModuleOptions> = async (app, { context }) => {
  registerPlanSummaryRoutes(app, context);
  registerPlanRoutes(app, context);
};

/** A unit's approved plan for a year, or null (none, or not approved yet). For other modules (目标责任书, 年考核). */
export async function approvedPlanOf(context: RouteContext, unit: string, year: number): Promise<Plan | null> {
  const [plan] = await context.repos.plans.list({ unit, year, state: 'approved' }, context.today());
  return plan ?? null;
}
