import { named, type PgDb } from '../../platform/db/pg/pool';
import {
  toUploadSession,
  UPLOAD_SESSION_SQL,
  type UploadSessionRepository,
  type UploadSessionRow,
} from './upload-sessions.rows';

/** The PostgreSQL upload sessions (upload-sessions.repo.ts is the SQLite one): the same statements. */
export function createUploadSessionPgRepository(db: PgDb): UploadSessionRepository {
  const query = <Row extends object>(sql: string, params: Record<string, unknown>) => {
    const { text, values } = named(sql, params);
    return db.query<Row & Record<string, unknown>>(text, values);
  };
  return {
    async create(session, at) {
      await query(UPLOAD_SESSION_SQL.create, {
        id: session.id,
        userId: Number(session.userId),
        fileName: session.fileName,
        bytes: session.bytes,
        at,
      });
    },
    async get(id, userId) {
      const row = (await query<UploadSessionRow>(UPLOAD_SESSION_SQL.select, { id, userId: Number(userId) })).rows[0];
      return row ? toUploadSession(row) : null;
    },
    async advance(id, offset, length, at) {
      return (await query(UPLOAD_SESSION_SQL.advance, { id, offset, length, at })).rowCount === 1;
    },
    async retreat(id, offset, length) {
      await query(UPLOAD_SESSION_SQL.retreat, { id, offset, length });
    },
    async remove(id) {
      await query(UPLOAD_SESSION_SQL.remove, { id });
    },
    async stale(cutoff) {
      return (await query<{ id: string }>(UPLOAD_SESSION_SQL.stale, { cutoff })).rows.map((row) => row.id);
    },
  };
}
