import type { Db } from '../../platform/db/connection';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import type {
  FloodResponse,
  PumpStation,
  PumpStatus,
  ResponseLevel,
  TimelineEntry,
} from '../../../shared/flood/response';
import { floodAudit } from './flood.rows';
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

export type NewResponseTask = { level: ResponseLevel; unit: string; title: string };

export interface FloodResponseRepository {
  list(): Promise<FloodResponse[]>;
  get(id: number): Promise<FloodResponse | null>;
  active(): Promise<FloodResponse | null>;
  /** Start a response with its checklist; `active_exists` when one is running. */
  start(
    level: ResponseLevel,
    reason: string,
    tasks: readonly NewResponseTask[],
    actor: Actor,
    now: Date,
  ): Promise<FloodResponse | 'active_exists'>;
  /**
   * Raise or lower (`level` set, with the tasks of the new level) or end (`level` null) at the version the caller
   * read; 'stale' when it changed or ended meanwhile, null when it does not exist.
   */
  act(
    id: number,
    change: {
      kind: Extract<TimelineEntry['kind'], 'raised' | 'lowered' | 'ended'>;
      level: ResponseLevel | null;
      reason: string;
      tasks: readonly NewResponseTask[];
    },
    expectedVersion: number,
    actor: Actor,
    now: Date,
  ): Promise<FloodResponse | 'stale' | null>;
  /** Append to the running response's timeline (nothing when none runs). */
  logToActive(entry: NewLogEntry, actor: Actor, now: Date): Promise<void>;
  pumps(): Promise<PumpStation[]>;
  /** Set a pump station's status: its first status needs no version, a change the one read. */
  setPump(
    facilityId: number,
    status: PumpStatus,
    note: string,
    expectedVersion: number | null,
    actor: Actor,
    now: Date,
  ): Promise<PumpStation | 'stale' | null>;
}

/** 防汛应急响应: responses, their checklists and timelines; 泵站 status. */
export function createFloodResponseRepository(
  db: Db,
  recordAudit: (entry: NewAuditEntry) => void,
): FloodResponseRepository {
  const all = <Row>(sql: string, params: Record<string, unknown> = {}) => db.prepare(sql).all(params) as Row[];
  const full = (row: ResponseRow) =>
    toResponse(
      row,
      all<ResponseTaskRow>(RESPONSE_SQL.tasks, { id: row.id }),
      all<LogRow>(RESPONSE_SQL.log, { id: row.id }),
    );
  const byId = (id: number) => all<ResponseRow>(RESPONSE_SQL.one, { id })[0];
  const addTasks = (id: number, tasks: readonly NewResponseTask[]) => {
    const insert = db.prepare(RESPONSE_SQL.insertTask);
    for (const task of tasks) insert.run({ id, ...task });
  };
  const log = (id: number, entry: NewLogEntry, actor: Actor, now: Date) =>
    db.prepare(RESPONSE_SQL.insertLog).run(logParams(id, entry, actor.username, now));
  const pumpOf = (id: number) => all<PumpRow>(RESPONSE_SQL.pumps('AND f.id = @id'), { id })[0];

  return {
    async list() {
      return all<ResponseRow>(RESPONSE_SQL.all).map(full);
    },
    async get(id) {
      const row = byId(id);
      return row ? full(row) : null;
    },
    async active() {
      const row = all<ResponseRow>(RESPONSE_SQL.active)[0];
      return row ? full(row) : null;
    },
    async start(level, reason, tasks, actor, now) {
      return db.transaction(() => {
        const [created] = all<{ id: number }>(RESPONSE_SQL.insert, {
          level,
          now: now.toISOString(),
          by: actor.username,
        });
        if (!created) return 'active_exists' as const;
        addTasks(created.id, tasks);
        log(created.id, { kind: 'started', level, reason, detail: { tasks: tasks.length } }, actor, now);
        const response = full(byId(created.id)!);
        recordAudit(floodAudit(actor, 'flood_response_started', 'flood_response', response.id, { level, reason }));
        return response;
      })();
    },
    async act(id, change, expectedVersion, actor, now) {
      return db.transaction(() => {
        const before = byId(id);
        if (!before) return null;
        const [updated] =
          change.level === null
            ? all<{ id: number }>(RESPONSE_SQL.end, { id, expectedVersion, now: now.toISOString() })
            : all<{ id: number }>(RESPONSE_SQL.setLevel, { id, expectedVersion, level: change.level });
        if (!updated) return 'stale' as const;
        addTasks(id, change.tasks);
        log(
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
        recordAudit(
          floodAudit(actor, `flood_response_${change.kind}`, 'flood_response', String(id), {
            from: before.level,
            to: change.level,
            reason: change.reason,
          }),
        );
        return full(byId(id)!);
      })();
    },
    async logToActive(entry, actor, now) {
      const active = all<ResponseRow>(RESPONSE_SQL.active)[0];
      if (active) log(active.id, entry, actor, now);
    },
    async pumps() {
      return all<PumpRow>(RESPONSE_SQL.pumps('')).map(toPump);
    },
    async setPump(facilityId, status, note, expectedVersion, actor, now) {
      return db.transaction(() => {
        const before = pumpOf(facilityId);
        if (!before) return null;
        const params = { id: facilityId, status, note, now: now.toISOString(), by: actor.username, expectedVersion };
        const written =
          expectedVersion === null ? all(RESPONSE_SQL.insertPump, params) : all(RESPONSE_SQL.updatePump, params);
        if (written.length !== 1) return 'stale' as const;
        const after = toPump(pumpOf(facilityId)!);
        const active = all<ResponseRow>(RESPONSE_SQL.active)[0];
        if (active) {
          log(
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
        recordAudit(
          floodAudit(actor, 'pump_status_set', 'flood_facility', String(facilityId), {
            before: before.status,
            after: status,
          }),
        );
        return after;
      })();
    },
  };
}
