import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import {
  supervisionListSchema,
  supervisionSchema,
  type Supervision,
  type SupervisionAction,
  type SupervisionActionBody,
  type SupervisionListFilter,
  type SupervisionReplyBody,
} from '../shared/supervision/supervision';
import { zoneKeys } from './zones';

// 督办 (supervision) of a zone, a task or a case: loaded with the zone panel and the 督办 page, not with the map page.

export const supervisionKeys = {
  all: ['supervisions'] as const,
  list: (status: SupervisionListFilter | 'all', mine: boolean) => ['supervisions', 'list', status, mine] as const,
};

export const zoneSupervisionsQuery = (id: string) =>
  queryOptions({
    queryKey: zoneKeys.supervisions(id),
    queryFn: ({ signal }) =>
      getJson(`/api/zones/${encodeURIComponent(id)}/supervisions`, supervisionListSchema, signal),
  });
export const useZoneSupervisions = (id: string) => useQuery(zoneSupervisionsQuery(id));

export const supervisionListQuery = (status: SupervisionListFilter | 'all', mine: boolean) =>
  queryOptions({
    queryKey: supervisionKeys.list(status, mine),
    queryFn: ({ signal }) => {
      const query = new URLSearchParams();
      if (status !== 'all') query.set('status', status);
      if (mine) query.set('mine', '1');
      const suffix = query.size ? `?${query}` : '';
      return getJson(`/api/supervisions${suffix}`, supervisionListSchema, signal);
    },
  });
export const useSupervisionList = (status: SupervisionListFilter | 'all', mine: boolean) =>
  useQuery(supervisionListQuery(status, mine));

/** After any 督办 write: the zone list (its 督办 counts), panels and lists refresh. */
function useRefreshSupervisions() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: zoneKeys.all }),
      client.invalidateQueries({ queryKey: supervisionKeys.all }),
      client.invalidateQueries({ queryKey: ['inbox'] }),
    ]);
}

/** 督办: issue one on the zone (or one of its tasks). */
export function useCreateSupervision(zoneId: string) {
  const refresh = useRefreshSupervisions();
  return useMutation({
    mutationFn: async (body: { note: string; deadline: string; taskId: string | null }) =>
      (await sendJson('POST', `/api/zones/${encodeURIComponent(zoneId)}/supervisions`, body, supervisionSchema)).data!,
    onSuccess: refresh,
  });
}

/** The responsible unit's reply. */
export function useReplySupervision() {
  const refresh = useRefreshSupervisions();
  return useMutation({
    mutationFn: async ({ supervision, body }: { supervision: Supervision; body: SupervisionReplyBody }) =>
      (
        await sendJson(
          'POST',
          `/api/supervisions/${encodeURIComponent(supervision.id)}/replies`,
          body,
          supervisionSchema,
        )
      ).data!,
    onSuccess: refresh,
  });
}

/** The issuer closes (accepting the reply) or reopens, with If-Match of the version shown. */
export function useSupervisionAction() {
  const refresh = useRefreshSupervisions();
  return useMutation({
    mutationFn: async ({
      supervision,
      action,
      body,
    }: {
      supervision: Supervision;
      action: SupervisionAction;
      body: SupervisionActionBody;
    }) =>
      (
        await sendJson(
          'POST',
          `/api/supervisions/${encodeURIComponent(supervision.id)}/actions/${action}`,
          body,
          supervisionSchema,
          { 'If-Match': `"${supervision.version}"` },
        )
      ).data!,
    onSuccess: refresh,
    onError: refresh,
  });
}
