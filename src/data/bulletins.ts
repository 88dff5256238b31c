import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { bulletinListSchema, bulletinSchema, type Bulletin, type BulletinPatch } from '../shared/public/bulletins';

// The monthly 公开通报 for staff (the monthly report page; docs/public.md). Residents read theirs in data/public.ts.

export const bulletinKeys = { all: ['bulletins'] as const };

/** Every bulletin, drafts included (staff). */
export const useBulletins = () =>
  useQuery({
    queryKey: bulletinKeys.all,
    queryFn: ({ signal }) => getJson('/api/bulletins', bulletinListSchema, signal),
    select: (data) => data.bulletins,
  });

const ifMatch = (bulletin: Bulletin) => ({ 'If-Match': `"${bulletin.version}"` });

/** Generate, edit and publish (or take back) a bulletin; the list reloads after each, a 412 included. */
export function useBulletinWrites() {
  const client = useQueryClient();
  const onSettled = () => client.invalidateQueries({ queryKey: bulletinKeys.all });
  return {
    create: useMutation({
      mutationFn: async (month: string) => (await sendJson('POST', '/api/bulletins', { month }, bulletinSchema)).data!,
      onSettled,
    }),
    save: useMutation({
      mutationFn: async ({ bulletin, patch }: { bulletin: Bulletin; patch: BulletinPatch }) =>
        (await sendJson('PATCH', `/api/bulletins/${bulletin.id}`, patch, bulletinSchema, ifMatch(bulletin))).data!,
      onSettled,
    }),
    publish: useMutation({
      mutationFn: async ({ bulletin, published }: { bulletin: Bulletin; published: boolean }) =>
        (
          await sendJson(
            published ? 'PUT' : 'DELETE',
            `/api/bulletins/${bulletin.id}/publication`,
            undefined,
            bulletinSchema,
            ifMatch(bulletin),
          )
        ).data!,
      onSettled,
    }),
  };
}
