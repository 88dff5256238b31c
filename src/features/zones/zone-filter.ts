import type { ZoneListFeature } from '../../shared/zones/zone';

/** The filters of the zone list and map. Empty lists mean "all". */
export interface ZoneFilter {
  items: string[];
  statuses: string[];
  unit: string | null;
  q: string;
  overdueOnly: boolean;
}

export const EMPTY_ZONE_FILTER: ZoneFilter = { items: [], statuses: [], unit: null, q: '', overdueOnly: false };

/** True when a zone passes every filter (the same rules as the server's `GET /api/zones`). */
export function matchesZoneFilter(zone: ZoneListFeature, filter: ZoneFilter): boolean {
  const p = zone.properties;
  if (filter.items.length && !filter.items.includes(p.category)) return false;
  if (filter.statuses.length && !filter.statuses.includes(p.status)) return false;
  if (filter.unit && p.leadUnit !== filter.unit && !p.responsibleUnits.includes(filter.unit)) return false;
  if (filter.overdueOnly && !p.overdue) return false;
  const q = filter.q.trim().toLowerCase();
  if (q && !p.name.toLowerCase().includes(q)) return false;
  return true;
}

/**
 * From this many rows on, only the rows in view (and a few around them) are in the page, so a county's
 * ten thousand zones scroll as lightly as a town's forty. A town's list stays whole (searchable with
 * the browser's find, every row reachable without scrolling code).
 */
export const VIRTUAL_LIST_FROM = 300;

/** The zh-CN order of names, made on first use. */
let nameOrder: Intl.Collator | undefined;

/**
 * List order: overdue first, then by item code, then by name. Sorted once per data (a filter keeps the order, so
 * a filter change only filters the sorted list).
 */
export function sortZonesForList<Zone extends ZoneListFeature>(zones: readonly Zone[]): Zone[] {
  // One collator for every comparison: `localeCompare(…, 'zh-CN')` looks the locale up again at each call, which
  // cost the map page's first render about 10 ms for a town's 68 zones (P2).
  nameOrder ??= new Intl.Collator('zh-CN');
  const byName = nameOrder;
  return [...zones].sort(
    (a, b) =>
      Number(b.properties.overdue) - Number(a.properties.overdue) ||
      a.properties.category.localeCompare(b.properties.category) ||
      byName.compare(a.properties.name, b.properties.name),
  );
}
