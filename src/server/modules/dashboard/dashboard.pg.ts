import type { PgDb } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import type { DashboardRepository } from './dashboard.repo';
import {
  DASHBOARD_SQL,
  stateEnd,
  stateFromRows,
  type DashboardTaskRow,
  type TaskEventRow,
  type VersionRow,
} from './dashboard.rows';

/** The PostgreSQL dashboard repository (dashboard.repo.ts is the SQLite one): the same statements, one snapshot. */
export function createDashboardPgRepository(db: PgDb): DashboardRepository {
  return {
    async stateAsOf(asOf, leadUnitOf, options = {}) {
      const end = stateEnd(asOf, options.current);
      return db.transaction(async (tx) => {
        // The four reads see one state of the town.
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const rows = {
          versions: await pgRows<VersionRow>(tx, DASHBOARD_SQL.versions, { end }),
          tasks: await pgRows<DashboardTaskRow>(tx, DASHBOARD_SQL.tasks, { end }),
          events: await pgRows<TaskEventRow>(tx, DASHBOARD_SQL.events),
          pairs: await pgRows<{ task_id: number }>(tx, DASHBOARD_SQL.pairs, { end }),
        };
        return stateFromRows(rows, asOf, leadUnitOf, options);
      });
    },
  };
}
