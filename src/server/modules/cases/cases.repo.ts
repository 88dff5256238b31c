import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import {
  type Case,
  type CaseAction,
  type CaseActionBody,
  type CaseActionRefusal,
  type CaseActor,
  type CaseQuery,
  type CaseSource,
  type CaseStatus,
  type CaseStep,
  type ProblemCode,
  type ZoneCases,
} from '../../../shared/cases/case';
import type { CaseFact } from '../../../shared/cases/case-indicators';
import { createCaseJoiner } from './case-join.repo';
import {
  acceptedSince,
  buildCaseFilter,
  CASE_SQL,
  workflowParams,
  planCaseAction,
  stepParams,
  caseActionAudit,
  caseNumber,
  caseNumberDay,
  stepOf,
  toCase,
  toIndicatorFact,
  type CaseRow,
  type IndicatorRow,
} from './cases.rows';

export { buildCaseFilter } from './cases.rows';

export { createCaseReferenceStore, insertCasesSync, type BulkInsertResult, type NewCaseRow } from './cases-bulk.repo';
import { createCaseReferenceStore, insertCasesSync, type BulkInsertResult, type NewCaseRow } from './cases-bulk.repo';

export interface CaseActorInfo extends Actor {
  /** The person's name as the steps record it (their display name, the username only when there is none). */
  name: string | null;
  role: string | null;
  unit: string | null;
}

export type CaseWriteResult =
  | { ok: true; cityCase: Case }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'stale'; current: Case }
  | { ok: false; reason: 'refused'; refusal: CaseActionRefusal };

export interface NewSingleCase {
  code: string;
  lon: number;
  lat: number;
  description: string;
  address: string;
  source: CaseSource;
  legacyLabel: string | null;
}

/** What routes may ask of case storage. */
export interface CaseRepository {
  /** The code list (data/problem-codes.csv) with the current, possibly edited, 处置时限. */
  listCodes(): Promise<ProblemCode[]>;
  /** Set a code's 处置时限 (hours). */
  setTimeLimit(code: string, hours: number, actor: Actor): Promise<void>;
  /** Bulk insert (generator, import, sample), one transaction, joined in bulk; idempotent on case_no. */
  insertCases(rows: readonly NewCaseRow[]): Promise<BulkInsertResult>;
  /** Which of these case numbers are already stored. */
  existingCaseNumbers(caseNumbers: readonly string[]): Promise<Set<string>>;
  listCases(query: CaseQuery, now: string): Promise<{ cases: Case[]; total: number }>;
  getCase(id: number, now: string): Promise<Case | null>;
  listSteps(id: number): Promise<CaseStep[]>;
  /** A case reported in the app (信息收集), joined on write, with its first step. */
  createCase(input: NewSingleCase, actor: CaseActorInfo, now: string): Promise<Case>;
  /** Apply a workflow action (shared rules) if the case is still at `expectedVersion`. */
  applyAction(
    id: number,
    expectedVersion: number,
    action: CaseAction,
    actorKind: CaseActor,
    body: CaseActionBody,
    actor: CaseActorInfo,
    now: string,
  ): Promise<CaseWriteResult>;
  /** Re-join the cases in a box to the zones (after a zone was created, changed or deleted). */
  rejoinBox(box: { minLon: number; minLat: number; maxLon: number; maxLat: number }): Promise<number>;
  /** Re-join after zones changed: the cases now in those zones' boxes and those that were joined to them. */
  rejoinZones(zoneIds: readonly number[]): Promise<number>;
  /** The cases inside a zone, counts by status, and new cases since the zone was accepted (复发). */
  zoneCases(zoneId: number, now: string): Promise<ZoneCases>;
  /** The facts the indicators need, for cases reported in [from, to) (UTC ISO); voided cases left out. */
  indicatorFacts(from: string, to: string): Promise<CaseFact[]>;
  /** Remembered column mapping of the CSV import, by header signature. */
  rememberedMapping(signature: string): Promise<Record<string, string> | null>;
  rememberMapping(signature: string, mapping: Record<string, string>): Promise<void>;
}

