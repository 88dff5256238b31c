import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import { publicUser } from '../../platform/auth/guard';
import type { Role, SessionUser } from '../../../shared/admin/auth';
import type { NewAuditEntry } from '../../platform/audit';
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
  /**
   * Create an account, with its audit entry (when given) in the same transaction; null when the username
   * is taken (case-insensitively), however many creations race: nothing is written then.
   */
  create(user: NewUser, audit?: (created: SessionUser) => NewAuditEntry): Promise<SessionUser | null>;
  /**
   * Apply changes if the account is still at `expectedVersion`, with its audit entry (when given) in the same
   * transaction; null when it is not, or is gone (nothing changed, nothing audited).
   */
  update(
    id: number,
    changes: UserChanges,
    expectedVersion: number,
    audit?: (before: SessionUser, after: SessionUser) => NewAuditEntry,
  ): Promise<SessionUser | null>;
  setPassword(id: number, passwordHash: string): Promise<void>;
  countDemoUsers(): Promise<number>;
  count(): Promise<number>;
}

export { publicUser };

export function createUserRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): UserRepository {
  const byUsername = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const byId = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?');
  const all = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY role, username');
  const insert = db.prepare(`
    INSERT INTO users (username, display_name, role, unit_id, password_hash, is_demo, created_at, updated_at, password_changed_at)
    VALUES (@username, @displayName, @role, @unit, @passwordHash, @demo, @now, @now, @now)
    ON CONFLICT (username) DO NOTHING
    RETURNING id`);
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
    async create(user, audit) {
      return db.transaction(() => {
        const now = stampNow();
        // One statement decides: a username already there (or inserted by a racing request) inserts nothing.
        const inserted = insert.get({ ...user, demo: user.demo ? 1 : 0, now }) as { id: number } | undefined;
        if (!inserted) return null;
        const created = publicUser(toUser(byId.get(inserted.id)!));
        if (audit) recordAudit(audit(created));
        return created;
      })();
    },
    async update(id, changes, expectedVersion, audit) {
      return db.transaction(() => {
        const row = byId.get(id);
        if (!row || row.version !== expectedVersion) return null;
        const next = {
          display_name: changes.displayName ?? row.display_name,
          role: changes.role ?? row.role,
          unit_id: changes.unit !== undefined ? changes.unit : row.unit_id,
          disabled: changes.disabled !== undefined ? (changes.disabled ? 1 : 0) : row.disabled,
        };
        // The version check is this UPDATE's WHERE: no row changed means someone else wrote first.
        const written = db
          .prepare(
            `UPDATE users SET display_name = @display_name, role = @role, unit_id = @unit_id, disabled = @disabled,
                              version = version + 1, updated_at = @now WHERE id = @id AND version = @expectedVersion`,
          )
          .run({ ...next, now: stampNow(), id, expectedVersion });
        if (written.changes !== 1) return null;
        // A disabled account, or one whose role changed, loses its sessions at once.
        if (next.disabled === 1 || next.role !== row.role || next.unit_id !== row.unit_id) deleteSessions.run(id);
        const after = publicUser(toUser(byId.get(id)!));
        if (audit) recordAudit(audit(publicUser(toUser(row)), after));
        return after;
      })();
    },
    async setPassword(id, passwordHash) {
      const now = stampNow();
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
