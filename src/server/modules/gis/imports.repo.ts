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

/** Field mappings of the GIS import, remembered per user and per set of source field names. */
export interface ImportRepository {
  findMapping(userId: string, fields: readonly string[]): Promise<RememberedMapping | null>;
  saveMapping(userId: string, fields: readonly string[], remembered: RememberedMapping, at: string): Promise<void>;
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
  return {
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
