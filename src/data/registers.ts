import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { getJson, sendForm, sendJson } from '../lib/api';
import { registerImportPreviewSchema, registerImportResultSchema } from '../shared/registers/import';
import {
  registerCollectionSchema,
  registerFeatureSchema,
  registerHistorySchema,
  registerLinksSchema,
  registerSummarySchema,
  riverReadingSchema,
  riverReadingsSchema,
  type ReadingBody,
  type RegisterFeature,
} from '../shared/registers/register';
import type { ZoneGeometry } from '../shared/zones/zone';
import { RIVER_SECTIONS } from '../shared/registers/kinds';

// 台账: the registers' kinds with counts, a kind's objects (map layer and list page), one object's history, a river
// section's readings and the objects a zone covers.

export const registerKeys = {
  all: ['registers'] as const,
  summary: ['registers', 'summary'] as const,
  kind: (kind: string) => ['registers', 'kind', kind] as const,
  history: (kind: string, id: number) => ['registers', 'history', kind, id] as const,
  readings: (id: number) => ['registers', 'readings', id] as const,
  inZone: (zoneId: string) => ['registers', 'zone', zoneId] as const,
};

export const registerSummaryQuery = () =>
  queryOptions({
    queryKey: registerKeys.summary,
    queryFn: ({ signal }) => getJson('/api/registers', registerSummarySchema, signal),
  });
export const registerKindQuery = (kind: string) =>
  queryOptions({
    queryKey: registerKeys.kind(kind),
    queryFn: ({ signal }) => getJson(`/api/registers/${kind}`, registerCollectionSchema, signal),
  });
export const registerHistoryQuery = (kind: string, id: number) =>
  queryOptions({
    queryKey: registerKeys.history(kind, id),
    queryFn: ({ signal }) => getJson(`/api/registers/${kind}/${id}/history`, registerHistorySchema, signal),
  });
export const riverReadingsQuery = (id: number) =>
  queryOptions({
    queryKey: registerKeys.readings(id),
    queryFn: ({ signal }) => getJson(`/api/registers/${RIVER_SECTIONS}/${id}/readings`, riverReadingsSchema, signal),
  });
export const zoneRegistersQuery = (zoneId: string) =>
  queryOptions({
    queryKey: registerKeys.inZone(zoneId),
    queryFn: ({ signal }) => getJson(`/api/zones/${zoneId}/registers`, registerLinksSchema, signal),
  });

/** Where a kind's GIS export is (the same formats as the zones'). */
export const registerExportUrl = (kind: string, format: string) => `/api/registers/${kind}/export.${format}`;

export interface RegisterDraft {
  name: string;
  geometry: ZoneGeometry;
  attributes: Record<string, string | number | boolean | null>;
}

/** Create (no `current`) or change (with the version read, as If-Match) an object; delete with `remove`. */
export function useRegisterWrites(kind: string) {
  const client = useQueryClient();
  const settle = () => client.invalidateQueries({ queryKey: registerKeys.all });
  const save = useMutation({
    mutationFn: async ({ draft, current }: { draft: RegisterDraft; current: RegisterFeature | null }) => {
      const { data } = current
        ? await sendJson('PATCH', `/api/registers/${kind}/${current.id}`, draft, registerFeatureSchema, {
            'If-Match': `"${current.properties.version}"`,
          })
        : await sendJson('POST', `/api/registers/${kind}`, draft, registerFeatureSchema);
      return data!;
    },
    onSettled: settle,
  });
  const remove = useMutation({
    mutationFn: (current: RegisterFeature) =>
      sendJson('DELETE', `/api/registers/${kind}/${current.id}`, undefined, null, {
        'If-Match': `"${current.properties.version}"`,
      }),
    onSettled: settle,
  });
  const addReading = useMutation({
    mutationFn: ({ id, reading }: { id: number; reading: ReadingBody }) =>
      sendJson('POST', `/api/registers/${RIVER_SECTIONS}/${id}/readings`, reading, riverReadingSchema),
    onSettled: settle,
  });
  return { save, remove, addReading };
}

/**
 * A GIS file into a register (`POST /api/registers/:kind/import`): `dryRun` answers the preview (counts, each row's
 * errors), otherwise the valid rows are created and the register's queries refreshed.
 */
export function useRegisterImport(kind: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      file,
      gcj02,
      layer,
      dryRun,
    }: {
      file: File;
      gcj02: boolean;
      /** The layer to read of a file with several; null: the first. */
      layer: string | null;
      dryRun: boolean;
    }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      const search = new URLSearchParams({ dryRun: dryRun ? '1' : '0', coordinateSystem: gcj02 ? 'gcj02' : 'wgs84' });
      if (layer !== null) search.set('layer', layer);
      const url = `/api/registers/${kind}/import?${search.toString()}`;
      return dryRun
        ? { ...(await sendForm(url, form, registerImportPreviewSchema)), created: null }
        : sendForm(url, form, registerImportResultSchema);
    },
    onSuccess: (_result, { dryRun }) => {
      if (!dryRun) void client.invalidateQueries({ queryKey: registerKeys.all });
    },
  });
}
