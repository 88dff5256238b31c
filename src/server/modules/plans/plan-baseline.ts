import type { RouteContext } from '../../platform/context';
import type { PlanFact } from '../../../shared/reports/assessment';
import { planFactOf, yearUsesPlans, type BaselineZone } from '../../../shared/plans/baseline';

/**
 * The plan facts of the 年考核 of `year` (docs/assessment.md, "Annual plan"), one per unit of `units`: whether it has
 * an approved plan, its projects done, and whether it submitted on time, late or (a lead unit) never.
 */
export async function planFacts(
  context: RouteContext,
  year: number,
  units: readonly string[],
): Promise<Map<string, PlanFact>> {
  const today = context.today();
  const plans = await context.repos.plans.list({ year }, today);
  const campaign = await context.campaign();
  const leads = new Set(campaign.items.flatMap((item) => (item.leadUnit ? [item.leadUnit] : [])));
  const byUnit = new Map(plans.map((plan) => [plan.unit, plan]));
  const approved = plans.filter((plan) => plan.state === 'approved');
  const zones: BaselineZone[] = [];
  for (const unit of new Set(approved.map((plan) => plan.unit))) {
    const ofUnit = await context.repos.zones.listZones({ unit }, today);
    for (const zone of ofUnit) {
      zones.push({
        id: String(zone.id),
        leadUnit: zone.properties.leadUnit,
        category: zone.properties.category,
        name: zone.properties.name,
        status: zone.properties.status,
      });
    }
  }
  const usesPlans = yearUsesPlans(plans);
  return new Map(
    units.map((unit) => [
      unit,
      planFactOf(unit, byUnit.get(unit), { year, expected: leads.has(unit), usesPlans, today, zones }),
    ]),
  );
}
