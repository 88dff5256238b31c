import { zoneSnapshotSchema, type ZoneGeometry, type ZoneSnapshot } from '../../../shared/zones/zone';
import { stampNow } from '../../platform/clock';
import type { Actor, RecordAuditIn } from '../../platform/audit';
import { named, type PgDb, type PgTx } from '../../platform/db/pg/pool';
import { GRIDS_KEY_SQL, PLACES_KEY_SQL } from '../../platform/db/pg/rows';
import type { ZoneOperation, ZoneWriteRepository } from './zone-writes.repo';
import {
  buildVillageAreas,
  Rollback,
  snapshotOf,
  toDeletedZone,
  toZoneVersions,
  villageOfArea,
  ZONE_WRITE_SQL,
  zoneChangeAudit,
  zoneRowParams,
  type DeletedZoneRow,
  type VillageAreas,
  type WriteResult,
  type ZoneAction,
  type ZoneRow,
  type ZoneVersionRow,
} from './zone-writes.rows';

const ZONE_COLUMNS =
  'id, name, category, status, planned_start, planned_end, progress, measures, notes, village, geometry_json, version, deleted_at';

/**
 * The PostgreSQL zone writes (zone-writes.repo.ts is the SQLite one): the version check, the zone row, its units,
 * the history row and the audit row in one transaction. The zone row is locked (`FOR UPDATE`) before its version is
 * checked, so concurrent writes with one If-Match give one winner; the GiST index follows `geom` by itself.
 */
