import type { PgDb } from '../../platform/db/pg/pool';
import { pgRows, type PgQueryable } from '../../platform/db/pg/rows';
import type { RecordAuditIn } from '../../platform/audit';
import { shanghaiDay } from '../../../shared/time/dates';
import type { ReadingElement, Sensor, ThresholdKind } from '../../../shared/flood/sensors';
import { floodAudit } from './flood.rows';
import type { SensorRepository } from './sensors.repo';
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
} from './sensors.rows';

/** The PostgreSQL station repository (sensors.repo.ts is the SQLite one); same statements, same planning. */
export function createSensorPgRepository(db: PgDb, recordAudit: RecordAuditIn): SensorRepository {
  const rowOf = async (tx: PgQueryable, id: number, lock = '') =>
    (await pgRows<SensorRow>(tx, `SELECT ${SENSOR_SQL.columns} FROM sensors WHERE id = @id${lock}`, { id }))[0];

  const sensorOf = async (tx: PgQueryable, row: SensorRow): Promise<Sensor> => {
    const [lastLevel] = await pgRows<{ observedAt: string; value: number }>(tx, SENSOR_SQL.lastLevel, { id: row.id });
    const lastRain = (await pgRows<{ at: string | null }>(tx, SENSOR_SQL.lastRainAt, { id: row.id }))[0]?.at ?? null;
    const history =
      lastRain === null
        ? []
        : await pgRows<{ observedAt: string; value: number }>(tx, SENSOR_SQL.rainHistory, {
            id: row.id,
            from: new Date(Date.parse(lastRain) - 86_400_000).toISOString(),
            to: lastRain,
          });
    const open = await pgRows<{ threshold_kind: ThresholdKind }>(tx, SENSOR_SQL.openKinds, { id: row.id });
    return toSensor(
      row,
      latestOf(lastLevel, history),
      open.map((alert) => alert.threshold_kind),
    );
  };
  const sensorsOf = async (tx: PgQueryable, rows: SensorRow[]) => {
    const out: Sensor[] = [];
    for (const row of rows) out.push(await sensorOf(tx, row));
    return out;
  };

  return {
    async list() {
      return db.transaction(async (tx) =>
        sensorsOf(tx, await pgRows<SensorRow>(tx, `SELECT ${SENSOR_SQL.columns} FROM sensors ORDER BY kind, name, id`)),
      );
    },
    async get(id) {
      return db.transaction(async (tx) => {
        const row = await rowOf(tx, id);
        return row ? sensorOf(tx, row) : null;
      });
    },
    async findByCode(code) {
      return db.transaction(async (tx) => {
        const [row] = await pgRows<SensorRow>(tx, `SELECT ${SENSOR_SQL.columns} FROM sensors WHERE code = @code`, {
          code,
        });
        return row ? sensorOf(tx, row) : null;
      });
    },
    async create(body, actor, now, illustrative = false) {
      return db.transaction(async (tx) => {
        const [inserted] = await pgRows<{ id: number }>(tx, SENSOR_SQL.insert, {
          ...sensorParams(body),
          illustrative: illustrative ? 1 : 0,
          now: now.toISOString(),
          by: actor.username,
        });
        if (!inserted) return 'code_taken' as const;
        const created = await sensorOf(tx, (await rowOf(tx, inserted.id))!);
        await recordAudit(tx, floodAudit(actor, 'sensor_created', 'sensor', created.id, { after: created }));
        return created;
      });
    },
    async update(id, patch, expectedVersion, actor, now) {
      return db.transaction(async (tx) => {
        const before = await rowOf(tx, id, ' FOR UPDATE');
        if (!before) return null;
        const body = { ...bodyOf(before), ...patch };
        if (body.code !== null && (await pgRows(tx, SENSOR_SQL.codeTaken, { code: body.code, id })).length) {
          return 'code_taken' as const;
        }
        const [updated] = await pgRows<{ id: number }>(tx, SENSOR_SQL.update, {
          ...sensorParams(body),
          id,
          expectedVersion,
          now: now.toISOString(),
          by: actor.username,
        });
        if (!updated) return 'stale' as const;
        const after = await sensorOf(tx, (await rowOf(tx, id))!);
        await recordAudit(
          tx,
          floodAudit(actor, 'sensor_updated', 'sensor', String(id), { before: bodyOf(before), after }),
        );
        return after;
      });
    },
    async addReadings(id, readings, source, now) {
      return db.transaction(async (tx) => {
        // The station's row lock: two batches of one station plan their crossings one after the other.
        const row = await rowOf(tx, id, ' FOR UPDATE');
        if (!row) return null;
        const newestBefore: Partial<Record<ReadingElement, string>> = {};
        for (const found of await pgRows<{ element: ReadingElement; newest: string }>(tx, SENSOR_SQL.newestBefore, {
          id,
        })) {
          newestBefore[found.element] = found.newest;
        }
        const stored = [];
        for (const reading of readings) {
          const inserted = await pgRows(tx, SENSOR_SQL.insertReading, {
            id,
            ...reading,
            source,
            now: now.toISOString(),
          });
          if (inserted.length === 1) stored.push(reading);
        }
        const window = rainWindow(stored);
        const open = await pgRows<{ threshold_kind: ThresholdKind }>(tx, SENSOR_SQL.openKinds, { id });
        const ops = planCrossings({
          thresholds: bodyOf(row),
          open: new Set(open.map((alert) => alert.threshold_kind)),
          newestBefore,
          stored,
          rainHistory: window
            ? await pgRows<{ observedAt: string; value: number }>(tx, SENSOR_SQL.rainHistory, { id, ...window })
            : [],
        });
        const raised: number[] = [];
        for (const op of ops) {
          if (op.op === 'clear') {
            await pgRows(tx, SENSOR_SQL.clear, { id, kind: op.kind, observedAt: op.observedAt });
            continue;
          }
          const duty = await pgRows<DutyRow>(tx, SENSOR_SQL.duty, { day: shanghaiDay(new Date(op.observedAt)) });
          const [alert] = await pgRows<{ id: number }>(tx, SENSOR_SQL.raise, {
            id,
            kind: op.kind,
            value: op.value,
            threshold: op.threshold,
            observedAt: op.observedAt,
            now: now.toISOString(),
            onDuty: JSON.stringify(duty.map((person) => person.name)),
          });
          if (alert) raised.push(alert.id);
        }
        const alerts = raised.length
          ? (
              await pgRows<AlertRow>(tx, SENSOR_SQL.alerts('WHERE a.id = ANY(@ids::int[])'), {
                ids: raised,
                limit: raised.length,
              })
            )
              .map(toAlert)
              .sort(byId)
          : [];
        return { stored: stored.length, duplicates: readings.length - stored.length, alerts };
      });
    },
    async readings(id, since) {
      return pgRows(db, SENSOR_SQL.readings, { id, since });
    },
    async alerts({ sensorId, openOnly, limit }) {
      const where = [
        ...(sensorId === undefined ? [] : ['a.sensor_id = @sensorId']),
        ...(openOnly ? ['a.cleared_at IS NULL'] : []),
      ];
      return (
        await pgRows<AlertRow>(db, SENSOR_SQL.alerts(where.length ? `WHERE ${where.join(' AND ')}` : ''), {
          ...(sensorId === undefined ? {} : { sensorId }),
          limit,
        })
      ).map(toAlert);
    },
    async duty(day) {
      return toDutyDay(day, await pgRows<DutyRow>(db, SENSOR_SQL.duty, { day }));
    },
    async putDuty(day, people, actor, illustrative = false) {
      return db.transaction(async (tx) => {
        const before = toDutyDay(day, await pgRows<DutyRow>(tx, SENSOR_SQL.duty, { day }));
        await pgRows(tx, SENSOR_SQL.deleteDuty, { day });
        for (const [seq, person] of people.entries())
          await pgRows(tx, SENSOR_SQL.insertDuty, { day, seq, ...person, illustrative: illustrative ? 1 : 0 });
        const after = toDutyDay(day, await pgRows<DutyRow>(tx, SENSOR_SQL.duty, { day }));
        await recordAudit(
          tx,
          floodAudit(actor, 'flood_duty_set', 'flood_duty', day, {
            before: before.people.map((person) => person.name),
            after: after.people.map((person) => person.name),
          }),
        );
        return after;
      });
    },
  };
}
