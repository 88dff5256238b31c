import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import {
  linkParams,
  MEETING_SQL,
  meetingWhere,
  newMeetingParams,
  planMeetingUpdate,
  toDecision,
  toMeetings,
  type DecisionRow,
  type MeetingRepository,
  type MeetingRow,
  type MeetingScope,
  type MeetingWriteResult,
} from './meetings.rows';

/** The SQLite meetings repository (meetings.pg.ts is the PostgreSQL one). */
export function createMeetingRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): MeetingRepository {
  const list = (scope: MeetingScope) => {
    const { where, params } = meetingWhere(scope);
    const rows = db.prepare<Record<string, unknown>, MeetingRow>(MEETING_SQL.list(where)).all(params);
    const decisions = rows.length
      ? db.prepare<Record<string, unknown>, DecisionRow>(MEETING_SQL.decisions(where)).all(params)
      : [];
    return toMeetings(rows, decisions);
  };
  const get = (id: number) => list({ id })[0] ?? null;
  const decision = (meetingId: number, id: number) => {
    const row = db.prepare<Record<string, unknown>, DecisionRow>(MEETING_SQL.decision).get({ id, meetingId });
    return row ? toDecision(row) : null;
  };
  return {
    async list() {
      return list({});
    },
    async get(id) {
      return get(id);
    },
    async create(input, audit, now) {
      return db.transaction(() => {
        const result = db.prepare(MEETING_SQL.insert).run(newMeetingParams(input, now));
        const created = get(Number(result.lastInsertRowid))!;
        recordAudit(audit(created));
        return created;
      })();
    },
    async update(id, expectedVersion, change, audit) {
      return db.transaction((): MeetingWriteResult => {
        const current = get(id);
        if (!current) return { ok: false, reason: 'not-found' };
        const { sql, params } = planMeetingUpdate(id, expectedVersion, change);
        if (db.prepare(sql).run(params).changes === 0) return { ok: false, reason: 'stale', current };
        const meeting = get(id)!;
        recordAudit(audit(meeting));
        return { ok: true, meeting };
      })();
    },
    async addDecision(meetingId, input, audit, now) {
      return db.transaction(() => {
        const result = db.prepare(MEETING_SQL.insertDecision).run({ meetingId, ...input, createdAt: now });
        const created = decision(meetingId, Number(result.lastInsertRowid))!;
        recordAudit(audit(created));
        return created;
      })();
    },
    async getDecision(meetingId, id) {
      return decision(meetingId, id);
    },
    async claimDecision(id, outcome) {
      return db.prepare(MEETING_SQL.claim).run({ id, outcome }).changes === 1;
    },
    async linkDecision(meetingId, id, outcome, targetId, audit) {
      return db.transaction(() => {
        db.prepare(MEETING_SQL.link).run(linkParams(id, outcome, targetId));
        const linked = decision(meetingId, id)!;
        recordAudit(audit(linked));
        return linked;
      })();
    },
    async releaseDecision(id, outcome) {
      db.prepare(MEETING_SQL.release).run({ id, outcome });
    },
  };
}
