import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import {
  planListSchema,
  planSchema,
  planVersionListSchema,
  type Plan,
  type PlanAction,
  type PlanBody,
} from '../shared/plans/plans';
import { planSummarySchema } from '../shared/plans/summary';
import { zoneCollectionSchema } from '../shared/zones/zone';

// Annual plans (整治计划): loaded with the plans pages, not with the map page.

export const planKeys = {
  all: ['plans'] as const,
  list: (year: number) => ['plans', 'list', year] as const,
  one: (id: string) => ['plans', 'one', id] as const,
  versions: (id: string) => ['plans', 'versions', id] as const,
  summary: (year: number) => ['plans', 'summary', year] as const,
  zones: (unit: string) => ['plans', 'zones', unit] as const,
};

export const usePlanList = (year: number) =>
  useQuery(
    queryOptions({
      queryKey: planKeys.list(year),
      queryFn: ({ signal }) => getJson(`/api/plans?year=${year}`, planListSchema, signal),
    }),
  );

export const usePlan = (id: string | null) =>
  useQuery({
    queryKey: planKeys.one(id ?? ''),
    queryFn: ({ signal }) => getJson(`/api/plans/${encodeURIComponent(id!)}`, planSchema, signal),
    enabled: id !== null,
  });

export const usePlanVersions = (id: string | null) =>
  useQuery({
    queryKey: planKeys.versions(id ?? ''),
    queryFn: ({ signal }) => getJson(`/api/plans/${encodeURIComponent(id!)}/versions`, planVersionListSchema, signal),
    enabled: id !== null,
  });

export const usePlanSummary = (year: number) =>
  useQuery({
    queryKey: planKeys.summary(year),
    queryFn: ({ signal }) => getJson(`/api/plans/summary?year=${year}`, planSummarySchema, signal),
  });

/** The zones a unit leads (a plan's projects are picked from them). */
export const useUnitZones = (unit: string | null) =>
  useQuery({
    queryKey: planKeys.zones(unit ?? ''),
    queryFn: async ({ signal }) =>
      (await getJson(`/api/zones?unit=${encodeURIComponent(unit!)}`, zoneCollectionSchema, signal)).features.filter(
        (zone) => zone.properties.leadUnit === unit,
      ),
    enabled: unit !== null,
  });

/** The xlsx 上报 workbook's address. */
export const planWorkbookUrl = (year: number) => `/api/plans/workbook.xlsx?year=${year}`;

function useRefreshPlans() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: planKeys.all });
}

/** Draft the unit's plan for a year. */
export function useCreatePlan() {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: async (year: number) => (await sendJson('POST', '/api/plans', { year }, planSchema)).data!,
    onSuccess: refresh,
  });
}

/** Save the plan's body, with If-Match of the version shown. */
export function useSavePlan() {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: async ({ plan, body }: { plan: Plan; body: PlanBody }) =>
      (
        await sendJson('PATCH', `/api/plans/${encodeURIComponent(plan.id)}`, { body }, planSchema, {
          'If-Match': `"${plan.version}"`,
        })
      ).data!,
    onSuccess: refresh,
    onError: refresh,
  });
}

/** Submit, return (with a comment) or approve, with If-Match of the version shown. */
export function usePlanAction() {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: async ({ plan, action, comment }: { plan: Plan; action: PlanAction; comment?: string }) =>
      (
        await sendJson(
          'POST',
          `/api/plans/${encodeURIComponent(plan.id)}/actions/${action}`,
          comment ? { comment } : {},
          planSchema,
          { 'If-Match': `"${plan.version}"` },
        )
      ).data!,
    onSuccess: refresh,
    onError: refresh,
  });
}
