import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from '../lib/api';
import { sessionResponseSchema, type SessionResponse } from '../shared/admin/auth';
import { sessionKey } from './session';

/*
 * The session's mutations, apart from data/session.ts so that the map page's first JavaScript, which reads the
 * session, carries no mutation code (P1 in docs/quality.md).
 */

/** Log in; on success the session is known and every other query starts afresh. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: { username: string; password: string; town?: string }) =>
      (await sendJson('POST', '/api/session', credentials, sessionResponseSchema)).data!,
    onSuccess: (session) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' && query.queryKey[0] !== 'config' });
      client.setQueryData<SessionResponse>(sessionKey, session);
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
