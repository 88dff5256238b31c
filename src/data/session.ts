import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

/** Log in; on success the session is known and every other query starts afresh. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: { username: string; password: string }) =>
      (await sendJson('POST', '/api/session', credentials, sessionResponseSchema)).data!,
    onSuccess: (session) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' && query.queryKey[0] !== 'config' });
      client.setQueryData<SessionResponse>(sessionKey, session);
    },
  });
}

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

export function useChangeOwnPassword() {
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) => {
      await sendJson('POST', '/api/session/password', body, null);
    },
  });
}
