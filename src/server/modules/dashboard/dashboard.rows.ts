import type { DashboardTask, DashboardZone } from '../../../shared/dashboard/dashboard';
import { taskAsOf } from '../../../shared/dashboard/dashboard';
import { rollUpZone } from '../../../shared/tasks/task';
import type { TaskStatus, ZoneSnapshot, ZoneStatus } from '../../../shared/zones/zone';

/** The dashboard's rows, statements and the state built from them, shared by the SQLite and PostgreSQL repositories. */
export interface VersionRow {
  zone_id: number;
  action: string;
  snapshot_json: string;
  override: string | null;
}

export interface DashboardTaskRow {
  id: number;
  zone_id: number;
  title: string;
  assigned_unit_id: string;
  status: TaskStatus;
  due_date: string;
  completed_on: string | null;
  rework_count: number;
}

export interface TaskEventRow {
  task_id: number;
  at: string;
  from_status: string | null;
  to_status: string | null;
  action: string | null;
  data_json: string | null;
}

/** Statements with `@name` parameters (PostgreSQL runs them through `named`); @end is a UTC ISO instant. */
export const DASHBOARD_SQL = {
  /** Each zone's last version by @end. */
  versions: `SELECT v.zone_id, v.action, v.snapshot_json, z.status_override_reason AS override
    FROM zone_versions v JOIN zones z ON z.id = v.zone_id
    WHERE v.version = (SELECT max(version) FROM zone_versions w WHERE w.zone_id = v.zone_id AND w.at <= @end)`,
  tasks: `SELECT id, zone_id, title, assigned_unit_id, status, due_date, completed_on, rework_count
    FROM tasks WHERE created_at <= @end ORDER BY id`,
  events: `SELECT task_id, at, from_status, to_status, action, data_json FROM task_updates
    WHERE kind IN ('created', 'action') ORDER BY id`,
  /** Tasks with a good before/after pair uploaded by @end. */
  pairs: `SELECT DISTINCT task_id FROM photos
    WHERE phase = 'after' AND paired_with IS NOT NULL AND pair_flagged = 0 AND deleted_at IS NULL
      AND task_id IS NOT NULL AND uploaded_at <= @end`,
};

/** The instant a Shanghai calendar day ends, as a UTC ISO string comparable with stored times. */
export const endOfShanghaiDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();
/** The Shanghai calendar day of a stored UTC instant. */
const shanghaiDayOf = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Where the statements read up to: the end of `asOf` in Shanghai, or everything written so far for today. */
export const stateEnd = (asOf: string, current: boolean | undefined) =>
  current ? '9999-12-31T23:59:59.999Z' : endOfShanghaiDay(asOf);

/**
 * Zones and tasks as they stood at the end of `asOf`: each task's status replayed from its thread (unless
 * `current`), each zone's last version with its status rolled up from its tasks unless set by hand.
 */
export function stateFromRows(
  rows: {
    versions: readonly VersionRow[];
    tasks: readonly DashboardTaskRow[];
    events: readonly TaskEventRow[];
    pairs: readonly { task_id: number }[];
  },
  asOf: string,
  leadUnitOf: (category: string) => string,
  options: { current?: boolean },
): { zones: DashboardZone[]; tasks: DashboardTask[] } {
  const eventsOf = new Map<
    number,
    { day: string; fromStatus: string | null; toStatus: string | null; action: string | null; dueFrom?: string }[]
  >();
  for (const row of rows.events) {
    const data = row.data_json ? (JSON.parse(row.data_json) as { dueDate?: { from?: string } }) : null;
    const list = eventsOf.get(row.task_id) ?? [];
    list.push({
      day: shanghaiDayOf(row.at),
      fromStatus: row.from_status,
      toStatus: row.to_status,
      action: row.action,
      ...(data?.dueDate?.from ? { dueFrom: data.dueDate.from } : {}),
    });
    eventsOf.set(row.task_id, list);
  }
  const paired = new Set(rows.pairs.map((row) => row.task_id));
  const taskRows = rows.tasks.map((row) => {
    const current = {
      status: row.status,
      dueDate: row.due_date,
      completedOn: row.completed_on,
      reworkCount: row.rework_count,
    };
    const state = options.current ? current : taskAsOf(current, eventsOf.get(row.id) ?? [], asOf);
    return {
      id: String(row.id),
      zoneId: String(row.zone_id),
      title: row.title,
      assignedUnit: row.assigned_unit_id,
      ...state,
      hasGoodPair: paired.has(row.id),
    } satisfies DashboardTask;
  });
  const tasksByZone = new Map<string, DashboardTask[]>();
  for (const task of taskRows) tasksByZone.set(task.zoneId, [...(tasksByZone.get(task.zoneId) ?? []), task]);
  const zones: DashboardZone[] = [];
  for (const row of rows.versions) {
    if (row.action === 'delete') continue;
    const snapshot = JSON.parse(row.snapshot_json) as ZoneSnapshot;
    const id = String(row.zone_id);
    // A zone whose status follows its tasks follows them on that day too.
    const rolled = row.override ? null : rollUpZone(tasksByZone.get(id) ?? []);
    zones.push({
      id,
      name: snapshot.name,
      category: snapshot.category,
      leadUnit: leadUnitOf(snapshot.category),
      status: (rolled?.status ?? snapshot.status) as ZoneStatus,
      plannedEnd: snapshot.plannedEnd,
    });
  }
  zones.sort((a, b) => Number(a.id) - Number(b.id));
  return { zones, tasks: taskRows };
}
