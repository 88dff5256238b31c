import type { Db } from '../../platform/db/connection';
import {
  fieldsKey,
  IMPORT_SQL,
  mappingParams,
  otherClaim,
  toRememberedMapping,
  type CommitRow,
  type ImportCommitClaim,
  type ImportCommitResult,
  type RememberedMapping,
} from './imports.rows';

export { fieldsKey, type ImportCommitClaim, type ImportCommitResult, type RememberedMapping } from './imports.rows';

/**
 * Field mappings of the GIS import, remembered per user and per set of source field names; and the
 * once-only commit of an import (one row per import id, claimed by one atomic insert).
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
  return {
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
