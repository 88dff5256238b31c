import type { Db } from '../db/connection';
import { IDEMPOTENCY_SQL, otherClaim, type IdempotencyRepository, type IdempotentRow } from './idempotency.rows';

/** The SQLite idempotent writes (idempotency.pg.ts is the PostgreSQL one). */
export function createIdempotencyRepository(db: Db): IdempotencyRepository {
  const claim = db.prepare<Record<string, unknown>, { key: string }>(IDEMPOTENCY_SQL.claim);
  const select = db.prepare<Record<string, unknown>, IdempotentRow>(IDEMPOTENCY_SQL.select);
  const finish = db.prepare(IDEMPOTENCY_SQL.finish);
  const release = db.prepare(IDEMPOTENCY_SQL.release);
  const forget = db.prepare(IDEMPOTENCY_SQL.forget);
  return {
    async claim(userId, key, route, at) {
      if (claim.get({ userId: Number(userId), key, route, at })) return { claimed: true };
      return otherClaim(select.get({ userId: Number(userId), key }));
    },
    async finish(userId, key, answer) {
      finish.run({ userId: Number(userId), key, status: answer.status, response: JSON.stringify(answer) });
    },
    async release(userId, key) {
      release.run({ userId: Number(userId), key });
    },
    async forget(cutoff) {
      forget.run({ cutoff });
    },
  };
}
