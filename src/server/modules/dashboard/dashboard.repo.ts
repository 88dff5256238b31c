import type { Db } from '../../platform/db/connection';
import type { DashboardTask, DashboardZone } from '../../../shared/dashboard/dashboard';
import {
  DASHBOARD_SQL,
  stateEnd,
  stateFromRows,
  type DashboardTaskRow,
  type TaskEventRow,
  type VersionRow,
} from './dashboard.rows';

export interface DashboardRepository {
  /**
   * Zones and tasks as they stood at the end of `asOf` (Asia/Shanghai): each zone's last version
   * by then (deleted or not yet created zones left out), each task's status replayed from its
   * thread. `leadUnitOf` maps an item to its lead unit.
   */
  stateAsOf(
    asOf: string,
    leadUnitOf: (category: string) => string,
    options?: { current?: boolean },
  ): Promise<{ zones: DashboardZone[]; tasks: DashboardTask[] }>;
}

export function createDashboardRepository(db: Db): DashboardRepository {
  const versions = db.prepare<{ end: string }, VersionRow>(DASHBOARD_SQL.versions);
  const tasks = db.prepare<{ end: string }, DashboardTaskRow>(DASHBOARD_SQL.tasks);
  const events = db.prepare<[], TaskEventRow>(DASHBOARD_SQL.events);
  const pairs = db.prepare<{ end: string }, { task_id: number }>(DASHBOARD_SQL.pairs);

  return {
    async stateAsOf(asOf, leadUnitOf, options = {}) {
      const end = stateEnd(asOf, options.current);
      return db.transaction(() =>
        stateFromRows(
          {
            versions: versions.all({ end }),
            tasks: tasks.all({ end }),
            events: events.all(),
            pairs: pairs.all({ end }),
          },
          asOf,
          leadUnitOf,
          options,
        ),
      )();
    },
  };
}
