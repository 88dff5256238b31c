import { useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api';
import { zoneKeys } from '../lib/query-keys';
import { zoneCasesSchema } from '../shared/cases/case';

/** The 数字城管 cases inside a zone (loaded with the zone panel, not the map page). */
export const useZoneCases = (zoneId: string) =>
  useQuery({
    queryKey: [...zoneKeys.detail(zoneId), 'cases'],
    queryFn: ({ signal }) => getJson(`/api/zones/${encodeURIComponent(zoneId)}/cases`, zoneCasesSchema, signal),
  });
