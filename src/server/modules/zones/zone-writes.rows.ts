import type { Actor, NewAuditEntry } from '../../platform/audit';
import { villageAreaIndex, villageLabel, villagesOfZone } from '../../../shared/geo/village-areas';
import type { JoinGeometry, PolygonIndex } from '../../../shared/geo/spatial-join';
import { zoneSnapshotSchema, type ZoneSnapshot, type ZoneGeometry, type ZoneVersion } from '../../../shared/zones/zone';

/** What the SQLite and PostgreSQL zone write repositories share: rows, statements, snapshots, history and audit. */
export type ZoneAction = ZoneVersion['action'];

export type { Actor };

/** The outcome of a versioned write: done, the zone is gone, or someone else changed it first. */
export type WriteResult =
  { ok: true; id: number; version: number } | { ok: false; error: 'missing' | 'stale'; currentVersion?: number };

export interface DeletedZone {
  id: string;
  name: string;
  category: string;
  deletedAt: string;
  deletedBy: string | null;
  version: number;
}

export interface ZoneRow {
  id: number;
  name: string;
  category: string;
  status: ZoneSnapshot['status'];
  planned_start: string;
  planned_end: string;
  progress: number;
  measures: string;
  notes: string;
  village: string | null;
  geometry_json: string;
  version: number;
  deleted_at: string | null;
}

/** Thrown inside a transaction to roll it back with a result for the caller. */
export class Rollback extends Error {
  constructor(readonly results: WriteResult[]) {
    super('rollback');
  }
}

const SNAPSHOT_FIELDS = [
  'name',
  'category',
  'status',
  'responsibleUnits',
  'plannedStart',
  'plannedEnd',
  'progress',
  'measures',
  'notes',
  'village',
  'geometry',
] as const;

type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

export function changedFields(before: ZoneSnapshot | null, after: ZoneSnapshot): SnapshotField[] {
  if (!before) return [...SNAPSHOT_FIELDS];
  return SNAPSHOT_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

export interface DeletedZoneRow {
  id: number;
  name: string;
  category: string;
  deleted_at: string;
  deleted_by: string | null;
  version: number;
}

export interface ZoneVersionRow {
  version: number;
  action: ZoneAction;
  at: string;
  actor_username: string | null;
  actor_name: string | null;
  reason: string | null;
  snapshot_json: string;
}

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const ZONE_WRITE_SQL = {
  insert: `
    INSERT INTO zones (name, category, status, lead_unit_id, planned_start, planned_end, progress, measures, notes,
                       village, geometry_json, geometry_type, version, created_at, updated_at)
    VALUES (@name, @category, @status, @leadUnit, @plannedStart, @plannedEnd, @progress, @measures, @notes,
            @village, @geometryJson, @geometryType, 1, @now, @now)`,
  update: `
    UPDATE zones SET name = @name, category = @category, status = @status, lead_unit_id = @leadUnit,
      planned_start = @plannedStart, planned_end = @plannedEnd, progress = @progress, measures = @measures,
      notes = @notes, village = @village, geometry_json = @geometryJson, geometry_type = @geometryType,
      version = version + 1, updated_at = @now, deleted_at = NULL, deleted_by = NULL
    WHERE id = @id AND version = @expectedVersion`,
};

export function snapshotOf(row: ZoneRow, responsibleUnits: string[]): ZoneSnapshot {
  return {
    name: row.name,
    category: row.category,
    status: row.status,
    responsibleUnits,
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    progress: row.progress,
    measures: row.measures,
    notes: row.notes,
    village: row.village,
    geometry: JSON.parse(row.geometry_json) as ZoneGeometry,
  };
}

export function zoneRowParams(snapshot: ZoneSnapshot, leadUnit: string, now: string) {
  return {
    name: snapshot.name,
    category: snapshot.category,
    status: snapshot.status,
    leadUnit,
    plannedStart: snapshot.plannedStart,
    plannedEnd: snapshot.plannedEnd,
    progress: snapshot.progress,
    measures: snapshot.measures,
    notes: snapshot.notes,
    village: snapshot.village,
    geometryJson: JSON.stringify(snapshot.geometry),
    geometryType: snapshot.geometry.type,
    now,
  };
}

/** The audit entry of one zone change: the fields changed, before and after (geometry only named). */
export function zoneChangeAudit(
  id: number,
  version: number,
  action: ZoneAction,
  snapshot: ZoneSnapshot,
  before: ZoneSnapshot | null,
  actor: Actor,
  reason: string | null,
): NewAuditEntry {
  const changed = changedFields(before, snapshot);
  return {
    actorId: actor.id,
    actorUsername: actor.username,
    action: `zone_${action}`,
    targetType: 'zone',
    targetId: String(id),
    outcome: 'ok',
    ip: actor.ip,
    detail: {
      version,
      changed,
      ...(reason ? { reason } : {}),
      before: before
        ? Object.fromEntries(changed.map((field) => [field, field === 'geometry' ? '(geometry)' : before[field]]))
        : null,
      after: Object.fromEntries(changed.map((field) => [field, field === 'geometry' ? '(geometry)' : snapshot[field]])),
    },
  };
}

export function toDeletedZone(row: DeletedZoneRow): DeletedZone {
  return {
    id: String(row.id),
    name: row.name,
    category: row.category,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by,
    version: row.version,
  };
}

/** A zone's history from its version rows, oldest first, each with the fields it changed. */
export function toZoneVersions(rows: readonly ZoneVersionRow[]): ZoneVersion[] | null {
  if (!rows.length) return null;
  let previous: ZoneSnapshot | null = null;
  return rows.map((row) => {
    const snapshot = zoneSnapshotSchema.parse(JSON.parse(row.snapshot_json));
    const changed = row.action === 'delete' || row.action === 'undelete' ? [] : changedFields(previous, snapshot);
    previous = snapshot;
    return {
      version: row.version,
      action: row.action,
      at: row.at,
      actorUsername: row.actor_username,
      actorName: row.actor_name ?? row.actor_username,
      reason: row.reason,
      snapshot,
      changed,
    };
  });
}

/** The village areas (the 单元网格 cells, each of one village), kept while the grid's row count is unchanged. */
export interface VillageAreas {
  count: number;
  index: PolygonIndex<string>;
  names: Map<string, string>;
}

export function buildVillageAreas(
  count: number,
  cells: readonly { village_code: string; geometry_json: string }[],
  places: readonly { code_2023: string; short_name: string }[],
): VillageAreas {
  return {
    count,
    index: villageAreaIndex(
      cells.map((cell) => ({ village: cell.village_code, geometry: JSON.parse(cell.geometry_json) as JoinGeometry })),
    ),
    names: new Map(places.map((place) => [place.code_2023, place.short_name])),
  };
}

/** A zone's 村（社区） from the village areas it lies in: one name, 跨村（…） for several, null outside. */
export function villageOfArea({ index, names }: VillageAreas, geometry: ZoneGeometry): string | null {
  return villageLabel(villagesOfZone(geometry, index).map((code) => names.get(code) ?? code));
}
