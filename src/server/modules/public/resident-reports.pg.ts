import type { PgDb } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import type { ResidentReportRepository } from './resident-reports.repo';
import {
  REPORT_SQL,
  triageParams,
  type ReportFeedbackRow,
  type ReportPhotoRow,
  type ResidentReportRow,
} from './resident-reports.rows';

/** PostgreSQL returns double precision and bigint as they are; the rows are read as the SQLite ones. */
const toRow = (row: ResidentReportRow): ResidentReportRow => ({ ...row, lon: Number(row.lon), lat: Number(row.lat) });

/** The PostgreSQL 随手拍 repository (resident-reports.repo.ts is the SQLite one). */
export function createResidentReportPgRepository(db: PgDb): ResidentReportRepository {
  const one = async (sql: string, params: Record<string, unknown>) => {
    const [row] = await pgRows<ResidentReportRow>(db, sql, params);
    return row ? toRow(row) : null;
  };
  return {
    async hitRateLimit(key, windowMs, nowMs) {
      const [row] = await pgRows<{ count: number }>(db, REPORT_SQL.hit, { key, nowMs, windowMs });
      return Number(row!.count);
    },
    async create(report) {
      return db.transaction(async (tx) => {
        const { photos, ...fields } = report;
        const [inserted] = await pgRows<{ id: number }>(tx, `${REPORT_SQL.insert} RETURNING id`, fields);
        for (const file of photos) {
          await pgRows(tx, REPORT_SQL.insertPhoto, {
            reportId: inserted!.id,
            kind: 'report',
            createdAt: report.createdAt,
            ...file,
          });
        }
        return inserted!.id;
      });
    },
    byTokenHash: (tokenHash) => one(REPORT_SQL.byToken, { tokenHash }),
    byId: (id) => one(REPORT_SQL.byId, { id }),
    async list(status) {
      return (await pgRows<ResidentReportRow>(db, REPORT_SQL.list, { status })).map(toRow);
    },
    async openInBox(category, box) {
      return (await pgRows<ResidentReportRow>(db, REPORT_SQL.openInBox, { category, ...box })).map(toRow);
    },
    photos: (reportId) => pgRows<ReportPhotoRow>(db, REPORT_SQL.photos, { reportId }),
    async photo(reportId, photoId) {
      const [row] = await pgRows<ReportPhotoRow>(db, REPORT_SQL.photo, { reportId, id: photoId });
      return row ?? null;
    },
    async addPhoto(reportId, kind, file, now) {
      const [row] = await pgRows<{ id: number }>(db, `${REPORT_SQL.insertPhoto} RETURNING id`, {
        reportId,
        kind,
        createdAt: now,
        ...file,
      });
      return row!.id;
    },
    async addMeToo(id, now) {
      return db.transaction(async (tx) => {
        const [row] = await pgRows<{ me_too_count: number }>(tx, REPORT_SQL.meToo, { id });
        if (!row) return null;
        await pgRows(tx, REPORT_SQL.insertMeToo, { id, now });
        return row.me_too_count;
      });
    },
    async triage(id, decision, by, now) {
      const rows = await pgRows(db, `${REPORT_SQL.triage} RETURNING id`, triageParams(id, decision, by, now));
      return rows.length === 1;
    },
    async linkCase(id, caseId) {
      await pgRows(db, REPORT_SQL.linkCase, { id, caseId });
    },
    async feedback(reportId) {
      const [row] = await pgRows<ReportFeedbackRow>(db, REPORT_SQL.feedback, { reportId });
      return row ?? null;
    },
    async addFeedback(input) {
      const { resolved, satisfied, ...rest } = input;
      const rows = await pgRows(db, `${REPORT_SQL.insertFeedback} RETURNING report_id`, {
        ...rest,
        resolved: resolved ? 1 : 0,
        satisfied: satisfied ? 1 : 0,
      });
      return rows.length === 1;
    },
  };
}
