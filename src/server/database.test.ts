import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from './platform/db/connection';
import { MIGRATIONS, migrate } from './platform/db/migrations';
import { seedCampaign, seedSampleData } from './platform/db/seed';
import { loadCampaignConfig, loadSampleData } from './platform/data-files';
import { buildZoneFilter } from './modules/zones/zones.repo';

const highestVersion = Math.max(...MIGRATIONS.map((migration) => migration.version));
let folder: string;
let db: Db;
const open = () => {
  folder = mkdtempSync(path.join(tmpdir(), 'jinxi-db-'));
  db = openDatabase(path.join(folder, 'db.sqlite'));
  return db;
};
afterEach(() => {
  db?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the SQLite database', () => {
  it('rebuilds the accounts for the county role (migration 19) with their ids and the references to them', () => {
    open();
    const old = new Database(':memory:');
    old.pragma('foreign_keys = ON');
    migrate(
      old,
      MIGRATIONS.filter((migration) => migration.version < 19),
    );
    seedCampaign(old, loadCampaignConfig(), '2026-06-01');
    const at = '2026-06-01T00:00:00.000Z';
    old.exec(`
      INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at, password_changed_at)
        VALUES (7, 'leader', '镇领导', 'leader', 'x', '${at}', '${at}', '${at}');
      INSERT INTO zones (id, name, category, status, lead_unit_id, planned_start, planned_end, progress,
                         geometry_json, geometry_type, created_at, updated_at)
        SELECT 3, '区域', code, 'in_progress', lead_unit_id, '2026-06-01', '2026-09-01', 0,
               '{"type":"Point","coordinates":[120.9,31.1]}', 'Point', '${at}', '${at}'
        FROM campaign_items WHERE lead_unit_id IS NOT NULL LIMIT 1;
      INSERT INTO supervisions (zone_id, note, deadline, created_by, created_at) VALUES (3, '督办', '2026-07-01', 7, '${at}');
    `);
    expect(() =>
      old.exec(`INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at,
                password_changed_at) VALUES ('c', 'c', 'county', 'x', '${at}', '${at}', '${at}')`),
    ).toThrow(/CHECK constraint failed/);
    migrate(old);
    expect(old.prepare('SELECT id, username, role FROM users').all()).toEqual([
      { id: 7, username: 'leader', role: 'leader' },
    ]);
    expect(old.prepare('SELECT created_by FROM supervisions').all()).toEqual([{ created_by: 7 }]);
    expect(old.pragma('foreign_key_check')).toEqual([]);
    // The other tables still refer to "users", and a county account can now be stored.
    const sessions = old.prepare("SELECT sql FROM sqlite_master WHERE name = 'sessions'").get() as { sql: string };
    expect(sessions.sql).toMatch(/REFERENCES users\(id\)/);
    old.exec(`INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at,
              password_changed_at) VALUES ('county', '县级', 'county', 'x', '${at}', '${at}', '${at}')`);
    expect(() => old.exec('DELETE FROM users WHERE id = 7')).toThrow(/FOREIGN KEY constraint failed/);
    old.close();
  });

  it('runs in WAL mode with synchronous=FULL and foreign keys on', () => {
    open();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(highestVersion);
  });

  it('applies migrations once, so opening again changes nothing', () => {
    open();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(highestVersion);
  });

  it('applies a version that lands after a higher one (out of order), each once, in order', () => {
    const memory = new Database(':memory:');
    const log: number[] = [];
    const step = (version: number) => ({
      version,
      name: `v${version}`,
      sql: `CREATE TABLE t${version} (x); INSERT INTO log_table VALUES (${version});`,
    });
    memory.exec('CREATE TABLE log_table (v INTEGER)');
    // An old database: versions 1 and 2 applied by user_version only (before schema_migrations existed).
    memory.exec('CREATE TABLE t1 (x); CREATE TABLE t2 (x)');
    memory.pragma('user_version = 2');
    migrate(memory, [step(1), step(2), step(4)]);
    expect(memory.pragma('user_version', { simple: true })).toBe(4);
    // Version 3 arrives later (another branch merged after 4 shipped): it still runs, and 4 does not run again.
    migrate(memory, [step(1), step(2), step(3), step(4)]);
    migrate(memory, [step(1), step(2), step(3), step(4)]);
    for (const row of memory.prepare('SELECT v FROM log_table').all() as { v: number }[]) log.push(row.v);
    expect(log).toEqual([4, 3]);
    expect(memory.pragma('user_version', { simple: true })).toBe(4);
    const versions = memory.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
      version: number;
    }[];
    expect(versions.map((row) => row.version)).toEqual([1, 2, 3, 4]);
    memory.close();
  });

  it('refuses a zone of an unknown item or unit (foreign keys)', () => {
    open();
    seedCampaign(db, loadCampaignConfig(), '2026-06-15');
    const insert = db.prepare(
      `INSERT INTO zones (name, category, status, lead_unit_id, planned_start, planned_end, progress, geometry_json,
                          geometry_type, created_at, updated_at)
       VALUES ('x', ?, 'not_started', ?, '2026-01-01', '2026-02-01', 0, '{}', 'Point', 'now', 'now')`,
    );
    expect(() => insert.run('R99', 'shuilizhan')).toThrow(/FOREIGN KEY/);
    expect(() => insert.run('R3', 'nobody')).toThrow(/FOREIGN KEY/);
  });

  it('answers a bbox query through the R*Tree, not a full scan (P4)', () => {
    open();
    seedCampaign(db, loadCampaignConfig(), '2026-06-15');
    const { joins, where } = buildZoneFilter({ bbox: { minLon: 120.9, minLat: 31.17, maxLon: 120.91, maxLat: 31.19 } });
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT z.id FROM zones z${joins} WHERE ${where.join(' AND ')}`)
      .all({ minLon: 120.9, minLat: 31.17, maxLon: 120.91, maxLat: 31.19 }) as { detail: string }[];
    const details = plan.map((row) => row.detail).join('\n');
    expect(details).toMatch(/SCAN r VIRTUAL TABLE INDEX \d+:[A-D]\d/); // R*Tree with bbox constraints
    expect(details).not.toMatch(/SCAN z\b(?! USING)/);
  });
});

describe('seeding', () => {
  it('loads the sample data once, with dates relative to the seed day', () => {
    open();
    const sample = loadSampleData();
    expect(seedCampaign(db, loadCampaignConfig(), '2026-06-15')).toBe(true);
    expect(seedSampleData(db, sample, '2026-06-15')).toBe(true);
    expect(seedSampleData(db, sample, '2026-06-16')).toBe(false);
    const counts = db
      .prepare(
        'SELECT (SELECT count(*) FROM zones) AS zones, (SELECT count(*) FROM zones_rtree) AS boxes, (SELECT count(*) FROM tasks) AS tasks',
      )
      .get() as { zones: number; boxes: number; tasks: number };
    expect(counts.zones).toBe(sample.zones.length);
    expect(counts.boxes).toBe(sample.zones.length);
    expect(counts.tasks).toBe(sample.zones.reduce((sum, zone) => sum + zone.tasks.length, 0));
    const first = sample.zones[0]!;
    const row = db.prepare('SELECT planned_start, planned_end FROM zones WHERE id = 1').get() as Record<string, string>;
    const expected = (offset: number) => new Date(Date.UTC(2026, 5, 15 + offset)).toISOString().slice(0, 10);
    expect(row).toEqual({ planned_start: expected(first.startOffsetDays), planned_end: expected(first.endOffsetDays) });
  });
});
