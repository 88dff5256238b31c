/** 随手拍 reports' rows and statements (`@name` parameters), shared by the SQLite and PostgreSQL repositories. */

export type StoredReportStatus = 'pending' | 'accepted' | 'merged' | 'rejected';

export interface ResidentReportRow {
  id: number;
  category: string;
  code: string;
  description: string;
  lon: number;
  lat: number;
  phone: string | null;
  status: StoredReportStatus;
  reject_reason: string | null;
  case_id: number | null;
  me_too_count: number;
  created_at: string;
  triaged_at: string | null;
  version: number;
  /** The joined case's status, unit, number and item (null without a case). */
  case_status: string | null;
  case_unit: string | null;
  case_no: string | null;
  case_item: string | null;
}

export interface ReportPhotoRow {
  id: number;
  report_id: number;
  storage_key: string;
  kind: 'report' | 'after';
}

export interface ReportFeedbackRow {
  report_id: number;
  resolved: number;
  satisfied: number;
  reason: string;
  created_at: string;
}

export interface NewResidentReport {
  tokenHash: string;
  category: string;
  code: string;
  description: string;
  lon: number;
  lat: number;
  phone: string | null;
  createdAt: string;
  photos: readonly NewReportPhoto[];
}

export interface NewReportPhoto {
  storageKey: string;
  width: number;
  height: number;
  bytes: number;
}

/** What the office decides in triage. */
export type TriageDecision =
  | { status: 'accepted'; caseId: number | null }
  | { status: 'merged'; caseId: number }
  | { status: 'rejected'; reason: string };

const SELECT = `
  SELECT r.*, c.status AS case_status, c.unit_id AS case_unit, c.case_no AS case_no, z.category AS case_item
  FROM public_reports r
  LEFT JOIN cases c ON c.id = r.case_id
  LEFT JOIN zones z ON z.id = c.zone_id`;

/** Open: not rejected, and its case (if any) neither closed nor voided. */
const OPEN = `r.status <> 'rejected' AND (c.id IS NULL OR c.status NOT IN ('closed', 'voided'))`;

export const REPORT_SQL = {
  /**
   * Count one request under `key` in a fixed window: a window older than `windowMs` starts again at 1. Returns the
   * count after this request.
   */
  hit: `
    INSERT INTO public_rate_limits (key, window_start_ms, count) VALUES (@key, @nowMs, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN public_rate_limits.window_start_ms <= CAST(@nowMs AS BIGINT) - CAST(@windowMs AS BIGINT)
                   THEN 1 ELSE public_rate_limits.count + 1 END,
      window_start_ms = CASE WHEN public_rate_limits.window_start_ms <= CAST(@nowMs AS BIGINT) - CAST(@windowMs AS BIGINT)
                   THEN CAST(@nowMs AS BIGINT) ELSE public_rate_limits.window_start_ms END
    RETURNING count, window_start_ms`,
  insert: `
    INSERT INTO public_reports (token_hash, category, code, description, lon, lat, phone, status, created_at)
    VALUES (@tokenHash, @category, @code, @description, @lon, @lat, @phone, 'pending', @createdAt)`,
  insertPhoto: `
    INSERT INTO public_report_photos (report_id, storage_key, kind, width, height, bytes, created_at)
    VALUES (@reportId, @storageKey, @kind, @width, @height, @bytes, @createdAt)`,
  byToken: `${SELECT} WHERE r.token_hash = @tokenHash`,
  byId: `${SELECT} WHERE r.id = @id`,
  list: `${SELECT} WHERE (CAST(@status AS TEXT) IS NULL OR r.status = @status) ORDER BY r.created_at DESC, r.id DESC LIMIT 500`,
  openInBox: `${SELECT}
    WHERE ${OPEN} AND r.category = @category
      AND r.lon BETWEEN @minLon AND @maxLon AND r.lat BETWEEN @minLat AND @maxLat`,
  photos: 'SELECT id, report_id, storage_key, kind FROM public_report_photos WHERE report_id = @reportId ORDER BY id',
  photo: 'SELECT id, report_id, storage_key, kind FROM public_report_photos WHERE report_id = @reportId AND id = @id',
  /** One more 我也遇到 on an open report; no row when it is not open. */
  meToo: `
    UPDATE public_reports SET me_too_count = me_too_count + 1
    WHERE id = @id AND status <> 'rejected' AND (case_id IS NULL OR NOT EXISTS (
      SELECT 1 FROM cases c WHERE c.id = public_reports.case_id AND c.status IN ('closed', 'voided')))
    RETURNING me_too_count`,
  insertMeToo: 'INSERT INTO public_report_me_too (report_id, created_at) VALUES (@id, @now)',
  /** The office's decision, once: a report no longer pending is not changed (no row → 409). */
  triage: `
    UPDATE public_reports SET status = @status, case_id = @caseId, reject_reason = @reason, triaged_at = @now,
      triaged_by = @by, version = version + 1
    WHERE id = @id AND status = 'pending'`,
  linkCase: 'UPDATE public_reports SET case_id = @caseId WHERE id = @id',
  feedback: 'SELECT * FROM public_report_feedback WHERE report_id = @reportId',
  insertFeedback: `
    INSERT INTO public_report_feedback (report_id, case_id, unit_id, item_code, resolved, satisfied, reason, created_at)
    VALUES (@reportId, @caseId, @unitId, @itemCode, @resolved, @satisfied, @reason, @now)
    ON CONFLICT (report_id) DO NOTHING`,
} as const;

/** The parameters of a triage decision. */
export function triageParams(id: number, decision: TriageDecision, by: number | null, now: string) {
  return {
    id,
    status: decision.status,
    caseId: decision.status === 'rejected' ? null : decision.caseId,
    reason: decision.status === 'rejected' ? decision.reason : null,
    now,
    by,
  };
}
