import type { RecordAuditIn } from '../../platform/audit';
import { stampNow } from '../../platform/clock';
import type { PgDb } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import type { MonthlyFigures, SupervisionFact } from '../../../shared/reports/assessment';
import type { CommentaryWriteResult, ReportsRepository } from './reports.repo';
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
  PG_DAY_OF,
  taskFactsSql,
  toCommentary,
  toTaskFact,
  WORKING_UNITS_SQL,
  type CommentaryRow,
  type OverdueTaskRow,
  type TaskFactRow,
} from './reports.rows';

/**
 * The PostgreSQL reports repository (reports.repo.ts is the SQLite one): the same statements with the Shanghai day
 * of an instant as `to_char(… AT TIME ZONE 'Asia/Shanghai')` and a JSON array's texts by jsonb_array_elements_text.
 */
export function createReportsPgRepository(db: PgDb, recordAudit: RecordAuditIn): ReportsRepository {
  const figures = Object.entries(figureSql(PG_DAY_OF)) as [keyof MonthlyFigures, string][];
  const taskFacts = taskFactsSql(PG_DAY_OF);
  const checkScores = checkScoresSql('SELECT jsonb_array_elements_text(@quarters::jsonb)');
  const residentSql = residentFactsSql(PG_DAY_OF);

  return {
    async monthlyFigures(from, to, cutoff) {
      return db.transaction(async (tx) => {
        const rowsOf: [keyof MonthlyFigures, { unit: string; n: number }[]][] = [];
        for (const [figure, sql] of figures) rowsOf.push([figure, await pgRows(tx, sql, { from, to, cutoff })]);
        return collectFigures(rowsOf);
      });
    },

    async assessmentFacts(from, to, quarters) {
      return db.transaction(async (tx) => ({
        tasks: (await pgRows<TaskFactRow>(tx, taskFacts, { from, to })).map(toTaskFact),
        checks: (
          await pgRows<{ unit: string; score: number }>(tx, checkScores, { quarters: JSON.stringify(quarters) })
        ).map((row) => ({ leadUnit: row.unit, score: row.score })),
      }));
    },

    async supervisionFacts(from, to, cutoff) {
      return pgRows<SupervisionFact>(db, supervisionFactsSql(PG_DAY_OF), { from, to, cutoff });
    },

    async overdueTasks(to, cutoff, limit) {
      return pgRows<OverdueTaskRow>(db, overdueTasksSql(PG_DAY_OF), { to, cutoff, limit });
    },

    async residentFacts(from, to) {
      return db.transaction(async (tx) => {
        const period = { from, to };
        type CountRow = { unit: string; n: number; satisfied?: number };
        const [reports, meToo, feedback, items, [town]] = [
          await pgRows<CountRow>(tx, residentSql.reports, period),
          await pgRows<CountRow>(tx, residentSql.meToo, period),
          await pgRows<CountRow>(tx, residentSql.feedback, period),
          await pgRows<ResidentFacts['items'][number]>(tx, residentSql.items, period),
          await pgRows<ResidentFacts['town']>(tx, residentSql.town, period),
        ];
        return { units: collectResidentFacts(reports, meToo, feedback), items, town: town! };
      });
    },

    async unitsWithWork() {
      return (await pgRows<{ unit: string }>(db, WORKING_UNITS_SQL)).map((row) => row.unit);
    },

    async listCommentary(month) {
      return (await pgRows<CommentaryRow>(db, COMMENTARY_SQL.ofMonth, { month })).map(toCommentary);
    },

    async saveCommentary(month, unit, text, expectedVersion, actor) {
      return db.transaction(async (tx): Promise<CommentaryWriteResult> => {
        const currentOf = async () => {
          const [row] = await pgRows<CommentaryRow>(tx, COMMENTARY_SQL.one, { month, unit });
          return row ? toCommentary(row) : null;
        };
        const current = await currentOf();
        if ((current?.version ?? null) !== expectedVersion) return { ok: false, current };
        const params = { month, unit, text, now: stampNow(), by: actor.username, expectedVersion };
        // No row written: someone else saved first, and nothing is audited.
        const [written] = await pgRows<CommentaryRow>(
          tx,
          `${expectedVersion === null ? COMMENTARY_SQL.insert : COMMENTARY_SQL.update} RETURNING ${COMMENTARY_SQL.columns}`,
          params,
        );
        if (!written) return { ok: false, current: await currentOf() };
        await recordAudit(tx, commentaryAudit(month, unit, text, actor));
        return { ok: true, commentary: toCommentary(written) };
      });
    },
  };
}
