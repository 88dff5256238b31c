import type { Db } from '../../platform/db/connection';
import { Blocked, reserveAttemptSql, toSessionRecord, type SessionRecord, type SessionRow } from './sessions.rows';

export type { SessionRecord };

/**
 * How one throttle key counts attempts (docs/quality.md R13): the first `free - 1` attempts pass
 * freely; from the `free`-th on, each attempt blocks the key for a delay that doubles from
 * `baseDelayMs` up to `maxDelayMs`. The count starts over after `resetAfterMs` without an attempt.
 */
export interface ThrottleRule {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  resetAfterMs: number;
}

/** The outcome of reserving attempts: every key counted, or the first blocked key and how long it waits. */
export type ThrottleReservation =
  { allowed: true; attempts: number[] } | { allowed: false; key: string; retryAfterMs: number };

export interface SessionRepository {
  create(session: SessionRecord & { ip: string | null; userAgent: string | null }): Promise<void>;
  find(tokenHash: string): Promise<SessionRecord | null>;
  touch(tokenHash: string, at: string): Promise<void>;
  remove(tokenHash: string): Promise<void>;
  removeExpired(idleBefore: string, createdBefore: string): Promise<number>;
  /**
   * Count one attempt on every key, before the attempt is evaluated, atomically: either all keys
   * are counted, or (one of them blocked) none is. However many requests race, a key lets at most
   * `free` attempts through until its delay has passed.
   */
  reserveAttempts(keys: readonly { key: string; rule: ThrottleRule }[], nowMs: number): Promise<ThrottleReservation>;
  /** Take back one counted attempt (it succeeded), lifting the block when the count drops below `free`. */
  refundAttempt(key: string, rule: ThrottleRule): Promise<void>;
  clearAttempts(key: string): Promise<void>;
  /** Drop keys neither blocked nor used since `idleBeforeMs`. */
  pruneAttempts(nowMs: number, idleBeforeMs: number): Promise<number>;
}

export function createSessionRepository(db: Db): SessionRepository {
  const insert = db.prepare(
    'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const select = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?');
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const expire = db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?');
  // One statement per key (INSERT … ON CONFLICT … WHERE … RETURNING). A blocked key matches no row, so nothing
  // is returned and nothing changes.
  const reserve = db.prepare<Record<string, string | number>, { attempts: number }>(
    reserveAttemptSql((name) => `@${name}`),
  );
  const blockedUntil = db.prepare<[string], { blocked_until_ms: number }>(
    'SELECT blocked_until_ms FROM auth_throttle WHERE key = ?',
  );
  const refund = db.prepare(
    `UPDATE auth_throttle SET attempts = attempts - 1,
       blocked_until_ms = CASE WHEN attempts - 1 < @free THEN 0 ELSE blocked_until_ms END
     WHERE key = @key AND attempts > 0`,
  );
  const clear = db.prepare('DELETE FROM auth_throttle WHERE key = ?');
  const prune = db.prepare('DELETE FROM auth_throttle WHERE blocked_until_ms <= ? AND last_attempt_ms < ?');
  const reserveAll = db.transaction((keys: readonly { key: string; rule: ThrottleRule }[], now: number) =>
    keys.map(({ key, rule }) => {
      const row = reserve.get({
        key,
        now,
        free: rule.free,
        base: rule.baseDelayMs,
        max: rule.maxDelayMs,
        reset: rule.resetAfterMs,
      });
      if (row) return row.attempts;
      // Throwing rolls back the keys counted before this one.
      throw new Blocked(key, Math.max(1000, (blockedUntil.get(key)?.blocked_until_ms ?? now) - now));
    }),
  );
  return {
    async create(session) {
      insert.run(
        session.tokenHash,
        session.userId,
        session.createdAt,
        session.lastSeenAt,
        session.ip,
        session.userAgent,
      );
    },
    async find(tokenHash) {
      const row = select.get(tokenHash);
      return row ? toSessionRecord(row) : null;
    },
    async touch(tokenHash, at) {
      touch.run(at, tokenHash);
    },
    async remove(tokenHash) {
      remove.run(tokenHash);
    },
    async removeExpired(idleBefore, createdBefore) {
      return expire.run(idleBefore, createdBefore).changes;
    },
    async reserveAttempts(keys, nowMs) {
      try {
        return { allowed: true, attempts: reserveAll(keys, nowMs) };
      } catch (error) {
        if (error instanceof Blocked) return { allowed: false, key: error.key, retryAfterMs: error.retryAfterMs };
        throw error;
      }
    },
    async refundAttempt(key, rule) {
      refund.run({ key, free: rule.free });
    },
    async clearAttempts(key) {
      clear.run(key);
    },
    async pruneAttempts(nowMs, idleBeforeMs) {
      return prune.run(nowMs, idleBeforeMs).changes;
    },
  };
}
