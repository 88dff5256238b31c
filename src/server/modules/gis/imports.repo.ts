import type { Db } from '../../platform/db/connection';
import {
  fieldsKey,
  IMPORT_SQL,
  mappingParams,
  otherClaim,
  toRememberedMapping,
  toStoredImportSession,
  type CommitRow,
  type ImportSessionFile,
  type ImportSessionRow,
  type StoredImportSession,
  type ImportCommitClaim,
  type ImportCommitResult,
  type RememberedMapping,
} from './imports.rows';

export {
  fieldsKey,
  type ImportCommitClaim,
  type ImportCommitResult,
  type ImportSessionFile,
  type RememberedMapping,
  type StoredImportSession,
} from './imports.rows';

/**
 * Field mappings of the GIS import, remembered per user and per set of source field names; and the
 * once-only commit of an import (one row per import id, claimed by one atomic insert); the import sessions (their
 * files are in the file store), shared by every instance. Times are epoch milliseconds.
 */
export interface ImportRepository {
  findMapping(userId: string, fields: readonly string[]): Promise<RememberedMapping | null>;
  saveMapping(userId: string, fields: readonly string[], remembered: RememberedMapping, at: string): Promise<void>;
  /** Claim the commit of `importId`: exactly one caller gets `claimed: true`, however many ask at once. */
  claimCommit(importId: string, userId: string, at: string): Promise<ImportCommitClaim>;
  /** The claimed commit is done: later commits are answered with `result`. */
  finishCommit(importId: string, result: ImportCommitResult, at: string): Promise<void>;
  /** The claimed commit saved nothing (refused, failed): the import may be committed again. */
  releaseCommit(importId: string): Promise<void>;
  /** A new session of `ownerId`, uploading. */
  createSession(session: { id: string; ownerId: string; fileName: string }, atMs: number): Promise<void>;
  /** The session's files are kept: it can be previewed, validated and committed. */
  readySession(
    id: string,
    session: { fileName: string; files: ImportSessionFile[]; bytes: number },
    atMs: number,
  ): Promise<void>;
  /** The owner's ready session used at or after `cutoffMs`, touched at `atMs`; null otherwise. */
  useSession(id: string, ownerId: string, cutoffMs: number, atMs: number): Promise<StoredImportSession | null>;
  deleteSession(id: string): Promise<void>;
  /** The bytes the sessions used at or after `cutoffMs` keep: one user's (given `ownerId`), else everyone's. */
  storedBytes(cutoffMs: number, ownerId?: string): Promise<number>;
  /** Up to 100 sessions last used before `cutoffMs`, oldest first. */
  expiredSessions(cutoffMs: number): Promise<string[]>;
}

/** The SQLite import repository (imports.pg.ts is the PostgreSQL one). */
export function createImportRepository(db: Db): ImportRepository {
  const select = db.prepare<{ userId: number; key: string }, { mapping_json: string; defaults_json: string }>(
    IMPORT_SQL.selectMapping,
  );
  const upsert = db.prepare(IMPORT_SQL.upsertMapping);
  const claim = db.prepare<{ importId: string; userId: number; at: string }, { import_id: string }>(IMPORT_SQL.claim);
  const selectCommit = db.prepare<{ importId: string }, CommitRow>(IMPORT_SQL.selectCommit);
  const finish = db.prepare(IMPORT_SQL.finish);
  const release = db.prepare(IMPORT_SQL.release);
  const createSession = db.prepare(IMPORT_SQL.createSession);
  const readySession = db.prepare(IMPORT_SQL.readySession);
  const useSession = db.prepare<Record<string, unknown>, ImportSessionRow>(IMPORT_SQL.useSession);
  const deleteSession = db.prepare(IMPORT_SQL.deleteSession);
  const storedBytes = db.prepare<{ cutoff: number }, { bytes: number }>(IMPORT_SQL.storedBytes);
  const storedBytesOf = db.prepare<{ cutoff: number; ownerId: number }, { bytes: number }>(IMPORT_SQL.storedBytesOf);
  const expired = db.prepare<{ cutoff: number }, { id: string }>(IMPORT_SQL.expiredSessions);
  return {
    async createSession(session, at) {
      createSession.run({ id: session.id, ownerId: Number(session.ownerId), fileName: session.fileName, at });
    },
    async readySession(id, session, at) {
      readySession.run({
        id,
        fileName: session.fileName,
        files: JSON.stringify(session.files),
        bytes: session.bytes,
        at,
      });
    },
    async useSession(id, ownerId, cutoff, at) {
      const row = useSession.get({ id, ownerId: Number(ownerId), cutoff, at });
      return row ? toStoredImportSession(row) : null;
    },
    async deleteSession(id) {
      deleteSession.run({ id });
    },
    async storedBytes(cutoff, ownerId) {
      const row =
        ownerId === undefined ? storedBytes.get({ cutoff }) : storedBytesOf.get({ cutoff, ownerId: Number(ownerId) });
      return row?.bytes ?? 0;
    },
    async expiredSessions(cutoff) {
      return expired.all({ cutoff }).map((row) => row.id);
    },
    async claimCommit(importId, userId, at) {
      if (claim.get({ importId, userId: Number(userId), at })) return { claimed: true };
      return otherClaim(selectCommit.get({ importId }));
    },
    async finishCommit(importId, result, at) {
      finish.run({ result: JSON.stringify(result), at, importId });
    },
    async releaseCommit(importId) {
      release.run({ importId });
    },
    async findMapping(userId, fields) {
      const row = select.get({ userId: Number(userId), key: fieldsKey(fields) });
      return row ? toRememberedMapping(row) : null;
    },
    async saveMapping(userId, fields, remembered, at) {
      upsert.run(mappingParams(userId, fields, remembered, at));
    },
  };
}
