import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../../lib/api';
import { sessionResponseSchema, type SessionResponse } from '../../shared/auth';

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

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await sendJson('DELETE', '/api/session', undefined, null);
    },
    onSettled: () => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' && query.queryKey[0] !== 'config' });
      client.setQueryData<SessionResponse>(sessionKey, { user: null });
    },
  });
}

export function useChangeOwnPassword() {
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) => {
      await sendJson('POST', '/api/session/password', body, null);
    },
  });
}
