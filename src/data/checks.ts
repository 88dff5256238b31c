import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import {
  createdCheckSchema,
  quarterlyCheckListSchema,
  quarterOverviewSchema,
  type CheckBody,
} from '../shared/checks/checks';
import { taskKeys } from './tasks';
import { zoneKeys } from './zones';

// 季检查 queries load with the zone panel and the quarter overview page, not with the map page.

export const checkKeys = {
  all: ['checks'] as const,
  ofZone: (zoneId: string) => zoneKeys.checks(zoneId),
  quarter: (quarter: string) => [...checkKeys.all, quarter] as const,
};

export const zoneChecksQuery = (zoneId: string) =>
  queryOptions({
    queryKey: checkKeys.ofZone(zoneId),
    queryFn: ({ signal }) =>
      getJson(`/api/zones/${encodeURIComponent(zoneId)}/checks`, quarterlyCheckListSchema, signal),
  });
export const useZoneChecks = (zoneId: string) => useQuery(zoneChecksQuery(zoneId));

export const quarterOverviewQuery = (quarter: string) =>
  queryOptions({
    queryKey: checkKeys.quarter(quarter),
    queryFn: ({ signal }) =>
      getJson(`/api/checks?quarter=${encodeURIComponent(quarter)}`, quarterOverviewSchema, signal),
  });
export const useQuarterOverview = (quarter: string) => useQuery(quarterOverviewQuery(quarter));

/**
 * Record a zone's check. A failed one sends tasks back to rework, so the zone (status, tasks),
 * every task and the quarter overviews refresh.
 */
export function useRecordCheck(zoneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CheckBody) =>
      (await sendJson('POST', `/api/zones/${encodeURIComponent(zoneId)}/checks`, body, createdCheckSchema)).data!,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: zoneKeys.all }),
        client.invalidateQueries({ queryKey: taskKeys.all }),
        client.invalidateQueries({ queryKey: checkKeys.all }),
      ]),
  });
}
