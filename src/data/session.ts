import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { sessionResponseSchema, type SessionResponse } from '../shared/admin/auth';

export const sessionKey = ['session'] as const;

export const sessionQuery = () =>
  queryOptions({
    queryKey: sessionKey,
    queryFn: ({ signal }) => getJson('/api/session', sessionResponseSchema, signal),
    staleTime: 60_000,
  });

export const useSession = () => useQuery(sessionQuery());

/**
 * Log out; whatever the server answers, this browser forgets the session and every other query. A plain
 * callback, not a mutation: the map page's first JavaScript then needs no mutation code (P1).
 */
export function useLogout(): () => void {
  const client = useQueryClient();
  return () => {
    void sendJson('DELETE', '/api/session', undefined, null)
      .catch(() => undefined)
      .finally(() => {
        client.removeQueries({
          predicate: (query) => query.queryKey[0] !== 'session' && query.queryKey[0] !== 'config',
        });
        client.setQueryData<SessionResponse>(sessionKey, { user: null });
      });
  };
}
