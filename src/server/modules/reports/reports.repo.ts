import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import type { AssessmentTaskFact, CheckFact, Commentary, MonthlyFigures } from '../../../shared/reports/assessment';
import type { TaskStatus } from '../../../shared/zones/zone';

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

/** A UTC ISO instant as its calendar day in Asia/Shanghai (UTC+8, no daylight saving). */
const shanghaiDayOf = (column: string) => `date(${column}, '+8 hours')`;

interface CommentaryRow {
  unit_id: string;
  text: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

const toCommentary = (row: CommentaryRow): Commentary => ({
  unit: row.unit_id,
  text: row.text,
  version: row.version,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

export function createReportsRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): ReportsRepository {
  const liveTasks = 'tasks t JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL';
  const counted = (sql: string) => db.prepare<Record<string, string>, { unit: string; n: number }>(sql);
  const figureQueries: Record<keyof MonthlyFigures, ReturnType<typeof counted>> = {
    planned: counted(
      `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM ${liveTasks}
        WHERE t.due_date BETWEEN @from AND @to AND ${shanghaiDayOf('t.created_at')} <= @to GROUP BY 1`,
    ),
    started: counted(
      `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM task_updates u JOIN tasks t ON t.id = u.task_id
         JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL
        WHERE u.kind = 'action' AND u.action = 'start' AND ${shanghaiDayOf('u.at')} BETWEEN @from AND @to GROUP BY 1`,
    ),
    finished: counted(
      `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM ${liveTasks}
        WHERE t.status = 'done' AND t.completed_on BETWEEN @from AND @to GROUP BY 1`,
    ),
    overdue: counted(
      `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM ${liveTasks}
        WHERE t.due_date < @cutoff AND t.status <> 'suspended' AND ${shanghaiDayOf('t.created_at')} <= @to
          AND (t.completed_on IS NULL OR t.completed_on >= @cutoff) GROUP BY 1`,
    ),
    rework: counted(
      `SELECT t.assigned_unit_id AS unit, count(*) AS n FROM task_updates u JOIN tasks t ON t.id = u.task_id
         JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL
        WHERE u.kind = 'action' AND u.action = 'reject' AND ${shanghaiDayOf('u.at')} BETWEEN @from AND @to GROUP BY 1`,
    ),
    photos: counted(
      `SELECT coalesce(t.assigned_unit_id, z.lead_unit_id) AS unit, count(*) AS n
         FROM photos p JOIN zones z ON z.id = p.zone_id AND z.deleted_at IS NULL LEFT JOIN tasks t ON t.id = p.task_id
        WHERE p.deleted_at IS NULL AND ${shanghaiDayOf('p.uploaded_at')} BETWEEN @from AND @to GROUP BY 1`,
    ),
    supervisions: counted(
      `SELECT coalesce(t.assigned_unit_id, z.lead_unit_id) AS unit, count(*) AS n
         FROM supervisions s JOIN zones z ON z.id = s.zone_id AND z.deleted_at IS NULL LEFT JOIN tasks t ON t.id = s.task_id
        WHERE ${shanghaiDayOf('s.created_at')} BETWEEN @from AND @to GROUP BY 1`,
    ),
  };

  const taskFacts = db.prepare<
    { from: string; to: string },
    {
      unit: string;
      created_on: string;
      due_date: string;
      status: TaskStatus;
      completed_on: string | null;
      rework_events: number;
      extensions: number;
      good_pair: number;
    }
  >(
    `SELECT t.assigned_unit_id AS unit, ${shanghaiDayOf('t.created_at')} AS created_on, t.due_date, t.status,
            t.completed_on,
            (SELECT count(*) FROM task_updates u WHERE u.task_id = t.id AND u.kind = 'action' AND u.action = 'reject'
                AND ${shanghaiDayOf('u.at')} BETWEEN @from AND @to) AS rework_events,
            (SELECT count(*) FROM task_updates u WHERE u.task_id = t.id AND u.kind = 'action'
                AND u.action = 'approve_extension' AND ${shanghaiDayOf('u.at')} <= @to) AS extensions,
            EXISTS (SELECT 1 FROM photos a JOIN photos b ON b.id = a.paired_with
                     WHERE a.task_id = t.id AND a.phase = 'after' AND a.pair_flagged = 0
                       AND a.deleted_at IS NULL AND b.deleted_at IS NULL) AS good_pair
       FROM ${liveTasks}
      WHERE ${shanghaiDayOf('t.created_at')} <= @to AND t.due_date <= @to`,
  );
  const checkScores = db.prepare<[string], { unit: string; score: number }>(
    `SELECT z.lead_unit_id AS unit, q.score FROM quarterly_checks q
       JOIN zones z ON z.id = q.zone_id AND z.deleted_at IS NULL
      WHERE q.quarter IN (SELECT value FROM json_each(?))`,
  );
  const workingUnits = db.prepare<[], { unit: string }>(
    `SELECT assigned_unit_id AS unit FROM ${liveTasks}
     UNION SELECT lead_unit_id FROM zones WHERE deleted_at IS NULL`,
  );
  const commentaryOfMonth = db.prepare<[string], CommentaryRow>(
    'SELECT unit_id, text, version, updated_at, updated_by FROM monthly_commentary WHERE month = ? ORDER BY unit_id',
  );
  const commentaryRow = db.prepare<[string, string], CommentaryRow>(
    'SELECT unit_id, text, version, updated_at, updated_by FROM monthly_commentary WHERE month = ? AND unit_id = ?',
  );
  const insertCommentary = db.prepare(
    `INSERT INTO monthly_commentary (month, unit_id, text, version, updated_at, updated_by)
     VALUES (?, ?, ?, 1, ?, ?)
     ON CONFLICT (month, unit_id) DO NOTHING`,
  );
  const updateCommentary = db.prepare(
    `UPDATE monthly_commentary SET text = ?, version = version + 1, updated_at = ?, updated_by = ?
      WHERE month = ? AND unit_id = ? AND version = ?`,
  );

  return {
    async monthlyFigures(from, to, cutoff) {
      const result = new Map<string, MonthlyFigures>();
      for (const figure of Object.keys(figureQueries) as (keyof MonthlyFigures)[]) {
        for (const row of figureQueries[figure].all({ from, to, cutoff })) {
          let figures = result.get(row.unit);
          if (!figures) {
            figures = { planned: 0, started: 0, finished: 0, overdue: 0, rework: 0, photos: 0, supervisions: 0 };
            result.set(row.unit, figures);
          }
          figures[figure] = row.n;
        }
      }
      return result;
    },

    async assessmentFacts(from, to, quarters) {
      const tasks = taskFacts.all({ from, to }).map((row): AssessmentTaskFact => ({
        assignedUnit: row.unit,
        createdOn: row.created_on,
        dueDate: row.due_date,
        status: row.status,
        completedOn: row.completed_on,
        reworkEvents: row.rework_events,
        extensions: row.extensions,
        hasGoodPair: row.good_pair === 1,
      }));
      const checks = checkScores.all(JSON.stringify(quarters)).map((row) => ({ leadUnit: row.unit, score: row.score }));
      return { tasks, checks };
    },

    async unitsWithWork() {
      return workingUnits.all().map((row) => row.unit);
    },

    async listCommentary(month) {
      return commentaryOfMonth.all(month).map(toCommentary);
    },

    async saveCommentary(month, unit, text, expectedVersion, actor) {
      return db.transaction((): CommentaryWriteResult => {
        const row = commentaryRow.get(month, unit);
        const current = row ? toCommentary(row) : null;
        if ((current?.version ?? null) !== expectedVersion) return { ok: false, current };
        const now = new Date().toISOString();
        // The version check is the write itself (a second first save finds the row, a change matches only its
        // version): no row written means someone else saved first, and nothing is audited.
        const written = row
          ? updateCommentary.run(text, now, actor.username, month, unit, row.version)
          : insertCommentary.run(month, unit, text, now, actor.username);
        if (written.changes !== 1) {
          const latest = commentaryRow.get(month, unit);
          return { ok: false, current: latest ? toCommentary(latest) : null };
        }
        recordAudit({
          actorId: actor.id,
          actorUsername: actor.username,
          ip: actor.ip,
          action: 'report_commentary_saved',
          targetType: 'monthly_commentary',
          targetId: `${month}/${unit || 'town'}`,
          outcome: 'ok',
          detail: { length: text.length },
        });
        return { ok: true, commentary: toCommentary(commentaryRow.get(month, unit)!) };
      })();
    },
  };
}
