import type { RecordAuditIn } from '../../platform/audit';
import { named, type PgDb } from '../../platform/db/pg/pool';
import { pgRows, type PgQueryable } from '../../platform/db/pg/rows';
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
} from './meetings.rows';

/** The PostgreSQL meetings repository (meetings.repo.ts is the SQLite one). */
export function createMeetingPgRepository(db: PgDb, recordAudit: RecordAuditIn): MeetingRepository {
  async function list(q: PgQueryable, scope: MeetingScope) {
    const { where, params } = meetingWhere(scope);
    const rows = await pgRows<MeetingRow>(q, MEETING_SQL.list(where), params);
    const decisions = rows.length ? await pgRows<DecisionRow>(q, MEETING_SQL.decisions(where), params) : [];
    return toMeetings(rows, decisions);
  }
  const get = async (q: PgQueryable, id: number) => (await list(q, { id }))[0] ?? null;
  const decision = async (q: PgQueryable, meetingId: number, id: number) => {
    const [row] = await pgRows<DecisionRow>(q, MEETING_SQL.decision, { id, meetingId });
    return row ? toDecision(row) : null;
  };
  const changed = async (q: PgQueryable, sql: string, params: Record<string, unknown>) => {
    const { text, values } = named(sql, params);
    return (await q.query(text, values)).rowCount ?? 0;
  };
  return {
    list: () => list(db, {}),
    get: (id) => get(db, id),
    async create(input, audit, now) {
      return db.transaction(async (tx) => {
        const [inserted] = await pgRows<{ id: number }>(
          tx,
          `${MEETING_SQL.insert} RETURNING id`,
          newMeetingParams(input, now),
        );
        const created = (await get(tx, inserted!.id))!;
        await recordAudit(tx, audit(created));
        return created;
      });
    },
    async update(id, expectedVersion, change, audit) {
      return db.transaction(async (tx) => {
        const current = await get(tx, id);
        if (!current) return { ok: false, reason: 'not-found' } as const;
        const { sql, params } = planMeetingUpdate(id, expectedVersion, change);
        if ((await changed(tx, sql, params)) === 0) return { ok: false, reason: 'stale', current } as const;
        const meeting = (await get(tx, id))!;
        await recordAudit(tx, audit(meeting));
        return { ok: true, meeting } as const;
      });
    },
    async addDecision(meetingId, input, audit, now) {
      return db.transaction(async (tx) => {
        const [inserted] = await pgRows<{ id: number }>(tx, `${MEETING_SQL.insertDecision} RETURNING id`, {
          meetingId,
          ...input,
          createdAt: now,
        });
        const created = (await decision(tx, meetingId, inserted!.id))!;
        await recordAudit(tx, audit(created));
        return created;
      });
    },
    getDecision: (meetingId, id) => decision(db, meetingId, id),
    async claimDecision(id, outcome) {
      return (await changed(db, MEETING_SQL.claim, { id, outcome })) === 1;
    },
    async linkDecision(meetingId, id, outcome, targetId, audit) {
      return db.transaction(async (tx) => {
        await changed(tx, MEETING_SQL.link, linkParams(id, outcome, targetId));
        const linked = (await decision(tx, meetingId, id))!;
        await recordAudit(tx, audit(linked));
        return linked;
      });
    },
    async releaseDecision(id, outcome) {
      await changed(db, MEETING_SQL.release, { id, outcome });
    },
  };
}
