import { geometryBounds } from '../../../shared/geo/bounds';
import { stampNow } from '../../platform/clock';
import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import { zoneSnapshotSchema, type ZoneGeometry, type ZoneSnapshot, type ZoneVersion } from '../../../shared/zones/zone';
import {
  buildVillageAreas,
  changedFields,
  Rollback,
  snapshotOf,
  toDeletedZone,
  toZoneVersions,
  villageOfArea,
  ZONE_WRITE_SQL,
  zoneChangeAudit,
  zoneRowParams,
  type Actor,
  type DeletedZone,
  type DeletedZoneRow,
  type VillageAreas,
  type WriteResult,
  type ZoneAction,
  type ZoneRow,
  type ZoneVersionRow,
} from './zone-writes.rows';

export { changedFields };
export type { Actor, DeletedZone, WriteResult, ZoneAction };

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
  const insertZone = db.prepare(ZONE_WRITE_SQL.insert);
  const updateZone = db.prepare(ZONE_WRITE_SQL.update);
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
  const selectVersions = db.prepare<[number], ZoneVersionRow>(
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

  const snapshotOfRow = (row: ZoneRow): ZoneSnapshot =>
    snapshotOf(
      row,
      selectUnits.all(row.id).map((unit) => unit.unit_id),
    );

  const rowParams = zoneRowParams;

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
    recordAudit(zoneChangeAudit(id, version, action, snapshot, before, actor, reason));
  }

  // The village areas: the 单元网格 cells, each of one village (seeded or the town's own); cached while unchanged.
  const gridCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM grids');
  const gridCells = db.prepare<[], { village_code: string; geometry_json: string }>(
    'SELECT village_code, geometry_json FROM grids ORDER BY code',
  );
  const placeNames = db.prepare<[], { code_2023: string; short_name: string }>(
    'SELECT code_2023, short_name FROM places',
  );
  let villageAreas: VillageAreas | null = null;
  /** A new zone's 村（社区） from the village areas it lies in: one name, 跨村（…） for several, null outside. */
  function villageOf(geometry: ZoneGeometry): string | null {
    const count = gridCount.get()!.n;
    if (!count) return null;
    if (villageAreas?.count !== count) villageAreas = buildVillageAreas(count, gridCells.all(), placeNames.all());
    return villageOfArea(villageAreas, geometry);
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
    const now = stampNow();
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
        const now = stampNow();
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
        const now = stampNow();
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
          .all() as DeletedZoneRow[]
      ).map(toDeletedZone);
    },
    async history(id) {
      const rows = selectVersions.all(id);
      if (!rows.length) return null;
      return toZoneVersions(rows);
    },
  };
}
