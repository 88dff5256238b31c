import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { getJson, sendJson } from '../lib/api';
import { sessionUserSchema, type Role, type SessionUser } from '../shared/admin/auth';
import { auditPageSchema, type AuditExportFormat } from '../shared/admin/audit';
import { apiTokenListSchema, createdApiTokenSchema, type CreateApiTokenBody } from '../shared/admin/api-token';

const userListSchema = z.array(sessionUserSchema);
export const userKeys = { all: ['users'] as const };

export const usersQuery = () =>
  queryOptions({ queryKey: userKeys.all, queryFn: ({ signal }) => getJson('/api/users', userListSchema, signal) });
export const useUsers = () => useQuery(usersQuery());

export interface AuditFilterState {
  actor: string;
  action: string;
  outcome: '' | 'ok' | 'denied' | 'failed';
  /** An object type (AUDIT_TARGET_TYPES) or ''. */
  targetType: string;
  /** Part of a zone's name or a task's title. */
  target: string;
  /** The acting person's unit id, or ''. */
  unit: string;
  from: string;
  to: string;
  page: number;
}
export const AUDIT_PAGE_SIZE = 50;

/** The filters as query parameters (without paging). */
function auditFilterParams(filter: AuditFilterState): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.actor.trim()) params.set('actor', filter.actor.trim());
  if (filter.action) params.set('action', filter.action);
  if (filter.outcome) params.set('outcome', filter.outcome);
  if (filter.targetType) params.set('targetType', filter.targetType);
  if (filter.target.trim()) params.set('target', filter.target.trim());
  if (filter.unit) params.set('unit', filter.unit);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  return params;
}

export function auditSearch(filter: AuditFilterState): string {
  const params = auditFilterParams(filter);
  params.set('limit', String(AUDIT_PAGE_SIZE));
  params.set('offset', String(filter.page * AUDIT_PAGE_SIZE));
  return params.toString();
}

/** `GET /api/audit/export` of the filters (all pages) in a format: a plain link the browser downloads. */
export function auditExportUrl(filter: AuditFilterState, format: AuditExportFormat): string {
  const params = auditFilterParams(filter);
  params.set('format', format);
  return `/api/audit/export?${params.toString()}`;
}

export const auditKeys = { all: ['audit'] as const, page: (search: string) => [...auditKeys.all, search] as const };

export const auditQuery = (filter: AuditFilterState) =>
  queryOptions({
    queryKey: auditKeys.page(auditSearch(filter)),
    queryFn: ({ signal }) => getJson(`/api/audit?${auditSearch(filter)}`, auditPageSchema, signal),
    placeholderData: keepPreviousData,
  });
export const useAudit = (filter: AuditFilterState) => useQuery(auditQuery(filter));

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  unit: string | null;
  password: string;
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (account: NewAccount) => (await sendJson('POST', '/api/users', account, sessionUserSchema)).data!,
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** Change an account; the version the admin saw goes as If-Match, so a concurrent change is not overwritten. */
export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      user,
      changes,
    }: {
      user: SessionUser;
      changes: Partial<Pick<SessionUser, 'displayName' | 'role' | 'unit' | 'disabled'>>;
    }) =>
      (
        await sendJson('PATCH', `/api/users/${user.id}`, changes, sessionUserSchema, {
          'If-Match': `"${user.version}"`,
        })
      ).data!,
    onSettled: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: async ({ userId, newPassword }: { userId: string; newPassword: string }) => {
      await sendJson('POST', `/api/users/${userId}/password`, { newPassword }, null);
    },
  });
}

export const apiTokenKeys = { all: ['api-tokens'] as const };

/** API tokens for desktop GIS (never their secrets). */
export const apiTokensQuery = () =>
  queryOptions({
    queryKey: apiTokenKeys.all,
    queryFn: ({ signal }) => getJson('/api/tokens', apiTokenListSchema, signal),
  });
export const useApiTokens = () => useQuery(apiTokensQuery());

/** Issue a token: the answer carries the secret, this once. */
export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateApiTokenBody) =>
      (await sendJson('POST', '/api/tokens', body, createdApiTokenSchema)).data!,
    onSuccess: () => client.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await sendJson('DELETE', `/api/tokens/${encodeURIComponent(id)}`, undefined, null);
    },
    onSettled: () => client.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}
