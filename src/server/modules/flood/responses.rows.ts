import type {
  FloodResponse,
  PumpStation,
  PumpStatus,
  ResponseLevel,
  TimelineEntry,
} from '../../../shared/flood/response';

/**
 * Rows of the emergency-response and pump-status tables and their mappers, shared by the SQLite (responses.repo.ts)
 * and PostgreSQL (responses.pg.ts) repositories.
 */
export interface ResponseRow {
  id: number;
  level: ResponseLevel;
  status: 'active' | 'ended';
  started_at: string;
  started_by: string | null;
  ended_at: string | null;
  version: number;
}
export interface ResponseTaskRow {
  id: number;
  level: ResponseLevel;
  unit_id: string;
  title: string;
}
export interface LogRow {
  at: string;
  kind: TimelineEntry['kind'];
  level: ResponseLevel | null;
  reason: string;
  actor: string | null;
  detail_json: string;
}
export interface PumpRow {
  id: number;
  zone_id: number;
  name: string;
  geometry_json: string;
  status: PumpStatus | null;
  note: string | null;
  version: number | null;
  updated_at: string | null;
}

export const toResponse = (row: ResponseRow, tasks: ResponseTaskRow[], log: LogRow[]): FloodResponse => ({
  id: String(row.id),
  level: row.level,
  status: row.status,
  startedAt: row.started_at,
  startedBy: row.started_by,
  endedAt: row.ended_at,
  version: row.version,
  tasks: tasks.map((task) => ({ id: String(task.id), level: task.level, unit: task.unit_id, title: task.title })),
  timeline: log.map((entry) => ({
    at: entry.at,
    kind: entry.kind,
    level: entry.level,
    reason: entry.reason,
    actor: entry.actor,
    detail: JSON.parse(entry.detail_json) as Record<string, unknown>,
  })),
});

export const toPump = (row: PumpRow): PumpStation => {
  const geometry = JSON.parse(row.geometry_json) as { type: string; coordinates: unknown };
  const position = (geometry.type === 'Point' ? geometry.coordinates : (geometry.coordinates as unknown[])[0]) as [
    number,
    number,
  ];
  return {
    facilityId: String(row.id),
    zoneId: String(row.zone_id),
    name: row.name,
    position,
    status: row.status,
    note: row.note ?? '',
    version: row.version ?? 0,
    updatedAt: row.updated_at,
  };
};

/** A timeline entry to append. */
export interface NewLogEntry {
  kind: TimelineEntry['kind'];
  level: ResponseLevel | null;
  reason: string;
  detail: Record<string, unknown>;
}
export const logParams = (responseId: number, entry: NewLogEntry, actor: string | null, now: Date) => ({
  responseId,
  at: now.toISOString(),
  kind: entry.kind,
  level: entry.level,
  reason: entry.reason,
  actor,
  detail: JSON.stringify(entry.detail),
});

/** The 泵站 component (GB/T 47678.5 排水泵站) among the flood facilities. */
export const PUMP_COMPONENT = '01072';

/** The statements both engines run as written (`@name` parameters; PostgreSQL runs them through `named`). */
export const RESPONSE_SQL = {
  insert: `INSERT INTO flood_responses (level, status, started_at, started_by, version)
           VALUES (@level, 'active', @now, @by, 1)
           ON CONFLICT (status) WHERE status = 'active' DO NOTHING RETURNING id`,
  one: 'SELECT * FROM flood_responses WHERE id = @id',
  active: "SELECT * FROM flood_responses WHERE status = 'active'",
  all: 'SELECT * FROM flood_responses ORDER BY started_at DESC, id DESC LIMIT 50',
  tasks: 'SELECT id, level, unit_id, title FROM flood_response_tasks WHERE response_id = @id ORDER BY id',
  log: `SELECT at, kind, level, reason, actor, detail_json FROM flood_response_log WHERE response_id = @id
        ORDER BY at, id`,
  insertTask: `INSERT INTO flood_response_tasks (response_id, level, unit_id, title) VALUES (@id, @level, @unit, @title)
               ON CONFLICT (response_id, level, title) DO NOTHING`,
  insertLog: `INSERT INTO flood_response_log (response_id, at, kind, level, reason, actor, detail_json)
              VALUES (@responseId, @at, @kind, @level, @reason, @actor, @detail)`,
  setLevel: `UPDATE flood_responses SET level = @level, version = version + 1
             WHERE id = @id AND version = @expectedVersion AND status = 'active' RETURNING id`,
  end: `UPDATE flood_responses SET status = 'ended', ended_at = @now, version = version + 1
        WHERE id = @id AND version = @expectedVersion AND status = 'active' RETURNING id`,
  pumps: (where: string) => `SELECT f.id, f.zone_id, f.name, f.geometry_json, p.status, p.note, p.version, p.updated_at
          FROM flood_facilities f LEFT JOIN pump_status p ON p.facility_id = f.id
          WHERE f.component_code = '${PUMP_COMPONENT}' ${where} ORDER BY f.id`,
  insertPump: `INSERT INTO pump_status (facility_id, status, note, version, updated_at, updated_by)
               VALUES (@id, @status, @note, 1, @now, @by) ON CONFLICT (facility_id) DO NOTHING RETURNING facility_id`,
  updatePump: `UPDATE pump_status SET status = @status, note = @note, version = version + 1, updated_at = @now,
                 updated_by = @by
               WHERE facility_id = @id AND version = @expectedVersion RETURNING facility_id`,
};
