import type { Db } from '../../platform/db/connection';

export interface SessionRecord {
  tokenHash: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
}

export interface ThrottleState {
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

export interface SessionRepository {
  create(session: SessionRecord & { ip: string | null; userAgent: string | null }): Promise<void>;
  find(tokenHash: string): Promise<SessionRecord | null>;
  touch(tokenHash: string, at: string): Promise<void>;
  remove(tokenHash: string): Promise<void>;
  removeExpired(idleBefore: string, createdBefore: string): Promise<number>;
  getThrottle(key: string): Promise<ThrottleState | null>;
  setThrottle(key: string, state: ThrottleState): Promise<void>;
  clearThrottle(key: string): Promise<void>;
}

interface SessionRow {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
}

export function createSessionRepository(db: Db): SessionRepository {
  const insert = db.prepare(
    'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const select = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?');
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const expire = db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?');
  const getThrottle = db.prepare<
    [string],
    { failures: number; window_started_at: string; locked_until: string | null }
  >('SELECT failures, window_started_at, locked_until FROM login_throttle WHERE key = ?');
  const setThrottle = db.prepare(
    `INSERT INTO login_throttle (key, failures, window_started_at, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at,
                                    locked_until = excluded.locked_until`,
  );
  const clearThrottle = db.prepare('DELETE FROM login_throttle WHERE key = ?');
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
      return row
        ? { tokenHash: row.token_hash, userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at }
        : null;
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
    async getThrottle(key) {
      const row = getThrottle.get(key);
      return row
        ? { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until }
        : null;
    },
    async setThrottle(key, state) {
      setThrottle.run(key, state.failures, state.windowStartedAt, state.lockedUntil);
    },
    async clearThrottle(key) {
      clearThrottle.run(key);
    },
  };
}
