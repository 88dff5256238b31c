import { createHash } from 'node:crypto';
import {
  fieldMappingSchema,
  importDefaultsSchema,
  type FieldMapping,
  type ImportDefaults,
} from '../../../shared/gis/gis-import';

export interface RememberedMapping {
  mapping: FieldMapping;
  defaults: ImportDefaults;
}

/** What a commit of a GIS import created (its 201 answer, and the 409 of every later commit). */
export interface ImportCommitResult {
  created: number;
  zoneIds: string[];
  skipped: number;
  excluded: number;
}

/** Claiming an import's commit: this request commits it, or another one is committing or has committed it. */
export type ImportCommitClaim =
  | { claimed: true }
  | { claimed: false; state: 'committing' }
  | { claimed: false; state: 'done'; result: ImportCommitResult };

/** The key of a set of field names: order and repeats do not matter. */
export function fieldsKey(fields: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([...new Set(fields)].sort()))
    .digest('hex');
}

/** Statements with `@name` parameters both import repositories (SQLite, PostgreSQL) run. */
export const IMPORT_SQL = {
  selectMapping:
    'SELECT mapping_json, defaults_json FROM import_field_mappings WHERE user_id = @userId AND fields_key = @key',
  upsertMapping: `
    INSERT INTO import_field_mappings (user_id, fields_key, fields_json, mapping_json, defaults_json, updated_at)
    VALUES (@userId, @key, @fields, @mapping, @defaults, @at)
    ON CONFLICT (user_id, fields_key) DO UPDATE SET
      mapping_json = excluded.mapping_json, defaults_json = excluded.defaults_json, updated_at = excluded.updated_at`,
  claim: `
    INSERT INTO import_commits (import_id, user_id, state, claimed_at) VALUES (@importId, @userId, 'committing', @at)
    ON CONFLICT (import_id) DO NOTHING
    RETURNING import_id`,
  selectCommit: 'SELECT state, result_json FROM import_commits WHERE import_id = @importId',
  finish:
    "UPDATE import_commits SET state = 'done', result_json = @result, finished_at = @at WHERE import_id = @importId AND state = 'committing'",
  release: "DELETE FROM import_commits WHERE import_id = @importId AND state = 'committing'",
  createSession: `
    INSERT INTO import_sessions (id, owner_id, file_name, state, created_ms, last_used_ms)
    VALUES (@id, @ownerId, @fileName, 'uploading', @at, @at)`,
  readySession: `
    UPDATE import_sessions SET state = 'ready', file_name = @fileName, files_json = @files, bytes = @bytes, last_used_ms = @at
    WHERE id = @id`,
  // Read and touched in one statement: a session past its time is not revived by a late request.
  useSession: `
    UPDATE import_sessions SET last_used_ms = @at
    WHERE id = @id AND owner_id = @ownerId AND state = 'ready' AND last_used_ms >= @cutoff
    RETURNING id, owner_id, file_name, files_json, bytes`,
  deleteSession: 'DELETE FROM import_sessions WHERE id = @id',
  storedBytes: 'SELECT COALESCE(SUM(bytes), 0) AS bytes FROM import_sessions WHERE last_used_ms >= @cutoff',
  storedBytesOf:
    'SELECT COALESCE(SUM(bytes), 0) AS bytes FROM import_sessions WHERE last_used_ms >= @cutoff AND owner_id = @ownerId',
  expiredSessions: 'SELECT id FROM import_sessions WHERE last_used_ms < @cutoff ORDER BY last_used_ms LIMIT 100',
};

/** One file of an import session: the client's name (for messages) and the part the store keeps it as. */
export interface ImportSessionFile {
  name: string;
  part: string;
}

/** An import session as the database keeps it (the files are in the file store). */
export interface StoredImportSession {
  id: string;
  ownerId: string;
  fileName: string;
  files: ImportSessionFile[];
  bytes: number;
}

export interface ImportSessionRow {
  id: string;
  owner_id: number;
  file_name: string;
  files_json: string;
  bytes: number;
}

export const toStoredImportSession = (row: ImportSessionRow): StoredImportSession => ({
  id: row.id,
  ownerId: String(row.owner_id),
  fileName: row.file_name,
  files: JSON.parse(row.files_json) as ImportSessionFile[],
  bytes: Number(row.bytes),
});

export interface CommitRow {
  state: 'committing' | 'done';
  result_json: string | null;
}

/** The answer to a claim that inserted nothing, from the row found. */
export function otherClaim(row: CommitRow | undefined): ImportCommitClaim {
  // Released between the insert and this read: still not ours to take here; the caller may try again.
  if (!row || row.state === 'committing' || !row.result_json) return { claimed: false, state: 'committing' };
  return { claimed: false, state: 'done', result: JSON.parse(row.result_json) as ImportCommitResult };
}

/** A stored mapping, or null when it no longer parses. */
export function toRememberedMapping(row: { mapping_json: string; defaults_json: string }): RememberedMapping | null {
  const mapping = fieldMappingSchema.safeParse(JSON.parse(row.mapping_json));
  const defaults = importDefaultsSchema.safeParse(JSON.parse(row.defaults_json));
  if (!mapping.success) return null;
  return { mapping: mapping.data, defaults: defaults.success ? defaults.data : {} };
}

export function mappingParams(userId: string, fields: readonly string[], remembered: RememberedMapping, at: string) {
  return {
    userId: Number(userId),
    key: fieldsKey(fields),
    fields: JSON.stringify([...new Set(fields)].sort()),
    mapping: JSON.stringify(remembered.mapping),
    defaults: JSON.stringify(remembered.defaults),
    at,
  };
}
