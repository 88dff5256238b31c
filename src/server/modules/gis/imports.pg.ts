import { named, type PgDb } from '../../platform/db/pg/pool';
import type { ImportRepository } from './imports.repo';
import {
  fieldsKey,
  IMPORT_SQL,
  mappingParams,
  otherClaim,
  toRememberedMapping,
  toStoredImportSession,
  type CommitRow,
  type ImportSessionRow,
} from './imports.rows';

/** The PostgreSQL import repository (imports.repo.ts is the SQLite one): the same statements, one per transaction. */
export function createImportPgRepository(db: PgDb): ImportRepository {
  const query = <Row extends object>(sql: string, params: Record<string, unknown>) => {
    const { text, values } = named(sql, params);
    return db.query<Row & Record<string, unknown>>(text, values);
  };
  return {
    async createSession(session, at) {
      await query(IMPORT_SQL.createSession, {
        id: session.id,
        ownerId: Number(session.ownerId),
        fileName: session.fileName,
        at,
      });
    },
    async readySession(id, session, at) {
      await query(IMPORT_SQL.readySession, {
        id,
        fileName: session.fileName,
        files: JSON.stringify(session.files),
        bytes: session.bytes,
        at,
      });
    },
    async useSession(id, ownerId, cutoff, at) {
      const found = await query<ImportSessionRow>(IMPORT_SQL.useSession, { id, ownerId: Number(ownerId), cutoff, at });
      return found.rows[0] ? toStoredImportSession(found.rows[0]) : null;
    },
    async deleteSession(id) {
      await query(IMPORT_SQL.deleteSession, { id });
    },
    async storedBytes(cutoff, ownerId) {
      const found =
        ownerId === undefined
          ? await query<{ bytes: number }>(IMPORT_SQL.storedBytes, { cutoff })
          : await query<{ bytes: number }>(IMPORT_SQL.storedBytesOf, { cutoff, ownerId: Number(ownerId) });
      return Number(found.rows[0]?.bytes ?? 0);
    },
    async expiredSessions(cutoff) {
      return (await query<{ id: string }>(IMPORT_SQL.expiredSessions, { cutoff })).rows.map((row) => row.id);
    },
    async claimCommit(importId, userId, at) {
      // INSERT … ON CONFLICT DO NOTHING RETURNING: of many claims at once exactly one gets a row back.
      const claimed = await query<{ import_id: string }>(IMPORT_SQL.claim, { importId, userId: Number(userId), at });
      if (claimed.rowCount === 1) return { claimed: true };
      return otherClaim((await query<CommitRow>(IMPORT_SQL.selectCommit, { importId })).rows[0]);
    },
    async finishCommit(importId, result, at) {
      await query(IMPORT_SQL.finish, { result: JSON.stringify(result), at, importId });
    },
    async releaseCommit(importId) {
      await query(IMPORT_SQL.release, { importId });
    },
    async findMapping(userId, fields) {
      const found = await query<{ mapping_json: string; defaults_json: string }>(IMPORT_SQL.selectMapping, {
        userId: Number(userId),
        key: fieldsKey(fields),
      });
      return found.rows[0] ? toRememberedMapping(found.rows[0]) : null;
    },
    async saveMapping(userId, fields, remembered, at) {
      await query(IMPORT_SQL.upsertMapping, mappingParams(userId, fields, remembered, at));
    },
  };
}
