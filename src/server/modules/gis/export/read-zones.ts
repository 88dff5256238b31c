import type { RouteContext } from '../../../platform/context';
import type { ZoneFeature, ZoneQuery } from '../../../../shared/zones/zone';
import { nextTurn } from '../../../platform/next-turn';

/** Zones read at a time for a whole-town export, other requests answered in between (docs/quality.md P10). */
const PAGE_SIZE = 1000;

/** The order of `GET /api/zones`: item code, then id. */
const byItemThenId = (a: ZoneFeature, b: ZoneFeature) =>
  a.properties.category < b.properties.category
    ? -1
    : a.properties.category > b.properties.category
      ? 1
      : Number(a.id) - Number(b.id);

/**
 * The zones an export (or the ledger) holds: those of `GET /api/zones` for the query, in its order. Without a filter
 * (every zone of a county: reading 11,000 in one statement held the event loop 430 ms) they are read a page at a
 * time with other requests answered in between, then put in the list's order.
 */
export async function readExportZones(
  zones: RouteContext['repos']['zones'],
  query: ZoneQuery,
  today: string,
): Promise<ZoneFeature[]> {
  if (Object.values(query).some((value) => value !== undefined)) return zones.listZones(query, today);
  const all: ZoneFeature[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    if (offset > 0) await nextTurn();
    const page = await zones.pageZones({ geometryTypes: null }, { limit: PAGE_SIZE, offset }, today);
    all.push(...page.zones);
    if (page.zones.length < PAGE_SIZE || offset + PAGE_SIZE >= page.total) break;
  }
  return all.sort(byItemThenId);
}
