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

/** A zone's own reads (its zone panel), by address. */
export const zoneReads = (id: string) => {
  const base = `/api/zones/${encodeURIComponent(id)}`;
  return { zone: base, tasks: `${base}/tasks`, photos: `${base}/photos` };
};

/** A task's own reads (its detail in the zone panel), by address. */
export const taskReads = (id: string) => {
  const base = `/api/tasks/${encodeURIComponent(id)}`;
  return { task: base, updates: `${base}/updates` };
};

/**
 * A link to the map page that opens a zone, and a task in it (a 督办, a reminder, a task's QR code sent in a
 * messenger): the zone panel's reads, with the route each is authorised by. The server names them in that page's
 * `Link` header too, so that on a weak link they come with the app's scripts rather than after the panel's code.
 */
export function deepLinkReads(search: URLSearchParams): { url: string; route: string }[] {
  const reads: { url: string; route: string }[] = [];
  const zone = search.get('zone');
  if (!zone) return reads;
  const ofZone = zoneReads(zone);
  reads.push(
    { url: ofZone.zone, route: '/api/zones/:id' },
    { url: ofZone.tasks, route: '/api/zones/:id/tasks' },
    { url: ofZone.photos, route: '/api/zones/:id/photos' },
  );
  const task = search.get('task');
  if (task) {
    const ofTask = taskReads(task);
    reads.push({ url: ofTask.task, route: '/api/tasks/:id' }, { url: ofTask.updates, route: '/api/tasks/:id/updates' });
  }
  return reads;
}
