import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import type { ApiToken } from '../../../shared/admin/api-token';
import type { Role } from '../../../shared/admin/auth';

export interface NewApiToken {
  name: string;
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  tokenHash: string;
  /** The first characters of the token, to tell tokens apart in the list. */
  start: string;
  createdBy: number;
  createdAt: string;
  expiresAt: string | null;
}

/** A token that may be used now, as the guard needs it. */
export interface ActiveApiToken {
  id: string;
  name: string;
  lastUsedAt: string | null;
  /** The issuer's role now (read at each request: a token acts with its issuer's current rights). */
  issuerRole: Role;
}

export interface ApiTokenRepository {
  /** Store a new token and its audit entry in one transaction. */
  create(token: NewApiToken, actor: Actor): Promise<ApiToken>;
  /** Tokens not revoked (expired ones included, marked by their date), newest first. */
  list(): Promise<ApiToken[]>;
  /**
   * The token with this hash if it is usable at `now` (ISO instant): not revoked, not expired, and
   * the admin who issued it is not disabled; with the issuer's current role.
   */
  findActive(tokenHash: string, now: string): Promise<ActiveApiToken | null>;
  touch(id: string, at: string): Promise<void>;
  /** Revoke a token (kept for the audit trail, gone from the list); false when there is no such live token. */
  revoke(id: number, actor: Actor, at: string): Promise<boolean>;
}

interface TokenRow {
  id: number;
  name: string;
  token_start: string;
  created_by_name: string | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

const toToken = (row: TokenRow): ApiToken => ({
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

/** API tokens for desktop GIS (OGC API - Features reads). */
export function createApiTokenRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): ApiTokenRepository {
  const insert = db.prepare(
    `INSERT INTO api_tokens (name, token_hash, token_start, created_by, created_at, expires_at)
     VALUES (@name, @tokenHash, @start, @createdBy, @createdAt, @expiresAt)`,
  );
  const byId = db.prepare<[number], TokenRow>(`${SELECT_TOKEN} WHERE t.id = ?`);
  const live = db.prepare<[], TokenRow>(`${SELECT_TOKEN} WHERE t.revoked_at IS NULL ORDER BY t.id DESC`);
  const active = db.prepare<
    [string, string],
    { id: number; name: string; last_used_at: string | null; issuer_role: Role }
  >(
    `SELECT t.id, t.name, t.last_used_at, u.role AS issuer_role FROM api_tokens t JOIN users u ON u.id = t.created_by
     WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled = 0`,
  );
  const touch = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');
  const revoke = db.prepare('UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL');

  return {
    async create(token, actor) {
      return db.transaction(() => {
        const id = Number(insert.run(token).lastInsertRowid);
        const created = toToken(byId.get(id)!);
        recordAudit({
          actorId: actor.id,
          actorUsername: actor.username,
          ip: actor.ip,
          action: 'api_token_created',
          targetType: 'api_token',
          targetId: created.id,
          outcome: 'ok',
          detail: { after: created },
        });
        return created;
      })();
    },
    async list() {
      return live.all().map(toToken);
    },
    async findActive(tokenHash, now) {
      const row = active.get(tokenHash, now);
      return row
        ? { id: String(row.id), name: row.name, lastUsedAt: row.last_used_at, issuerRole: row.issuer_role }
        : null;
    },
    async touch(id, at) {
      touch.run(at, Number(id));
    },
    async revoke(id, actor, at) {
      return db.transaction(() => {
        const before = byId.get(id);
        if (!before || revoke.run(at, actor.id === null ? null : Number(actor.id), id).changes === 0) return false;
        recordAudit({
          actorId: actor.id,
          actorUsername: actor.username,
          ip: actor.ip,
          action: 'api_token_revoked',
          targetType: 'api_token',
          targetId: String(id),
          outcome: 'ok',
          detail: { before: toToken(before) },
        });
        return true;
      })();
    },
  };
}
