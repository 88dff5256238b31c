import type { ExpressionSpecification } from 'maplibre-gl';
import type { ZoneList } from '../../shared/zones/zone';
import { unitToken, ZONE_ID_PROPERTY, ZONE_TILE_MAX_ZOOM, ZONE_TILE_PATH } from '../../shared/zones/zone-tiles';
import type { ZoneFilter } from './zone-filter';
import { ZONES_SOURCE } from '../../map/style';
import type { ContentSource } from '../../map/map-content';

// What a county's map (past the P3 limit: the zones as vector tiles) needs beside the town's: the tiles' address and
// the zone filter (zone-filter.ts) as map expressions. Apart from matchesZoneFilter only so that a town's map page
// does not load it (P1); the map page loads it past the P3 limit.

const tileAddresses = new WeakMap<ZoneList, string>();
/**
 * The zone tiles' address for these zones: its `v` changes when a zone in the list changed (count, versions, latest
 * update, overdue ones), so the map asks for the tiles in view again after a write; the server's ETags do the rest.
 * On a past day (`asOf`: the zones as the overview shows them that day) the tiles are that day's.
 */
export function zoneTileAddress(zones: ZoneList, asOf: string | null): string {
  const address = currentTileAddress(zones);
  return asOf === null ? address : `${address}&asOf=${asOf}`;
}

function currentTileAddress(zones: ZoneList): string {
  let address = tileAddresses.get(zones);
  if (!address) {
    let versions = 0;
    let overdue = 0;
    let latest = '';
    for (const { properties } of zones.features) {
      versions += properties.version;
      overdue += Number(properties.overdue);
      if (properties.updatedAt > latest) latest = properties.updatedAt;
    }
    const v = encodeURIComponent(`${zones.features.length}-${versions}-${overdue}-${latest}`);
    address = `${globalThis.location?.origin ?? ''}${ZONE_TILE_PATH}?v=${v}`;
    tileAddresses.set(zones, address);
  }
  return address;
}

/**
 * The same filter as a map expression over the zone tiles' properties (shared/zones/zone-tiles.ts), null when it
 * lets every zone through: a county's map filters on the GPU's side per feature, never with a list of 11,000 ids
 * (which maplibre would search for every feature). Unit-tested to agree with matchesZoneFilter.
 */
export function zoneFilterExpression(filter: ZoneFilter): ExpressionSpecification | null {
  const all: ExpressionSpecification[] = [];
  const oneOf = (property: string, values: string[]): ExpressionSpecification => [
    'match',
    ['get', property],
    values,
    true,
    false,
  ];
  if (filter.items.length) all.push(oneOf('category', filter.items));
  if (filter.statuses.length) all.push(oneOf('status', filter.statuses));
  if (filter.unit) {
    all.push([
      'any',
      ['==', ['get', 'leadUnit'], filter.unit],
      ['in', unitToken(filter.unit), ['get', 'responsibleUnits']],
    ]);
  }
  if (filter.overdueOnly) all.push(['==', ['get', 'overdue'], true]);
  const q = filter.q.trim().toLowerCase();
  if (q) all.push(['in', q, ['downcase', ['get', 'name']]]);
  return all.length === 0 ? null : all.length === 1 ? all[0]! : ['all', ...all];
}

/**
 * What a county's map shows, as a map expression (null: every zone): the filters, only the zones of the overview's
 * selection when one is shown (a figure's few zones), and not the zone being edited (the editor draws it).
 */
export function shownZonesExpression(
  filter: ZoneFilter,
  selectionIds: readonly string[] | null,
  hiddenId: string | null,
): ExpressionSpecification | null {
  const all: ExpressionSpecification[] = [];
  const filters = zoneFilterExpression(filter);
  if (filters) all.push(filters);
  if (selectionIds) all.push(['in', ['get', ZONE_ID_PROPERTY], ['literal', [...selectionIds]]]);
  if (hiddenId) all.push(['!=', ['get', ZONE_ID_PROPERTY], hiddenId]);
  return all.length === 0 ? null : all.length === 1 ? all[0]! : ['all', ...all];
}

/**
 * A county's map content beside the town's (app/map-content.ts `county`): the tiles' source (today's, or those of the
 * past day `asOf` the zones are shown as) and what is shown.
 */
export const countyContent = (
  zones: ZoneList,
  asOf: string | null,
  filter: ZoneFilter,
  selectionIds: readonly string[] | undefined,
  hiddenId: string | null,
) => ({
  source: {
    id: ZONES_SOURCE,
    vector: {
      type: 'vector',
      tiles: [zoneTileAddress(zones, asOf)],
      maxzoom: ZONE_TILE_MAX_ZOOM,
      promoteId: ZONE_ID_PROPERTY,
    },
  } satisfies ContentSource,
  visible: shownZonesExpression(filter, selectionIds ?? null, hiddenId),
});