export function createCaseRepository(
  db: Db,
  codes: readonly ProblemCode[],
  recordAudit: (entry: NewAuditEntry) => void = () => {},
): CaseRepository {
  const reference = createCaseReferenceStore(db, codes);
  const joiner = createCaseJoiner(db);
  const byId = db.prepare('SELECT * FROM cases WHERE id = ?');
  const steps = db.prepare('SELECT * FROM case_steps WHERE case_id = ? ORDER BY seq');
  const nextSeq = db.prepare('SELECT coalesce(max(seq), 0) + 1 AS seq FROM case_steps WHERE case_id = ?');
  const insertStep = db.prepare(CASE_SQL.insertStep);
  const upsertLimit = db.prepare(CASE_SQL.upsertLimit);
  const nextNumber = db.prepare<{ day: string }, { last: number }>(CASE_SQL.nextNumber);
  const insertCase = db.prepare(CASE_SQL.insertCase);
  const updateWorkflow = db.prepare(CASE_SQL.updateWorkflow);
  const inBox = db.prepare(`
    SELECT c.id, c.lon, c.lat, c.zone_id FROM cases c JOIN cases_rtree r ON r.id = c.id
    WHERE r.max_lon >= @minLon AND r.min_lon <= @maxLon AND r.max_lat >= @minLat AND r.min_lat <= @maxLat`);
  const setZone = db.prepare('UPDATE cases SET zone_id = ? WHERE id = ?');
  const readInfo = db.prepare('SELECT value FROM dataset_info WHERE key = ?');
  const writeInfo = db.prepare(
    'INSERT INTO dataset_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  const zoneStatus = db.prepare(CASE_SQL.zoneStatus);
  const zoneVersions = db.prepare(
    "SELECT at, json_extract(snapshot_json, '$.status') AS status FROM zone_versions WHERE zone_id = ? ORDER BY version DESC",
  );
  const zoneAcceptedAt = (zoneId: number): string | null =>
    acceptedSince(
      zoneStatus.get({ zoneId }) as { status: string; updated_at: string } | undefined,
      zoneVersions.all(zoneId) as { at: string; status: string | null }[],
    );

  return {
    async listCodes() {
      const limits = reference.timeLimitsSync();
      return codes.map((code) => ({ ...code, timeLimitHours: limits.get(code.code) ?? code.timeLimitHours }));
    },
    async setTimeLimit(code, hours, actor) {
      db.transaction(() => {
        upsertLimit.run({ code, hours, at: stampNow(), by: actor.username });
        recordAudit({
          actorId: actor.id,
          actorUsername: actor.username,
          ip: actor.ip,
          action: 'case_time_limit_set',
          targetType: 'case_code',
          targetId: code,
          outcome: 'ok',
          detail: { hours },
        });
      })();
    },
    async insertCases(rows) {
      return insertCasesSync(db, rows);
    },
    async existingCaseNumbers(caseNumbers) {
      const found = new Set<string>();
      const select = db.prepare('SELECT case_no FROM cases WHERE case_no IN (SELECT value FROM json_each(?))');
      for (let i = 0; i < caseNumbers.length; i += 5000) {
        const chunk = caseNumbers.slice(i, i + 5000);
        for (const row of select.all(JSON.stringify(chunk)) as { case_no: string }[]) found.add(row.case_no);
      }
      return found;
    },
    async listCases(query, now) {
      const { where, params } = buildCaseFilter(query);
      params.now = now;
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT count(*) AS n FROM cases c ${clause}`).get(params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT c.* FROM cases c ${clause} ORDER BY c.reported_at DESC, c.id DESC LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: query.limit, offset: query.offset }) as CaseRow[];
      return { cases: rows.map((row) => toCase(row, now)), total };
    },
    async getCase(id, now) {
      const row = byId.get(id) as CaseRow | undefined;
      return row ? toCase(row, now) : null;
    },
    async listSteps(id) {
      return (steps.all(id) as Record<string, unknown>[]).map(stepOf);
    },
    async createCase(input, actor, now) {
      return db.transaction(() => {
        const { day, prefix } = caseNumberDay(now);
        const join = joiner.joinOne(input.lon, input.lat);
        // Numbers already taken (an imported platform row JX<day>0003, say) are skipped: the counter moves on
        // until the insert finds a free one. Never count + 1: imports and deletions make that collide.
        let result: { changes: number; lastInsertRowid: number | bigint };
        do {
          const { last } = nextNumber.get({ day })!;
          result = insertCase.run({
            ...input,
            caseNo: caseNumber(prefix, last),
            now,
            zoneId: join.zoneId,
            villageCode: join.villageCode,
            gridCode: join.gridCode,
            createdBy: actor.id,
          });
        } while (result.changes !== 1);
        const id = Number(result.lastInsertRowid);
        insertStep.run({
          caseId: id,
          seq: 1,
          action: 'report',
          fromStatus: null,
          toStatus: 'reported',
          actorUserId: actor.id,
          actorName: actor.name,
          actorRole: actor.role,
          actorUnit: actor.unit,
          at: now,
          note: null,
          data: null,
        });
        recordAudit({
          actorId: actor.id,
          actorUsername: actor.username,
          ip: actor.ip,
          action: 'case_reported',
          targetType: 'case',
          targetId: String(id),
          outcome: 'ok',
          detail: { code: input.code },
        });
        return toCase(byId.get(id) as CaseRow, now);
      })();
    },
    async applyAction(id, expectedVersion, action, actorKind, body, actor, now) {
      const limits = reference.timeLimitsSync();
      return db.transaction((): CaseWriteResult => {
        const row = byId.get(id) as CaseRow | undefined;
        if (!row) return { ok: false, reason: 'not-found' };
        const plan = planCaseAction(row, expectedVersion, action, actorKind, body, now, limits.get(row.code) ?? 24);
        if (!plan.ok) return plan.answer;
        // The version check is this UPDATE's WHERE: no row changed means someone else wrote first (or the case is
        // gone), and then no step or audit entry is written.
        const written = updateWorkflow.run(workflowParams(id, expectedVersion, now, plan.next));
        if (written.changes !== 1) {
          const latest = byId.get(id) as CaseRow | undefined;
          return latest
            ? { ok: false, reason: 'stale', current: toCase(latest, now) }
            : { ok: false, reason: 'not-found' };
        }
        insertStep.run(stepParams(id, (nextSeq.get(id) as { seq: number }).seq, plan.step, actor, now));
        recordAudit(caseActionAudit(id, action, plan.step, actor));
        return { ok: true, cityCase: toCase(byId.get(id) as CaseRow, now) };
      })();
    },
    async rejoinBox(box) {
      return db.transaction(() => {
        const rows = inBox.all(box) as { id: number; lon: number; lat: number; zone_id: number | null }[];
        if (rows.length === 0) return 0;
        const index = joiner.zoneIndex(box);
        let changed = 0;
        for (const row of rows) {
          const zone = index.locate(row.lon, row.lat);
          if (zone !== row.zone_id) {
            setZone.run(zone, row.id);
            changed += 1;
          }
        }
        return changed;
      })();
    },
    async rejoinZones(zoneIds) {
      if (zoneIds.length === 0) return 0;
      const ids = JSON.stringify(zoneIds);
      const boxes = [
        db
          .prepare(
            'SELECT min(min_lon) AS minLon, min(min_lat) AS minLat, max(max_lon) AS maxLon, max(max_lat) AS maxLat FROM zones_rtree WHERE id IN (SELECT value FROM json_each(?))',
          )
          .get(ids),
        db
          .prepare(
            'SELECT min(lon) AS minLon, min(lat) AS minLat, max(lon) AS maxLon, max(lat) AS maxLat FROM cases WHERE zone_id IN (SELECT value FROM json_each(?))',
          )
          .get(ids),
      ] as { minLon: number | null; minLat: number | null; maxLon: number | null; maxLat: number | null }[];
      const present = boxes.filter((box) => box.minLon !== null);
      if (present.length === 0) return 0;
      return this.rejoinBox({
        minLon: Math.min(...present.map((box) => box.minLon!)),
        minLat: Math.min(...present.map((box) => box.minLat!)),
        maxLon: Math.max(...present.map((box) => box.maxLon!)),
        maxLat: Math.max(...present.map((box) => box.maxLat!)),
      });
    },
    async zoneCases(zoneId, now) {
      const acceptedAt = zoneAcceptedAt(zoneId);
      const counts = db.prepare(CASE_SQL.zoneCounts).all({ zoneId }) as { status: CaseStatus; n: number }[];
      const rows = db.prepare(CASE_SQL.zoneLatest).all({ zoneId }) as CaseRow[];
      const relapse = acceptedAt
        ? (db.prepare(CASE_SQL.zoneRelapse).get({ zoneId, acceptedAt }) as { n: number }).n
        : 0;
      return {
        zoneId: String(zoneId),
        total: counts.reduce((sum, row) => sum + row.n, 0),
        byStatus: Object.fromEntries(counts.map((row) => [row.status, row.n])),
        cases: rows.map((row) => toCase(row, now)),
        acceptedAt,
        relapseCount: relapse,
        relapse: relapse > 0,
      };
    },
    async indicatorFacts(from, to) {
      return (db.prepare(CASE_SQL.indicatorFacts).all({ from, to }) as IndicatorRow[]).map(toIndicatorFact);
    },
    async rememberedMapping(signature) {
      const row = readInfo.get(`case_import_mapping:${signature}`) as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as Record<string, string>) : null;
    },
    async rememberMapping(signature, mapping) {
      writeInfo.run(`case_import_mapping:${signature}`, JSON.stringify(mapping));
    },
  };
}
