import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { getJson, getWithEtag, sendJson } from '../../lib/api';
import {
  caseCodesResponseSchema,
  caseDetailSchema,
  caseListResponseSchema,
  type CaseAction,
  type CaseActionBody,
  type CreateCaseBody,
} from '../../shared/case';

// 数字城管 case queries: loaded with the cases page only (never with the map page).

export const caseKeys = {
  all: ['cases'] as const,
  codes: () => [...caseKeys.all, 'codes'] as const,
  list: (search: string) => [...caseKeys.all, 'list', search] as const,
  detail: (id: string) => [...caseKeys.all, 'detail', id] as const,
};

export const useCaseCodes = () =>
  useQuery({
    queryKey: caseKeys.codes(),
    queryFn: ({ signal }) => getJson('/api/case-codes', caseCodesResponseSchema, signal),
    staleTime: 5 * 60_000,
  });

export const useCaseList = (search: string) =>
  useQuery({
    queryKey: caseKeys.list(search),
    // No abort signal: a filter changed mid-request lets the older answer arrive and be ignored (not a failed request).
    queryFn: () => getJson(`/api/cases?${search}`, caseListResponseSchema),
    placeholderData: keepPreviousData,
  });

export const useCaseDetail = (id: string | null) =>
  useQuery({
    queryKey: caseKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getWithEtag(`/api/cases/${encodeURIComponent(id!)}`, caseDetailSchema, signal),
    enabled: id !== null,
  });

export function useCaseAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { action: CaseAction; body: CaseActionBody; etag: string }) =>
      (
        await sendJson(
          'POST',
          `/api/cases/${encodeURIComponent(id)}/actions/${input.action}`,
          input.body,
          caseDetailSchema,
          { 'If-Match': input.etag },
        )
      ).data!,
    onSettled: () => client.invalidateQueries({ queryKey: caseKeys.all }),
  });
}

export function useReportCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateCaseBody) => (await sendJson('POST', '/api/cases', body, caseDetailSchema)).data!,
    onSuccess: () => client.invalidateQueries({ queryKey: caseKeys.all }),
  });
}

/** The town's outline and roads for the tap-to-place map of the report form (the offline basemap). */
const basemapSchema = z.object({
  features: z.array(
    z.object({
      properties: z.object({ layer: z.string() }),
      geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
    }),
  ),
});
export const useTownOutline = () =>
  useQuery({
    queryKey: [...caseKeys.all, 'basemap'],
    queryFn: ({ signal }) => getJson('/api/basemap', basemapSchema, signal),
    staleTime: Infinity,
  });
