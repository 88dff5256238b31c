import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { loadSampleData } from '../../platform/data-files';
import { zoneFeatureSchema } from '../../../shared/zones/zone';

const sample = loadSampleData();
const place = (shortName: string) => sample.places.find((candidate) => candidate.shortName === shortName)!;

let server: TestServer;
let planner: string;
beforeAll(async () => {
  // The sample's village areas: the illustrative 单元网格, each cell belonging to one village or community.
  server = await startTestServer({ sample });
  planner = await server.login('planner');
  // On PostgreSQL the first suite of a run also starts the throwaway cluster and builds its seeded template.
}, 60_000);
afterAll(async () => {
  await server.close();
});

/** A rectangle from (lon0, lat0) to (lon1, lat1). */
const box = (lon0: number, lat0: number, lon1: number, lat1: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon0, lat0],
      [lon1, lat0],
      [lon1, lat1],
      [lon0, lat1],
      [lon0, lat0],
    ],
  ],
});
async function create(geometry: unknown, properties: Record<string, unknown> = {}) {
  const response = await server.request('/api/zones', {
    method: 'POST',
    cookie: planner,
    json: {
      type: 'Feature',
      geometry,
      properties: {
        name: '村界测试区域',
        category: 'R5',
        plannedStart: '2026-06-01',
        plannedEnd: '2026-12-31',
        ...properties,
      },
      overlapReason: '测试',
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return zoneFeatureSchema.parse(await response.json());
}

describe('a new zone’s 村（社区）', () => {
  it('is filled in for the sample zones that have none', async () => {
    expect(sample.zones.some((zone) => zone.village === null)).toBe(true);
    const [missing] = await server.sql<{ n: number }>('SELECT count(*) AS n FROM zones WHERE village IS NULL');
    expect(missing!.n).toBe(0);
  });

  it('is derived from the village area it is drawn in', async () => {
    const office = place('北管泾村');
    const zone = await create(box(office.lon - 0.0004, office.lat - 0.0003, office.lon + 0.0004, office.lat + 0.0003));
    expect(zone.properties.village).toBe('北管泾村');
    // The ledger and the reports read the stored field.
    const [row] = await server.sql<{ village: string }>('SELECT village FROM zones WHERE id = ?', Number(zone.id));
    expect(row!.village).toBe('北管泾村');
  });

  it('reads 跨村 with the villages when the zone spans several; a line along two villages too', async () => {
    const [a, b] = [place('干家甸社区'), place('上下塘社区')];
    const polygon = await create(
      box(
        Math.min(a.lon, b.lon),
        Math.min(a.lat, b.lat) - 0.0005,
        Math.max(a.lon, b.lon),
        Math.max(a.lat, b.lat) + 0.0005,
      ),
    );
    expect(polygon.properties.village).toMatch(/^跨村（.+、.+）$/);
    expect(polygon.properties.village).toContain('干家甸社区');
    expect(polygon.properties.village).toContain('上下塘社区');
    const line = await create({
      type: 'LineString',
      coordinates: [
        [a.lon, a.lat],
        [b.lon, b.lat],
      ],
    });
    expect(line.properties.village).toMatch(/^跨村（/);
  });

  // SQLite has one process on the database, and its grid changes only when the sample is seeded at start.
  it.skipIf(process.env.TEST_BACKEND !== 'postgres')(
    'follows village areas changed through another instance or a tool, though the number of cells is the same',
    async () => {
      const [office, other] = [place('北管泾村'), place('干家甸社区')];
      const around = box(office.lon - 0.0002, office.lat - 0.0002, office.lon + 0.0002, office.lat + 0.0002);
      expect((await create(around)).properties.village).toBe('北管泾村');
      const [before] = await server.sql<{ n: number }>('SELECT count(*) AS n FROM grids');
      const cells = await server.sql<{ code: string }>(
        'SELECT code FROM grids WHERE village_code = ?',
        office.code2023,
      );
      expect(cells.length).toBeGreaterThan(0);
      await server.sql('UPDATE grids SET village_code = ? WHERE village_code = ?', other.code2023, office.code2023);
      try {
        expect((await server.sql<{ n: number }>('SELECT count(*) AS n FROM grids'))[0]).toEqual(before);
        expect((await create(around)).properties.village).toBe('干家甸社区');
      } finally {
        for (const cell of cells) {
          await server.sql('UPDATE grids SET village_code = ? WHERE code = ?', office.code2023, cell.code);
        }
      }
    },
  );

  it('keeps the village the planner gave', async () => {
    const office = place('北管泾村');
    const zone = await create(box(office.lon, office.lat, office.lon + 0.0003, office.lat + 0.0003), {
      village: '阮家浜村',
    });
    expect(zone.properties.village).toBe('阮家浜村');
  });
});
