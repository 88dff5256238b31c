import {
  sensorLink,
  THRESHOLD_KINDS,
  thresholdOf,
  type DutyDay,
  type FloodAlert,
  type ReadingElement,
  type Sensor,
  type SensorBody,
  type SensorKind,
  type ThresholdKind,
} from '../../../shared/flood/sensors';

/**
 * Rows of the monitoring-station tables, their mappers and the threshold planning, shared by the SQLite
 * (sensors.repo.ts) and PostgreSQL (sensors.pg.ts) repositories.
 */
export interface SensorRow {
  id: number;
  kind: SensorKind;
  name: string;
  code: string | null;
  lon: number;
  lat: number;
  river: string;
  warning_level_m: number | null;
  guarantee_level_m: number | null;
  rain_1h_mm: number | null;
  rain_24h_mm: number | null;
  illustrative: number;
  version: number;
  updated_at: string;
}

export interface AlertRow {
  id: number;
  sensor_id: number;
  sensor_name: string;
  threshold_kind: ThresholdKind;
  value: number;
  threshold: number;
  observed_at: string;
  raised_at: string;
  cleared_at: string | null;
  on_duty_json: string;
}

export interface DutyRow {
  day: string;
  seq: number;
  name: string;
  phone: string;
  duty_role: string;
  illustrative: number;
}

/** A reading as stored: one element's value at one time. */
export interface StoredReading {
  element: ReadingElement;
  observedAt: string;
  value: number;
}

const HOUR_MS = 3_600_000;

/** Rain in the hour and the 24 hours up to `at` (both windows end at `at`, start excluded). */
export function rainSums(history: readonly { observedAt: string; value: number }[], at: string) {
  const end = Date.parse(at);
  let hour = 0;
  let day = 0;
  for (const reading of history) {
    const time = Date.parse(reading.observedAt);
    if (time > end || time <= end - 24 * HOUR_MS) continue;
    day += reading.value;
    if (time > end - HOUR_MS) hour += reading.value;
  }
  // Sums of tenths of a millimetre, without float dust (0.1 + 0.2).
  return { hour: Math.round(hour * 1000) / 1000, day: Math.round(day * 1000) / 1000 };
}

export type LatestState = Sensor['latest'];

/** The station's latest state from its last water level and the rain up to its last rain report. */
export function latestOf(
  lastLevel: { observedAt: string; value: number } | undefined,
  rainHistory: readonly { observedAt: string; value: number }[],
): LatestState {
  const lastRain = rainHistory.reduce<string | null>(
    (latest, reading) => (latest === null || reading.observedAt > latest ? reading.observedAt : latest),
    null,
  );
  if (!lastLevel && lastRain === null) return null;
  const sums = lastRain === null ? null : rainSums(rainHistory, lastRain);
  const observedAt = [lastLevel?.observedAt, lastRain]
    .filter((time): time is string => !!time)
    .sort()
    .at(-1)!;
  return {
    observedAt,
    waterLevelM: lastLevel?.value ?? null,
    rain1hMm: sums?.hour ?? null,
    rain24hMm: sums?.day ?? null,
  };
}

export const toSensor = (row: SensorRow, latest: LatestState, over: ThresholdKind[]): Sensor => ({
  id: String(row.id),
  kind: row.kind,
  name: row.name,
  code: row.code,
  position: [row.lon, row.lat],
  river: row.river,
  warningLevelM: row.warning_level_m,
  guaranteeLevelM: row.guarantee_level_m,
  rain1hMm: row.rain_1h_mm,
  rain24hMm: row.rain_24h_mm,
  illustrative: row.illustrative === 1,
  version: row.version,
  updatedAt: row.updated_at,
  latest,
  over: THRESHOLD_KINDS.filter((kind) => over.includes(kind)),
});

/** The row's thresholds in the body's terms (for thresholdOf). */
export const thresholdsOf = (
  row: SensorRow,
): Pick<SensorBody, 'warningLevelM' | 'guaranteeLevelM' | 'rain1hMm' | 'rain24hMm'> => ({
  warningLevelM: row.warning_level_m,
  guaranteeLevelM: row.guarantee_level_m,
  rain1hMm: row.rain_1h_mm,
  rain24hMm: row.rain_24h_mm,
});

