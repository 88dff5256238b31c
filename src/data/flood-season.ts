import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { getJson, sendJson } from '../lib/api';
import { dutyDaySchema, floodAlertSchema, sensorReadingSchema, sensorSchema } from '../shared/flood/sensors';
import {
  floodResponseSchema,
  pumpStationSchema,
  type PumpStatus,
  type ResponseAction,
  type ResponseLevel,
} from '../shared/flood/response';

// 汛期: monitoring stations and readings, alerts, the duty roster, the emergency response and pump stations.
// Loaded only by the flood view and the flood documents (never in the map page's first JavaScript).

export const floodSeasonKeys = {
  all: ['flood-season'] as const,
  sensors: ['flood-season', 'sensors'] as const,
  readings: (id: string) => ['flood-season', 'readings', id] as const,
  alerts: ['flood-season', 'alerts'] as const,
  duty: (date: string) => ['flood-season', 'duty', date] as const,
  responses: ['flood-season', 'responses'] as const,
  pumps: ['flood-season', 'pumps'] as const,
};

export const useSensors = (enabled: boolean) =>
  useQuery({
    queryKey: floodSeasonKeys.sensors,
    queryFn: ({ signal }) => getJson('/api/sensors', z.array(sensorSchema), signal),
    enabled,
    refetchInterval: 60_000,
  });
export const useSensorReadings = (id: string | null, days = 3) =>
  useQuery({
    queryKey: [...floodSeasonKeys.readings(id ?? ''), days],
    queryFn: ({ signal }) => getJson(`/api/sensors/${id}/readings?days=${days}`, z.array(sensorReadingSchema), signal),
    enabled: id !== null,
  });
export const useFloodAlerts = (enabled: boolean) =>
  useQuery({
    queryKey: floodSeasonKeys.alerts,
    queryFn: ({ signal }) => getJson('/api/flood/alerts', z.array(floodAlertSchema), signal),
    enabled,
    refetchInterval: 60_000,
  });
export const useDuty = (date: string, enabled: boolean) =>
  useQuery({
    queryKey: floodSeasonKeys.duty(date),
    queryFn: ({ signal }) => getJson(`/api/flood/duty?date=${date}`, dutyDaySchema, signal),
    enabled: enabled && date !== '',
  });
export const floodResponsesQuery = () =>
  queryOptions({
    queryKey: floodSeasonKeys.responses,
    queryFn: ({ signal }) => getJson('/api/flood/responses', z.array(floodResponseSchema), signal),
  });
export const useFloodResponses = (enabled: boolean) => useQuery({ ...floodResponsesQuery(), enabled });
export const usePumps = (enabled: boolean) =>
  useQuery({
    queryKey: floodSeasonKeys.pumps,
    queryFn: ({ signal }) => getJson('/api/flood/pumps', z.array(pumpStationSchema), signal),
    enabled,
  });
const refreshAll = (client: ReturnType<typeof useQueryClient>) =>
  client.invalidateQueries({ queryKey: floodSeasonKeys.all });

/** Start a response at a level with a reason. */
export function useStartResponse() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { level: ResponseLevel; reason: string }) =>
      (await sendJson('POST', '/api/flood/responses', body, floodResponseSchema)).data!,
    onSuccess: () => refreshAll(client),
  });
}

/** Raise, lower or end a response at the version read. */
export function useResponseAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { id: string; version: number; action: ResponseAction; reason: string }) =>
      (
        await sendJson(
          'POST',
          `/api/flood/responses/${input.id}/actions/${input.action}`,
          { reason: input.reason },
          floodResponseSchema,
          { 'If-Match': `"${input.version}"` },
        )
      ).data!,
    onSettled: () => refreshAll(client),
  });
}

/** Set a pump station's status (If-Match once it has one). */
export function useSetPumpStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { facilityId: string; version: number; status: PumpStatus }) =>
      (
        await sendJson(
          'PUT',
          `/api/flood/pumps/${input.facilityId}/status`,
          { status: input.status },
          pumpStationSchema,
          input.version > 0 ? { 'If-Match': `"${input.version}"` } : {},
        )
      ).data!,
    onSettled: () => refreshAll(client),
  });
}

/** Set a day's duty roster (replaces the day's list). */
export function useSetDuty() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { date: string; people: { name: string; phone: string; role: string }[] }) =>
      (await sendJson('PUT', '/api/flood/duty', body, dutyDaySchema)).data!,
    onSettled: (_data, _error, body) => client.invalidateQueries({ queryKey: floodSeasonKeys.duty(body.date) }),
  });
}
