import { queryOptions, useQuery } from '@tanstack/react-query';
import { MAP_PAGE_READS } from '../shared/http/map-page-reads';
import { getJson } from '../lib/api';
import { campaignResponseSchema } from '../shared/campaign/campaign';

export const campaignQuery = () =>
  queryOptions({
    queryKey: ['campaign'],
    queryFn: ({ signal }) => getJson(MAP_PAGE_READS.campaign, campaignResponseSchema, signal),
    staleTime: 5 * 60_000,
  });

export const useCampaign = (enabled = true) => useQuery({ ...campaignQuery(), enabled });
