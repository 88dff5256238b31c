import type Database from 'better-sqlite3';

/** Versioned migrations; each runs once, in order, inside a transaction. Never edit a shipped one. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'campaign, zones, tasks, basemap',
    sql: `
      CREATE TABLE campaign_config (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        campaign_year INTEGER NOT NULL,
        config_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        sort INTEGER NOT NULL
      );
      CREATE TABLE campaign_items (
        code TEXT PRIMARY KEY,
        group_code TEXT NOT NULL,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        applicable INTEGER NOT NULL CHECK (applicable IN (0, 1)),
        lead_unit_id TEXT REFERENCES units(id),
        content TEXT NOT NULL,
        sort INTEGER NOT NULL
      );
      CREATE TABLE campaign_item_units (
        item_code TEXT NOT NULL REFERENCES campaign_items(code) ON DELETE CASCADE,
        unit_id TEXT NOT NULL REFERENCES units(id),
        sort INTEGER NOT NULL,
        PRIMARY KEY (item_code, unit_id)
      );
      CREATE TABLE phases (
        seq INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL
      );
      CREATE TABLE zones (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        category TEXT NOT NULL REFERENCES campaign_items(code),
        status TEXT NOT NULL CHECK (status IN ('not_started','in_progress','pending_acceptance','accepted','suspended')),
        lead_unit_id TEXT NOT NULL REFERENCES units(id),
        planned_start TEXT NOT NULL,
        planned_end TEXT NOT NULL,
        progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
        measures TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        village TEXT,
        geometry_json TEXT NOT NULL,
        geometry_type TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX zones_category ON zones(category);
      CREATE INDEX zones_status ON zones(status);
      CREATE INDEX zones_lead_unit ON zones(lead_unit_id);
      CREATE TABLE zone_units (
        zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
        unit_id TEXT NOT NULL REFERENCES units(id),
        sort INTEGER NOT NULL,
        PRIMARY KEY (zone_id, unit_id)
      );
      CREATE INDEX zone_units_unit ON zone_units(unit_id);
      -- Spatial index: one bounding box per zone, same id as zones.id.
      CREATE VIRTUAL TABLE zones_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
      CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        measures TEXT NOT NULL DEFAULT '',
        assigned_unit_id TEXT NOT NULL REFERENCES units(id),
        due_date TEXT NOT NULL,
        original_due_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('not_started','in_progress','pending_acceptance','done','suspended')),
        rework_count INTEGER NOT NULL DEFAULT 0 CHECK (rework_count >= 0),
        completed_on TEXT,
        sort INTEGER NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX tasks_zone ON tasks(zone_id, sort);
      CREATE INDEX tasks_due ON tasks(status, due_date);
      CREATE TABLE basemap_features (
        id INTEGER PRIMARY KEY,
        layer TEXT NOT NULL CHECK (layer IN ('outline','lake','river','road')),
        name TEXT NOT NULL,
        name_en TEXT,
        geometry_json TEXT NOT NULL
      );
      CREATE TABLE places (
        code_2023 TEXT PRIMARY KEY,
        code_2020 TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        short_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('community','village')),
        lon REAL NOT NULL,
        lat REAL NOT NULL
      );
      CREATE TABLE dataset_info (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];

/** Apply every migration newer than the database's `user_version`. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
