import {
  zoneOverdueDays,
  type ZoneBbox,
  type ZoneFeature,
  type ZoneGeometry,
  type ZoneListFeature,
  type ZoneQuery,
  type ZoneStatus,
} from '../../../shared/zones/zone';

/** A zone without its record: id, geometry type, planned dates and bounding box (null for an empty geometry). */
export interface ZoneOutline {
  id: number;
  geometryType: ZoneGeometry['type'];
  plannedStart: string;
  plannedEnd: string;
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number } | null;
}

/** Rows of the zone reads, their statements and mappers: what the SQLite and PostgreSQL zone repositories share. */
export interface ZoneRow {
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
  latest_task_due: string | null;
  oldest_overdue_task_due: string | null;
  supervision_count: number;
  status_override_reason: string | null;
}

/**
 * The zone read with its responsible units (`units`, the engine's spelling) and its shape: `z.geometry_json` (a
 * ZoneRow), or the engine's box columns min_lon, min_lat, max_lon, max_lat instead (a ZoneBoxRow).
 */
export function selectZoneSql(units: string, shape = 'z.geometry_json'): string {
  return `
  SELECT z.id, z.name, z.category, z.status, z.lead_unit_id, z.planned_start, z.planned_end, z.progress,
         z.measures, z.notes, z.village, ${shape}, z.version, z.updated_at,
         z.status_override_reason,
         ${units} AS responsible_units,
         (SELECT count(*) FROM tasks t WHERE t.zone_id = z.id) AS task_count,
         (SELECT count(*) FROM tasks t WHERE t.zone_id = z.id AND t.due_date < @today
            AND t.status NOT IN ('done', 'suspended')) AS overdue_task_count,
         (SELECT max(t.due_date) FROM tasks t WHERE t.zone_id = z.id AND t.status <> 'suspended') AS latest_task_due,
         (SELECT min(t.due_date) FROM tasks t WHERE t.zone_id = z.id AND t.due_date < @today
            AND t.status NOT IN ('done', 'suspended')) AS oldest_overdue_task_due,
         (SELECT count(*) FROM supervisions s WHERE s.zone_id = z.id AND s.resolved_at IS NULL) AS supervision_count
  FROM zones z`;
}

export interface OutlineRow {
  id: number;
  geometry_type: ZoneGeometry['type'];
  planned_start: string;
  planned_end: string;
  min_lon: number | null;
  max_lon: number | null;
  min_lat: number | null;
  max_lat: number | null;
}
/** A zone's row read without its geometry, with its box instead (selectZoneSql's other shape). */
export type ZoneBoxRow = Omit<ZoneRow, 'geometry_json'> &
  Pick<OutlineRow, 'min_lon' | 'max_lon' | 'min_lat' | 'max_lat'>;
export interface GeometryRow {
  id: number;
  geometry_json: string;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function zoneProperties(row: Omit<ZoneRow, 'geometry_json'>, today: string): ZoneFeature['properties'] {
  const overdueDays = zoneOverdueDays(
    { plannedEnd: row.planned_end, status: row.status },
    { latestTaskDue: row.latest_task_due, oldestOverdueTaskDue: row.oldest_overdue_task_due },
    today,
  );
  return {
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
    overdue: overdueDays > 0,
    overdueDays,
    supervisionCount: row.supervision_count,
    statusOverrideReason: row.status_override_reason,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export function toFeature(row: ZoneRow, today: string): ZoneFeature {
  return {
    type: 'Feature',
    id: String(row.id),
    geometry: JSON.parse(row.geometry_json) as ZoneGeometry,
    properties: zoneProperties(row, today),
  };
}

const BOX_DIGITS = 1e7;
/** A box side rounded outward to 1e-7° (about a centimetre): an index's single-precision box in fewer digits. */
const down = (value: number) => Math.floor(value * BOX_DIGITS) / BOX_DIGITS;
const up = (value: number) => Math.ceil(value * BOX_DIGITS) / BOX_DIGITS;

/**
 * A zone without its geometry (`GET /api/zones?geometry=none`): its box as GeoJSON's `bbox` (from the spatial index,
 * rounded outward), none when its shape is empty.
 */
export function toFeatureWithoutGeometry(row: ZoneBoxRow, today: string): ZoneListFeature {
  const bbox: ZoneBbox | null =
    row.min_lon === null ? null : [down(row.min_lon), down(row.min_lat!), up(row.max_lon!), up(row.max_lat!)];
  return {
    type: 'Feature',
    id: String(row.id),
    geometry: null,
    ...(bbox ? { bbox } : {}),
    properties: zoneProperties(row, today),
  };
}

/** A zone's responsible units as a JSON array text, in order: SQLite's spelling (selectZoneSql). */
export const SQLITE_UNITS =
  '(SELECT json_group_array(unit_id) FROM (SELECT unit_id FROM zone_units WHERE zone_id = z.id ORDER BY sort))';
/** The same in PostgreSQL (null without units, read as none). */
export const PG_UNITS = '(SELECT json_agg(unit_id ORDER BY sort)::text FROM zone_units WHERE zone_id = z.id)';

export function toOutline(row: OutlineRow): ZoneOutline {
  return {
    id: row.id,
    geometryType: row.geometry_type,
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    box:
      row.min_lon === null
        ? null
        : { minLon: row.min_lon, minLat: row.min_lat!, maxLon: row.max_lon!, maxLat: row.max_lat! },
  };
}

/**
 * The zones list from its rows: the spatial index found the zones whose box meets the bbox; the shape itself must
 * (the one bbox rule, shared/geo/box-filter.ts); then the overdue filter.
 */
export async function finishZoneList(
  rows: readonly ZoneRow[],
  query: ZoneQuery,
  today: string,
): Promise<ZoneFeature[]> {
  let features = rows.map((row) => toFeature(row, today));
  const box = query.bbox;
  if (box) {
    // The exact test needs turf: loaded when first needed, not at start-up (docs/architecture.md).
    const { geometryMeetsBox } = await import('../../../shared/geo/box-filter');
    features = features.filter((feature) => geometryMeetsBox(feature.geometry, box));
  }
  if (query.overdue) {
    const wanted = query.overdue === 'true';
    return features.filter((feature) => feature.properties.overdue === wanted);
  }
  return features;
}

/**
 * What changes whenever anything a zone answer derives from changes (a zone or task written, added or removed):
 * counts, version sums and the latest update of zones and tasks. The same text on both engines; the zone tiles key
 * their cache on it (zone-tiles.ts).
 */
export const ZONE_DATA_STAMP_SQL = `SELECT
  (SELECT count(*) FROM zones WHERE deleted_at IS NULL) AS zones,
  (SELECT coalesce(sum(version), 0) FROM zones) AS zone_versions,
  (SELECT max(updated_at) FROM zones) AS zones_updated,
  (SELECT count(*) FROM tasks) AS tasks,
  (SELECT coalesce(sum(version), 0) FROM tasks) AS task_versions,
  (SELECT max(updated_at) FROM tasks) AS tasks_updated`;

/** The stamp's row as one text (PostgreSQL's counts come as text, SQLite's as numbers: both print the same). */
export const zoneDataStamp = (row: Record<string, unknown>) =>
  ['zones', 'zone_versions', 'zones_updated', 'tasks', 'task_versions', 'tasks_updated']
    .map((key) => String(row[key] ?? ''))
    .join('/');
