import { named, type PgTx } from '../../platform/db/pg/pool';
import { GRIDS_KEY_SQL } from '../../platform/db/pg/rows';
import {
  boxOfPoints,
  GRID_ROWS_SQL,
  gridIndexOf,
  joinPoints,
  JOINABLE_ZONE,
  zoneIndexOf,
  type Box,
  type CaseJoin,
  type GridIndex,
  type GridRow,
  type ZoneGeometryRow,
} from './case-join.rows';

/** The zones whose shape's box meets a box, through the GiST index on `zones.geom`. */
const ZONES_IN_BOX = `
  SELECT z.id, z.geometry_json FROM zones z
  WHERE ${JOINABLE_ZONE} AND z.geom && ST_MakeEnvelope(@minLon, @minLat, @maxLon, @maxLat, 4326)
  ORDER BY z.id`;

/**
 * The PostgreSQL twin of createCaseJoiner (case-join.repo.ts), run inside the caller's transaction: PostGIS only
 * picks the candidate zones (`&&` on the GiST index); the join itself is the shared rule of case-join.rows.ts, so
 * a point joins to the same zone on both engines (boundary inside, smallest zone wins, equal areas the lower id).
 * The grid index is cached while the grid's content (not just its row count) is unchanged.
 */
export function createCaseJoinerPg() {
  let grid: { key: string; index: GridIndex } | null = null;

  /**
   * Joining new cases and re-joining a zone's cases take turns (one lock per town, held to the transaction's end).
   * Without it, on PostgreSQL's READ COMMITTED a case reported while a zone around it is created (on this or
   * another instance) can miss the zone, and the zone's re-join, run once the zone is saved, miss the case not yet
   * committed: the case stays outside the zone (src/server/two-instances.test.ts).
   */
  async function takeTurn(tx: PgTx): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ' case join'))");
  }

  async function gridIndex(tx: PgTx): Promise<GridIndex> {
    const { key } = (await tx.query<{ key: string }>(GRIDS_KEY_SQL)).rows[0]!;
    if (grid && grid.key === key) return grid.index;
    grid = { key, index: gridIndexOf((await tx.query<GridRow>(GRID_ROWS_SQL)).rows) };
    return grid.index;
  }

  async function zoneRows(tx: PgTx, box: Box): Promise<ZoneGeometryRow[]> {
    const { text, values } = named(ZONES_IN_BOX, { ...box });
    return (await tx.query<ZoneGeometryRow>(text, values)).rows;
  }

  async function joinMany(tx: PgTx, coords: Float64Array): Promise<CaseJoin[]> {
    if (coords.length === 0) return [];
    await takeTurn(tx);
    return joinPoints(coords, await zoneRows(tx, boxOfPoints(coords)), await gridIndex(tx));
  }

  return {
    takeTurn,
    joinMany,
    async joinOne(tx: PgTx, lon: number, lat: number): Promise<CaseJoin> {
      return (await joinMany(tx, new Float64Array([lon, lat])))[0]!;
    },
    async zoneIndex(tx: PgTx, box: Box) {
      return zoneIndexOf(await zoneRows(tx, box));
    },
  };
}
export type CaseJoinerPg = ReturnType<typeof createCaseJoinerPg>;
