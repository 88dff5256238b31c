import type { NewAuditEntry } from '../../platform/audit';
import { named, type PgDb, type PgTx } from '../../platform/db/pg/pool';
import type { ApiTokenRepository } from './api-tokens.repo';
import {
  API_TOKEN_SQL,
  toActiveToken,
  tokenAudit,
  toToken,
  type ActiveTokenRow,
  type TokenRow,
} from './api-tokens.rows';

/** The PostgreSQL API token repository (api-tokens.repo.ts is the SQLite one); audit rows in the write's transaction. */
export function createApiTokenPgRepository(
  db: PgDb,
  recordAudit: (tx: PgTx, entry: NewAuditEntry) => Promise<unknown>,
): ApiTokenRepository {
  const run = <Row extends object>(tx: PgTx, sql: string, params: Record<string, unknown>) => {
    const { text, values } = named(sql, params);
    return tx.query<Row & Record<string, unknown>>(text, values);
  };
  return {
    async create(token, actor) {
      return db.transaction(async (tx) => {
        const { id } = (await run<{ id: number }>(tx, `${API_TOKEN_SQL.insert} RETURNING id`, { ...token })).rows[0]!;
        const created = toToken((await run<TokenRow>(tx, API_TOKEN_SQL.byId, { id })).rows[0]!);
        await recordAudit(tx, tokenAudit(actor, { created }));
        return created;
      });
    },
    async list() {
      return (await db.query<TokenRow & Record<string, unknown>>(API_TOKEN_SQL.live)).rows.map(toToken);
    },
    async findActive(tokenHash, now) {
      const { text, values } = named(API_TOKEN_SQL.active, { tokenHash, now });
      const row = (await db.query<ActiveTokenRow & Record<string, unknown>>(text, values)).rows[0];
      return row ? toActiveToken(row) : null;
    },
    async touch(id, at) {
      const { text, values } = named(API_TOKEN_SQL.touch, { at, id: Number(id) });
      await db.query(text, values);
    },
    async revoke(id, actor, at) {
      return db.transaction(async (tx) => {
        const before = (await run<TokenRow>(tx, API_TOKEN_SQL.byId, { id })).rows[0];
        if (!before) return false;
        const by = actor.id === null ? null : Number(actor.id);
        // The row count decides: of two revokes at once, the second finds it revoked and records nothing.
        if ((await run(tx, API_TOKEN_SQL.revoke, { at, by, id })).rowCount === 0) return false;
        await recordAudit(tx, tokenAudit(actor, { revokedId: id, before: toToken(before) }));
        return true;
      });
    },
  };
}
