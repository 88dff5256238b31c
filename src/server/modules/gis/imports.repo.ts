import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db/connection';
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

/** The key of a set of field names: order and repeats do not matter. */
export function fieldsKey(fields: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([...new Set(fields)].sort()))
    .digest('hex');
}

export function createImportRepository(db: Db): ImportRepository {
  const select = db.prepare<[number, string], { mapping_json: string; defaults_json: string }>(
    'SELECT mapping_json, defaults_json FROM import_field_mappings WHERE user_id = ? AND fields_key = ?',
  );
  const upsert = db.prepare(`
    INSERT INTO import_field_mappings (user_id, fields_key, fields_json, mapping_json, defaults_json, updated_at)
    VALUES (@userId, @key, @fields, @mapping, @defaults, @at)
    ON CONFLICT (user_id, fields_key) DO UPDATE SET
      mapping_json = excluded.mapping_json, defaults_json = excluded.defaults_json, updated_at = excluded.updated_at`);
  const claim = db.prepare<[string, number, string], { import_id: string }>(`
    INSERT INTO import_commits (import_id, user_id, state, claimed_at) VALUES (?, ?, 'committing', ?)
    ON CONFLICT (import_id) DO NOTHING
    RETURNING import_id`);
  const selectCommit = db.prepare<[string], { state: 'committing' | 'done'; result_json: string | null }>(
    'SELECT state, result_json FROM import_commits WHERE import_id = ?',
  );
  const finish = db.prepare(
    "UPDATE import_commits SET state = 'done', result_json = ?, finished_at = ? WHERE import_id = ? AND state = 'committing'",
  );
  const release = db.prepare("DELETE FROM import_commits WHERE import_id = ? AND state = 'committing'");
  return {
    async claimCommit(importId, userId, at) {
      if (claim.get(importId, Number(userId), at)) return { claimed: true };
      const row = selectCommit.get(importId);
      // Released between the insert and this read: still not ours to take here; the caller may try again.
      if (!row || row.state === 'committing' || !row.result_json) return { claimed: false, state: 'committing' };
      return { claimed: false, state: 'done', result: JSON.parse(row.result_json) as ImportCommitResult };
    },
    async finishCommit(importId, result, at) {
      finish.run(JSON.stringify(result), at, importId);
    },
    async releaseCommit(importId) {
      release.run(importId);
    },
    async findMapping(userId, fields) {
      const row = select.get(Number(userId), fieldsKey(fields));
      if (!row) return null;
      const mapping = fieldMappingSchema.safeParse(JSON.parse(row.mapping_json));
      const defaults = importDefaultsSchema.safeParse(JSON.parse(row.defaults_json));
      if (!mapping.success) return null;
      return { mapping: mapping.data, defaults: defaults.success ? defaults.data : {} };
    },
    async saveMapping(userId, fields, remembered, at) {
      upsert.run({
        userId: Number(userId),
        key: fieldsKey(fields),
        fields: JSON.stringify([...new Set(fields)].sort()),
        mapping: JSON.stringify(remembered.mapping),
        defaults: JSON.stringify(remembered.defaults),
        at,
      });
    },
  };
}
