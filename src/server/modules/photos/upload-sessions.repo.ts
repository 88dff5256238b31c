import type { Db } from '../../platform/db/connection';
import {
  toUploadSession,
  UPLOAD_SESSION_SQL,
  type UploadSessionRepository,
  type UploadSessionRow,
} from './upload-sessions.rows';

/** The SQLite upload sessions (upload-sessions.pg.ts is the PostgreSQL one). */
export function createUploadSessionRepository(db: Db): UploadSessionRepository {
  const create = db.prepare(UPLOAD_SESSION_SQL.create);
  const select = db.prepare<Record<string, unknown>, UploadSessionRow>(UPLOAD_SESSION_SQL.select);
  const advance = db.prepare(UPLOAD_SESSION_SQL.advance);
  const retreat = db.prepare(UPLOAD_SESSION_SQL.retreat);
  const remove = db.prepare(UPLOAD_SESSION_SQL.remove);
  const stale = db.prepare<Record<string, unknown>, { id: string }>(UPLOAD_SESSION_SQL.stale);
  return {
    async create(session, at) {
      create.run({
        id: session.id,
        userId: Number(session.userId),
        fileName: session.fileName,
        bytes: session.bytes,
        at,
      });
    },
    async get(id, userId) {
      const row = select.get({ id, userId: Number(userId) });
      return row ? toUploadSession(row) : null;
    },
    async advance(id, offset, length, at) {
      return advance.run({ id, offset, length, at }).changes === 1;
    },
    async retreat(id, offset, length) {
      retreat.run({ id, offset, length });
    },
    async remove(id) {
      remove.run({ id });
    },
    async stale(cutoff) {
      return stale.all({ cutoff }).map((row) => row.id);
    },
  };
}
