import type { NewAuditEntry } from '../../platform/audit';
import { stampNow } from '../../platform/clock';
import { named, type PgDb, type PgTx } from '../../platform/db/pg/pool';
import type { CaseStatus, ProblemCode } from '../../../shared/cases/case';
import { createCaseJoinerPg } from './case-join.pg';
import type { Box } from './case-join.rows';
import { createCaseReferenceStorePg, insertCasesPg } from './cases-bulk.pg';
import type { CaseRepository, CaseWriteResult } from './cases.repo';
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
  PG_CASE_BBOX,
  stepOf,
  toCase,
  toIndicatorFact,
  type CaseRow,
  type IndicatorRow,
} from './cases.rows';

/** A transaction's connection, or the town's database (each statement its own transaction). */
type Runner = { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> };

async function all<Row>(runner: Runner, sql: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const { text, values } = named(sql, params);
  return (await runner.query(text, values)).rows as Row[];
}

/**
 * The PostgreSQL case repository (cases.repo.ts is the SQLite one), sharing its statements and mappers
 * (cases.rows.ts). Writes run in one transaction each, with the audit row in it. A workflow action locks the case
 * (`FOR UPDATE`) before checking its version and updates with the version in the WHERE: of concurrent actions with
 * one If-Match exactly one wins, the others are stale. Case numbers come from the day's counter, upserted
 * atomically; the insert skips numbers already taken (ON CONFLICT DO NOTHING).
 */
