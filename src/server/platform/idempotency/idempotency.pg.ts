import { named, type PgDb } from '../db/pg/pool';
import { IDEMPOTENCY_SQL, otherClaim, type IdempotencyRepository, type IdempotentRow } from './idempotency.rows';

/** The PostgreSQL idempotent writes (idempotency.repo.ts is the SQLite one): the same statements. */
export function createIdempotencyPgRepository(db: PgDb): IdempotencyRepository {
  const query = <Row extends object>(sql: string, params: Record<string, unknown>) => {
    const { text, values } = named(sql, params);
    return db.query<Row & Record<string, unknown>>(text, values);
  };
  return {
    async claim(userId, key, route, at) {
      // INSERT … ON CONFLICT DO NOTHING RETURNING: of many claims at once exactly one gets a row back.
      const claimed = await query(IDEMPOTENCY_SQL.claim, { userId: Number(userId), key, route, at });
      if (claimed.rowCount === 1) return { claimed: true };
      return otherClaim((await query<IdempotentRow>(IDEMPOTENCY_SQL.select, { userId: Number(userId), key })).rows[0]);
    },
    async finish(userId, key, answer) {
      await query(IDEMPOTENCY_SQL.finish, {
        userId: Number(userId),
        key,
        status: answer.status,
        response: JSON.stringify(answer),
      });
    },
    async release(userId, key) {
      await query(IDEMPOTENCY_SQL.release, { userId: Number(userId), key });
    },
    async forget(cutoff) {
      await query(IDEMPOTENCY_SQL.forget, { cutoff });
    },
  };
}
