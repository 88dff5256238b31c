import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson } from '../lib/api';

/*
 * Many towns: the towns of the deployment and the county overview (县级). The schemas load with the first fetch,
 * so nothing here is in the map page's first JavaScript (P1).
 */

export const countyKeys = { towns: ['towns'] as const, overview: ['county', 'overview'] as const };

/** The towns this deployment serves (the login form offers a choice when there are several). */
export const useTowns = () =>
  useQuery({
    queryKey: countyKeys.towns,
    queryFn: async ({ signal }) => {
      const { townListSchema } = await import('../shared/county/county');
      return (await getJson('/api/towns', townListSchema, signal)).towns;
    },
    staleTime: 5 * 60_000,
  });

/** Every town's figures, overdue work and unit ranking, side by side (county accounts only). */
export const useCountyOverview = () =>
  useQuery({
    queryKey: countyKeys.overview,
    queryFn: async ({ signal }) => {
      const { countyOverviewSchema } = await import('../shared/county/county');
      return getJson('/api/county/overview', countyOverviewSchema, signal);
    },
  });

/**
 * The cookie naming the town a county account looks at (read-only; the server honours it for county accounts
 * only, src/server/platform/auth/guard.ts). A cookie, so that images and downloads carry it too.
 */
const VIEW_TOWN_COOKIE = 'jinxi_view_town';

export function viewedTown(): string | null {
  const match = /(?:^|;\s*)jinxi_view_town=([a-z][a-z0-9_]*)/.exec(document.cookie);
  return match?.[1] ?? null;
}

/** Look at a town (null: the account's own); every query then starts afresh in that town. */
export function useViewTown(): (code: string | null) => void {
  const client = useQueryClient();
  return (code) => {
    document.cookie = code
      ? `${VIEW_TOWN_COOKIE}=${code}; path=/; SameSite=Lax`
      : `${VIEW_TOWN_COOKIE}=; path=/; SameSite=Lax; Max-Age=0`;
    client.removeQueries({
      predicate: (query) => !['session', 'config', 'towns', 'county'].includes(String(query.queryKey[0])),
    });
  };
}
