import type { Actor, NewAuditEntry } from '../../platform/audit';
import {
  zeroFigures,
  type ItemFeedbackFact,
  type ResidentFact,
  type AssessmentTaskFact,
  type Commentary,
  type MonthlyFigures,
} from '../../../shared/reports/assessment';
import type { TaskStatus } from '../../../shared/zones/zone';

/**
 * The statements of the 月报告 and 年考核 facts, with `@name` parameters, for one engine: `dayOf` turns a stored
 * UTC ISO instant into its calendar day in Asia/Shanghai (UTC+8, no daylight saving) as YYYY-MM-DD text.
 */
export type ShanghaiDayOf = (column: string) => string;

export const SQLITE_DAY_OF: ShanghaiDayOf = (column) => `date(${column}, '+8 hours')`;
export const PG_DAY_OF: ShanghaiDayOf = (column) =>
  `to_char((${column})::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;

const LIVE_TASKS = 'tasks t JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL';

/** 督办 of live zones (or of cases), with the unit that must answer them. */
const LIVE_SUPERVISIONS = `supervisions s LEFT JOIN zones z ON z.id = s.zone_id LEFT JOIN tasks t ON t.id = s.task_id`;
const SUPERVISION_UNIT = 'coalesce(s.unit_id, t.assigned_unit_id, z.lead_unit_id)';

/**
 * A 督办 whose deadline fell in [@from, @to] and passed before @cutoff without a reply dated on or before it (逾期督办,
 * docs/notifications.md): answered late or not at all.
 */
const supervisionLate = (dayOf: ShanghaiDayOf) =>
  `(s.zone_id IS NULL OR z.deleted_at IS NULL) AND s.deadline BETWEEN @from AND @to AND s.deadline < @cutoff
   AND NOT EXISTS (SELECT 1 FROM supervision_steps st WHERE st.supervision_id = s.id AND st.kind = 'reply'
                      AND ${dayOf('st.at')} <= s.deadline)`;

/** Per unit, the 督办 due in [@from, @to] by @cutoff and how many of them were overdue (年考核 督办按期答复率). */
export const supervisionFactsSql = (dayOf: ShanghaiDayOf) =>
  `SELECT ${SUPERVISION_UNIT} AS unit, count(*) AS due,
          sum(CASE WHEN ${supervisionLate(dayOf).replace('(s.zone_id IS NULL OR z.deleted_at IS NULL) AND ', '')}
              THEN 1 ELSE 0 END) AS overdue
     FROM ${LIVE_SUPERVISIONS}
    WHERE (s.zone_id IS NULL OR z.deleted_at IS NULL) AND s.deadline BETWEEN @from AND @to AND s.deadline < @cutoff
    GROUP BY 1 ORDER BY 1`;

/** A task overdue on @cutoff: due before it, not suspended, created by @to and not completed before @cutoff. */
const taskOverdue = (dayOf: ShanghaiDayOf) =>
  `t.due_date < @cutoff AND t.status <> 'suspended' AND ${dayOf('t.created_at')} <= @to
   AND (t.completed_on IS NULL OR t.completed_on >= @cutoff)`;

export interface OverdueTaskRow {
  id: number;
  title: string;
  zone_id: number;
  zone_name: string;
  unit: string;
  due_date: string;
}

/** The tasks the figure `overdue` counts (the weekly briefing's list), longest late first, at most @limit. */
export const overdueTasksSql = (dayOf: ShanghaiDayOf) =>
  `SELECT t.id, t.title, z.id AS zone_id, z.name AS zone_name, t.assigned_unit_id AS unit, t.due_date
     FROM ${LIVE_TASKS} WHERE ${taskOverdue(dayOf)} ORDER BY t.due_date, t.id LIMIT @limit`;

/** Per figure, a statement answering (unit, n) for @from, @to and @cutoff. */
export function figureSql(dayOf: ShanghaiDayOf): Record<keyof MonthlyFigures, string> {
  return {
    planned: `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM ${LIVE_TASKS}
        WHERE t.due_date BETWEEN @from AND @to AND ${dayOf('t.created_at')} <= @to GROUP BY 1 ORDER BY 1`,
    started: `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM task_updates u JOIN tasks t ON t.id = u.task_id
         JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL
        WHERE u.kind = 'action' AND u.action = 'start' AND ${dayOf('u.at')} BETWEEN @from AND @to GROUP BY 1 ORDER BY 1`,
    finished: `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM ${LIVE_TASKS}
        WHERE t.status = 'done' AND t.completed_on BETWEEN @from AND @to GROUP BY 1 ORDER BY 1`,
    overdue: `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM ${LIVE_TASKS}
        WHERE ${taskOverdue(dayOf)} GROUP BY 1 ORDER BY 1`,
    rework: `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM task_updates u JOIN tasks t ON t.id = u.task_id
         JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL
        WHERE u.kind = 'action' AND u.action = 'reject' AND ${dayOf('u.at')} BETWEEN @from AND @to GROUP BY 1 ORDER BY 1`,
    photos: `SELECT coalesce(t.assigned_unit_id, z.lead_unit_id) AS unit, count(*) AS n
         FROM photos p JOIN zones z ON z.id = p.zone_id AND z.deleted_at IS NULL LEFT JOIN tasks t ON t.id = p.task_id
        WHERE p.deleted_at IS NULL AND ${dayOf('p.uploaded_at')} BETWEEN @from AND @to GROUP BY 1 ORDER BY 1`,
    supervisions: `SELECT ${SUPERVISION_UNIT} AS unit, count(*) AS n FROM ${LIVE_SUPERVISIONS}
        WHERE ${dayOf('s.created_at')} BETWEEN @from AND @to GROUP BY 1 ORDER BY 1`,
    overdueSupervisions: `SELECT ${SUPERVISION_UNIT} AS unit, count(*) AS n FROM ${LIVE_SUPERVISIONS}
        WHERE ${supervisionLate(dayOf)} GROUP BY 1 ORDER BY 1`,
  };
}

/** Gather the per-figure rows into each unit's figures (units without any figure are absent). */
export function collectFigures(
  rowsOf: readonly [keyof MonthlyFigures, readonly { unit: string; n: number }[]][],
): Map<string, MonthlyFigures> {
  const result = new Map<string, MonthlyFigures>();
  for (const [figure, rows] of rowsOf) {
    for (const row of rows) {
      let figures = result.get(row.unit);
      if (!figures) {
        figures = zeroFigures();
        result.set(row.unit, figures);
      }
      figures[figure] = row.n;
    }
  }
  return result;
}

export interface TaskFactRow {
  unit: string;
  created_on: string;
  due_date: string;
  status: TaskStatus;
  completed_on: string | null;
  rework_events: number;
  extensions: number;
  good_pair: number;
}

/** Task facts as of @to, rework events within [@from, @to]. */
export const taskFactsSql = (dayOf: ShanghaiDayOf) =>
  `SELECT t.assigned_unit_id AS unit, ${dayOf('t.created_at')} AS created_on, t.due_date, t.status,
          t.completed_on,
          (SELECT count(*) FROM task_updates u WHERE u.task_id = t.id AND u.kind = 'action' AND u.action = 'reject'
              AND ${dayOf('u.at')} BETWEEN @from AND @to) AS rework_events,
          (SELECT count(*) FROM task_updates u WHERE u.task_id = t.id AND u.kind = 'action'
              AND u.action = 'approve_extension' AND ${dayOf('u.at')} <= @to) AS extensions,
          CASE WHEN EXISTS (SELECT 1 FROM photos a JOIN photos b ON b.id = a.paired_with
                   WHERE a.task_id = t.id AND a.phase = 'after' AND a.pair_flagged = 0
                     AND a.deleted_at IS NULL AND b.deleted_at IS NULL) THEN 1 ELSE 0 END AS good_pair
     FROM ${LIVE_TASKS}
    WHERE ${dayOf('t.created_at')} <= @to AND t.due_date <= @to
    ORDER BY t.id`;

export const toTaskFact = (row: TaskFactRow): AssessmentTaskFact => ({
  assignedUnit: row.unit,
  createdOn: row.created_on,
  dueDate: row.due_date,
  status: row.status,
  completedOn: row.completed_on,
  reworkEvents: row.rework_events,
  extensions: row.extensions,
  hasGoodPair: row.good_pair === 1,
});

/** Scores of the checks of the quarters in @quarters; `quartersOf` is the engine's set of a JSON array's texts. */
export const checkScoresSql = (quartersOf: string) =>
  `SELECT z.lead_unit_id AS unit, q.score FROM quarterly_checks q
     JOIN zones z ON z.id = q.zone_id AND z.deleted_at IS NULL
    WHERE q.quarter IN (${quartersOf}) ORDER BY q.id`;

/** Residents in [@from, @to] (docs/assessment.md, "Residents"): per unit, per item and for the town. */
export interface ResidentFacts {
  units: ResidentFact[];
  items: ItemFeedbackFact[];
  town: { reports: number; meToo: number; feedback: number; satisfied: number };
}

/** A report taken into a case (accepted or merged) counts for the unit its case is dispatched to. */
const CASE_OF_REPORT = `JOIN cases c ON c.id = r.case_id AND c.unit_id IS NOT NULL AND r.status IN ('accepted', 'merged')`;

/** The statements answering (unit|item, n[, satisfied]) for @from and @to (Shanghai days). */
export const residentFactsSql = (dayOf: ShanghaiDayOf) => ({
  reports: `SELECT c.unit_id AS unit, count(*) AS n FROM public_reports r ${CASE_OF_REPORT}
      WHERE ${dayOf('r.created_at')} BETWEEN @from AND @to GROUP BY 1 ORDER BY 1`,
  meToo: `SELECT c.unit_id AS unit, count(*) AS n
      FROM public_report_me_too m JOIN public_reports r ON r.id = m.report_id ${CASE_OF_REPORT}
      WHERE ${dayOf('m.created_at')} BETWEEN @from AND @to GROUP BY 1 ORDER BY 1`,
  feedback: `SELECT f.unit_id AS unit, count(*) AS n, sum(f.satisfied) AS satisfied FROM public_report_feedback f
      WHERE f.unit_id IS NOT NULL AND ${dayOf('f.created_at')} BETWEEN @from AND @to GROUP BY 1 ORDER BY 1`,
  items: `SELECT f.item_code AS item, count(*) AS feedback, sum(f.satisfied) AS satisfied FROM public_report_feedback f
      WHERE f.item_code IS NOT NULL AND ${dayOf('f.created_at')} BETWEEN @from AND @to GROUP BY 1 ORDER BY 1`,
  town: `SELECT
      (SELECT count(*) FROM public_reports r WHERE ${dayOf('r.created_at')} BETWEEN @from AND @to) AS reports,
      (SELECT count(*) FROM public_report_me_too m WHERE ${dayOf('m.created_at')} BETWEEN @from AND @to) AS "meToo",
      (SELECT count(*) FROM public_report_feedback f WHERE ${dayOf('f.created_at')} BETWEEN @from AND @to) AS feedback,
      (SELECT coalesce(sum(f.satisfied), 0) FROM public_report_feedback f
        WHERE ${dayOf('f.created_at')} BETWEEN @from AND @to) AS satisfied`,
});

type CountRow = { unit: string; n: number; satisfied?: number };

/** Gather the per-unit rows of `residentFactsSql` into one fact per unit (in unit id order). */
export function collectResidentFacts(
  reports: readonly CountRow[],
  meToo: readonly CountRow[],
  feedback: readonly CountRow[],
): ResidentFact[] {
  const byUnit = new Map<string, ResidentFact>();
  const of = (unit: string) => {
    let fact = byUnit.get(unit);
    if (!fact) {
      fact = { unit, reports: 0, meToo: 0, feedback: 0, satisfied: 0 };
      byUnit.set(unit, fact);
    }
    return fact;
  };
  for (const row of reports) of(row.unit).reports = row.n;
  for (const row of meToo) of(row.unit).meToo = row.n;
  for (const row of feedback) Object.assign(of(row.unit), { feedback: row.n, satisfied: row.satisfied ?? 0 });
  return [...byUnit.values()].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

export const WORKING_UNITS_SQL = `SELECT assigned_unit_id AS unit FROM ${LIVE_TASKS}
   UNION SELECT lead_unit_id FROM zones WHERE deleted_at IS NULL ORDER BY 1`;

export interface CommentaryRow {
  unit_id: string;
  text: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export const toCommentary = (row: CommentaryRow): Commentary => ({
  unit: row.unit_id,
  text: row.text,
  version: row.version,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

const COMMENTARY_COLUMNS = 'unit_id, text, version, updated_at, updated_by';

export const COMMENTARY_SQL = {
  columns: COMMENTARY_COLUMNS,
  ofMonth: `SELECT ${COMMENTARY_COLUMNS} FROM monthly_commentary WHERE month = @month ORDER BY unit_id`,
  one: `SELECT ${COMMENTARY_COLUMNS} FROM monthly_commentary WHERE month = @month AND unit_id = @unit`,
  /**
   * The first save and a change, each its own version check: a second first save finds the row (DO NOTHING), a
   * change matches only the version it expects. No row written means someone else saved first.
   */
  insert: `INSERT INTO monthly_commentary (month, unit_id, text, version, updated_at, updated_by)
           VALUES (@month, @unit, @text, 1, @now, @by)
           ON CONFLICT (month, unit_id) DO NOTHING`,
  update: `UPDATE monthly_commentary SET text = @text, version = version + 1, updated_at = @now, updated_by = @by
           WHERE month = @month AND unit_id = @unit AND version = @expectedVersion`,
};

export const commentaryAudit = (month: string, unit: string, text: string, actor: Actor): NewAuditEntry => ({
  actorId: actor.id,
  actorUsername: actor.username,
  ip: actor.ip,
  action: 'report_commentary_saved',
  targetType: 'monthly_commentary',
  targetId: `${month}/${unit || 'town'}`,
  outcome: 'ok',
  detail: { length: text.length },
});