export function createZoneWritePgRepository(db: PgDb, recordAudit: RecordAuditIn): ZoneWriteRepository {
  const run = (tx: PgTx, text: string, params: Record<string, unknown>) => {
    const statement = named(text, params);
    return tx.query(statement.text, statement.values);
  };
  const lockZone = async (tx: PgTx, id: number) =>
    (await tx.query<ZoneRow>(`SELECT ${ZONE_COLUMNS} FROM zones WHERE id = $1 FOR UPDATE`, [id])).rows[0];
  const unitsOf = async (tx: PgTx, id: number) =>
    (
      await tx.query<{ unit_id: string }>('SELECT unit_id FROM zone_units WHERE zone_id = $1 ORDER BY sort', [id])
    ).rows.map((row) => row.unit_id);
  const snapshotOfRow = async (tx: PgTx, row: ZoneRow) => snapshotOf(row, await unitsOf(tx, row.id));

  async function writeUnits(tx: PgTx, id: number, snapshot: ZoneSnapshot) {
    await tx.query('DELETE FROM zone_units WHERE zone_id = $1', [id]);
    for (const [sort, unit] of snapshot.responsibleUnits.entries()) {
      await tx.query('INSERT INTO zone_units (zone_id, unit_id, sort) VALUES ($1, $2, $3)', [id, unit, sort]);
    }
  }

  async function record(
    tx: PgTx,
    id: number,
    version: number,
    action: ZoneAction,
    snapshot: ZoneSnapshot,
    before: ZoneSnapshot | null,
    actor: Actor,
    now: string,
    reason: string | null = null,
  ) {
    await tx.query(
      `INSERT INTO zone_versions (zone_id, version, action, at, actor_user_id, actor_username, reason, snapshot_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        version,
        action,
        now,
        actor.id === null ? null : Number(actor.id),
        actor.username,
        reason,
        JSON.stringify(snapshot),
      ],
    );
    await recordAudit(tx, zoneChangeAudit(id, version, action, snapshot, before, actor, reason));
  }

  // The village areas, kept while the grids and places are unchanged: keyed by their content as the database has it
  // now (GRIDS_KEY_SQL), so a grid replaced through another instance is seen at the next write here.
  let villageAreas: { key: string; areas: VillageAreas } | null = null;
  async function villageOf(tx: PgTx, geometry: ZoneGeometry): Promise<string | null> {
    const [grids, places] = [
      (await tx.query<{ key: string }>(GRIDS_KEY_SQL)).rows[0]!.key,
      (await tx.query<{ key: string }>(PLACES_KEY_SQL)).rows[0]!.key,
    ];
    if (grids.startsWith('0:')) return null;
    const key = `${grids}/${places}`;
    if (villageAreas?.key !== key) {
      const [cells, names] = [
        (
          await tx.query<{ village_code: string; geometry_json: string }>(
            'SELECT village_code, geometry_json FROM grids ORDER BY code',
          )
        ).rows,
        (await tx.query<{ code_2023: string; short_name: string }>('SELECT code_2023, short_name FROM places')).rows,
      ];
      villageAreas = { key, areas: buildVillageAreas(cells.length, cells, names) };
    }
    return villageOfArea(villageAreas.areas, geometry);
  }

  async function applyOne(tx: PgTx, operation: ZoneOperation, actor: Actor, now: string): Promise<WriteResult> {
    if (operation.op === 'create') {
      const snapshot =
        operation.snapshot.village === null
          ? { ...operation.snapshot, village: await villageOf(tx, operation.snapshot.geometry) }
          : operation.snapshot;
      const inserted = await run(
        tx,
        `${ZONE_WRITE_SQL.insert} RETURNING id`,
        zoneRowParams(snapshot, operation.leadUnit, now),
      );
      const id = (inserted.rows[0] as { id: number }).id;
      await writeUnits(tx, id, snapshot);
      await record(tx, id, 1, 'create', snapshot, null, actor, now, operation.reason ?? null);
      return { ok: true, id, version: 1 };
    }
    const row = await lockZone(tx, operation.id);
    if (!row || row.deleted_at) return { ok: false, error: 'missing' };
    if (row.version !== operation.expectedVersion) return { ok: false, error: 'stale', currentVersion: row.version };
    const before = await snapshotOfRow(tx, row);
    if (operation.op === 'delete') {
      await tx.query(
        'UPDATE zones SET deleted_at = $1, deleted_by = $2, version = version + 1, updated_at = $1 WHERE id = $3 AND version = $4 AND deleted_at IS NULL',
        [now, actor.username, operation.id, operation.expectedVersion],
      );
      await record(tx, operation.id, row.version + 1, 'delete', before, before, actor, now);
      return { ok: true, id: operation.id, version: row.version + 1 };
    }
    const changes = await run(tx, ZONE_WRITE_SQL.update, {
      ...zoneRowParams(operation.snapshot, operation.leadUnit, now),
      id: operation.id,
      expectedVersion: operation.expectedVersion,
    });
    if (changes.rowCount !== 1) return { ok: false, error: 'stale', currentVersion: row.version };
    await writeUnits(tx, operation.id, operation.snapshot);
    if (operation.statusOverride !== undefined) {
      await tx.query('UPDATE zones SET status_override_reason = $1 WHERE id = $2', [
        operation.statusOverride,
        operation.id,
      ]);
    }
    await record(
      tx,
      operation.id,
      row.version + 1,
      'update',
      operation.snapshot,
      before,
      actor,
      now,
      operation.reason ?? null,
    );
    return { ok: true, id: operation.id, version: row.version + 1 };
  }

  return {
    async getSnapshot(id) {
      return db.transaction(async (tx) => {
        const row = (await tx.query<ZoneRow>(`SELECT ${ZONE_COLUMNS} FROM zones WHERE id = $1`, [id])).rows[0];
        return row
          ? { snapshot: await snapshotOfRow(tx, row), version: row.version, deleted: row.deleted_at !== null }
          : null;
      });
    },
    async overlapCandidates(category, [minLon, minLat, maxLon, maxLat], excludeIds) {
      // The GiST index on geom in place of SQLite's R*Tree: zones whose boxes meet the box.
      const candidates = await db.query<{ id: number; geometry_json: string }>(
        `SELECT z.id, z.geometry_json FROM zones z
         WHERE z.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND z.category = $5 AND z.deleted_at IS NULL
         ORDER BY z.id`,
        [minLon, minLat, maxLon, maxLat, category],
      );
      return candidates.rows
        .filter((candidate) => !excludeIds.includes(candidate.id))
        .map((candidate) => ({ id: candidate.id, geometryJson: candidate.geometry_json }));
    },
    async apply(operations, actor) {
      try {
        return await db.transaction(async (tx) => {
          const now = stampNow();
          const results: WriteResult[] = [];
          for (const operation of operations) {
            const result = await applyOne(tx, operation, actor, now);
            results.push(result);
            if (!result.ok) throw new Rollback(results);
          }
          return results;
        });
      } catch (error) {
        if (error instanceof Rollback) return error.results;
        throw error;
      }
    },
    // Nothing here holds the event loop (the statements are awaited), so a large write is the same transaction.
    applyLarge(operations, actor) {
      return this.apply(operations, actor);
    },
    async restore(id, toVersion, expectedVersion, leadUnit, actor) {
      return db.transaction(async (tx): Promise<WriteResult> => {
        const row = await lockZone(tx, id);
        if (!row) return { ok: false, error: 'missing' };
        if (row.version !== expectedVersion) return { ok: false, error: 'stale', currentVersion: row.version };
        const stored = (
          await tx.query<{ snapshot_json: string }>(
            'SELECT snapshot_json FROM zone_versions WHERE zone_id = $1 AND version = $2',
            [id, toVersion],
          )
        ).rows[0];
        if (!stored) return { ok: false, error: 'missing' };
        const snapshot = zoneSnapshotSchema.parse(JSON.parse(stored.snapshot_json));
        const before = await snapshotOfRow(tx, row);
        const now = stampNow();
        await run(tx, ZONE_WRITE_SQL.update, { ...zoneRowParams(snapshot, leadUnit, now), id, expectedVersion });
        await writeUnits(tx, id, snapshot);
        await record(tx, id, row.version + 1, 'restore', snapshot, before, actor, now, `restored version ${toVersion}`);
        return { ok: true, id, version: row.version + 1 };
      });
    },
    async undelete(id, actor) {
      return db.transaction(async (tx): Promise<WriteResult> => {
        const row = await lockZone(tx, id);
        if (!row || !row.deleted_at) return { ok: false, error: 'missing' };
        const now = stampNow();
        await tx.query(
          'UPDATE zones SET deleted_at = NULL, deleted_by = NULL, version = version + 1, updated_at = $1 WHERE id = $2 AND deleted_at IS NOT NULL',
          [now, id],
        );
        const snapshot = await snapshotOfRow(tx, row);
        await record(tx, id, row.version + 1, 'undelete', snapshot, snapshot, actor, now);
        return { ok: true, id, version: row.version + 1 };
      });
    },
    async listDeleted() {
      const rows = await db.query<DeletedZoneRow>(
        'SELECT id, name, category, deleted_at, deleted_by, version FROM zones WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC',
      );
      return rows.rows.map(toDeletedZone);
    },
    async history(id) {
      const rows = await db.query<ZoneVersionRow>(
        `SELECT v.version, v.action, v.at, v.actor_username, nullif(u.display_name, '') AS actor_name, v.reason,
                v.snapshot_json
         FROM zone_versions v LEFT JOIN users u ON u.id = v.actor_user_id
         WHERE v.zone_id = $1 ORDER BY v.version`,
        [id],
      );
      return toZoneVersions(rows.rows);
    },
  };
}
