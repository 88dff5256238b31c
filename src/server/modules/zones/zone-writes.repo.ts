import { geometryBounds } from '../../../shared/geo/bounds';
import type { Db } from '../../platform/db/connection';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import { zoneSnapshotSchema, type ZoneGeometry, type ZoneSnapshot, type ZoneVersion } from '../../../shared/zones/zone';
import { villageAreaIndex, villageLabel, villagesOfZone } from '../../../shared/geo/village-areas';
import type { JoinGeometry, PolygonIndex } from '../../../shared/geo/spatial-join';

export type ZoneAction = ZoneVersion['action'];

export type { Actor };

/** The outcome of a versioned write: done, the zone is gone, or someone else changed it first. */
export type WriteResult =
  { ok: true; id: number; version: number } | { ok: false; error: 'missing' | 'stale'; currentVersion?: number };

/** A write inside a batch: all of them or none. */
export type ZoneOperation =
  | { op: 'create'; snapshot: ZoneSnapshot; leadUnit: string; reason?: string | null }
  | {
      op: 'update';
      id: number;
      expectedVersion: number;
      snapshot: ZoneSnapshot;
      leadUnit: string;
      reason?: string | null;
      /** Set (a reason) or clear (null) the hand-set status; undefined leaves it as it is. */
      statusOverride?: string | null;
    }
  | { op: 'delete'; id: number; expectedVersion: number };

export interface ZoneWriteRepository {
  /** The current state (also of a deleted zone), for merging a PATCH and checking ownership. */
  getSnapshot(id: number): Promise<{ snapshot: ZoneSnapshot; version: number; deleted: boolean } | null>;
  /**
   * Live zones of `category` (but `excludeIds`) whose R*Tree boxes meet `box` ([minLon, minLat, maxLon, maxLat]),
   * with their geometry as JSON text: the candidates of the exact overlap test (zone-shape-check.ts).
   */
  overlapCandidates(
    category: string,
    box: readonly [number, number, number, number],
    excludeIds: readonly number[],
  ): Promise<{ id: number; geometryJson: string }[]>;
  /** Apply the operations in one transaction; the first failure rolls everything back. */
  apply(operations: ZoneOperation[], actor: Actor): Promise<WriteResult[]>;
  /**
   * `apply` for writes that grow with their input (a GIS import's commit, docs/quality.md P10): the
   * same one transaction, but the SQLite repositories run it in a worker thread with its own connection
   * on a database file (src/server/repositories/zone-writes-off-thread.ts), one such write at a time,
   * so the event loop keeps answering. A database failure rejects with the SQLite error's `code`.
   */
  applyLarge(operations: ZoneOperation[], actor: Actor): Promise<WriteResult[]>;
  restore(id: number, toVersion: number, expectedVersion: number, leadUnit: string, actor: Actor): Promise<WriteResult>;
  undelete(id: number, actor: Actor): Promise<WriteResult>;
  history(id: number): Promise<ZoneVersion[] | null>;
  /** Soft-deleted zones, newest first, for the campaign office to undo a deletion. */
  listDeleted(): Promise<DeletedZone[]>;
}

export interface DeletedZone {
  id: string;
  name: string;
  category: string;
  deletedAt: string;
  deletedBy: string | null;
  version: number;
}

