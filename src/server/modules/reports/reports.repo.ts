import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import type {
  AssessmentTaskFact,
  CheckFact,
  Commentary,
  MonthlyFigures,
  SupervisionFact,
} from '../../../shared/reports/assessment';
import {
  checkScoresSql,
  collectFigures,
  collectResidentFacts,
  residentFactsSql,
  type ResidentFacts,
  commentaryAudit,
  COMMENTARY_SQL,
  figureSql,
  overdueTasksSql,
  supervisionFactsSql,
  SQLITE_DAY_OF,
  taskFactsSql,
  toCommentary,
  toTaskFact,
  WORKING_UNITS_SQL,
  type CommentaryRow,
  type OverdueTaskRow,
  type TaskFactRow,
} from './reports.rows';

export type CommentaryWriteResult = { ok: true; commentary: Commentary } | { ok: false; current: Commentary | null };

/** Facts for the 月报告 and the 年考核 (docs/assessment.md), and the office's monthly commentary. */
export interface ReportsRepository {
  /**
   * Per unit, the monthly figures for the days [from, to]; overdue is judged on `cutoff` (tasks due
   * before it and not completed before it). Units without any figure are absent.
   */
  monthlyFigures(from: string, to: string, cutoff: string): Promise<Map<string, MonthlyFigures>>;
  /** Task facts as of `to` (rework events within [from, to]) and the scores of the given quarters' checks. */
  assessmentFacts(
    from: string,
    to: string,
    quarters: readonly string[],
  ): Promise<{ tasks: AssessmentTaskFact[]; checks: CheckFact[] }>;
  /** Per unit, the 督办 due in [from, to] whose deadline passed before `cutoff`, and how many were overdue. */
  supervisionFacts(from: string, to: string, cutoff: string): Promise<SupervisionFact[]>;
  /** The tasks overdue on `cutoff` among those created by `to` (the figure `overdue`), longest late first. */
  overdueTasks(to: string, cutoff: string, limit: number): Promise<OverdueTaskRow[]>;
  /** Residents' reports, 我也遇到 and answers in [from, to] (Shanghai days), per unit, per item and for the town. */
  residentFacts(from: string, to: string): Promise<ResidentFacts>;
  /** Units that have tasks or lead zones (beyond those the campaign items name). */
  unitsWithWork(): Promise<string[]>;
  listCommentary(month: string): Promise<Commentary[]>;
  /**
   * Save a unit's (or the town's, unit '') commentary if it is still at `expectedVersion` (null: there
   * is none yet); otherwise answer the current one.
   */
  saveCommentary(
    month: string,
    unit: string,
    text: string,
    expectedVersion: number | null,
    actor: Actor,
  ): Promise<CommentaryWriteResult>;
}

export function createReportsRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): ReportsRepository {
  const figureQueries = Object.entries(figureSql(SQLITE_DAY_OF)).map(
    ([figure, sql]) =>
      [figure as keyof MonthlyFigures, db.prepare<Record<string, string>, { unit: string; n: number }>(sql)] as const,
  );
  const taskFacts = db.prepare<{ from: string; to: string }, TaskFactRow>(taskFactsSql(SQLITE_DAY_OF));
  const checkScores = db.prepare<[string], { unit: string; score: number }>(
    checkScoresSql('SELECT value FROM json_each(?)'),
  );
  const supervisionFacts = db.prepare<{ from: string; to: string; cutoff: string }, SupervisionFact>(
    supervisionFactsSql(SQLITE_DAY_OF),
  );
  const overdueTasks = db.prepare<{ to: string; cutoff: string; limit: number }, OverdueTaskRow>(
    overdueTasksSql(SQLITE_DAY_OF),
  );
  const residentSql = residentFactsSql(SQLITE_DAY_OF);
  type CountRow = { unit: string; n: number; satisfied?: number };
  type Period = { from: string; to: string };
  const residentUnitQueries = {
    reports: db.prepare<Period, CountRow>(residentSql.reports),
    meToo: db.prepare<Period, CountRow>(residentSql.meToo),
    feedback: db.prepare<Period, CountRow>(residentSql.feedback),
  };
  const residentItems = db.prepare<Period, ResidentFacts['items'][number]>(residentSql.items);
  const residentTown = db.prepare<Period, ResidentFacts['town']>(residentSql.town);
  const workingUnits = db.prepare<[], { unit: string }>(WORKING_UNITS_SQL);
  const commentaryOfMonth = db.prepare<{ month: string }, CommentaryRow>(COMMENTARY_SQL.ofMonth);
  const commentaryRow = db.prepare<{ month: string; unit: string }, CommentaryRow>(COMMENTARY_SQL.one);
  const insertCommentary = db.prepare(COMMENTARY_SQL.insert);
  const updateCommentary = db.prepare(COMMENTARY_SQL.update);

  return {
    async monthlyFigures(from, to, cutoff) {
      return collectFigures(figureQueries.map(([figure, query]) => [figure, query.all({ from, to, cutoff })]));
    },

    async assessmentFacts(from, to, quarters) {
      const tasks = taskFacts.all({ from, to }).map(toTaskFact);
      const checks = checkScores.all(JSON.stringify(quarters)).map((row) => ({ leadUnit: row.unit, score: row.score }));
      return { tasks, checks };
    },

    async supervisionFacts(from, to, cutoff) {
      return supervisionFacts.all({ from, to, cutoff });
    },

    async overdueTasks(to, cutoff, limit) {
      return overdueTasks.all({ to, cutoff, limit });
    },

    async residentFacts(from, to) {
      const period = { from, to };
      const { reports, meToo, feedback } = residentUnitQueries;
      return {
        units: collectResidentFacts(reports.all(period), meToo.all(period), feedback.all(period)),
        items: residentItems.all(period),
        town: residentTown.get(period)!,
      };
    },

    async unitsWithWork() {
      return workingUnits.all().map((row) => row.unit);
    },

    async listCommentary(month) {
      return commentaryOfMonth.all({ month }).map(toCommentary);
    },

    async saveCommentary(month, unit, text, expectedVersion, actor) {
      return db.transaction((): CommentaryWriteResult => {
        const row = commentaryRow.get({ month, unit });
        const current = row ? toCommentary(row) : null;
        if ((current?.version ?? null) !== expectedVersion) return { ok: false, current };
        const params = { month, unit, text, now: stampNow(), by: actor.username, expectedVersion };
        // The version check is the write itself: no row written means someone else saved first, and nothing is
        // audited.
        const written = row ? updateCommentary.run(params) : insertCommentary.run(params);
        if (written.changes !== 1) {
          const latest = commentaryRow.get({ month, unit });
          return { ok: false, current: latest ? toCommentary(latest) : null };
        }
        recordAudit(commentaryAudit(month, unit, text, actor));
        return { ok: true, commentary: toCommentary(commentaryRow.get({ month, unit })!) };
      })();
    },
  };
}
