import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from '../lib/api';
import { zoneFeatureSchema, type ZoneGeometry, type ZoneWritableProperties } from '../shared/zones/zone';
import { zoneKeys } from './zones';

// Zone writes (POST/PATCH/DELETE /api/zones, /api/zones/batch): loaded with the editor, not the map page.

export interface SaveZoneInput {
  /** Absent for a new zone. */
  id?: string;
  /** The version the edit started from (If-Match). */
  version?: number;
  geometry?: ZoneGeometry;
  properties: Partial<ZoneWritableProperties>;
  overlapReason?: string;
  /** A reason to set status/progress by hand on a zone with tasks; null hands them back to the roll-up. */
  statusOverrideReason?: string | null;
}

/** One request per save: POST for a new zone, PATCH with If-Match for a change. */
export function useSaveZone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SaveZoneInput) => {
      const body = {
        ...(input.id ? {} : { type: 'Feature' }),
        ...(input.geometry ? { geometry: input.geometry } : {}),
        properties: input.properties,
        ...(input.overlapReason ? { overlapReason: input.overlapReason } : {}),
        ...(input.statusOverrideReason !== undefined ? { statusOverrideReason: input.statusOverrideReason } : {}),
      };
      const result = input.id
        ? await sendJson('PATCH', `/api/zones/${encodeURIComponent(input.id)}`, body, zoneFeatureSchema, {
            'If-Match': `"${input.version}"`,
          })
        : await sendJson('POST', '/api/zones', body, zoneFeatureSchema);
      return result.data!;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: zoneKeys.all }),
  });
}

export function useDeleteZone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, version }: { id: string; version: number }) => {
      await sendJson('DELETE', `/api/zones/${encodeURIComponent(id)}`, undefined, null, { 'If-Match': `"${version}"` });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: zoneKeys.all }),
  });
}

export type BatchOperation =
  | { op: 'create'; feature: { type: 'Feature'; geometry: ZoneGeometry; properties: Partial<ZoneWritableProperties> } }
  | {
      op: 'update';
      id: string;
      version: number;
      feature: { geometry?: ZoneGeometry; properties?: Partial<ZoneWritableProperties> };
    }
  | { op: 'delete'; id: string; version: number };

/** Several zone writes at once, all or nothing (a split or a merge). */
export function useZoneBatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (operations: BatchOperation[]) => {
      await sendJson('POST', '/api/zones/batch', { operations }, null);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: zoneKeys.all }),
  });
}
