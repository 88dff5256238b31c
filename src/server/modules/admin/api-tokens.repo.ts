import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import type { ApiToken } from '../../../shared/admin/api-token';
import type { Role } from '../../../shared/admin/auth';
import {
  API_TOKEN_SQL,
  toActiveToken,
  tokenAudit,
  toToken,
  type ActiveTokenRow,
  type TokenRow,
} from './api-tokens.rows';

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

/** API tokens for desktop GIS (OGC API - Features reads). */
export function createApiTokenRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): ApiTokenRepository {
  const insert = db.prepare(API_TOKEN_SQL.insert);
  const byId = db.prepare<{ id: number }, TokenRow>(API_TOKEN_SQL.byId);
  const live = db.prepare<[], TokenRow>(API_TOKEN_SQL.live);
  const active = db.prepare<{ tokenHash: string; now: string }, ActiveTokenRow>(API_TOKEN_SQL.active);
  const touch = db.prepare(API_TOKEN_SQL.touch);
  const revoke = db.prepare(API_TOKEN_SQL.revoke);

  return {
    async create(token, actor) {
      return db.transaction(() => {
        const id = Number(insert.run(token).lastInsertRowid);
        const created = toToken(byId.get({ id })!);
        recordAudit(tokenAudit(actor, { created }));
        return created;
      })();
    },
    async list() {
      return live.all().map(toToken);
    },
    async findActive(tokenHash, now) {
      const row = active.get({ tokenHash, now });
      return row ? toActiveToken(row) : null;
    },
    async touch(id, at) {
      touch.run({ at, id: Number(id) });
    },
    async revoke(id, actor, at) {
      return db.transaction(() => {
        const before = byId.get({ id });
        if (!before || revoke.run({ at, by: actor.id === null ? null : Number(actor.id), id }).changes === 0)
          return false;
        recordAudit(tokenAudit(actor, { revokedId: id, before: toToken(before) }));
        return true;
      })();
    },
  };
}