export const toAlert = (row: AlertRow): FloodAlert => ({
  id: String(row.id),
  sensorId: String(row.sensor_id),
  sensorName: row.sensor_name,
  thresholdKind: row.threshold_kind,
  value: row.value,
  threshold: row.threshold,
  observedAt: row.observed_at,
  raisedAt: row.raised_at,
  clearedAt: row.cleared_at,
  onDuty: JSON.parse(row.on_duty_json) as string[],
  link: sensorLink(String(row.sensor_id)),
});

/** Alerts in the order they were raised (for a batch's answer). */
export const byId = (a: FloodAlert, b: FloodAlert) => Number(a.id) - Number(b.id);

export const toDutyDay = (day: string, rows: readonly DutyRow[]): DutyDay => ({
  date: day,
  people: rows.map((row) => ({
    name: row.name,
    phone: row.phone,
    role: row.duty_role,
    illustrative: row.illustrative === 1,
  })),
});

/** The sensor columns a body writes, as statement parameters. */
export const sensorParams = (body: SensorBody) => ({
  kind: body.kind,
  name: body.name,
  code: body.code,
  lon: body.position[0],
  lat: body.position[1],
  river: body.river,
  warningLevelM: body.warningLevelM,
  guaranteeLevelM: body.guaranteeLevelM,
  rain1hMm: body.rain1hMm,
  rain24hMm: body.rain24hMm,
});

/** The body a row holds (to apply a patch to). */
export const bodyOf = (row: SensorRow): SensorBody => ({
  kind: row.kind,
  name: row.name,
  code: row.code,
  position: [row.lon, row.lat],
  river: row.river,
  ...thresholdsOf(row),
});

export type CrossingOp =
  | { op: 'raise'; kind: ThresholdKind; value: number; threshold: number; observedAt: string }
  | { op: 'clear'; kind: ThresholdKind; observedAt: string };

const LEVEL_KINDS: ThresholdKind[] = ['warning_level', 'guarantee_level'];
const RAIN_KINDS: ThresholdKind[] = ['rain_1h', 'rain_24h'];

/**
 * What new readings do to the station's alerts, in time order: a value at or over a threshold with no open alert
 * raises one; a value under it clears the open one. Readings older than the station's newest reading of the same
 * element before this batch (late arrivals) are stored but change no alert. Rain is summed over the hour and the
 * 24 hours up to each new rain reading (`rainHistory`: the stored rain readings around the batch, itself included).
 */
export function planCrossings(input: {
  thresholds: Pick<SensorBody, 'warningLevelM' | 'guaranteeLevelM' | 'rain1hMm' | 'rain24hMm'>;
  open: ReadonlySet<ThresholdKind>;
  newestBefore: Partial<Record<ReadingElement, string>>;
  stored: readonly StoredReading[];
  rainHistory: readonly { observedAt: string; value: number }[];
}): CrossingOp[] {
  const open = new Set(input.open);
  const ops: CrossingOp[] = [];
  const fresh = input.stored
    .filter((reading) => {
      const newest = input.newestBefore[reading.element];
      return newest === undefined || reading.observedAt > newest;
    })
    .sort((a, b) => (a.observedAt < b.observedAt ? -1 : a.observedAt > b.observedAt ? 1 : 0));
  const check = (kind: ThresholdKind, value: number, observedAt: string) => {
    const threshold = thresholdOf(input.thresholds, kind);
    if (threshold === null) return;
    if (value >= threshold && !open.has(kind)) {
      open.add(kind);
      ops.push({ op: 'raise', kind, value, threshold, observedAt });
    } else if (value < threshold && open.has(kind)) {
      open.delete(kind);
      ops.push({ op: 'clear', kind, observedAt });
    }
  };
  for (const reading of fresh) {
    if (reading.element === 'water_level') {
      for (const kind of LEVEL_KINDS) check(kind, reading.value, reading.observedAt);
    } else {
      const sums = rainSums(input.rainHistory, reading.observedAt);
      check(RAIN_KINDS[0]!, sums.hour, reading.observedAt);
      check(RAIN_KINDS[1]!, sums.day, reading.observedAt);
    }
  }
  return ops;
}

