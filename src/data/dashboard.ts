import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api';
import { dashboardSchema } from '../shared/dashboard/dashboard';

export const dashboardKeys = {
  all: ['dashboard'] as const,
  asOf: (asOf: string | null) => [...dashboardKeys.all, asOf ?? 'today'] as const,
};

/** The overview for a day (null: today). */
export const dashboardQuery = (asOf: string | null) =>
  queryOptions({
    queryKey: dashboardKeys.asOf(asOf),
    queryFn: ({ signal }) =>
      getJson(`/api/dashboard${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`, dashboardSchema, signal),
  });

/** The overview for a day, the previous day's shown meanwhile; refreshes by itself every `refreshMs` (the big screen). */
export const useDashboard = (asOf: string | null, refreshMs?: number) =>
  useQuery({
    ...dashboardQuery(asOf),
    placeholderData: keepPreviousData,
    ...(refreshMs ? { refetchInterval: refreshMs } : {}),
  });
