/**
 * "A unit may write what it leads" (docs/domain.md): one pure predicate for the server, which
 * enforces it (an audited 403), and the client, which offers only what it would allow. Shaped like
 * terra-draw's validations: `{ allowed, reason }` with exported reason constants.
 */

/** Nobody is logged in. */
export const OWNERSHIP_NO_USER = 'no-user';
/** A unit account without a unit. */
export const OWNERSHIP_NO_UNIT = 'no-unit';
/** The item is not led by the caller's unit (or has no lead unit, or is unknown). */
export const OWNERSHIP_NOT_LEAD_UNIT = 'not-lead-unit';
/** The caller's unit neither leads the zone's item or the zone, nor is responsible for it, nor is assigned the task. */
export const OWNERSHIP_NOT_INVOLVED = 'not-involved';

/** The caller's role may not do this at all: it is the campaign office's (or, where said, a lead unit's). */
export const OWNERSHIP_NOT_FOR_ROLE = 'not-for-role';

export type OwnershipReason =
  | typeof OWNERSHIP_NO_USER
  | typeof OWNERSHIP_NO_UNIT
  | typeof OWNERSHIP_NOT_LEAD_UNIT
  | typeof OWNERSHIP_NOT_INVOLVED
  | typeof OWNERSHIP_NOT_FOR_ROLE;

export interface OwnershipResult {
  allowed: boolean;
  reason?: OwnershipReason;
}

/** The caller as far as ownership goes. */
export interface OwnershipUser {
  role: string;
  unit?: string | null;
}

/** The campaign as far as ownership goes: who leads which item. */
export interface OwnershipCampaign {
  items: readonly { code: string; leadUnit: string | null }[];
}

const ALLOWED: OwnershipResult = { allowed: true };

/** The lead unit of an item, or null when the item is unknown or led by nobody. */
export function leadUnitOf(itemCode: string, campaign: OwnershipCampaign): string | null {
  return campaign.items.find((item) => item.code === itemCode)?.leadUnit ?? null;
}

/**
 * May `user` write data of item `itemCode` (its zones, its flood data)? Accounts other than unit
 * accounts are not limited here (their role decides, docs/architecture.md: the authorization
 * matrix); a unit account only where its unit leads the item.
 */
export function mayWriteItem(
  user: OwnershipUser | null | undefined,
  itemCode: string,
  campaign: OwnershipCampaign,
): OwnershipResult {
  if (!user) return { allowed: false, reason: OWNERSHIP_NO_USER };
  if (user.role !== 'unit') return ALLOWED;
  if (!user.unit) return { allowed: false, reason: OWNERSHIP_NO_UNIT };
  const lead = leadUnitOf(itemCode, campaign);
  return lead !== null && lead === user.unit ? ALLOWED : { allowed: false, reason: OWNERSHIP_NOT_LEAD_UNIT };
}

/** Every item of `itemCodes` the user may not write (empty: all allowed). */
export function itemsNotWritable(
  user: OwnershipUser | null | undefined,
  itemCodes: readonly string[],
  campaign: OwnershipCampaign,
): string[] {
  return itemCodes.filter((code) => !mayWriteItem(user, code, campaign).allowed);
}

/**
 * May `user` add evidence to a zone (photos)? A unit account where its unit leads the zone's item
 * or the zone, is one of the zone's responsible units, or is the assigned unit of `task`.
 */
export function mayWriteZone(
  user: OwnershipUser | null | undefined,
  zone: { properties: { category: string; leadUnit: string | null; responsibleUnits: readonly string[] } },
  campaign: OwnershipCampaign,
  task: { assignedUnit: string } | null = null,
): OwnershipResult {
  if (!user) return { allowed: false, reason: OWNERSHIP_NO_USER };
  if (user.role !== 'unit') return ALLOWED;
  const unit = user.unit;
  if (!unit) return { allowed: false, reason: OWNERSHIP_NO_UNIT };
  const involved =
    leadUnitOf(zone.properties.category, campaign) === unit ||
    zone.properties.leadUnit === unit ||
    zone.properties.responsibleUnits.includes(unit) ||
    task?.assignedUnit === unit;
  return involved ? ALLOWED : { allowed: false, reason: OWNERSHIP_NOT_INVOLVED };
}

/**
 * May `user` set a zone's status and progress by hand over the roll-up of its tasks (a
 * `statusOverrideReason`, or changing values already set by hand)? Only the campaign office: the
 * roll-up reports the tasks' acceptance, and accepting work is the office's (src/shared/tasks/task.ts),
 * so a unit (or a planner) cannot mark its zone 已验收 / 100 % while tasks are open. Leaders do not
 * edit zones at all (the authorization matrix). Handing the values back to the roll-up is anyone's
 * who may edit the zone.
 */
export function mayOverrideZoneStatus(user: OwnershipUser | null | undefined): OwnershipResult {
  if (!user) return { allowed: false, reason: OWNERSHIP_NO_USER };
  return user.role === 'admin' ? ALLOWED : { allowed: false, reason: OWNERSHIP_NOT_FOR_ROLE };
}

/**
 * May `user` hand a task to another unit (change its assigned unit)? The campaign office on every
 * task; a unit account on tasks in zones of items its unit leads (the lead unit coordinates the
 * responsible units). Planners, leaders, inspectors and the assigned unit itself may not.
 */
export function mayReassignTask(
  user: OwnershipUser | null | undefined,
  zone: { category: string },
  campaign: OwnershipCampaign,
): OwnershipResult {
  if (!user) return { allowed: false, reason: OWNERSHIP_NO_USER };
  if (user.role === 'admin') return ALLOWED;
  if (user.role !== 'unit') return { allowed: false, reason: OWNERSHIP_NOT_FOR_ROLE };
  return mayWriteItem(user, zone.category, campaign);
}
