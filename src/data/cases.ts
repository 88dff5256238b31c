import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { useMemo } from 'react';
import { ApiError, getJson, getWithEtag, notifyUnauthorized, sendJson } from '../lib/api';
import {
  caseCodesResponseSchema,
  caseDetailSchema,
  caseListResponseSchema,
  zoneCasesSchema,
  type CaseAction,
  type CaseActionBody,
  type CreateCaseBody,
} from '../shared/cases/case';
import { decodeCasePoints, type CasePoints } from '../shared/cases/case-points';
import { zoneKeys } from './zones';

// 数字城管 cases (/api/cases…, /api/case-codes): the cases page's list, detail and actions, the case map's
// points, and the cases inside one zone (its key lives under the zone's: zoneKeys.cases). Never loaded
// with the map page's first paint.

export const caseKeys = {
  all: ['cases'] as const,
  codes: () => [...caseKeys.all, 'codes'] as const,
  points: () => [...caseKeys.all, 'points'] as const,
  outline: () => [...caseKeys.all, 'basemap'] as const,
  list: (search: string) => [...caseKeys.all, 'list', search] as const,
  detail: (id: string) => [...caseKeys.all, 'detail', id] as const,
};

/** Every case point (GET /api/cases/points.bin), decoded into typed columns: no object per case. */
async function fetchCasePoints(signal: AbortSignal): Promise<CasePoints> {
  const response = await fetch('/api/cases/points.bin', {
    credentials: 'same-origin',
    headers: { Accept: 'application/octet-stream' },
    signal,
  });
  if (!response.ok) {
    if (response.status === 401) notifyUnauthorized();
    throw new ApiError(response.status, null, response.headers);
  }
  return decodeCasePoints(await response.arrayBuffer());
}

export const casePointsQuery = () =>
  queryOptions({
    queryKey: caseKeys.points(),
    queryFn: ({ signal }) => fetchCasePoints(signal),
    // Typed arrays: nothing to share structurally between fetches.
    structuralSharing: false,
  });
/** The problem codes (大类/小类): static for a running server. */
export const caseCodesQuery = () =>
  queryOptions({
    queryKey: caseKeys.codes(),
    queryFn: ({ signal }) => getJson('/api/case-codes', caseCodesResponseSchema, signal),
    staleTime: Infinity,
  });
export const zoneCasesQuery = (zoneId: string) =>
  queryOptions({
    queryKey: zoneKeys.cases(zoneId),
    queryFn: ({ signal }) => getJson(`/api/zones/${encodeURIComponent(zoneId)}/cases`, zoneCasesSchema, signal),
  });

export const useCasePoints = (enabled: boolean) => useQuery({ ...casePointsQuery(), enabled });
export const useCaseCodes = (enabled = true) => useQuery({ ...caseCodesQuery(), enabled });

/** A problem code with its name, "07002 非法小广告" (the legacy label, or the code alone, while names load). */
export function useCaseCodeLabel(): (code: string, legacyLabel?: string | null) => string {
  const codes = useCaseCodes();
  const names = useMemo(
    () => new Map((codes.data?.codes ?? []).map((entry) => [entry.code, entry.name])),
    [codes.data],
  );
  return (code, legacyLabel) => {
    const name = names.get(code) ?? legacyLabel;
    return name ? `${code} ${name}` : code;
  };
}
/** The 数字城管 cases inside a zone (loaded with the zone panel, not the map page). */
export const useZoneCases = (zoneId: string) => useQuery(zoneCasesQuery(zoneId));

export const caseListQuery = (search: string) =>
  queryOptions({
    queryKey: caseKeys.list(search),
    // No abort signal: a filter changed mid-request lets the older answer arrive and be ignored (not a failed request).
    queryFn: () => getJson(`/api/cases?${search}`, caseListResponseSchema),
    placeholderData: keepPreviousData,
  });
export const useCaseList = (search: string) => useQuery(caseListQuery(search));

export const caseDetailQuery = (id: string | null) =>
  queryOptions({
    queryKey: caseKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getWithEtag(`/api/cases/${encodeURIComponent(id!)}`, caseDetailSchema, signal),
    enabled: id !== null,
  });
export const useCaseDetail = (id: string | null) => useQuery(caseDetailQuery(id));

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
export const townOutlineQuery = () =>
  queryOptions({
    queryKey: caseKeys.outline(),
    queryFn: ({ signal }) => getJson('/api/basemap', basemapSchema, signal),
    staleTime: Infinity,
  });
export const useTownOutline = () => useQuery(townOutlineQuery());

/** The answer of POST /api/cases/import (preview or commit) and of a refused commit (in `report`). */
export const importReportSchema = z.object({
  mode: z.optional(z.string()),
  encoding: z.string(),
  headers: z.array(z.string()),
  mapping: z.record(z.string(), z.string()),
  mappingFrom: z.string(),
  fields: z.array(z.string()),
  rowCount: z.int(),
  validCount: z.int(),
  errorCount: z.int(),
  errors: z.array(z.object({ row: z.int(), field: z.nullable(z.string()), message: z.string() })),
  existingCount: z.int(),
  unknownUnits: z.array(z.string()),
  inserted: z.optional(z.int()),
  skipped: z.optional(z.int()),
  milliseconds: z.optional(z.number()),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/** Send the export for a preview or a commit; a refused commit (422) answers its report too. */
export async function sendImport(
  file: File,
  fields: { mode: 'preview' | 'commit'; crs: string; mapping?: Record<string, string>; skipInvalid?: boolean },
): Promise<{ ok: boolean; report: ImportReport | null; detail: string | null }> {
  const form = new FormData();
  form.append('mode', fields.mode);
  form.append('crs', fields.crs);
  if (fields.mapping) form.append('mapping', JSON.stringify(fields.mapping));
  if (fields.skipInvalid) form.append('skipInvalid', 'true');
  form.append('file', file, file.name);
  const response = await fetch('/api/cases/import', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    body: form,
  });
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const record = (body ?? {}) as { report?: unknown; detail?: unknown };
  const parsed = importReportSchema.safeParse(response.ok ? body : record.report);
  return {
    ok: response.ok,
    report: parsed.success ? parsed.data : null,
    detail: typeof record.detail === 'string' ? record.detail : null,
  };
}
