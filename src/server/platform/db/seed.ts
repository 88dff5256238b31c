import type { Db } from './connection';
import { campaignYearFor, instantiatePhases, type CampaignConfig } from '../../../shared/campaign/campaign';
import { addDays } from '../../../shared/time/dates';
import type { BasemapFeature, SampleZone } from '../../../shared/campaign/sample-data';
import type { Place } from '../../../shared/geo/basemap';
import { rollUpZone } from '../../../shared/tasks/task';
import { buildIllustrativeGrid, type GridCell } from '../../../shared/cases/case-grid';
import { geometryBounds } from '../../../shared/geo/bounds';
import { villageAreaIndex, villageLabel, villagesOfZone } from '../../../shared/geo/village-areas';

/** Why a sample zone's status is not its tasks' roll-up. */
export const SAMPLE_OVERRIDE_REASON = '示例数据';

type Params = Record<string, unknown>;

/**
 * The seeding statements with `@name` parameters, the same on SQLite and PostgreSQL (platform/db/pg/seed.ts runs
 * them through `named`); the rows come from the pure functions below.
 */
export const SEED_SQL = {
  campaignExists: 'SELECT 1 AS found FROM campaign_config WHERE id = 1',
  campaign:
    'INSERT INTO campaign_config (id, campaign_year, config_json, updated_at) VALUES (1, @year, @configJson, @now)',
  unit: 'INSERT INTO units (id, name, name_en, sort) VALUES (@id, @name, @nameEn, @sort)',
  item: `INSERT INTO campaign_items (code, group_code, name, name_en, applicable, lead_unit_id, content, sort)
         VALUES (@code, @group, @name, @nameEn, @applicable, @leadUnit, @content, @sort)`,
  itemUnit: 'INSERT INTO campaign_item_units (item_code, unit_id, sort) VALUES (@itemCode, @unitId, @sort)',
  phase:
    'INSERT INTO phases (seq, name, name_en, starts_on, ends_on) VALUES (@seq, @name, @nameEn, @startsOn, @endsOn)',
  zoneCount: 'SELECT count(*) AS n FROM zones',
  basemap:
    'INSERT INTO basemap_features (layer, name, name_en, geometry_json) VALUES (@layer, @name, @nameEn, @geometryJson)',
  place: `INSERT INTO places (code_2023, code_2020, name, short_name, kind, lon, lat)
          VALUES (@code2023, @code2020, @name, @shortName, @kind, @lon, @lat)`,
  datasetInfo:
    'INSERT INTO dataset_info (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  zone: `
    INSERT INTO zones (name, category, status, lead_unit_id, planned_start, planned_end, progress, measures, notes,
                       village, geometry_json, geometry_type, version, created_at, updated_at)
    VALUES (@name, @category, @status, @leadUnit, @plannedStart, @plannedEnd, @progress, @measures, @notes,
            @village, @geometryJson, @geometryType, 1, @now, @now)`,
  zoneUnit: 'INSERT INTO zone_units (zone_id, unit_id, sort) VALUES (@zoneId, @unitId, @sort)',
  zoneVersion: `INSERT INTO zone_versions (zone_id, version, action, at, actor_username, snapshot_json)
                VALUES (@zoneId, 1, 'create', @at, 'seed', @snapshotJson)`,
  zoneOverride: 'UPDATE zones SET status_override_reason = @reason WHERE id = @zoneId',
  task: `
    INSERT INTO tasks (zone_id, title, measures, assigned_unit_id, due_date, original_due_date, status, rework_count,
                       completed_on, sort, version, created_at, updated_at)
    VALUES (@zoneId, @title, @measures, @assignedUnit, @dueDate, @originalDueDate, @status, @reworkCount,
            @completedOn, @sort, 1, @now, @now)`,
  clearGrids: 'DELETE FROM grids',
  grid: 'INSERT INTO grids (code, village_code, geometry_json, illustrative) VALUES (@code, @villageCode, @geometryJson, @illustrative)',
};

/** The rows of the campaign configuration, with the phases instantiated for the campaign year running on `today`. */
export function campaignSeed(config: CampaignConfig, today: string) {
  const year = campaignYearFor(today);
  return {
    campaign: { year, configJson: JSON.stringify(config), now: new Date().toISOString() },
    units: config.units.map((unit, sort) => ({ id: unit.id, name: unit.name, nameEn: unit.nameEn, sort })),
    items: config.items.map((item, sort) => ({
      code: item.code,
      group: item.group,
      name: item.name,
      nameEn: item.nameEn,
      applicable: item.applicable ? 1 : 0,
      leadUnit: item.leadUnit,
      content: item.content,
      sort,
    })),
    itemUnits: config.items.flatMap((item) =>
      item.responsibleUnits.map((unitId, sort) => ({ itemCode: item.code, unitId, sort })),
    ),
    phases: instantiatePhases(config.phases, year).map((phase) => ({
      seq: phase.seq,
      name: phase.name,
      nameEn: phase.nameEn,
      startsOn: phase.startsOn,
      endsOn: phase.endsOn,
    })),
  };
}

/** Every campaign row in insertion order: [statement, parameters]. */
export function campaignStatements(config: CampaignConfig, today: string): [string, Params][] {
  const seed = campaignSeed(config, today);
  return [
    [SEED_SQL.campaign, seed.campaign],
    ...seed.units.map((row): [string, Params] => [SEED_SQL.unit, row]),
    ...seed.items.map((row): [string, Params] => [SEED_SQL.item, row]),
    ...seed.itemUnits.map((row): [string, Params] => [SEED_SQL.itemUnit, row]),
    ...seed.phases.map((row): [string, Params] => [SEED_SQL.phase, row]),
  ];
}

/**
 * Load the campaign configuration into an empty database: units, items, the item → unit links and
 * the phases instantiated for the campaign year running on `today`. Does nothing if already there.
 */
export function seedCampaign(db: Db, config: CampaignConfig, today: string): boolean {
  if (db.prepare(SEED_SQL.campaignExists).get()) return false;
  db.transaction(() => {
    for (const [sql, params] of campaignStatements(config, today)) db.prepare(sql).run(params);
  })();
  return true;
}

export interface SampleData {
  zones: SampleZone[];
  basemap: BasemapFeature[];
  places: Place[];
}

/**
 * The sample data's rows apart from the zones: basemap, places, the ILLUSTRATIVE 单元网格 (the town has no
 * published grid: a 500 m lattice over the outline, by nearest village), and the zones with a village filled in
 * from the village areas where the sample has none, as a drawn or imported zone gets it.
 */
export function sampleSeed(sample: SampleData, today: string) {
  const outline = sample.basemap.find((feature) => feature.properties.layer === 'outline');
  const cells =
    outline?.geometry.type === 'Polygon' ? buildIllustrativeGrid(outline.geometry.coordinates[0]!, sample.places) : [];
  const areas = villageAreaIndex(cells.map((cell) => ({ village: cell.villageCode, geometry: cell.geometry })));
  const names = new Map(sample.places.map((place) => [place.code2023, place.shortName]));
  return {
    basemap: sample.basemap.map((feature) => ({
      layer: feature.properties.layer,
      name: feature.properties.name,
      nameEn: feature.properties.nameEn ?? null,
      geometryJson: JSON.stringify(feature.geometry),
    })),
    places: sample.places.map((place) => ({ ...place })),
    zones: sample.zones.map((zone) =>
      zone.village !== null || !cells.length
        ? zone
        : { ...zone, village: villageLabel(villagesOfZone(zone.geometry, areas).map((code) => names.get(code)!)) },
    ),
    cells,
    datasetInfo: [
      { key: 'sample_data', value: 'true' },
      { key: 'seeded_on', value: today },
    ],
  };
}

/** One zone's rows: the zone, its units, its first history version, its tasks (by zone id) and the override. */
export function zoneSeed(zone: SampleZone, today: string, now: string) {
  // The sample history starts when each zone's work was planned to start (so "as of" views have a past).
  const plannedStart = addDays(today, zone.startOffsetDays);
  const startedAt = new Date(`${plannedStart}T09:00:00+08:00`).toISOString();
  const createdAt = startedAt < now ? startedAt : now;
  const rolled = rollUpZone(zone.tasks);
  return {
    zone: {
      name: zone.name,
      category: zone.category,
      status: zone.status,
      leadUnit: zone.leadUnit,
      plannedStart,
      plannedEnd: addDays(today, zone.endOffsetDays),
      progress: zone.progress,
      measures: zone.measures,
      notes: zone.notes,
      village: zone.village,
      geometryJson: JSON.stringify(zone.geometry),
      geometryType: zone.geometry.type,
      now: createdAt,
    },
    units: (zoneId: number) => zone.responsibleUnits.map((unitId, sort) => ({ zoneId, unitId, sort })),
    version: (zoneId: number) => ({
      zoneId,
      at: createdAt,
      snapshotJson: JSON.stringify({
        name: zone.name,
        category: zone.category,
        status: zone.status,
        responsibleUnits: zone.responsibleUnits,
        plannedStart,
        plannedEnd: addDays(today, zone.endOffsetDays),
        progress: zone.progress,
        measures: zone.measures,
        notes: zone.notes,
        village: zone.village,
        geometry: zone.geometry,
      }),
    }),
    tasks: (zoneId: number) =>
      zone.tasks.map((task, sort) => {
        const dueDate = addDays(today, task.dueOffsetDays);
        return {
          zoneId,
          title: task.title,
          measures: task.measures,
          assignedUnit: task.assignedUnit,
          dueDate,
          originalDueDate:
            task.originalDueOffsetDays === undefined ? dueDate : addDays(today, task.originalDueOffsetDays),
          status: task.status,
          reworkCount: task.reworkCount,
          completedOn: task.status === 'done' ? (dueDate < today ? dueDate : today) : null,
          sort,
          now: createdAt,
        };
      }),
    // The sample zones' status and progress were set by hand: say so where they differ from the tasks' roll-up.
    override:
      rolled && (rolled.status !== zone.status || rolled.progress !== zone.progress) ? SAMPLE_OVERRIDE_REASON : null,
  };
}

export function gridRows(cells: readonly GridCell[], illustrative: boolean) {
  return cells.map((cell) => ({
    code: cell.code,
    villageCode: cell.villageCode,
    geometryJson: JSON.stringify(cell.geometry),
    illustrative: illustrative ? 1 : 0,
  }));
}

/**
 * Fill an empty database with the illustrative sample data, turning day offsets into dates
 * relative to `today` so the demo is current whenever it is first started. One transaction.
 */
export function seedSampleData(db: Db, sample: SampleData, today: string): boolean {
  const count = (db.prepare(SEED_SQL.zoneCount).get() as { n: number }).n;
  if (count > 0) return false;
  const now = new Date().toISOString();
  const seed = sampleSeed(sample, today);
  db.transaction(() => {
    const run = (sql: string, rows: readonly Params[]) => {
      const statement = db.prepare(sql);
      for (const row of rows) statement.run(row);
    };
    run(SEED_SQL.basemap, seed.basemap);
    run(SEED_SQL.place, seed.places);
    insertZones(db, seed.zones, today, now);
    if (seed.cells.length) replaceGridsSync(db, seed.cells, true);
    run(SEED_SQL.datasetInfo, seed.datasetInfo);
  })();
  return true;
}

/** Insert zones with their tasks, units and R*Tree boxes (caller provides the transaction). */
export function insertZones(db: Db, zones: readonly SampleZone[], today: string, now: string): void {
  const statement = (() => {
    const cache = new Map<string, ReturnType<Db['prepare']>>();
    return (sql: string) => cache.get(sql) ?? cache.set(sql, db.prepare(sql)).get(sql)!;
  })();
  const insertBox = db.prepare(
    'INSERT INTO zones_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)',
  );
  for (const zone of zones) {
    const seed = zoneSeed(zone, today, now);
    const zoneId = Number(statement(SEED_SQL.zone).run(seed.zone).lastInsertRowid);
    for (const row of seed.units(zoneId)) statement(SEED_SQL.zoneUnit).run(row);
    const [minLon, minLat, maxLon, maxLat] = geometryBounds(zone.geometry);
    insertBox.run(zoneId, minLon, maxLon, minLat, maxLat);
    statement(SEED_SQL.zoneVersion).run(seed.version(zoneId));
    for (const row of seed.tasks(zoneId)) statement(SEED_SQL.task).run(row);
    if (seed.override) statement(SEED_SQL.zoneOverride).run({ reason: seed.override, zoneId });
  }
}

/** Replace the grid (cells are ILLUSTRATIVE unless the town provides its own). One transaction. */
export function replaceGridsSync(db: Db, cells: readonly GridCell[], illustrative: boolean): void {
  const insert = db.prepare(SEED_SQL.grid);
  db.transaction(() => {
    db.prepare(SEED_SQL.clearGrids).run();
    for (const row of gridRows(cells, illustrative)) insert.run(row);
  })();
}
