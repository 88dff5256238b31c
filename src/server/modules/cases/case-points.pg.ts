import { named, type PgDb } from '../../platform/db/pg/pool';
import type { CasePointsRepository } from './case-points.repo';
import { CASE_POINTS_SQL, fillCasePoints } from './case-points.rows';

/**
 * The PostgreSQL case layer (case-points.repo.ts is the SQLite one): the same rows, fetched as arrays
 * (`rowMode: 'array'`, no object per row) in one statement, so the count is the rows' own.
 */
export function createCasePointsPgRepository(db: PgDb): CasePointsRepository {
  return {
    async readPoints(query, codeOrder) {
      const { text, values } = named(CASE_POINTS_SQL.rows, {
        from: query.fromInstant ?? null,
        to: query.toInstant ?? null,
      });
      const rows = await db.transaction(
        async (tx) => (await tx.query<unknown[]>({ text, values, rowMode: 'array' })).rows,
      );
      const allSynthetic = rows.every((row) => row[8] === 1);
      return fillCasePoints(rows.length, allSynthetic, rows, codeOrder);
    },
  };
}
