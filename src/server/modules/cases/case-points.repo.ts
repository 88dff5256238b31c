import type { Db } from '../../platform/db/connection';
import type { CasePoints } from '../../../shared/cases/case-points';
import { CASE_POINTS_SQL, fillCasePoints } from './case-points.rows';

export interface CasePointsQuery {
  /** Reported at or after this instant (UTC ISO), when given. */
  fromInstant?: string;
  /** Reported before this instant (UTC ISO), when given. */
  toInstant?: string;
}

/** What the map's case layer reads: every case point as typed columns (src/shared/cases/case-points.ts). */
export interface CasePointsRepository {
  /** The cases reported in the range, as columns; `codeOrder` fixes the code dictionary's first entries. */
  readPoints(query: CasePointsQuery, codeOrder: readonly string[]): Promise<CasePoints>;
}

/**
 * The SQLite case layer (case-points.pg.ts is the PostgreSQL one): one prepared statement iterated in raw mode
 * straight into the typed columns, no intermediate array of rows.
 */
export function createCasePointsRepository(db: Db): CasePointsRepository {
  const countRows = db.prepare(CASE_POINTS_SQL.count);
  const rows = db.prepare(CASE_POINTS_SQL.rows).raw(true);

  return {
    async readPoints(query, codeOrder) {
      const parameters = { from: query.fromInstant ?? null, to: query.toInstant ?? null };
      // One read transaction, so the count and the rows see the same snapshot.
      return db.transaction(() => {
        const { n, allSynthetic } = countRows.get(parameters) as { n: number; allSynthetic: number | null };
        return fillCasePoints(
          n,
          allSynthetic === 1,
          rows.iterate(parameters) as IterableIterator<unknown[]>,
          codeOrder,
        );
      })();
    },
  };
}
