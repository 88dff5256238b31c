import type { Db } from '../../platform/db/connection';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import { shanghaiDay } from '../../../shared/time/dates';
import type {
  DutyDay,
  FloodAlert,
  ReadingElement,
  ReadingsResult,
  Sensor,
  SensorBody,
  SensorPatch,
  ThresholdKind,
} from '../../../shared/flood/sensors';
import { floodAudit } from './flood.rows';
import {
  bodyOf,
  byId,
  latestOf,
  planCrossings,
  rainWindow,
  SENSOR_SQL,
  sensorParams,
  toAlert,
  toDutyDay,
  toSensor,
  type AlertRow,
  type DutyRow,
  type SensorRow,
  type StoredReading,
} from './sensors.rows';

/** Why a station write did not go through. */
export type SensorWriteRefusal = 'stale' | 'code_taken';

export interface SensorRepository {
  list(): Promise<Sensor[]>;
  get(id: number): Promise<Sensor | null>;
  findByCode(code: string): Promise<Sensor | null>;
  /** Register a station; `code_taken` when another station has its SL 651 address. */
  create(body: SensorBody, actor: Actor, now: Date, illustrative?: boolean): Promise<Sensor | 'code_taken'>;
  /** Change a station at the version the caller read; null when it does not exist. */
  update(
    id: number,
    patch: SensorPatch,
    expectedVersion: number,
    actor: Actor,
    now: Date,
  ): Promise<Sensor | SensorWriteRefusal | null>;
  /**
   * Store readings (a repeat of a stored one is counted as a duplicate) and raise or clear the station's alerts in
   * the same transaction; null when the station does not exist.
   */
  addReadings(
    id: number,
    readings: readonly StoredReading[],
    source: 'json' | 'csv' | 'sl651' | 'sample',
    now: Date,
  ): Promise<ReadingsResult | null>;
  readings(id: number, since: string): Promise<{ observedAt: string; element: ReadingElement; value: number }[]>;
  alerts(filter: { sensorId?: number; openOnly?: boolean; limit: number }): Promise<FloodAlert[]>;
  duty(day: string): Promise<DutyDay>;
  putDuty(
    day: string,
    people: readonly { name: string; phone: string; role: string }[],
    actor: Actor,
    illustrative?: boolean,
  ): Promise<DutyDay>;
}

