import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api';
import { dashboardSchema } from '../shared/dashboard/dashboard';

export const dashboardKeys = {
  all: ['dashboard'] as const,
  asOf: (asOf: string | null) => [...dashboardKeys.all, asOf ?? 'today'] as const,
};

/** The overview for a day (null: today). Refreshes by itself every `refreshMs` (the big screen). */
export const useDashboard = (asOf: string | null, refreshMs?: number) =>
  useQuery({
    queryKey: dashboardKeys.asOf(asOf),
    queryFn: ({ signal }) =>
      getJson(`/api/dashboard${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`, dashboardSchema, signal),
    placeholderData: keepPreviousData,
    ...(refreshMs ? { refetchInterval: refreshMs } : {}),
  });
