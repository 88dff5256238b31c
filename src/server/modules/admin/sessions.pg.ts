import { named, type PgDb } from '../../platform/db/pg/pool';
import type { SessionRepository } from './sessions.repo';
import { Blocked, reserveAttemptSql, toSessionRecord, type SessionRow } from './sessions.rows';

const THROTTLE_TYPES = { key: 'text', now: 'bigint', free: 'integer', base: 'bigint', max: 'bigint', reset: 'bigint' };

/** The PostgreSQL session and login-throttle repository (sessions.repo.ts is the SQLite one). */
export function createSessionPgRepository(db: PgDb): SessionRepository {
  const reserve = reserveAttemptSql((name) => `@${name}::${THROTTLE_TYPES[name]}`);
  return {
    async create(session) {
      await db.query(
        'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)',
        [session.tokenHash, session.userId, session.createdAt, session.lastSeenAt, session.ip, session.userAgent],
      );
    },
    async find(tokenHash) {
      const row = (await db.query<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash])).rows[0];
      return row ? toSessionRecord(row) : null;
    },
    async touch(tokenHash, at) {
      await db.query('UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2', [at, tokenHash]);
    },
    async remove(tokenHash) {
      await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async removeExpired(idleBefore, createdBefore) {
      const result = await db.query('DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2', [
        idleBefore,
        createdBefore,
      ]);
      return result.rowCount ?? 0;
    },
    async reserveAttempts(keys, nowMs) {
      try {
        const attempts = await db.transaction(async (tx) => {
          const counted: number[] = [];
          for (const { key, rule } of keys) {
            const statement = named(reserve, {
              key,
              now: nowMs,
              free: rule.free,
              base: rule.baseDelayMs,
              max: rule.maxDelayMs,
              reset: rule.resetAfterMs,
            });
            const row = (await tx.query<{ attempts: number }>(statement.text, statement.values)).rows[0];
            if (row) {
              counted.push(row.attempts);
              continue;
            }
            const blocked = (
              await tx.query<{ blocked_until_ms: number }>(
                'SELECT blocked_until_ms FROM auth_throttle WHERE key = $1',
                [key],
              )
            ).rows[0];
            // Throwing rolls back the keys counted before this one.
            throw new Blocked(key, Math.max(1000, (blocked?.blocked_until_ms ?? nowMs) - nowMs));
          }
          return counted;
        });
        return { allowed: true, attempts };
      } catch (error) {
        if (error instanceof Blocked) return { allowed: false, key: error.key, retryAfterMs: error.retryAfterMs };
        throw error;
      }
    },
    async refundAttempt(key, rule) {
      await db.query(
        `UPDATE auth_throttle SET attempts = attempts - 1,
           blocked_until_ms = CASE WHEN attempts - 1 < $1 THEN 0 ELSE blocked_until_ms END
         WHERE key = $2 AND attempts > 0`,
        [rule.free, key],
      );
    },
    async clearAttempts(key) {
      await db.query('DELETE FROM auth_throttle WHERE key = $1', [key]);
    },
    async pruneAttempts(nowMs, idleBeforeMs) {
      const result = await db.query('DELETE FROM auth_throttle WHERE blocked_until_ms <= $1 AND last_attempt_ms < $2', [
        nowMs,
        idleBeforeMs,
      ]);
      return result.rowCount ?? 0;
    },
  };
}
