import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase } from '../../../testing/postgres';
import { createPgDb, createPgPool, named, withTransaction } from '../../platform/db/pg/pool';
import { migratePg } from '../../platform/db/pg/migrations';
import { createZonePgRepository, PG_ZONE_SQL } from './zones.pg';

const ZONES = 100_000;

/** Every plan node of an EXPLAIN (FORMAT JSON) answer. */
function planNodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(planNodes)];
}

describe('zones on PostGIS: bbox through the GiST index over 100,000 zones (P4)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPgPool(database.url, { max: 4 });
    await migratePg(pool, 'jinxi');
    // 100,000 small squares (about 50 m) on a 400 × 250 lattice over the town, generated in the database.
    await withTransaction(pool, 'town_jinxi', async (tx) => {
      await tx.query("INSERT INTO units (id, name, name_en, sort) VALUES ('u', 'u', 'u', 0)");
      await tx.query(
        "INSERT INTO campaign_items (code, group_code, name, name_en, applicable, lead_unit_id, content, sort) VALUES ('c', 'g', 'c', 'c', 1, 'u', '', 0)",
      );
      await tx.query(
        `INSERT INTO zones (name, category, status, lead_unit_id, planned_start, planned_end, progress, geometry_json,
                            geometry_type, created_at, updated_at)
         SELECT 'z' || n, 'c', 'not_started', 'u', '2026-01-01', '2026-12-31', 0,
                json_build_object('type', 'Polygon', 'coordinates', json_build_array(json_build_array(
                  json_build_array(x, y), json_build_array(x + 0.0005, y), json_build_array(x + 0.0005, y + 0.0005),
                  json_build_array(x, y + 0.0005), json_build_array(x, y))))::text,
                'Polygon', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
         FROM (SELECT n, 120.80 + (n % 400) * 0.0006 AS x, 31.10 + (n / 400) * 0.0006 AS y
               FROM generate_series(0, $1 - 1) n) lattice`,
        [ZONES],
      );
    });
    await pool.query('ANALYZE town_jinxi.zones');
  }, 180_000);
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('plans the bbox outline query with the GiST index and no full scan of zones', async () => {
    const statement = named(PG_ZONE_SQL.outlinesIn, {
      minLon: 120.85,
      minLat: 31.12,
      maxLon: 120.86,
      maxLat: 31.13,
      types: null,
    });
    const explained = await withTransaction(pool, 'town_jinxi', (tx) =>
      tx.query<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(
        `EXPLAIN (FORMAT JSON) ${statement.text}`,
        statement.values,
      ),
    );
    const nodes = planNodes(explained.rows[0]!['QUERY PLAN'][0].Plan);
    const scans = nodes.filter((node) => node['Relation Name'] === 'zones' || node['Index Name']);
    expect(scans.some((node) => node['Index Name'] === 'zones_geom')).toBe(true);
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'zones')).toEqual([]);
  });

  // How fast is measured by the bench (P4, PostgreSQL section), not timed here.
  it('answers a neighbourhood bbox with exactly the zones whose box meets it, edges included', async () => {
    const repo = createZonePgRepository(createPgDb(pool, 'jinxi'));
    // Lattice cell (100, 30): x 120.86 … 120.8605, y 31.118 … 31.1185. A box touching its right edge only meets it.
    const touching = await repo.listZoneOutlines({
      bbox: { minLon: 120.8605, minLat: 31.1181, maxLon: 120.86055, maxLat: 31.1182 },
      geometryTypes: null,
    });
    expect(touching.map((outline) => outline.id)).toEqual([30 * 400 + 100 + 1]);
    for (let k = 0; k < 40; k++) {
      const minLon = 120.81 + (k % 10) * 0.02;
      const minLat = 31.11 + Math.floor(k / 10) * 0.02;
      const found = await repo.listZoneOutlines({
        bbox: { minLon, minLat, maxLon: minLon + 0.01, maxLat: minLat + 0.01 },
        geometryTypes: ['Polygon'],
      });
      expect(found.length).toBeGreaterThan(100);
      expect(found.length).toBeLessThan(1000);
    }
  });
});
