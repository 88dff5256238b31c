import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api';
import { phaseDeliverablesSchema } from '../shared/campaign/deliverables';

/** What each phase must produce and whether it has (the dashboard's 实施阶段; loaded with the dashboard, not the map). */
export const deliverablesQuery = () =>
  queryOptions({
    queryKey: ['campaign', 'deliverables'],
    queryFn: ({ signal }) => getJson('/api/campaign/deliverables', phaseDeliverablesSchema, signal),
    staleTime: 60_000,
  });

export const usePhaseDeliverables = (enabled = true) => useQuery({ ...deliverablesQuery(), enabled });
