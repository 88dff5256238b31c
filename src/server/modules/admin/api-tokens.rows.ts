import type { ApiToken } from '../../../shared/admin/api-token';
import type { Role } from '../../../shared/admin/auth';
import type { Actor, NewAuditEntry } from '../../platform/audit';

/** A token row as the list shows it; the statements both API token repositories (SQLite, PostgreSQL) share. */
export interface TokenRow {
  id: number;
  name: string;
  token_start: string;
  created_by_name: string | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

export interface ActiveTokenRow {
  id: number;
  name: string;
  last_used_at: string | null;
  issuer_role: Role;
}

export const toToken = (row: TokenRow): ApiToken => ({
  id: String(row.id),
  name: row.name,
  start: row.token_start,
  createdBy: row.created_by_name,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
});

const SELECT_TOKEN = `
  SELECT t.id, t.name, t.token_start, coalesce(nullif(u.display_name, ''), u.username) AS created_by_name,
    t.created_at, t.expires_at, t.last_used_at
  FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by`;

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const API_TOKEN_SQL = {
  insert: `INSERT INTO api_tokens (name, token_hash, token_start, created_by, created_at, expires_at)
     VALUES (@name, @tokenHash, @start, @createdBy, @createdAt, @expiresAt)`,
  byId: `${SELECT_TOKEN} WHERE t.id = @id`,
  live: `${SELECT_TOKEN} WHERE t.revoked_at IS NULL ORDER BY t.id DESC`,
  active: `SELECT t.id, t.name, t.last_used_at, u.role AS issuer_role FROM api_tokens t JOIN users u ON u.id = t.created_by
     WHERE t.token_hash = @tokenHash AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > @now)
       AND u.disabled = 0`,
  touch: 'UPDATE api_tokens SET last_used_at = @at WHERE id = @id',
  revoke: 'UPDATE api_tokens SET revoked_at = @at, revoked_by = @by WHERE id = @id AND revoked_at IS NULL',
};

export const toActiveToken = (row: ActiveTokenRow) => ({
  id: String(row.id),
  name: row.name,
  lastUsedAt: row.last_used_at,
  issuerRole: row.issuer_role,
});

/** The audit entry of a token created (`after`) or revoked (`before`), the same on both engines. */
export function tokenAudit(
  actor: Actor,
  change: { created: ApiToken } | { revokedId: number; before: ApiToken },
): NewAuditEntry {
  const created = 'created' in change;
  return {
    actorId: actor.id,
    actorUsername: actor.username,
    ip: actor.ip,
    action: created ? 'api_token_created' : 'api_token_revoked',
    targetType: 'api_token',
    targetId: created ? change.created.id : String(change.revokedId),
    outcome: 'ok',
    detail: created ? { after: change.created } : { before: change.before },
  };
}
