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
export const SAMPLE_OVERRIDE_REASON = '示例数据：状态和进度为手工设定';

/**
 * Load the campaign configuration into an empty database: units, items, the item → unit links and
 * the phases instantiated for the campaign year running on `today`. Does nothing if already there.
 */
export function seedCampaign(db: Db, config: CampaignConfig, today: string): boolean {
  const exists = db.prepare('SELECT 1 FROM campaign_config WHERE id = 1').get();
  if (exists) return false;
  const year = campaignYearFor(today);
  db.transaction(() => {
    db.prepare('INSERT INTO campaign_config (id, campaign_year, config_json, updated_at) VALUES (1, ?, ?, ?)').run(
      year,
      JSON.stringify(config),
      new Date().toISOString(),
    );
    const insertUnit = db.prepare('INSERT INTO units (id, name, name_en, sort) VALUES (?, ?, ?, ?)');
    config.units.forEach((unit, index) => insertUnit.run(unit.id, unit.name, unit.nameEn, index));
    const insertItem = db.prepare(
      'INSERT INTO campaign_items (code, group_code, name, name_en, applicable, lead_unit_id, content, sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertItemUnit = db.prepare('INSERT INTO campaign_item_units (item_code, unit_id, sort) VALUES (?, ?, ?)');
    config.items.forEach((item, index) => {
      insertItem.run(
        item.code,
        item.group,
        item.name,
        item.nameEn,
        item.applicable ? 1 : 0,
        item.leadUnit,
        item.content,
        index,
      );
      item.responsibleUnits.forEach((unitId, sort) => insertItemUnit.run(item.code, unitId, sort));
    });
    const insertPhase = db.prepare(
      'INSERT INTO phases (seq, name, name_en, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)',
    );
    for (const phase of instantiatePhases(config.phases, year)) {
      insertPhase.run(phase.seq, phase.name, phase.nameEn, phase.startsOn, phase.endsOn);
    }
  })();
  return true;
}

export interface SampleData {
  zones: SampleZone[];
  basemap: BasemapFeature[];
  places: Place[];
}

/**
 * Fill an empty database with the illustrative sample data, turning day offsets into dates
 * relative to `today` so the demo is current whenever it is first started. One transaction.
 */
export function seedSampleData(db: Db, sample: SampleData, today: string): boolean {
  const count = (db.prepare('SELECT count(*) AS n FROM zones').get() as { n: number }).n;
  if (count > 0) return false;
  const now = new Date().toISOString();
  db.transaction(() => {
    const insertBasemap = db.prepare(
      'INSERT INTO basemap_features (layer, name, name_en, geometry_json) VALUES (?, ?, ?, ?)',
    );
    for (const feature of sample.basemap) {
      insertBasemap.run(
        feature.properties.layer,
        feature.properties.name,
        feature.properties.nameEn ?? null,
        JSON.stringify(feature.geometry),
      );
    }
    const insertPlace = db.prepare(
      'INSERT INTO places (code_2023, code_2020, name, short_name, kind, lon, lat) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const place of sample.places) {
      insertPlace.run(place.code2023, place.code2020, place.name, place.shortName, place.kind, place.lon, place.lat);
    }
    // ILLUSTRATIVE 单元网格 (the town has no published grid): a 500 m lattice over the outline, by nearest village.
    const outline = sample.basemap.find((feature) => feature.properties.layer === 'outline');
    const cells =
      outline?.geometry.type === 'Polygon'
        ? buildIllustrativeGrid(outline.geometry.coordinates[0]!, sample.places)
        : [];
    // A sample zone without a village gets it from the village areas, as a drawn or imported zone does.
    const areas = villageAreaIndex(cells.map((cell) => ({ village: cell.villageCode, geometry: cell.geometry })));
    const names = new Map(sample.places.map((place) => [place.code2023, place.shortName]));
    const zones = sample.zones.map((zone) =>
      zone.village !== null || !cells.length
        ? zone
        : { ...zone, village: villageLabel(villagesOfZone(zone.geometry, areas).map((code) => names.get(code)!)) },
    );
    insertZones(db, zones, today, now);
    if (cells.length) replaceGridsSync(db, cells, true);
    db.prepare(
      "INSERT INTO dataset_info (key, value) VALUES ('sample_data', 'true') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run();
    db.prepare(
      "INSERT INTO dataset_info (key, value) VALUES ('seeded_on', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(today);
  })();
  return true;
}

/** Insert zones with their tasks, units and R*Tree boxes (caller provides the transaction). */
export function insertZones(db: Db, zones: readonly SampleZone[], today: string, now: string): void {
  const insertZone = db.prepare(`
    INSERT INTO zones (name, category, status, lead_unit_id, planned_start, planned_end, progress, measures, notes,
                       village, geometry_json, geometry_type, version, created_at, updated_at)
    VALUES (@name, @category, @status, @leadUnit, @plannedStart, @plannedEnd, @progress, @measures, @notes,
            @village, @geometryJson, @geometryType, 1, @now, @now)`);
  const insertZoneUnit = db.prepare('INSERT INTO zone_units (zone_id, unit_id, sort) VALUES (?, ?, ?)');
  const insertBox = db.prepare(
    'INSERT INTO zones_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)',
  );
  const insertVersion = db.prepare(
    "INSERT INTO zone_versions (zone_id, version, action, at, actor_username, snapshot_json) VALUES (?, 1, 'create', ?, 'seed', ?)",
  );
  const setOverride = db.prepare('UPDATE zones SET status_override_reason = ? WHERE id = ?');
  const insertTask = db.prepare(`
    INSERT INTO tasks (zone_id, title, measures, assigned_unit_id, due_date, original_due_date, status, rework_count,
                       completed_on, sort, version, created_at, updated_at)
    VALUES (@zoneId, @title, @measures, @assignedUnit, @dueDate, @originalDueDate, @status, @reworkCount,
            @completedOn, @sort, 1, @now, @now)`);
  for (const zone of zones) {
    // The sample history starts when each zone's work was planned to start (so "as of" views have a past).
    const plannedStart = addDays(today, zone.startOffsetDays);
    const startedAt = new Date(`${plannedStart}T09:00:00+08:00`).toISOString();
    const createdAt = startedAt < now ? startedAt : now;
    const result = insertZone.run({
      name: zone.name,
      category: zone.category,
      status: zone.status,
      leadUnit: zone.leadUnit,
      plannedStart: addDays(today, zone.startOffsetDays),
      plannedEnd: addDays(today, zone.endOffsetDays),
      progress: zone.progress,
      measures: zone.measures,
      notes: zone.notes,
      village: zone.village,
      geometryJson: JSON.stringify(zone.geometry),
      geometryType: zone.geometry.type,
      now: createdAt,
    });
    const zoneId = Number(result.lastInsertRowid);
    zone.responsibleUnits.forEach((unitId, sort) => insertZoneUnit.run(zoneId, unitId, sort));
    const [minLon, minLat, maxLon, maxLat] = geometryBounds(zone.geometry);
    insertBox.run(zoneId, minLon, maxLon, minLat, maxLat);
    insertVersion.run(
      zoneId,
      createdAt,
      JSON.stringify({
        name: zone.name,
        category: zone.category,
        status: zone.status,
        responsibleUnits: zone.responsibleUnits,
        plannedStart: addDays(today, zone.startOffsetDays),
        plannedEnd: addDays(today, zone.endOffsetDays),
        progress: zone.progress,
        measures: zone.measures,
        notes: zone.notes,
        village: zone.village,
        geometry: zone.geometry,
      }),
    );
    zone.tasks.forEach((task, sort) => {
      const dueDate = addDays(today, task.dueOffsetDays);
      insertTask.run({
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
      });
    });
    // The sample zones' status and progress were set by hand: say so where they differ from the tasks' roll-up.
    const rolled = rollUpZone(zone.tasks);
    if (rolled && (rolled.status !== zone.status || rolled.progress !== zone.progress)) {
      setOverride.run(SAMPLE_OVERRIDE_REASON, zoneId);
    }
  }
}

/** Replace the grid (cells are ILLUSTRATIVE unless the town provides its own). One transaction. */
export function replaceGridsSync(db: Db, cells: readonly GridCell[], illustrative: boolean): void {
  const insert = db.prepare('INSERT INTO grids (code, village_code, geometry_json, illustrative) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM grids').run();
    for (const cell of cells)
      insert.run(cell.code, cell.villageCode, JSON.stringify(cell.geometry), illustrative ? 1 : 0);
  })();
}
