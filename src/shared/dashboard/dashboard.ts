import * as z from 'zod/mini';
import { daysBetween } from '../time/dates';
import {
  isTaskOverdue,
  zoneDeadlineFacts,
  zoneOverdueDays,
  ZONE_STATUSES,
  type TaskStatus,
  type ZoneStatus,
} from '../zones/zone';

/** A zone as the dashboard needs it (as it stood on the day asked for). */
export interface DashboardZone {
  id: string;
  name: string;
  category: string;
  leadUnit: string;
  status: ZoneStatus;
  plannedEnd: string;
}

/** A task as the dashboard needs it (as it stood on the day asked for). */
export interface DashboardTask {
  id: string;
  zoneId: string;
  title: string;
  assignedUnit: string;
  status: TaskStatus;
  dueDate: string;
  completedOn: string | null;
  reworkCount: number;
  /** A before/after pair that is not flagged for the checker. */
  hasGoodPair: boolean;
}

const rate = z.nullable(z.number());
const ids = z.array(z.string());

export const dashboardSchema = z.object({
  asOf: z.string(),
  today: z.string(),
  totals: z.object({
    zones: z.int(),
    accepted: z.int(),
    overdueZones: z.int(),
    tasks: z.int(),
    overdueTasks: z.int(),
    reworkEvents: z.int(),
    /** Share of non-suspended tasks done. */
    completionRate: rate,
    /** Share of the work that fell due (done tasks and open overdue ones) done by its due date. */
    onTimeRate: rate,
    /** Share of done tasks with a before/after pair at the same position (not flagged). */
    evidenceRate: rate,
  }),
  byItem: z.array(z.object({ code: z.string(), counts: z.record(z.string(), z.int()), zones: z.int() })),
  units: z.array(
    z.object({
      unit: z.string(),
      zones: z.int(),
      accepted: z.int(),
      overdueZones: z.int(),
      tasks: z.int(),
      done: z.int(),
      completionRate: rate,
      onTimeRate: rate,
      reworkEvents: z.int(),
      zoneIds: ids,
    }),
  ),
  hotZones: z.array(z.object({ id: z.string(), name: z.string(), category: z.string(), daysLate: z.int() })),
  hotTasks: z.array(
    z.object({ id: z.string(), zoneId: z.string(), title: z.string(), assignedUnit: z.string(), daysLate: z.int() }),
  ),
  /** Zones behind each figure, so every figure can show them on the map. */
  links: z.object({
    accepted: ids,
    overdue: ids,
    reworked: ids,
    missingEvidence: ids,
    done: ids,
  }),
  /** Each zone's status on that day (to redraw the map as it stood). */
  statuses: z.record(z.string(), z.enum(ZONE_STATUSES)),
  /** Each zone's item on that day. */
  categories: z.record(z.string(), z.string()),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The leadership overview from zones and tasks as they stood on `asOf`: completion (done of the
 * tasks not suspended), on time (done by the due date), evidence (done with a good before/after
 * pair), overdue and rework, per item and per lead unit. Pure: the server feeds it, tests check it.
 */
export function computeDashboard(
  zones: readonly DashboardZone[],
  tasks: readonly DashboardTask[],
  itemCodes: readonly string[],
  asOf: string,
  today: string,
): Dashboard {
  const tasksOf = new Map<string, DashboardTask[]>();
  for (const task of tasks) tasksOf.set(task.zoneId, [...(tasksOf.get(task.zoneId) ?? []), task]);
  const zoneIds = new Set(zones.map((zone) => zone.id));
  const liveTasks = tasks.filter((task) => zoneIds.has(task.zoneId));
  const overdueTask = (task: DashboardTask) => isTaskOverdue(task, asOf);
  const overdueDaysOf = (zone: DashboardZone) =>
    zoneOverdueDays(zone, zoneDeadlineFacts(tasksOf.get(zone.id) ?? [], asOf), asOf);
  const zoneOverdue = (zone: DashboardZone) => overdueDaysOf(zone) > 0;
  const done = (task: DashboardTask) => task.status === 'done';
  const onTime = (task: DashboardTask) => done(task) && task.completedOn !== null && task.completedOn <= task.dueDate;
  const active = (list: readonly DashboardTask[]) => list.filter((task) => task.status !== 'suspended');
  // 按期完成率: done by the due date over the work that fell due (done, or open and overdue), so overdue open work
  // counts against it; 完成率 is done over all work not suspended, whether due yet or not (docs/assessment.md).
  const onTimeRate = (list: readonly DashboardTask[]) =>
    share(list.filter(onTime).length, list.filter((task) => done(task) || overdueTask(task)).length);
  const sum = (list: readonly DashboardTask[], pick: (task: DashboardTask) => number) =>
    list.reduce((total, task) => total + pick(task), 0);

  const overdueZones = zones.filter(zoneOverdue);
  const doneTasks = liveTasks.filter(done);
  const unitCodes = [...new Set(zones.map((zone) => zone.leadUnit))];
  const zonesWith = (predicate: (task: DashboardTask) => boolean) => [
    ...new Set(liveTasks.filter(predicate).map((task) => task.zoneId)),
  ];

  return {
    asOf,
    today,
    totals: {
      zones: zones.length,
      accepted: zones.filter((zone) => zone.status === 'accepted').length,
      overdueZones: overdueZones.length,
      tasks: liveTasks.length,
      overdueTasks: liveTasks.filter(overdueTask).length,
      reworkEvents: sum(liveTasks, (task) => task.reworkCount),
      completionRate: share(doneTasks.length, active(liveTasks).length),
      onTimeRate: onTimeRate(liveTasks),
      evidenceRate: share(doneTasks.filter((task) => task.hasGoodPair).length, doneTasks.length),
    },
    byItem: itemCodes.map((code) => {
      const ofItem = zones.filter((zone) => zone.category === code);
      const counts: Record<string, number> = {};
      for (const status of ZONE_STATUSES) counts[status] = ofItem.filter((zone) => zone.status === status).length;
      return { code, counts, zones: ofItem.length };
    }),
    units: unitCodes.map((unit) => {
      const ofUnit = zones.filter((zone) => zone.leadUnit === unit);
      const ids = new Set(ofUnit.map((zone) => zone.id));
      const unitTasks = liveTasks.filter((task) => ids.has(task.zoneId));
      const unitDone = unitTasks.filter(done);
      return {
        unit,
        zones: ofUnit.length,
        accepted: ofUnit.filter((zone) => zone.status === 'accepted').length,
        overdueZones: ofUnit.filter(zoneOverdue).length,
        tasks: unitTasks.length,
        done: unitDone.length,
        completionRate: share(unitDone.length, active(unitTasks).length),
        onTimeRate: onTimeRate(unitTasks),
        reworkEvents: sum(unitTasks, (task) => task.reworkCount),
        zoneIds: ofUnit.map((zone) => zone.id),
      };
    }),
    hotZones: overdueZones
      .map((zone) => ({
        id: zone.id,
        name: zone.name,
        category: zone.category,
        daysLate: overdueDaysOf(zone),
      }))
      .sort((a, b) => b.daysLate - a.daysLate || Number(a.id) - Number(b.id))
      .slice(0, 10),
    hotTasks: liveTasks
      .filter(overdueTask)
      .map((task) => ({
        id: task.id,
        zoneId: task.zoneId,
        title: task.title,
        assignedUnit: task.assignedUnit,
        daysLate: daysBetween(task.dueDate, asOf),
      }))
      .sort((a, b) => b.daysLate - a.daysLate || Number(a.id) - Number(b.id))
      .slice(0, 10),
    links: {
      accepted: zones.filter((zone) => zone.status === 'accepted').map((zone) => zone.id),
      overdue: overdueZones.map((zone) => zone.id),
      reworked: zonesWith((task) => task.reworkCount > 0),
      missingEvidence: zonesWith((task) => done(task) && !task.hasGoodPair),
      done: zonesWith(done),
    },
    statuses: Object.fromEntries(zones.map((zone) => [zone.id, zone.status])),
    categories: Object.fromEntries(zones.map((zone) => [zone.id, zone.category])),
  };
}

/**
 * A task's state on `asOf`, from its thread (status changes with their times) or, for tasks
 * without one (loaded sample data), from its completion day: done before that day counts as done,
 * after it as in progress. Approved extensions after `asOf` had not moved the due date yet.
 */
export function taskAsOf(
  task: { status: TaskStatus; dueDate: string; completedOn: string | null; reworkCount: number },
  events: readonly {
    day: string;
    fromStatus: string | null;
    toStatus: string | null;
    action: string | null;
    dueFrom?: string;
  }[],
  asOf: string,
): { status: TaskStatus; dueDate: string; completedOn: string | null; reworkCount: number } {
  const before = events.filter((event) => event.day <= asOf);
  const later = events.filter((event) => event.day > asOf);
  const laterExtension = later.find((event) => event.action === 'approve_extension' && event.dueFrom);
  const dueDate = laterExtension?.dueFrom ?? task.dueDate;
  const reworkCount = Math.max(0, task.reworkCount - later.filter((event) => event.action === 'reject').length);
  const withStatus = before.filter((event) => event.toStatus);
  let status: TaskStatus;
  const firstLater = later.find((event) => event.toStatus);
  if (withStatus.length) status = withStatus[withStatus.length - 1]!.toStatus as TaskStatus;
  else if (firstLater) status = (firstLater.fromStatus ?? 'not_started') as TaskStatus;
  else if (task.status === 'done')
    status = task.completedOn !== null && task.completedOn <= asOf ? 'done' : 'in_progress';
  else status = task.status;
  const completedOn =
    status === 'done' ? (task.completedOn !== null && task.completedOn <= asOf ? task.completedOn : asOf) : null;
  return { status, dueDate, completedOn, reworkCount };
}
