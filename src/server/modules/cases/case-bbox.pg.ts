import { named, type PgDb } from '../../platform/db/pg/pool';
import type { BoundingBox } from '../../../shared/zones/zone';
import type { CaseInBox } from './case-bbox.repo';
import { PG_CASE_BBOX } from './cases.rows';

/**
 * Cases in a box on PostgreSQL (case-bbox.repo.ts is the SQLite twin): `geom && ST_MakeEnvelope(…, 4326)` takes
 * the candidates from the GiST index on `cases.geom` (edges included), then the case's own 64-bit lon/lat is
 * tested exactly, as on SQLite (docs/cases.md). src/server/modules/cases/case-bbox.pg.test.ts fails on a Seq Scan.
 */
export const PG_CASES_IN_BOX_COUNT_SQL = `SELECT count(*) AS n FROM cases c WHERE ${PG_CASE_BBOX}`;
export const PG_CASES_IN_BOX_SQL = `SELECT c.id, c.lon, c.lat, c.status, c.code, c.zone_id FROM cases c WHERE ${PG_CASE_BBOX} ORDER BY c.id`;

export function createCaseBoxPgQuery(db: PgDb) {
  const run = async <Row>(sql: string, box: BoundingBox) => {
    const { text, values } = named(sql, { ...box });
    return (await db.query(text, values)).rows as Row[];
  };
  return {
    count: async (box: BoundingBox): Promise<number> =>
      (await run<{ n: number }>(PG_CASES_IN_BOX_COUNT_SQL, box))[0]!.n,
    list: (box: BoundingBox): Promise<CaseInBox[]> => run<CaseInBox>(PG_CASES_IN_BOX_SQL, box),
  };
}
