import type { ZoneListFeature } from '../../shared/zones/zone';
import type { ZoneFilter } from './zone-filter';

/** What the filter panel shows about the filters (it loads after the first paint: P1). */
export function isFilterActive(filter: ZoneFilter): boolean {
  return (
    filter.items.length > 0 ||
    filter.statuses.length > 0 ||
    filter.unit !== null ||
    filter.q.trim() !== '' ||
    filter.overdueOnly
  );
}

/** Per item: zone count, accepted count and overdue count, for the item list. */
export function summarizeByItem(
  zones: readonly ZoneListFeature[],
): Map<string, { total: number; accepted: number; overdue: number }> {
  const summary = new Map<string, { total: number; accepted: number; overdue: number }>();
  for (const zone of zones) {
    const entry = summary.get(zone.properties.category) ?? { total: 0, accepted: 0, overdue: 0 };
    entry.total += 1;
    if (zone.properties.status === 'accepted') entry.accepted += 1;
    if (zone.properties.overdue) entry.overdue += 1;
    summary.set(zone.properties.category, entry);
  }
  return summary;
}

/**
 * The units that lead or share at least one of these zones, in the order given: the unit filter offers only these.
 * One pass over the zones (a county's 11,000), not one per unit.
 */
export function unitsInUse<U extends { id: string }>(units: readonly U[], zones: readonly ZoneListFeature[]): U[] {
  const used = new Set<string>();
  for (const { properties } of zones) {
    used.add(properties.leadUnit);
    for (const id of properties.responsibleUnits) used.add(id);
  }
  return units.filter((unit) => used.has(unit.id));
}
