import type { PgDb } from '../../platform/db/pg/pool';
import { pgRows, type PgQueryable } from '../../platform/db/pg/rows';
import type { Actor, RecordAuditIn } from '../../platform/audit';
import { floodAudit } from './flood.rows';
import type { FloodResponseRepository, NewResponseTask } from './responses.repo';
import {
  logParams,
  RESPONSE_SQL,
  toPump,
  toResponse,
  type LogRow,
  type NewLogEntry,
  type PumpRow,
  type ResponseRow,
  type ResponseTaskRow,
} from './responses.rows';

/** The PostgreSQL emergency-response repository (responses.repo.ts is the SQLite one). */
export function createFloodResponsePgRepository(db: PgDb, recordAudit: RecordAuditIn): FloodResponseRepository {
  const full = async (tx: PgQueryable, row: ResponseRow) =>
    toResponse(
      row,
      await pgRows<ResponseTaskRow>(tx, RESPONSE_SQL.tasks, { id: row.id }),
      await pgRows<LogRow>(tx, RESPONSE_SQL.log, { id: row.id }),
    );
  const byId = async (tx: PgQueryable, id: number, lock = '') =>
    (await pgRows<ResponseRow>(tx, `${RESPONSE_SQL.one}${lock}`, { id }))[0];
  const addTasks = async (tx: PgQueryable, id: number, tasks: readonly NewResponseTask[]) => {
    for (const task of tasks) await pgRows(tx, RESPONSE_SQL.insertTask, { id, ...task });
  };
  const log = (tx: PgQueryable, id: number, entry: NewLogEntry, actor: Actor, now: Date) =>
    pgRows(tx, RESPONSE_SQL.insertLog, logParams(id, entry, actor.username, now));
  const pumpOf = async (tx: PgQueryable, id: number) =>
    (await pgRows<PumpRow>(tx, RESPONSE_SQL.pumps('AND f.id = @id'), { id }))[0];

  return {
    async list() {
      return db.transaction(async (tx) => {
        const out = [];
        for (const row of await pgRows<ResponseRow>(tx, RESPONSE_SQL.all)) out.push(await full(tx, row));
        return out;
      });
    },
    async get(id) {
      return db.transaction(async (tx) => {
        const row = await byId(tx, id);
        return row ? full(tx, row) : null;
      });
    },
    async active() {
      return db.transaction(async (tx) => {
        const [row] = await pgRows<ResponseRow>(tx, RESPONSE_SQL.active);
        return row ? full(tx, row) : null;
      });
    },
    async start(level, reason, tasks, actor, now) {
      return db.transaction(async (tx) => {
        const [created] = await pgRows<{ id: number }>(tx, RESPONSE_SQL.insert, {
          level,
          now: now.toISOString(),
          by: actor.username,
        });
        if (!created) return 'active_exists' as const;
        await addTasks(tx, created.id, tasks);
        await log(tx, created.id, { kind: 'started', level, reason, detail: { tasks: tasks.length } }, actor, now);
        const response = await full(tx, (await byId(tx, created.id))!);
        await recordAudit(
          tx,
          floodAudit(actor, 'flood_response_started', 'flood_response', response.id, { level, reason }),
        );
        return response;
      });
    },
    async act(id, change, expectedVersion, actor, now) {
      return db.transaction(async (tx) => {
        const before = await byId(tx, id, ' FOR UPDATE');
        if (!before) return null;
        const [updated] =
          change.level === null
            ? await pgRows<{ id: number }>(tx, RESPONSE_SQL.end, { id, expectedVersion, now: now.toISOString() })
            : await pgRows<{ id: number }>(tx, RESPONSE_SQL.setLevel, { id, expectedVersion, level: change.level });
        if (!updated) return 'stale' as const;
        await addTasks(tx, id, change.tasks);
        await log(
          tx,
          id,
          {
            kind: change.kind,
            level: change.level ?? before.level,
            reason: change.reason,
            detail: { from: before.level },
          },
          actor,
          now,
        );
        await recordAudit(
          tx,
          floodAudit(actor, `flood_response_${change.kind}`, 'flood_response', String(id), {
            from: before.level,
            to: change.level,
            reason: change.reason,
          }),
        );
        return full(tx, (await byId(tx, id))!);
      });
    },
    async logToActive(entry, actor, now) {
      await db.transaction(async (tx) => {
        const [active] = await pgRows<ResponseRow>(tx, `${RESPONSE_SQL.active} FOR UPDATE`);
        if (active) await log(tx, active.id, entry, actor, now);
      });
    },
    async pumps() {
      return (await pgRows<PumpRow>(db, RESPONSE_SQL.pumps(''))).map(toPump);
    },
    async setPump(facilityId, status, note, expectedVersion, actor, now) {
      return db.transaction(async (tx) => {
        const before = await pumpOf(tx, facilityId);
        if (!before) return null;
        const params = { id: facilityId, status, note, now: now.toISOString(), by: actor.username, expectedVersion };
        const written =
          expectedVersion === null
            ? await pgRows(tx, RESPONSE_SQL.insertPump, params)
            : await pgRows(tx, RESPONSE_SQL.updatePump, params);
        if (written.length !== 1) return 'stale' as const;
        const after = toPump((await pumpOf(tx, facilityId))!);
        const [active] = await pgRows<ResponseRow>(tx, RESPONSE_SQL.active);
        if (active) {
          await log(
            tx,
            active.id,
            {
              kind: 'pump',
              level: null,
              reason: note,
              detail: { facilityId: after.facilityId, name: after.name, status },
            },
            actor,
            now,
          );
        }
        await recordAudit(
          tx,
          floodAudit(actor, 'pump_status_set', 'flood_facility', String(facilityId), {
            before: before.status,
            after: status,
          }),
        );
        return after;
      });
    },
  };
}
