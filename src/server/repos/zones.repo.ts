import type { Db } from '../db/connection';
import type { ZoneRepository } from './types';
import { isZoneOverdue, type ZoneFeature, type ZoneGeometry, type ZoneQuery, type ZoneStatus } from '../../shared/zone';

interface ZoneRow {
  id: number;
  name: string;
  category: string;
  status: ZoneStatus;
  lead_unit_id: string;
  planned_start: string;
  planned_end: string;
  progress: number;
  measures: string;
  notes: string;
  village: string | null;
  geometry_json: string;
  version: number;
  updated_at: string;
  responsible_units: string | null;
  task_count: number;
  overdue_task_count: number;
  supervision_count: number;
  status_override_reason: string | null;
}

const SELECT_ZONE = `
  SELECT z.id, z.name, z.category, z.status, z.lead_unit_id, z.planned_start, z.planned_end, z.progress,
         z.measures, z.notes, z.village, z.geometry_json, z.version, z.updated_at,
         z.status_override_reason,
         (SELECT json_group_array(unit_id) FROM (SELECT unit_id FROM zone_units WHERE zone_id = z.id ORDER BY sort))
           AS responsible_units,
         (SELECT count(*) FROM tasks t WHERE t.zone_id = z.id) AS task_count,
         (SELECT count(*) FROM tasks t WHERE t.zone_id = z.id AND t.due_date < @today
            AND t.status NOT IN ('done', 'suspended')) AS overdue_task_count,
         (SELECT count(*) FROM supervisions s WHERE s.zone_id = z.id AND s.resolved_at IS NULL) AS supervision_count
  FROM zones z`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function toFeature(row: ZoneRow, today: string): ZoneFeature {
  const properties = {
    name: row.name,
    category: row.category,
    status: row.status,
    leadUnit: row.lead_unit_id,
    responsibleUnits: row.responsible_units ? (JSON.parse(row.responsible_units) as string[]) : [],
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    progress: row.progress,
    measures: row.measures,
    notes: row.notes,
    village: row.village,
    taskCount: row.task_count,
    overdueTaskCount: row.overdue_task_count,
    overdue: isZoneOverdue({ plannedEnd: row.planned_end, status: row.status }, row.overdue_task_count, today),
    supervisionCount: row.supervision_count,
    statusOverrideReason: row.status_override_reason,
    version: row.version,
    updatedAt: row.updated_at,
  };
  return {
    type: 'Feature',
    id: String(row.id),
    geometry: JSON.parse(row.geometry_json) as ZoneGeometry,
    properties,
  };
}

/** Build the WHERE clause for the zone filters; bbox goes through the R*Tree. */
export function buildZoneFilter(query: ZoneQuery): { joins: string; where: string[]; params: Record<string, unknown> } {
  const where: string[] = ['z.deleted_at IS NULL'];
  const params: Record<string, unknown> = {};
  let joins = '';
  if (query.bbox) {
    joins = ' JOIN zones_rtree r ON r.id = z.id';
    where.push('r.max_lon >= @minLon AND r.min_lon <= @maxLon AND r.max_lat >= @minLat AND r.min_lat <= @maxLat');
    Object.assign(params, query.bbox);
  }
  if (query.category?.length) {
    where.push(`z.category IN (SELECT value FROM json_each(@categories))`);
    params.categories = JSON.stringify(query.category);
  }
  if (query.status?.length) {
    where.push(`z.status IN (SELECT value FROM json_each(@statuses))`);
    params.statuses = JSON.stringify(query.status);
  }
  if (query.unit) {
    where.push(
      '(z.lead_unit_id = @unit OR EXISTS (SELECT 1 FROM zone_units u WHERE u.zone_id = z.id AND u.unit_id = @unit))',
    );
    params.unit = query.unit;
  }
  if (query.q && query.q.trim() !== '') {
    where.push(`z.name LIKE @q ESCAPE '\\'`);
    params.q = `%${escapeLike(query.q.trim())}%`;
  }
  return { joins, where, params };
}

export function createZoneRepository(db: Db): ZoneRepository {
  const byId = db.prepare<{ id: number; today: string }, ZoneRow>(
    `${SELECT_ZONE} WHERE z.id = @id AND z.deleted_at IS NULL`,
  );
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  return {
    async listZones(query, today) {
      const { joins, where, params } = buildZoneFilter(query);
      const sql = `${SELECT_ZONE}${joins} WHERE ${where.join(' AND ')} ORDER BY z.category, z.id`;
      let statement = cache.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        cache.set(sql, statement);
      }
      const rows = statement.all({ ...params, today }) as ZoneRow[];
      const features = rows.map((row) => toFeature(row, today));
      if (query.overdue) {
        const wanted = query.overdue === 'true';
        return features.filter((feature) => feature.properties.overdue === wanted);
      }
      return features;
    },
    async getZone(id, today) {
      const row = byId.get({ id, today });
      return row ? toFeature(row, today) : null;
    },
  };
}
