import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, getJson, notifyUnauthorized } from '../lib/api';
import { caseCodesResponseSchema } from '../shared/cases/case';
import { decodeCasePoints, type CasePoints } from '../shared/cases/case-points';

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
    queryKey: ['cases', 'points'],
    queryFn: ({ signal }) => fetchCasePoints(signal),
    // Typed arrays: nothing to share structurally between fetches.
    structuralSharing: false,
  });
export const caseCodesQuery = () =>
  queryOptions({
    queryKey: ['cases', 'codes'],
    queryFn: ({ signal }) => getJson('/api/case-codes', caseCodesResponseSchema, signal),
    staleTime: Infinity,
  });

export const useCasePoints = (enabled: boolean) => useQuery({ ...casePointsQuery(), enabled });
export const useCaseCodes = (enabled: boolean) => useQuery({ ...caseCodesQuery(), enabled });