export function createCasePgRepository(
  db: PgDb,
  codes: readonly ProblemCode[],
  recordAudit: (tx: PgTx, entry: NewAuditEntry) => Promise<unknown> = async () => {},
): CaseRepository {
  const reference = createCaseReferenceStorePg(codes);
  const joiner = createCaseJoinerPg();
  const byId = async (runner: Runner, id: number, lock = false) =>
    (await all<CaseRow>(runner, `SELECT * FROM cases WHERE id = @id${lock ? ' FOR UPDATE' : ''}`, { id }))[0];

  async function rejoinBoxIn(tx: PgTx, box: Box): Promise<number> {
    // After any case being joined right now is committed, so that the SELECT below sees it.
    await joiner.takeTurn(tx);
    const rows = await all<{ id: number; lon: number; lat: number; zone_id: number | null }>(
      tx,
      // Locked in id order: two re-joins at once (two instances) wait for each other instead of deadlocking.
      `SELECT c.id, c.lon, c.lat, c.zone_id FROM cases c
       WHERE c.geom && ST_MakeEnvelope(@minLon, @minLat, @maxLon, @maxLat, 4326) ORDER BY c.id FOR UPDATE`,
      { ...box },
    );
    if (rows.length === 0) return 0;
    const index = await joiner.zoneIndex(tx, box);
    const ids: number[] = [];
    const zones: (number | null)[] = [];
    for (const row of rows) {
      const zone = index.locate(row.lon, row.lat);
      if (zone !== row.zone_id) {
        ids.push(row.id);
        zones.push(zone);
      }
    }
    if (ids.length > 0) {
      await tx.query(
        'UPDATE cases c SET zone_id = u.zone_id FROM unnest($1::int[], $2::int[]) AS u(id, zone_id) WHERE c.id = u.id',
        [ids, zones],
      );
    }
    return ids.length;
  }

  return {
    async listCodes() {
      const limits = await db.transaction((tx) => reference.timeLimits(tx));
      return codes.map((code) => ({ ...code, timeLimitHours: limits.get(code.code) ?? code.timeLimitHours }));
    },
    async setTimeLimit(code, hours, actor) {
      await db.transaction(async (tx) => {
        await all(tx, CASE_SQL.upsertLimit, { code, hours, at: stampNow(), by: actor.username });
        await recordAudit(tx, {
          actorId: actor.id,
          actorUsername: actor.username,
          ip: actor.ip,
          action: 'case_time_limit_set',
          targetType: 'case_code',
          targetId: code,
          outcome: 'ok',
          detail: { hours },
        });
      });
    },
    async insertCases(rows) {
      return db.transaction((tx) => insertCasesPg(tx, joiner, rows));
    },
    async existingCaseNumbers(caseNumbers) {
      const rows = await all<{ case_no: string }>(
        db,
        'SELECT case_no FROM cases WHERE case_no = ANY(@numbers::text[])',
        {
          numbers: caseNumbers,
        },
      );
      return new Set(rows.map((row) => row.case_no));
    },
    async listCases(query, now) {
      const { where, params } = buildCaseFilter(query, PG_CASE_BBOX);
      params.now = now;
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      return db.transaction(async (tx) => {
        const [{ n }] = (await all<{ n: number }>(tx, `SELECT count(*) AS n FROM cases c ${clause}`, params)) as [
          { n: number },
        ];
        const rows = await all<CaseRow>(
          tx,
          `SELECT c.* FROM cases c ${clause} ORDER BY c.reported_at DESC, c.id DESC LIMIT @limit OFFSET @offset`,
          { ...params, limit: query.limit, offset: query.offset },
        );
        return { cases: rows.map((row) => toCase(row, now)), total: n };
      });
    },
    async getCase(id, now) {
      const row = await byId(db, id);
      return row ? toCase(row, now) : null;
    },
    async listSteps(id) {
      return (
        await all<Record<string, unknown>>(db, 'SELECT * FROM case_steps WHERE case_id = @id ORDER BY seq', { id })
      ).map(stepOf);
    },
    async createCase(input, actor, now) {
      return db.transaction(async (tx) => {
        const { day, prefix } = caseNumberDay(now);
        const join = await joiner.joinOne(tx, input.lon, input.lat);
        // Numbers already taken (an imported platform row, say) are skipped: the counter moves on until the insert
        // finds a free one. The counter's row lock orders concurrent reports of one day.
        let id: number | undefined;
        do {
          const [{ last }] = (await all<{ last: number }>(tx, CASE_SQL.nextNumber, { day })) as [{ last: number }];
          id = (
            await all<{ id: number }>(tx, `${CASE_SQL.insertCase} RETURNING id`, {
              ...input,
              caseNo: caseNumber(prefix, last),
              now,
              zoneId: join.zoneId,
              villageCode: join.villageCode,
              gridCode: join.gridCode,
              createdBy: actor.id,
            })
          )[0]?.id;
        } while (id === undefined);
        await all(tx, CASE_SQL.insertStep, {
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
        await recordAudit(tx, {
          actorId: actor.id,
          actorUsername: actor.username,
          ip: actor.ip,
          action: 'case_reported',
          targetType: 'case',
          targetId: String(id),
          outcome: 'ok',
          detail: { code: input.code },
        });
        return toCase((await byId(tx, id))!, now);
      });
    },
    async applyAction(id, expectedVersion, action, actorKind, body, actor, now) {
      return db.transaction(async (tx): Promise<CaseWriteResult> => {
        const limits = await reference.timeLimits(tx);
        const row = await byId(tx, id, true);
        if (!row) return { ok: false, reason: 'not-found' };
        const plan = planCaseAction(row, expectedVersion, action, actorKind, body, now, limits.get(row.code) ?? 24);
        if (!plan.ok) return plan.answer;
        const { text, values } = named(CASE_SQL.updateWorkflow, workflowParams(id, expectedVersion, now, plan.next));
        // The version is in the WHERE as well: the row count is the final word.
        if ((await tx.query(text, values)).rowCount !== 1) {
          const latest = await byId(tx, id);
          return latest
            ? { ok: false, reason: 'stale', current: toCase(latest, now) }
            : { ok: false, reason: 'not-found' };
        }
        const [{ seq }] = (await all<{ seq: number }>(
          tx,
          'SELECT coalesce(max(seq), 0) + 1 AS seq FROM case_steps WHERE case_id = @id',
          { id },
        )) as [{ seq: number }];
        await all(tx, CASE_SQL.insertStep, stepParams(id, seq, plan.step, actor, now));
        await recordAudit(tx, caseActionAudit(id, action, plan.step, actor));
        return { ok: true, cityCase: toCase((await byId(tx, id))!, now) };
      });
    },
    async rejoinBox(box) {
      return db.transaction((tx) => rejoinBoxIn(tx, box));
    },
    async rejoinZones(zoneIds) {
      if (zoneIds.length === 0) return 0;
      return db.transaction(async (tx) => {
        // The union of the zones' boxes (deleted ones too: their cases must leave them) and of their cases' points.
        const [box] = await all<{
          minLon: number | null;
          minLat: number | null;
          maxLon: number | null;
          maxLat: number | null;
        }>(
          tx,
          `SELECT ST_XMin(e) AS "minLon", ST_YMin(e) AS "minLat", ST_XMax(e) AS "maxLon", ST_YMax(e) AS "maxLat"
           FROM (SELECT ST_Extent(g)::geometry AS e FROM (
             SELECT geom AS g FROM zones WHERE id = ANY(@ids::int[])
             UNION ALL SELECT geom FROM cases WHERE zone_id = ANY(@ids::int[])) AS parts) AS extent`,
          { ids: zoneIds },
        );
        if (!box || box.minLon === null) return 0;
        return rejoinBoxIn(tx, box as Box);
      });
    },
    async zoneCases(zoneId, now) {
      return db.transaction(async (tx) => {
        const zone = (await all<{ status: string; updated_at: string }>(tx, CASE_SQL.zoneStatus, { zoneId }))[0];
        const versions = await all<{ at: string; status: string | null }>(
          tx,
          "SELECT at, snapshot_json::json->>'status' AS status FROM zone_versions WHERE zone_id = @zoneId ORDER BY version DESC",
          { zoneId },
        );
        const acceptedAt = acceptedSince(zone, versions);
        const counts = await all<{ status: CaseStatus; n: number }>(tx, CASE_SQL.zoneCounts, { zoneId });
        const rows = await all<CaseRow>(tx, CASE_SQL.zoneLatest, { zoneId });
        const relapse = acceptedAt
          ? (await all<{ n: number }>(tx, CASE_SQL.zoneRelapse, { zoneId, acceptedAt }))[0]!.n
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
      });
    },
    async indicatorFacts(from, to) {
      return (await all<IndicatorRow>(db, CASE_SQL.indicatorFacts, { from, to })).map(toIndicatorFact);
    },
    async rememberedMapping(signature) {
      const [row] = await all<{ value: string }>(db, 'SELECT value FROM dataset_info WHERE key = @key', {
        key: `case_import_mapping:${signature}`,
      });
      return row ? (JSON.parse(row.value) as Record<string, string>) : null;
    },
    async rememberMapping(signature, mapping) {
      await all(
        db,
        `INSERT INTO dataset_info (key, value) VALUES (@key, @value)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        { key: `case_import_mapping:${signature}`, value: JSON.stringify(mapping) },
      );
    },
  };
}
