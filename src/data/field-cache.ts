import type { QueryClient } from '@tanstack/react-query';
import { basemapQuery, clientConfigQuery, placesQuery } from './basemap';
import { campaignQuery } from './campaign';
import { zonePhotosQuery } from './photos';
import { sessionQuery } from './session';
import { myTasksQuery, taskQuery, taskUpdatesQuery } from './tasks';
import { zoneQuery, zonesQuery, zoneTasksQuery } from './zones';

/** At most this many open tasks of 我的工作 are kept for offline use (the most urgent first, as the list sorts them). */
export const OFFLINE_TASK_LIMIT = 60;

/**
 * Read the user's own work from the server while the network is there, so the service worker keeps a fresh copy
 * (docs/field.md): the app's own reads, 我的工作, each open task with its thread, its zone with the zone's tasks
 * and photos, and the before-photos to match. Every read goes to the network (staleTime 0), not React Query's cache.
 */
export async function keepMyWorkOffline(client: QueryClient): Promise<void> {
  const fresh = { staleTime: 0 };
  await Promise.all([
    client.fetchQuery({ ...sessionQuery(), ...fresh }),
    client.fetchQuery({ ...clientConfigQuery(), ...fresh }),
    client.fetchQuery({ ...campaignQuery(), ...fresh }),
    client.fetchQuery({ ...zonesQuery(), ...fresh }),
    client.fetchQuery({ ...basemapQuery(), ...fresh }),
    client.fetchQuery({ ...placesQuery(), ...fresh }),
  ]);
  const mine = await client.fetchQuery({ ...myTasksQuery(), ...fresh });
  const tasks = mine.tasks.filter((task) => task.status !== 'done').slice(0, OFFLINE_TASK_LIMIT);
  for (const task of tasks) {
    await Promise.all([
      client.fetchQuery({ ...taskQuery(task.id), ...fresh }),
      client.fetchQuery({ ...taskUpdatesQuery(task.id), ...fresh }),
    ]);
  }
  for (const zoneId of new Set(tasks.map((task) => task.zoneId))) {
    const [, , photos] = await Promise.all([
      client.fetchQuery({ ...zoneQuery(zoneId), ...fresh }),
      client.fetchQuery({ ...zoneTasksQuery(zoneId), ...fresh }),
      client.fetchQuery({ ...zonePhotosQuery(zoneId), ...fresh }),
    ]);
    for (const photo of photos.photos.filter((candidate) => candidate.phase === 'before')) {
      await Promise.all(
        [photo.urls.thumb, photo.urls.display].map((url) =>
          fetch(url, { credentials: 'same-origin' }).catch(() => undefined),
        ),
      );
    }
  }
}