/** 雨量站 and 水位站: the register, their readings, the alerts of threshold crossings, and the duty roster. */
export function createSensorRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): SensorRepository {
  const selectRow = db.prepare<{ id: number }, SensorRow>(`SELECT ${SENSOR_SQL.columns} FROM sensors WHERE id = @id`);
  const all = <Row>(sql: string, params: Record<string, unknown> = {}) => db.prepare(sql).all(params) as Row[];

  const sensorOf = (row: SensorRow): Sensor => {
    const lastLevel = all<{ observedAt: string; value: number }>(SENSOR_SQL.lastLevel, { id: row.id })[0];
    const lastRain = all<{ at: string | null }>(SENSOR_SQL.lastRainAt, { id: row.id })[0]?.at ?? null;
    const history =
      lastRain === null
        ? []
        : all<{ observedAt: string; value: number }>(SENSOR_SQL.rainHistory, {
            id: row.id,
            from: new Date(Date.parse(lastRain) - 86_400_000).toISOString(),
            to: lastRain,
          });
    const open = all<{ threshold_kind: ThresholdKind }>(SENSOR_SQL.openKinds, { id: row.id });
    return toSensor(
      row,
      latestOf(lastLevel, history),
      open.map((alert) => alert.threshold_kind),
    );
  };
  const dutyNames = (day: string) => all<DutyRow>(SENSOR_SQL.duty, { day }).map((row) => row.name);

  return {
    async list() {
      return all<SensorRow>(`SELECT ${SENSOR_SQL.columns} FROM sensors ORDER BY kind, name, id`).map(sensorOf);
    },
    async get(id) {
      const row = selectRow.get({ id });
      return row ? sensorOf(row) : null;
    },
    async findByCode(code) {
      const row = all<SensorRow>(`SELECT ${SENSOR_SQL.columns} FROM sensors WHERE code = @code`, { code })[0];
      return row ? sensorOf(row) : null;
    },
    async create(body, actor, now, illustrative = false) {
      return db.transaction(() => {
        const [inserted] = all<{ id: number }>(SENSOR_SQL.insert, {
          ...sensorParams(body),
          illustrative: illustrative ? 1 : 0,
          now: now.toISOString(),
          by: actor.username,
        });
        if (!inserted) return 'code_taken' as const;
        const created = sensorOf(selectRow.get({ id: inserted.id })!);
        recordAudit(floodAudit(actor, 'sensor_created', 'sensor', created.id, { after: created }));
        return created;
      })();
    },
    async update(id, patch, expectedVersion, actor, now) {
      return db.transaction(() => {
        const before = selectRow.get({ id });
        if (!before) return null;
        const body = { ...bodyOf(before), ...patch };
        if (body.code !== null && all(SENSOR_SQL.codeTaken, { code: body.code, id }).length)
          return 'code_taken' as const;
        const [updated] = all<{ id: number }>(SENSOR_SQL.update, {
          ...sensorParams(body),
          id,
          expectedVersion,
          now: now.toISOString(),
          by: actor.username,
        });
        if (!updated) return 'stale' as const;
        const after = sensorOf(selectRow.get({ id })!);
        recordAudit(floodAudit(actor, 'sensor_updated', 'sensor', String(id), { before: bodyOf(before), after }));
        return after;
      })();
    },
    async addReadings(id, readings, source, now) {
      return db.transaction(() => {
        const row = selectRow.get({ id });
        if (!row) return null;
        const newestBefore: Partial<Record<ReadingElement, string>> = {};
        for (const found of all<{ element: ReadingElement; newest: string }>(SENSOR_SQL.newestBefore, { id })) {
          newestBefore[found.element] = found.newest;
        }
        const insert = db.prepare(SENSOR_SQL.insertReading);
        const stored = readings.filter(
          (reading) => insert.all({ id, ...reading, source, now: now.toISOString() }).length === 1,
        );
        const window = rainWindow(stored);
        const ops = planCrossings({
          thresholds: bodyOf(row),
          open: new Set(
            all<{ threshold_kind: ThresholdKind }>(SENSOR_SQL.openKinds, { id }).map((a) => a.threshold_kind),
          ),
          newestBefore,
          stored,
          rainHistory: window ? all(SENSOR_SQL.rainHistory, { id, ...window }) : [],
        });
        const raised: number[] = [];
        for (const op of ops) {
          if (op.op === 'clear') {
            db.prepare(SENSOR_SQL.clear).run({ id, kind: op.kind, observedAt: op.observedAt });
            continue;
          }
          const [alert] = all<{ id: number }>(SENSOR_SQL.raise, {
            id,
            kind: op.kind,
            value: op.value,
            threshold: op.threshold,
            observedAt: op.observedAt,
            now: now.toISOString(),
            onDuty: JSON.stringify(dutyNames(shanghaiDay(new Date(op.observedAt)))),
          });
          if (alert) raised.push(alert.id);
        }
        const alerts = raised.length
          ? all<AlertRow>(SENSOR_SQL.alerts(`WHERE a.id IN (${raised.join(',')})`), { limit: raised.length })
              .map(toAlert)
              .sort(byId)
          : [];
        return { stored: stored.length, duplicates: readings.length - stored.length, alerts };
      })();
    },
    async readings(id, since) {
      return all(SENSOR_SQL.readings, { id, since });
    },
    async alerts({ sensorId, openOnly, limit }) {
      const where = [
        ...(sensorId === undefined ? [] : ['a.sensor_id = @sensorId']),
        ...(openOnly ? ['a.cleared_at IS NULL'] : []),
      ];
      return all<AlertRow>(SENSOR_SQL.alerts(where.length ? `WHERE ${where.join(' AND ')}` : ''), {
        sensorId,
        limit,
      }).map(toAlert);
    },
    async duty(day) {
      return toDutyDay(day, all<DutyRow>(SENSOR_SQL.duty, { day }));
    },
    async putDuty(day, people, actor, illustrative = false) {
      return db.transaction(() => {
        const before = toDutyDay(day, all<DutyRow>(SENSOR_SQL.duty, { day }));
        db.prepare(SENSOR_SQL.deleteDuty).run({ day });
        const insert = db.prepare(SENSOR_SQL.insertDuty);
        people.forEach((person, seq) => insert.run({ day, seq, ...person, illustrative: illustrative ? 1 : 0 }));
        const after = toDutyDay(day, all<DutyRow>(SENSOR_SQL.duty, { day }));
        // The audit keeps who was on duty, not their phones.
        recordAudit(
          floodAudit(actor, 'flood_duty_set', 'flood_duty', day, {
            before: before.people.map((person) => person.name),
            after: after.people.map((person) => person.name),
          }),
        );
        return after;
      })();
    },
  };
}
