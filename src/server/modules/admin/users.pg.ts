import { publicUser } from '../../platform/auth/guard';
import { stampNow } from '../../platform/clock';
import type { PgDb, PgTx } from '../../platform/db/pg/pool';
import type { NewAuditEntry } from '../../platform/audit';
import type { UserRepository } from './users.repo';
import { toUser, type UserRow } from './users.rows';

/**
 * The PostgreSQL user repository (users.repo.ts is the SQLite one). Usernames compare case-insensitively as
 * SQLite's COLLATE NOCASE does (a unique index on lower(username)).
 */
export function createUserPgRepository(
  db: PgDb,
  recordAudit: (tx: PgTx, entry: NewAuditEntry) => Promise<unknown>,
): UserRepository {
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
    async create(user, audit) {
      const now = stampNow();
      return db.transaction(async (tx) => {
        // One statement decides: a username already there in any case (or inserted by a racing request) inserts
        // nothing, and nothing is audited.
        const row = (
          await tx.query<UserRow>(
            `INSERT INTO users (username, display_name, role, unit_id, password_hash, is_demo, created_at, updated_at,
                                password_changed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)
             ON CONFLICT ((lower(username))) DO NOTHING
             RETURNING *`,
            [user.username, user.displayName, user.role, user.unit, user.passwordHash, user.demo ? 1 : 0, now],
          )
        ).rows[0];
        if (!row) return null;
        const created = publicUser(toUser(row));
        if (audit) await recordAudit(tx, audit(created));
        return created;
      });
    },
    async update(id, changes, expectedVersion, audit) {
      return db.transaction(async (tx) => {
        const row = (await tx.query<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id])).rows[0];
        if (!row || row.version !== expectedVersion) return null;
        const next = {
          display_name: changes.displayName ?? row.display_name,
          role: changes.role ?? row.role,
          unit_id: changes.unit !== undefined ? changes.unit : row.unit_id,
          disabled: changes.disabled !== undefined ? (changes.disabled ? 1 : 0) : row.disabled,
        };
        // The version check is also this UPDATE's WHERE, as on SQLite (the row is locked above besides).
        const updated = (
          await tx.query<UserRow>(
            `UPDATE users SET display_name = $1, role = $2, unit_id = $3, disabled = $4, version = version + 1,
               updated_at = $5 WHERE id = $6 AND version = $7 RETURNING *`,
            [next.display_name, next.role, next.unit_id, next.disabled, stampNow(), id, expectedVersion],
          )
        ).rows[0];
        if (!updated) return null;
        // A disabled account, or one whose role changed, loses its sessions at once.
        if (next.disabled === 1 || next.role !== row.role || next.unit_id !== row.unit_id) {
          await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
        }
        const after = publicUser(toUser(updated));
        if (audit) await recordAudit(tx, audit(publicUser(toUser(row)), after));
        return after;
      });
    },
    async setPassword(id, passwordHash) {
      const now = stampNow();
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
