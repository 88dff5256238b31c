export interface SessionRecord {
  tokenHash: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
}

/** A row of sessions and its record, and what both session repositories (SQLite, PostgreSQL) share. */
export interface SessionRow {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
}

export function toSessionRecord(row: SessionRow): SessionRecord {
  return { tokenHash: row.token_hash, userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
}

export class Blocked extends Error {
  constructor(
    readonly key: string,
    readonly retryAfterMs: number,
  ) {
    super('blocked');
  }
}

/** Doublings beyond this always wait the longest delay (and keep the shift small). */
export const MAX_DOUBLINGS = 30;

type ThrottleParameter = 'key' | 'now' | 'free' | 'base' | 'max' | 'reset';

/**
 * Count one attempt on one throttle key (docs/quality.md R13) unless the key is blocked: returns `attempts`, or
 * no row for a blocked key. `parameter` writes a named parameter the engine's way (PostgreSQL needs its type).
 */
export function reserveAttemptSql(parameter: (name: ThrottleParameter) => string): string {
  const [key, now, free, base, max, reset] = (['key', 'now', 'free', 'base', 'max', 'reset'] as const).map(parameter);
  const fresh = `CASE WHEN 1 >= ${free} THEN ${now} + ${base} ELSE 0 END`;
  const next = `auth_throttle.attempts + 1 - ${free}`;
  return `INSERT INTO auth_throttle (key, attempts, last_attempt_ms, blocked_until_ms)
     VALUES (${key}, 1, ${now}, ${fresh})
     ON CONFLICT (key) DO UPDATE SET
       attempts = CASE WHEN auth_throttle.last_attempt_ms <= ${now} - ${reset} THEN 1 ELSE auth_throttle.attempts + 1 END,
       last_attempt_ms = ${now},
       blocked_until_ms = CASE
         WHEN auth_throttle.last_attempt_ms <= ${now} - ${reset} THEN ${fresh}
         WHEN ${next} < 0 THEN 0
         WHEN ${next} >= ${MAX_DOUBLINGS} THEN ${now} + ${max}
         WHEN ${base} * (1 << (${next})) > ${max} THEN ${now} + ${max}
         ELSE ${now} + ${base} * (1 << (${next}))
       END
     WHERE auth_throttle.blocked_until_ms <= ${now}
     RETURNING attempts`;
}
