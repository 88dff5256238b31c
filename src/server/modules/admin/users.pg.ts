import { publicUser } from '../../platform/auth/guard';
import type { PgDb } from '../../platform/db/pg/pool';
import type { UserRepository } from './users.repo';
import { toUser, type UserRow } from './users.rows';

/**
 * The PostgreSQL user repository (users.repo.ts is the SQLite one). Usernames compare case-insensitively as
 * SQLite's COLLATE NOCASE does (a unique index on lower(username)).
 */
export function createUserPgRepository(db: PgDb): UserRepository {
  const one = async (text: string, values: unknown[]) => {
    const row = (await db.query<UserRow>(text, values)).rows[0];
    return row ? toUser(row) : null;
  };
  return {
    findByUsername: (username) => one('SELECT * FROM users WHERE lower(username) = lower($1)', [username]),
    findById: (id) => one('SELECT * FROM users WHERE id = $1', [id]),
    async list() {
      const rows = (await db.query<UserRow>('SELECT * FROM users ORDER BY role, username')).rows;
      return rows.map((row) => publicUser(toUser(row)));
    },
    async create(user) {
      const now = new Date().toISOString();
      const row = (
        await db.query<UserRow>(
          `INSERT INTO users (username, display_name, role, unit_id, password_hash, is_demo, created_at, updated_at,
                              password_changed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7) RETURNING *`,
          [user.username, user.displayName, user.role, user.unit, user.passwordHash, user.demo ? 1 : 0, now],
        )
      ).rows[0]!;
      return publicUser(toUser(row));
    },
    async update(id, changes, expectedVersion) {
      return db.transaction(async (tx) => {
        const row = (await tx.query<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id])).rows[0];
        if (!row || row.version !== expectedVersion) return null;
        const next = {
          display_name: changes.displayName ?? row.display_name,
          role: changes.role ?? row.role,
          unit_id: changes.unit !== undefined ? changes.unit : row.unit_id,
          disabled: changes.disabled !== undefined ? (changes.disabled ? 1 : 0) : row.disabled,
        };
        const updated = (
          await tx.query<UserRow>(
            `UPDATE users SET display_name = $1, role = $2, unit_id = $3, disabled = $4, version = version + 1,
               updated_at = $5 WHERE id = $6 RETURNING *`,
            [next.display_name, next.role, next.unit_id, next.disabled, new Date().toISOString(), id],
          )
        ).rows[0]!;
        // A disabled account, or one whose role changed, loses its sessions at once.
        if (next.disabled === 1 || next.role !== row.role || next.unit_id !== row.unit_id) {
          await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
        }
        return publicUser(toUser(updated));
      });
    },
    async setPassword(id, passwordHash) {
      const now = new Date().toISOString();
      await db.transaction(async (tx) => {
        await tx.query(
          'UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2, version = version + 1 WHERE id = $3',
          [passwordHash, now, id],
        );
        await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
      });
    },
    async countDemoUsers() {
      return (await db.query<{ n: number }>('SELECT count(*) AS n FROM users WHERE is_demo = 1')).rows[0]!.n;
    },
    async count() {
      return (await db.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0]!.n;
    },
  };
}