interface ZoneRow {
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
class Rollback extends Error {
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

/**
 * Every write to zones goes through here: the version check, the zone row, its units and R*Tree box,
 * the history row and the audit row all happen in one transaction (R1, R3, R12).
 */
export function createZoneWriteRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): ZoneWriteRepository {
  const selectZone = db.prepare<[number], ZoneRow>('SELECT * FROM zones WHERE id = ?');
  const setOverride = db.prepare('UPDATE zones SET status_override_reason = ? WHERE id = ?');
  const selectUnits = db.prepare<[number], { unit_id: string }>(
    'SELECT unit_id FROM zone_units WHERE zone_id = ? ORDER BY sort',
  );
  const insertZone = db.prepare(`
    INSERT INTO zones (name, category, status, lead_unit_id, planned_start, planned_end, progress, measures, notes,
                       village, geometry_json, geometry_type, version, created_at, updated_at)
    VALUES (@name, @category, @status, @leadUnit, @plannedStart, @plannedEnd, @progress, @measures, @notes,
            @village, @geometryJson, @geometryType, 1, @now, @now)`);
  const updateZone = db.prepare(`
    UPDATE zones SET name = @name, category = @category, status = @status, lead_unit_id = @leadUnit,
      planned_start = @plannedStart, planned_end = @plannedEnd, progress = @progress, measures = @measures,
      notes = @notes, village = @village, geometry_json = @geometryJson, geometry_type = @geometryType,
      version = version + 1, updated_at = @now, deleted_at = NULL, deleted_by = NULL
    WHERE id = @id AND version = @expectedVersion`);
  const markDeleted = db.prepare(
    'UPDATE zones SET deleted_at = ?, deleted_by = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND deleted_at IS NULL',
  );
  const markUndeleted = db.prepare(
    'UPDATE zones SET deleted_at = NULL, deleted_by = NULL, version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND deleted_at IS NOT NULL',
  );
  const deleteUnits = db.prepare('DELETE FROM zone_units WHERE zone_id = ?');
  const insertUnit = db.prepare('INSERT INTO zone_units (zone_id, unit_id, sort) VALUES (?, ?, ?)');
  const upsertBox = db.prepare(
    'INSERT OR REPLACE INTO zones_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)',
  );
  const deleteBox = db.prepare('DELETE FROM zones_rtree WHERE id = ?');
  const insertVersion = db.prepare(`
    INSERT INTO zone_versions (zone_id, version, action, at, actor_user_id, actor_username, reason, snapshot_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectVersions = db.prepare<
    [number],
    {
      version: number;
      action: ZoneAction;
      at: string;
      actor_username: string | null;
      actor_name: string | null;
      reason: string | null;
      snapshot_json: string;
    }
  >(
    `SELECT v.version, v.action, v.at, v.actor_username, nullif(u.display_name, '') AS actor_name, v.reason,
            v.snapshot_json
     FROM zone_versions v LEFT JOIN users u ON u.id = v.actor_user_id
     WHERE v.zone_id = ? ORDER BY v.version`,
  );
  const selectVersion = db.prepare<[number, number], { snapshot_json: string }>(
    'SELECT snapshot_json FROM zone_versions WHERE zone_id = ? AND version = ?',
  );
  const candidates = db.prepare<
    { minLon: number; minLat: number; maxLon: number; maxLat: number; category: string },
    { id: number; geometry_json: string }
  >(`
    SELECT z.id, z.geometry_json FROM zones_rtree r JOIN zones z ON z.id = r.id
    WHERE r.max_lon >= @minLon AND r.min_lon <= @maxLon AND r.max_lat >= @minLat AND r.min_lat <= @maxLat
      AND z.category = @category AND z.deleted_at IS NULL`);

  const snapshotOfRow = (row: ZoneRow): ZoneSnapshot => ({
    name: row.name,
    category: row.category,
    status: row.status,
    responsibleUnits: selectUnits.all(row.id).map((unit) => unit.unit_id),
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    progress: row.progress,
    measures: row.measures,
    notes: row.notes,
    village: row.village,
    geometry: JSON.parse(row.geometry_json) as ZoneGeometry,
  });

  const rowParams = (snapshot: ZoneSnapshot, leadUnit: string, now: string) => ({
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
  });

  function writeUnitsAndBox(id: number, snapshot: ZoneSnapshot) {
    deleteUnits.run(id);
    snapshot.responsibleUnits.forEach((unit, sort) => insertUnit.run(id, unit, sort));
    const [minLon, minLat, maxLon, maxLat] = geometryBounds(snapshot.geometry);
    upsertBox.run(id, minLon, maxLon, minLat, maxLat);
  }

  function record(
    id: number,
    version: number,
    action: ZoneAction,
    snapshot: ZoneSnapshot,
    before: ZoneSnapshot | null,
    actor: Actor,
    now: string,
    reason: string | null = null,
  ) {
    insertVersion.run(
      id,
      version,
      action,
      now,
      actor.id === null ? null : Number(actor.id),
      actor.username,
      reason,
      JSON.stringify(snapshot),
    );
    const changed = changedFields(before, snapshot);
    recordAudit({
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
        after: Object.fromEntries(
          changed.map((field) => [field, field === 'geometry' ? '(geometry)' : snapshot[field]]),
        ),
      },
    });
  }

  // The village areas: the 单元网格 cells, each of one village (seeded or the town's own); cached while unchanged.
  const gridCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM grids');
  const gridCells = db.prepare<[], { village_code: string; geometry_json: string }>(
    'SELECT village_code, geometry_json FROM grids ORDER BY code',
  );
  const placeNames = db.prepare<[], { code_2023: string; short_name: string }>(
    'SELECT code_2023, short_name FROM places',
  );
  let villageAreas: { count: number; index: PolygonIndex<string>; names: Map<string, string> } | null = null;
  /** A new zone's 村（社区） from the village areas it lies in: one name, 跨村（…） for several, null outside. */
  function villageOf(geometry: ZoneGeometry): string | null {
    const count = gridCount.get()!.n;
    if (!count) return null;
    if (villageAreas?.count !== count) {
      villageAreas = {
        count,
        index: villageAreaIndex(
          gridCells
            .all()
            .map((cell) => ({ village: cell.village_code, geometry: JSON.parse(cell.geometry_json) as JoinGeometry })),
        ),
        names: new Map(placeNames.all().map((place) => [place.code_2023, place.short_name])),
      };
    }
    const { index, names } = villageAreas;
    return villageLabel(villagesOfZone(geometry, index).map((code) => names.get(code) ?? code));
  }

  /**
   * A versioned UPDATE (`WHERE id = ? AND version = ?`) that changed no row: someone else wrote first, or the
   * zone is gone. Read again to say which; nothing was written, so no history or audit row follows.
   */
  function lostRace(id: number): Extract<WriteResult, { ok: false }> {
    const current = selectZone.get(id);
    if (!current || current.deleted_at) return { ok: false, error: 'missing' };
    return { ok: false, error: 'stale', currentVersion: current.version };
  }

  function applyOne(operation: ZoneOperation, actor: Actor, now: string): WriteResult {
    if (operation.op === 'create') {
      // Its village is set (the form, the import) or derived already (apply, before the transaction).
      const snapshot = operation.snapshot;
      const result = insertZone.run(rowParams(snapshot, operation.leadUnit, now));
      const id = Number(result.lastInsertRowid);
      writeUnitsAndBox(id, snapshot);
      record(id, 1, 'create', snapshot, null, actor, now, operation.reason ?? null);
      return { ok: true, id, version: 1 };
    }
    const row = selectZone.get(operation.id);
    if (!row || row.deleted_at) return { ok: false, error: 'missing' };
    if (row.version !== operation.expectedVersion) return { ok: false, error: 'stale', currentVersion: row.version };
    const before = snapshotOfRow(row);
    if (operation.op === 'delete') {
      const deleted = markDeleted.run(now, actor.username, now, operation.id, operation.expectedVersion);
      if (deleted.changes !== 1) return lostRace(operation.id);
      deleteBox.run(operation.id);
      record(operation.id, row.version + 1, 'delete', before, before, actor, now);
      return { ok: true, id: operation.id, version: row.version + 1 };
    }
    const changes = updateZone.run({
      ...rowParams(operation.snapshot, operation.leadUnit, now),
      id: operation.id,
      expectedVersion: operation.expectedVersion,
    });
    if (changes.changes !== 1) return lostRace(operation.id);
    writeUnitsAndBox(operation.id, operation.snapshot);
    if (operation.statusOverride !== undefined) setOverride.run(operation.statusOverride, operation.id);
    record(operation.id, row.version + 1, 'update', operation.snapshot, before, actor, now, operation.reason ?? null);
    return { ok: true, id: operation.id, version: row.version + 1 };
  }

  const applyAll = db.transaction((operations: ZoneOperation[], actor: Actor) => {
    const now = new Date().toISOString();
    const results: WriteResult[] = [];
    for (const operation of operations) {
      const result = applyOne(operation, actor, now);
      results.push(result);
      if (!result.ok) throw new Rollback(results);
    }
    return results;
  });

  async function apply(operations: ZoneOperation[], actor: Actor): Promise<WriteResult[]> {
    // Drawn or imported without a village: derived from the village areas (the form and the import may set it),
    // before the write lock is taken (a spatial join per zone): the lock is held
    // only for the writes, which matters when another connection waits (the zone-writes worker, docs/gis.md).
    operations = operations.map((operation) =>
      operation.op === 'create' && operation.snapshot.village === null
        ? { ...operation, snapshot: { ...operation.snapshot, village: villageOf(operation.snapshot.geometry) } }
        : operation,
    );
    try {
      // IMMEDIATE: the write lock first, so a write of another connection (the zone-writes worker) between this
      // transaction's first read and its first write cannot make it fail (SQLITE_BUSY_SNAPSHOT); busy_timeout waits.
      return applyAll.immediate(operations, actor);
    } catch (error) {
      if (error instanceof Rollback) return error.results;
      throw error;
    }
  }

  return {
    async getSnapshot(id) {
      const row = selectZone.get(id);
      return row ? { snapshot: snapshotOfRow(row), version: row.version, deleted: row.deleted_at !== null } : null;
    },
    async overlapCandidates(category, [minLon, minLat, maxLon, maxLat], excludeIds) {
      return candidates
        .all({ minLon, minLat, maxLon, maxLat, category })
        .filter((candidate) => !excludeIds.includes(candidate.id))
        .map((candidate) => ({ id: candidate.id, geometryJson: candidate.geometry_json }));
    },
    apply,
    // In this thread: src/server/repositories/zone-writes-off-thread.ts moves it to a worker on a database file.
    applyLarge: apply,
    async restore(id, toVersion, expectedVersion, leadUnit, actor) {
      return db.transaction((): WriteResult => {
        const row = selectZone.get(id);
        if (!row) return { ok: false, error: 'missing' };
        if (row.version !== expectedVersion) return { ok: false, error: 'stale', currentVersion: row.version };
        const stored = selectVersion.get(id, toVersion);
        if (!stored) return { ok: false, error: 'missing' };
        const snapshot = zoneSnapshotSchema.parse(JSON.parse(stored.snapshot_json));
        const before = snapshotOfRow(row);
        const now = new Date().toISOString();
        const changed = updateZone.run({ ...rowParams(snapshot, leadUnit, now), id, expectedVersion });
        if (changed.changes !== 1) return lostRace(id);
        writeUnitsAndBox(id, snapshot);
        record(id, row.version + 1, 'restore', snapshot, before, actor, now, `restored version ${toVersion}`);
        return { ok: true, id, version: row.version + 1 };
      })();
    },
    async undelete(id, actor) {
      return db.transaction((): WriteResult => {
        const row = selectZone.get(id);
        if (!row || !row.deleted_at) return { ok: false, error: 'missing' };
        const now = new Date().toISOString();
        if (markUndeleted.run(now, id, row.version).changes !== 1) return { ok: false, error: 'missing' };
        const snapshot = snapshotOfRow(row);
        writeUnitsAndBox(id, snapshot);
        record(id, row.version + 1, 'undelete', snapshot, snapshot, actor, now);
        return { ok: true, id, version: row.version + 1 };
      })();
    },
    async listDeleted() {
      return (
        db
          .prepare(
            'SELECT id, name, category, deleted_at, deleted_by, version FROM zones WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC',
          )
          .all() as {
          id: number;
          name: string;
          category: string;
          deleted_at: string;
          deleted_by: string | null;
          version: number;
        }[]
      ).map((row) => ({
        id: String(row.id),
        name: row.name,
        category: row.category,
        deletedAt: row.deleted_at,
        deletedBy: row.deleted_by,
        version: row.version,
      }));
    },
    async history(id) {
      const rows = selectVersions.all(id);
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
    },
  };
}
