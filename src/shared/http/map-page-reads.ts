import { ZONE_PAGE_SIZE } from '../zones/zone';

/** One page of the zone list (P3); a light page carries each zone's box instead of its shape (P9). */
export const zonePageUrl = (offset: number, light: boolean) =>
  `/api/zones?limit=${ZONE_PAGE_SIZE}&offset=${offset}${light ? '&geometry=none' : ''}`;

/**
 * What the map page reads first, by address. The app starts these reads as soon as it knows who is signed in
 * (src/app/main.tsx); the server names them in the map page's `Link` header so that the browser starts them with the
 * HTML instead (src/server/platform/page-preload.ts, P2). Query strings included: a preload is used only by a read of
 * exactly its address.
 */
export const MAP_PAGE_READS = {
  campaign: '/api/campaign',
  zones: zonePageUrl(0, false),
  basemap: '/api/basemap',
  places: '/api/places',
} as const;
