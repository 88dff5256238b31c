import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api';

export const dashboardKeys = {
  all: ['dashboard'] as const,
  asOf: (asOf: string | null) => [...dashboardKeys.all, asOf ?? 'today'] as const,
};

/**
 * The overview for a day (null: today). Its schema loads with the first fetch: the map page reads a past day's
 * statuses from this query, and the schema stays out of the map page's first JavaScript (P1).
 */
export const dashboardQuery = (asOf: string | null) =>
  queryOptions({
    queryKey: dashboardKeys.asOf(asOf),
    queryFn: async ({ signal }) => {
      const { dashboardSchema } = await import('../shared/dashboard/dashboard');
      return getJson(`/api/dashboard${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`, dashboardSchema, signal);
    },
  });

/** The overview for a day, the previous day's shown meanwhile; refreshes by itself every `refreshMs` (the big screen). */
export const useDashboard = (asOf: string | null, refreshMs?: number) =>
  useQuery({
    ...dashboardQuery(asOf),
    placeholderData: keepPreviousData,
    ...(refreshMs ? { refetchInterval: refreshMs } : {}),
  });