/** The window of rain history the planning needs for a batch: 24 hours before its first reading to its last. */
export function rainWindow(stored: readonly StoredReading[]): { from: string; to: string } | null {
  const times = stored.filter((reading) => reading.element === 'rainfall').map((reading) => reading.observedAt);
  if (!times.length) return null;
  times.sort();
  return { from: new Date(Date.parse(times[0]!) - 24 * HOUR_MS).toISOString(), to: times.at(-1)! };
}

/** The statements both engines run as written (`@name` parameters; PostgreSQL runs them through `named`). */
export const SENSOR_SQL = {
  columns: `id, kind, name, code, lon, lat, river, warning_level_m, guarantee_level_m, rain_1h_mm, rain_24h_mm,
            illustrative, version, updated_at`,
  insert: `INSERT INTO sensors (kind, name, code, lon, lat, river, warning_level_m, guarantee_level_m, rain_1h_mm,
                                rain_24h_mm, illustrative, version, created_at, updated_at, updated_by)
           VALUES (@kind, @name, @code, @lon, @lat, @river, @warningLevelM, @guaranteeLevelM, @rain1hMm, @rain24hMm,
                   @illustrative, 1, @now, @now, @by)
           ON CONFLICT (code) DO NOTHING RETURNING id`,
  update: `UPDATE sensors SET kind = @kind, name = @name, code = @code, lon = @lon, lat = @lat, river = @river,
             warning_level_m = @warningLevelM, guarantee_level_m = @guaranteeLevelM, rain_1h_mm = @rain1hMm,
             rain_24h_mm = @rain24hMm, version = version + 1, updated_at = @now, updated_by = @by
           WHERE id = @id AND version = @expectedVersion RETURNING id`,
  codeTaken: 'SELECT id FROM sensors WHERE code = @code AND id <> @id',
  newestBefore: `SELECT element, max(observed_at) AS newest FROM sensor_readings WHERE sensor_id = @id GROUP BY element`,
  insertReading: `INSERT INTO sensor_readings (sensor_id, element, observed_at, value, source, received_at)
                  VALUES (@id, @element, @observedAt, @value, @source, @now)
                  ON CONFLICT (sensor_id, element, observed_at) DO NOTHING RETURNING element`,
  rainHistory: `SELECT observed_at AS "observedAt", value FROM sensor_readings
                WHERE sensor_id = @id AND element = 'rainfall' AND observed_at > @from AND observed_at <= @to`,
  openKinds: 'SELECT threshold_kind FROM flood_alerts WHERE sensor_id = @id AND cleared_at IS NULL',
  raise: `INSERT INTO flood_alerts (sensor_id, threshold_kind, value, threshold, observed_at, raised_at, on_duty_json)
          VALUES (@id, @kind, @value, @threshold, @observedAt, @now, @onDuty)
          ON CONFLICT (sensor_id, threshold_kind) WHERE cleared_at IS NULL DO NOTHING RETURNING id`,
  clear: `UPDATE flood_alerts SET cleared_at = @observedAt
          WHERE sensor_id = @id AND threshold_kind = @kind AND cleared_at IS NULL`,
  alerts: (where: string) => `SELECT a.id, a.sensor_id, s.name AS sensor_name, a.threshold_kind, a.value, a.threshold,
                                     a.observed_at, a.raised_at, a.cleared_at, a.on_duty_json
                              FROM flood_alerts a JOIN sensors s ON s.id = a.sensor_id
                              ${where} ORDER BY a.raised_at DESC, a.id DESC LIMIT @limit`,
  lastLevel: `SELECT observed_at AS "observedAt", value FROM sensor_readings
              WHERE sensor_id = @id AND element = 'water_level' ORDER BY observed_at DESC LIMIT 1`,
  lastRainAt: `SELECT max(observed_at) AS at FROM sensor_readings WHERE sensor_id = @id AND element = 'rainfall'`,
  readings: `SELECT observed_at AS "observedAt", element, value FROM sensor_readings
             WHERE sensor_id = @id AND observed_at >= @since ORDER BY observed_at, element`,
  duty: 'SELECT * FROM flood_duty WHERE day = @day ORDER BY seq',
  deleteDuty: 'DELETE FROM flood_duty WHERE day = @day',
  insertDuty: `INSERT INTO flood_duty (day, seq, name, phone, duty_role, illustrative)
               VALUES (@day, @seq, @name, @phone, @role, @illustrative)`,
};
