import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { inboxSchema } from '../shared/notifications/notification';
import * as z from 'zod/mini';

// The inbox (GET /api/inbox): loaded by the header's bell, which loads on first use of the app, not with the map.

export const inboxKeys = { all: ['inbox'] as const };

/** The bell looks again every minute (and whenever a 督办 is written from this page). */
export const INBOX_REFRESH_MS = 60_000;

export const inboxQuery = () =>
  queryOptions({
    queryKey: inboxKeys.all,
    queryFn: ({ signal }) => getJson('/api/inbox', inboxSchema, signal),
    refetchInterval: INBOX_REFRESH_MS,
  });
export const useInbox = () => useQuery(inboxQuery());

const unreadSchema = z.object({ unread: z.int() });

/** Mark items (or all) read; the inbox refreshes. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { ids: string[] } | { all: true }) =>
      (await sendJson('POST', '/api/inbox/read', body, unreadSchema)).data!,
    onSuccess: () => client.invalidateQueries({ queryKey: inboxKeys.all }),
  });
}
