import { addDays, daysBetween, shanghaiDay } from '../../../shared/time/dates';
import {
  MONTHLY_FIGURES,
  zeroFigures,
  type AssessmentReport,
  type MonthlyFigures,
} from '../../../shared/reports/assessment';
import { OVERDUE_LIST_MAX, type WeeklyBriefing } from '../../../shared/reports/weekly';
import type { Supervision } from '../../../shared/supervision/supervision';
import { supervisionLink, supervisionTarget } from '../notifications';
import type { OverdueTaskRow } from './reports.rows';

/** The town's figures: the sum of the units'. */
export function townFigures(figures: ReadonlyMap<string, MonthlyFigures>): MonthlyFigures {
  const town = zeroFigures();
  for (const unitFigures of figures.values()) {
    for (const key of MONTHLY_FIGURES) town[key] += unitFigures[key];
  }
  return town;
}

/** When a period's (a week's, a month's) overdue is judged: today while it runs (`asOf` today), else the day after it. */
export function periodCutoff(to: string, today: string): { asOf: string; cutoff: string } {
  return today <= to ? { asOf: today, cutoff: today } : { asOf: to, cutoff: addDays(to, 1) };
}

/** The weekly briefing from its facts (docs/notifications.md, "The weekly briefing"). */
export function weeklyBriefing(input: {
  week: string;
  from: string;
  to: string;
  today: string;
  figures: ReadonlyMap<string, MonthlyFigures>;
  overdueTasks: readonly OverdueTaskRow[];
  supervisions: readonly Supervision[];
  assessment: AssessmentReport;
}): WeeklyBriefing {
  const { from, to, today } = input;
  const { asOf, cutoff } = periodCutoff(to, today);
  const changes = townFigures(input.figures);
  const inWeek = (instant: string | null) => {
    if (!instant) return false;
    const day = shanghaiDay(new Date(instant));
    return day >= from && day <= to;
  };
  const overdue = input.supervisions
    .filter((entry) => entry.overdue)
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || Number(a.id) - Number(b.id));
  return {
    week: input.week,
    from,
    to,
    asOf,
    changes,
    overdueTasks: input.overdueTasks.map((row) => ({
      taskId: String(row.id),
      title: row.title,
      zoneId: String(row.zone_id),
      zoneName: row.zone_name,
      unit: row.unit,
      dueDate: row.due_date,
      daysLate: daysBetween(row.due_date, cutoff),
    })),
    overdueTotal: changes.overdue,
    supervisions: {
      issued: input.supervisions.filter((entry) => inWeek(entry.createdAt)).length,
      closed: input.supervisions.filter((entry) => entry.status === 'closed' && inWeek(entry.resolvedAt)).length,
      open: input.supervisions.filter((entry) => entry.status !== 'closed').length,
      replied: input.supervisions.filter((entry) => entry.status === 'replied').length,
      overdue: overdue.length,
    },
    overdueSupervisions: overdue.slice(0, OVERDUE_LIST_MAX).map((entry) => ({
      id: entry.id,
      target: supervisionTarget(entry),
      unit: entry.unit,
      deadline: entry.deadline,
      daysLate: daysBetween(entry.deadline, today),
      link: supervisionLink(entry),
    })),
    ranking: input.assessment.units.map((entry) => ({
      unit: entry.unit,
      rank: entry.rank,
      composite: entry.composite,
      grade: entry.grade,
      finished: input.figures.get(entry.unit)?.finished ?? 0,
      overdue: input.figures.get(entry.unit)?.overdue ?? 0,
    })),
  };
}
