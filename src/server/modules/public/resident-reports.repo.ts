import type { Db } from '../../platform/db/connection';
import {
  REPORT_SQL,
  triageParams,
  type NewReportPhoto,
  type NewResidentReport,
  type ReportFeedbackRow,
  type ReportPhotoRow,
  type ResidentReportRow,
  type TriageDecision,
} from './resident-reports.rows';

export interface ResidentReportRepository {
  /** Count one request under `key` in a window of `windowMs`; the count in the window after it. */
  hitRateLimit(key: string, windowMs: number, nowMs: number): Promise<number>;
  /** Store a report with its photos in one transaction; its id. */
  create(report: NewResidentReport): Promise<number>;
  byTokenHash(tokenHash: string): Promise<ResidentReportRow | null>;
  byId(id: number): Promise<ResidentReportRow | null>;
  /** The triage queue and the decided reports, newest first (500 at most); all statuses with null. */
  list(status: ResidentReportRow['status'] | null): Promise<ResidentReportRow[]>;
  /** Open reports of a category inside a box (the route keeps those within the distance). */
  openInBox(
    category: string,
    box: { minLon: number; minLat: number; maxLon: number; maxLat: number },
  ): Promise<ResidentReportRow[]>;
  photos(reportId: number): Promise<ReportPhotoRow[]>;
  photo(reportId: number, photoId: number): Promise<ReportPhotoRow | null>;
  addPhoto(reportId: number, kind: ReportPhotoRow['kind'], photo: NewReportPhoto, now: string): Promise<number>;
  /** One more 我也遇到: the new count, or null when the report is not open. */
  addMeToo(id: number, now: string): Promise<number | null>;
  /** The office's decision on a pending report; false when it is not pending any more. */
  triage(id: number, decision: TriageDecision, by: number | null, now: string): Promise<boolean>;
  /** The case an accepted report became (set after the report was claimed by `triage`). */
  linkCase(id: number, caseId: number): Promise<void>;
  feedback(reportId: number): Promise<ReportFeedbackRow | null>;
  /** The reporter's answer, once; false when it was given before. */
  addFeedback(input: {
    reportId: number;
    caseId: number | null;
    unitId: string | null;
    itemCode: string | null;
    resolved: boolean;
    satisfied: boolean;
    reason: string;
    now: string;
  }): Promise<boolean>;
}

export function createResidentReportRepository(db: Db): ResidentReportRepository {
  const hit = db.prepare<{ key: string; nowMs: number; windowMs: number }, { count: number }>(REPORT_SQL.hit);
  const insert = db.prepare(REPORT_SQL.insert);
  const insertPhoto = db.prepare(REPORT_SQL.insertPhoto);
  const byToken = db.prepare<{ tokenHash: string }, ResidentReportRow>(REPORT_SQL.byToken);
  const byId = db.prepare<{ id: number }, ResidentReportRow>(REPORT_SQL.byId);
  const list = db.prepare<{ status: string | null }, ResidentReportRow>(REPORT_SQL.list);
  const openInBox = db.prepare<Record<string, unknown>, ResidentReportRow>(REPORT_SQL.openInBox);
  const photos = db.prepare<{ reportId: number }, ReportPhotoRow>(REPORT_SQL.photos);
  const photo = db.prepare<{ reportId: number; id: number }, ReportPhotoRow>(REPORT_SQL.photo);
  const meToo = db.prepare<{ id: number }, { me_too_count: number }>(REPORT_SQL.meToo);
  const insertMeToo = db.prepare(REPORT_SQL.insertMeToo);
  const triage = db.prepare(REPORT_SQL.triage);
  const linkCase = db.prepare(REPORT_SQL.linkCase);
  const feedback = db.prepare<{ reportId: number }, ReportFeedbackRow>(REPORT_SQL.feedback);
  const insertFeedback = db.prepare(REPORT_SQL.insertFeedback);
  return {
    async hitRateLimit(key, windowMs, nowMs) {
      return hit.get({ key, nowMs, windowMs })!.count;
    },
    async create(report) {
      return db.transaction(() => {
        const { photos: files, ...fields } = report;
        const id = Number(insert.run(fields).lastInsertRowid);
        for (const file of files) {
          insertPhoto.run({ reportId: id, kind: 'report', createdAt: report.createdAt, ...file });
        }
        return id;
      })();
    },
    async byTokenHash(tokenHash) {
      return byToken.get({ tokenHash }) ?? null;
    },
    async byId(id) {
      return byId.get({ id }) ?? null;
    },
    async list(status) {
      return list.all({ status });
    },
    async openInBox(category, box) {
      return openInBox.all({ category, ...box });
    },
    async photos(reportId) {
      return photos.all({ reportId });
    },
    async photo(reportId, photoId) {
      return photo.get({ reportId, id: photoId }) ?? null;
    },
    async addPhoto(reportId, kind, file, now) {
      return Number(insertPhoto.run({ reportId, kind, createdAt: now, ...file }).lastInsertRowid);
    },
    async addMeToo(id, now) {
      return db.transaction(() => {
        const row = meToo.get({ id });
        if (!row) return null;
        insertMeToo.run({ id, now });
        return row.me_too_count;
      })();
    },
    async triage(id, decision, by, now) {
      return triage.run(triageParams(id, decision, by, now)).changes === 1;
    },
    async linkCase(id, caseId) {
      linkCase.run({ id, caseId });
    },
    async feedback(reportId) {
      return feedback.get({ reportId }) ?? null;
    },
    async addFeedback(input) {
      const { resolved, satisfied, ...rest } = input;
      return insertFeedback.run({ ...rest, resolved: resolved ? 1 : 0, satisfied: satisfied ? 1 : 0 }).changes === 1;
    },
  };
}
