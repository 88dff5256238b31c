import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { triageListSchema, triageReportSchema } from '../shared/public/reports';
import { caseKeys } from './cases';

// The office's triage of residents' reports (the cases page; docs/public.md). Staff only: not in the public site.

export const triageKey = ['public-reports', 'pending'] as const;

/** Residents' reports waiting for the office's decision (office only). */
export const useTriageQueue = (enabled: boolean) =>
  useQuery({
    queryKey: triageKey,
    enabled,
    queryFn: ({ signal }) => getJson('/api/public-reports?status=pending', triageListSchema, signal),
  });

export type TriageAction =
  | { id: string; action: 'accept' }
  | { id: string; action: 'merge'; caseId: string }
  | { id: string; action: 'reject'; reason: string };

/** Accept, merge or reject a report: the queue and the case list refresh. */
export function useTriage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (decision: TriageAction) => {
      const { id, action, ...body } = decision;
      return (
        await sendJson(
          'POST',
          `/api/public-reports/${encodeURIComponent(id)}/${action}`,
          action === 'accept' ? undefined : body,
          triageReportSchema,
        )
      ).data!;
    },
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: triageKey }),
        client.invalidateQueries({ queryKey: caseKeys.all }),
      ]),
  });
}
