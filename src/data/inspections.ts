import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { checklistListSchema, type Checklist } from '../shared/checklists/checklists';
import {
  inspectionOverviewSchema,
  monthlyInspectionListSchema,
  monthlyInspectionSchema,
  type InspectionBody,
} from '../shared/checklists/inspections';
import { zoneKeys } from './zones';

// 月度自查 and the 评分细则: loaded with the zone panel's sections, not with the map page.

export const inspectionKeys = {
  all: ['inspections'] as const,
  checklists: ['checklists'] as const,
  ofZone: (zoneId: string) => zoneKeys.inspections(zoneId),
  overview: (month: string, unit: string | null) => [...inspectionKeys.all, month, unit ?? ''] as const,
};

/** Every item's checklist; they change only with a deployment. */
export const checklistsQuery = () =>
  queryOptions({
    queryKey: inspectionKeys.checklists,
    queryFn: ({ signal }) => getJson('/api/checklists', checklistListSchema, signal),
    staleTime: Infinity,
  });
/** The checklist of an item (undefined while loading, null when the item has none). */
/** The item's checklist (null: the item has none; undefined: not loaded yet), and whether loading it failed. */
export function useChecklist(item: string): { sheet: Checklist | null | undefined; failed: boolean } {
  const query = useQuery(checklistsQuery());
  return {
    sheet: query.data ? (query.data.find((sheet) => sheet.item === item) ?? null) : undefined,
    failed: query.isError,
  };
}

export const zoneInspectionsQuery = (zoneId: string) =>
  queryOptions({
    queryKey: inspectionKeys.ofZone(zoneId),
    queryFn: ({ signal }) =>
      getJson(`/api/zones/${encodeURIComponent(zoneId)}/inspections`, monthlyInspectionListSchema, signal),
  });
export const useZoneInspections = (zoneId: string) => useQuery(zoneInspectionsQuery(zoneId));

export const inspectionOverviewQuery = (month: string, unit: string | null) =>
  queryOptions({
    queryKey: inspectionKeys.overview(month, unit),
    queryFn: ({ signal }) =>
      getJson(
        `/api/inspections?month=${encodeURIComponent(month)}${unit ? `&unit=${encodeURIComponent(unit)}` : ''}`,
        inspectionOverviewSchema,
        signal,
      ),
  });

/** Record the month's self-inspection of a zone; its list and the overviews refresh. */
export function useRecordInspection(zoneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: InspectionBody) =>
      (await sendJson('POST', `/api/zones/${encodeURIComponent(zoneId)}/inspections`, body, monthlyInspectionSchema))
        .data!,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: inspectionKeys.ofZone(zoneId) }),
        client.invalidateQueries({ queryKey: inspectionKeys.all }),
      ]),
  });
}
