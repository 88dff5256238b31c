import type { Role, SessionUser } from '../../../shared/admin/auth';

export interface StoredUser extends SessionUser {
  passwordHash: string;
}

/** A row of users and the account it is (SQLite and PostgreSQL). */
export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: string | null;
  password_hash: string;
  disabled: number;
  is_demo: number;
  version: number;
  created_at: string;
}

export function toUser(row: UserRow): StoredUser {
  return {
    id: String(row.id),
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unit: row.unit_id,
    disabled: row.disabled === 1,
    demo: row.is_demo === 1,
    version: row.version,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
  };
}
