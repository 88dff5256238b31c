import type { RouteContext } from '../../platform/context';
import { HttpProblem } from '../../platform/problem';
import type { PlanBody } from '../../../shared/plans/plans';

/**
 * What the plan body schema cannot check alone: its items and units exist in the campaign, and each zone it names
 * exists, is of the project's item and is led by the plan's unit (a unit plans its own zones). 400 naming each.
 */
export async function checkPlanReferences(context: RouteContext, body: PlanBody, unit: string): Promise<void> {
  const campaign = await context.campaign();
  const items = new Set(campaign.items.map((item) => item.code));
  const units = new Set(campaign.units.map((known) => known.id));
  const errors: { path: string; message: string }[] = [];
  const zoneIds = [...new Set(body.projects.flatMap((project) => (project.zoneId ? [Number(project.zoneId)] : [])))];
  const zones = new Map(
    (zoneIds.length ? await context.repos.zones.listZonesByIds(zoneIds, context.today()) : []).map((zone) => [
      String(zone.id),
      zone.properties,
    ]),
  );
  body.projects.forEach((project, index) => {
    const at = `body.projects.${index}`;
    if (!items.has(project.item)) errors.push({ path: `${at}.item`, message: `unknown item ${project.item}` });
    for (const responsible of project.responsibleUnits) {
      if (!units.has(responsible))
        errors.push({ path: `${at}.responsibleUnits`, message: `unknown unit ${responsible}` });
    }
    if (project.zoneId) {
      const zone = zones.get(project.zoneId);
      if (!zone) errors.push({ path: `${at}.zoneId`, message: `zone ${project.zoneId} does not exist` });
      else if (zone.category !== project.item) {
        errors.push({ path: `${at}.zoneId`, message: `zone ${project.zoneId} is of item ${zone.category}` });
      } else if (zone.leadUnit !== unit) {
        errors.push({ path: `${at}.zoneId`, message: `zone ${project.zoneId} is led by another unit` });
      }
    }
  });
  if (errors.length)
    throw new HttpProblem(400, `The plan has ${errors.length} problem(s): ${errors[0]!.message}`, errors);
}
