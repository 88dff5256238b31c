import type { Db } from '../../platform/db/connection';
import { publicUser } from '../../platform/auth/guard';
import type { Role, SessionUser } from '../../../shared/admin/auth';
import { toUser, type StoredUser, type UserRow } from './users.rows';

export type { StoredUser };

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unit: string | null;
  passwordHash: string;
  demo?: boolean;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  unit?: string | null;
  disabled?: boolean;
}

export interface UserRepository {
  findByUsername(username: string): Promise<StoredUser | null>;
  findById(id: number): Promise<StoredUser | null>;
  list(): Promise<SessionUser[]>;
  create(user: NewUser): Promise<SessionUser>;
  /** Apply changes if `expectedVersion` matches; returns null when it does not (nothing changed). */
  update(id: number, changes: UserChanges, expectedVersion: number): Promise<SessionUser | null>;
  setPassword(id: number, passwordHash: string): Promise<void>;
  countDemoUsers(): Promise<number>;
  count(): Promise<number>;
}

export { publicUser };

export function createUserRepository(db: Db): UserRepository {
  const byUsername = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const byId = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?');
  const all = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY role, username');
  const insert = db.prepare(`
    INSERT INTO users (username, display_name, role, unit_id, password_hash, is_demo, created_at, updated_at, password_changed_at)
    VALUES (@username, @displayName, @role, @unit, @passwordHash, @demo, @now, @now, @now)`);
  const demoCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users WHERE is_demo = 1');
  const total = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const updatePassword = db.prepare(
    'UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ?, version = version + 1 WHERE id = ?',
  );
  const deleteSessions = db.prepare('DELETE FROM sessions WHERE user_id = ?');

  return {
    async findByUsername(username) {
      const row = byUsername.get(username);
      return row ? toUser(row) : null;
    },
    async findById(id) {
      const row = byId.get(id);
      return row ? toUser(row) : null;
    },
    async list() {
      return all.all().map((row) => publicUser(toUser(row)));
    },
    async create(user) {
      const now = new Date().toISOString();
      const result = insert.run({ ...user, demo: user.demo ? 1 : 0, now });
      return publicUser(toUser(byId.get(Number(result.lastInsertRowid))!));
    },
    async update(id, changes, expectedVersion) {
      return db.transaction(() => {
        const row = byId.get(id);
        if (!row || row.version !== expectedVersion) return null;
        const next = {
          display_name: changes.displayName ?? row.display_name,
          role: changes.role ?? row.role,
          unit_id: changes.unit !== undefined ? changes.unit : row.unit_id,
          disabled: changes.disabled !== undefined ? (changes.disabled ? 1 : 0) : row.disabled,
        };
        db.prepare(
          `UPDATE users SET display_name = @display_name, role = @role, unit_id = @unit_id, disabled = @disabled,
                            version = version + 1, updated_at = @now WHERE id = @id`,
        ).run({ ...next, now: new Date().toISOString(), id });
        // A disabled account, or one whose role changed, loses its sessions at once.
        if (next.disabled === 1 || next.role !== row.role || next.unit_id !== row.unit_id) deleteSessions.run(id);
        return publicUser(toUser(byId.get(id)!));
      })();
    },
    async setPassword(id, passwordHash) {
      const now = new Date().toISOString();
      db.transaction(() => {
        updatePassword.run(passwordHash, now, now, id);
        deleteSessions.run(id);
      })();
    },
    async countDemoUsers() {
      return demoCount.get()!.n;
    },
    async count() {
      return total.get()!.n;
    },
  };
}
