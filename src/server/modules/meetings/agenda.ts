import type { RouteContext } from '../../platform/context';
import { dashboardAsOf } from '../dashboard';
import { supervisionTarget } from '../notifications';
import { periodCutoff } from '../reports';
import { quarterOf, shiftQuarter } from '../../../shared/checks/checks';
import { buildAgenda, type Agenda } from '../../../shared/meetings/meetings';
import { daysBetween } from '../../../shared/time/dates';

/** What an agenda is generated from: the town's storage, its clock and its campaign. */
export type AgendaContext = Pick<RouteContext, 'repos' | 'now' | 'today' | 'campaign'>;

/** Overdue tasks read for an agenda at most (the agenda lists AGENDA_LIST_MAX per unit and counts the rest). */
const OVERDUE_READ_MAX = 2000;

/**
 * The agenda as the campaign stands now, read through the other parts' own repositories and helpers: the overdue
 * tasks (the 月报告's overdue figure), the open 督办, the 季检查 not passed this quarter and last, the dashboard's
 * figures per unit for the ranking.
 */
export async function generateAgenda(context: AgendaContext): Promise<Agenda> {
  const { repos } = context;
  const today = context.today();
  const { cutoff } = periodCutoff(today, today);
  const quarter = quarterOf(today);
  const [overdue, supervisions, thisQuarter, lastQuarter, dashboard] = await Promise.all([
    repos.reports.overdueTasks(today, cutoff, OVERDUE_READ_MAX),
    repos.supervisions.list({ status: 'open' }, today),
    repos.checks.overviewOfQuarter(quarter),
    repos.checks.overviewOfQuarter(shiftQuarter(quarter, -1)),
    dashboardAsOf(context, today),
  ]);
  return buildAgenda({
    generatedAt: context.now().toISOString(),
    asOf: today,
    overdueTasks: overdue.map((row) => ({
      taskId: String(row.id),
      title: row.title,
      zoneId: String(row.zone_id),
      zoneName: row.zone_name,
      unit: row.unit,
      dueDate: row.due_date,
      daysLate: daysBetween(row.due_date, cutoff),
    })),
    supervisions: supervisions.map((entry) => ({
      id: entry.id,
      target: supervisionTarget(entry),
      zoneId: entry.zoneId,
      unit: entry.unit,
      deadline: entry.deadline,
      status: entry.status,
      overdue: entry.overdue,
    })),
    failedChecks: [...thisQuarter.checks, ...lastQuarter.checks]
      .filter((check) => !check.passed)
      .map((check) => ({
        checkId: check.id,
        zoneId: check.zoneId,
        zoneName: check.zoneName,
        quarter: check.quarter,
        score: check.score,
        findings: check.findings,
      })),
    units: dashboard.units.map((unit) => ({
      unit: unit.unit,
      tasks: unit.tasks,
      done: unit.done,
      completionRate: unit.completionRate,
      onTimeRate: unit.onTimeRate,
      overdueZones: unit.overdueZones,
    })),
  });
}
