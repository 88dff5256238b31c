import { geometryBounds } from '../../../shared/geo/bounds';
import type { ZoneGeometry } from '../../../shared/zones/zone';
import type { ReadingValues } from '../../../shared/registers/kinds';
import {
  registerChanges,
  type RegisterAttributes,
  type RegisterFeature,
  type RegisterHistoryAction,
  type RegisterHistoryEntry,
  type RegisterSnapshot,
  type RiverReading,
} from '../../../shared/registers/register';

/** A box [minLon, minLat, maxLon, maxLat] (WGS 84). */
export type Box = readonly [number, number, number, number];

export interface RegisterRow {
  id: number;
  kind: string;
  name: string;
  geometry_json: string;
  attributes_json: string;
  owner_unit_id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface HistoryRow {
  version: number;
  action: RegisterHistoryAction;
  changed_at: string;
  /** The user's display name (the username when the account is gone). */
  changed_by: string | null;
  changes_json: string;
}

export interface ReadingRow {
  id: number;
  sampled_on: string;
  values_json: string;
  recorded_by: string | null;
  recorded_at: string;
}

const COLUMNS = 'id, kind, name, geometry_json, attributes_json, owner_unit_id, version, created_at, updated_at';
const BOX_MEETS = '@maxLon >= min_lon AND @minLon <= max_lon AND @maxLat >= min_lat AND @minLat <= max_lat';

/** The statements of both engines (`@name` parameters; the same SQL runs on SQLite and PostgreSQL). */
export const REGISTER_SQL = {
  counts: 'SELECT kind, count(*) AS count FROM register_objects WHERE deleted_at IS NULL GROUP BY kind',
  list: `SELECT ${COLUMNS} FROM register_objects WHERE kind = @kind AND deleted_at IS NULL ORDER BY id`,
  listInBox: `SELECT ${COLUMNS} FROM register_objects WHERE kind = @kind AND deleted_at IS NULL AND ${BOX_MEETS} ORDER BY id`,
  /** Every kind's live objects whose boxes meet the box (the zone links' candidates). */
  allInBox: `SELECT ${COLUMNS} FROM register_objects WHERE deleted_at IS NULL AND ${BOX_MEETS} ORDER BY kind, id`,
  one: `SELECT ${COLUMNS} FROM register_objects WHERE id = @id AND kind = @kind AND deleted_at IS NULL`,
  insert: `INSERT INTO register_objects (kind, name, geometry_json, geometry_type, min_lon, min_lat, max_lon, max_lat,
             attributes_json, owner_unit_id, version, created_at, created_by, updated_at)
           VALUES (@kind, @name, @geometryJson, @geometryType, @minLon, @minLat, @maxLon, @maxLat,
             @attributesJson, @ownerUnit, 1, @now, @by, @now)
           RETURNING id`,
  update: `UPDATE register_objects SET name = @name, geometry_json = @geometryJson, geometry_type = @geometryType,
             min_lon = @minLon, min_lat = @minLat, max_lon = @maxLon, max_lat = @maxLat,
             attributes_json = @attributesJson, owner_unit_id = @ownerUnit, version = version + 1, updated_at = @now
           WHERE id = @id AND kind = @kind AND version = @expectedVersion AND deleted_at IS NULL
           RETURNING id`,
  delete: `UPDATE register_objects SET deleted_at = @now, version = version + 1, updated_at = @now
           WHERE id = @id AND kind = @kind AND version = @expectedVersion AND deleted_at IS NULL
           RETURNING version`,
  insertHistory: `INSERT INTO register_object_history (object_id, version, action, changed_at, changed_by, changes_json)
                  VALUES (@id, @version, @action, @now, @by, @changesJson)`,
  /** Also of a deleted object (its history stays readable). */
  history: `SELECT h.version, h.action, h.changed_at, coalesce(u.display_name, h.changed_by) AS changed_by, h.changes_json
            FROM register_object_history h JOIN register_objects o ON o.id = h.object_id
            LEFT JOIN users u ON lower(u.username) = lower(h.changed_by)
            WHERE h.object_id = @id AND o.kind = @kind ORDER BY h.version DESC`,
  readings: `SELECT r.id, r.sampled_on, r.values_json, coalesce(u.display_name, r.recorded_by) AS recorded_by,
               r.recorded_at
             FROM river_section_readings r LEFT JOIN users u ON lower(u.username) = lower(r.recorded_by)
             WHERE r.object_id = @id ORDER BY r.sampled_on`,
  insertReading: `INSERT INTO river_section_readings (object_id, sampled_on, values_json, recorded_by, recorded_at)
                  VALUES (@id, @sampledOn, @valuesJson, @by, @now)
                  ON CONFLICT (object_id, sampled_on) DO NOTHING
                  RETURNING id, sampled_on, values_json, recorded_by, recorded_at`,
} as const;

export function toFeature(row: RegisterRow): RegisterFeature {
  return {
    type: 'Feature',
    id: Number(row.id),
    geometry: JSON.parse(row.geometry_json) as ZoneGeometry,
    properties: {
      kind: row.kind,
      name: row.name,
      attributes: JSON.parse(row.attributes_json) as RegisterAttributes,
      ownerUnit: row.owner_unit_id,
      version: Number(row.version),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
  };
}

export const snapshotOf = (feature: RegisterFeature): RegisterSnapshot => ({
  name: feature.properties.name,
  geometry: feature.geometry,
  attributes: feature.properties.attributes,
  ownerUnit: feature.properties.ownerUnit,
});

export const toHistory = (row: HistoryRow): RegisterHistoryEntry => ({
  version: Number(row.version),
  action: row.action,
  at: row.changed_at,
  by: row.changed_by,
  ...splitNote(JSON.parse(row.changes_json) as Record<string, unknown>),
});

/** The note of a history entry is kept in its changes' JSON under this key (no column of its own). */
const NOTE_KEY = '$note';
function splitNote(stored: Record<string, unknown>): Pick<RegisterHistoryEntry, 'changes' | 'note'> {
  const { [NOTE_KEY]: note, ...changes } = stored;
  return { changes: changes as RegisterHistoryEntry['changes'], ...(typeof note === 'string' ? { note } : {}) };
}

export const toReading = (row: ReadingRow): RiverReading => ({
  id: Number(row.id),
  sampledOn: row.sampled_on,
  values: JSON.parse(row.values_json) as ReadingValues,
  by: row.recorded_by,
  recordedAt: row.recorded_at,
});

export const boxParams = (box: Box) => ({ minLon: box[0], minLat: box[1], maxLon: box[2], maxLat: box[3] });

/** The columns of a snapshot: its geometry as JSON with its type and box, its attributes as JSON. */
export function snapshotParams(snapshot: RegisterSnapshot) {
  const box = geometryBounds(snapshot.geometry);
  return {
    name: snapshot.name,
    geometryJson: JSON.stringify(snapshot.geometry),
    geometryType: snapshot.geometry.type,
    ...boxParams(box),
    attributesJson: JSON.stringify(snapshot.attributes),
    ownerUnit: snapshot.ownerUnit,
  };
}

/** The history row of a change from `before` (null: created) to `after` (null: deleted). */
export function historyParams(
  id: number,
  version: number,
  before: RegisterSnapshot | null,
  after: RegisterSnapshot | null,
  by: string | null,
  now: Date,
  /** Why, in words (an import: 导入自 <file>). */
  note?: string,
) {
  const action: RegisterHistoryAction = before === null ? 'create' : after === null ? 'delete' : 'update';
  return {
    id,
    version,
    action,
    now: now.toISOString(),
    by,
    changesJson: JSON.stringify({
      ...(after === null ? {} : registerChanges(before, after)),
      ...(note ? { [NOTE_KEY]: note } : {}),
    }),
  };
}
