import type { RunExclusively } from '../exclusive';
import type { PgDb } from './pool';

/**
 * PostgreSQL: `fn` runs while this instance holds the transaction-level advisory lock of the town and `name`
 * (`pg_try_advisory_xact_lock`), taken on a connection of its own whose transaction stays open until `fn` is done.
 * Another instance asking meanwhile gets `ran: false` at once. A transaction-level lock, not a session one, so that
 * it works behind PgBouncer in transaction mode too; an instance that dies loses its connection and so the lock.
 * `fn` does its own statements on other connections of the pool.
 */
export function createPgExclusive(db: PgDb): RunExclusively {
  return async (name, fn) => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const locked = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [`${db.schema} ${name}`],
      );
      if (!locked.rows[0]?.locked) return { ran: false };
      return { ran: true, value: await fn() };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  };
}
