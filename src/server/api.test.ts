import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { zoneCollectionSchema, zoneFeatureSchema, taskListSchema } from '../shared/zones/zone';
import { campaignResponseSchema } from '../shared/campaign/campaign';
import { problemSchema } from '../shared/http/problem';
import { addDays } from '../shared/time/dates';

let server: TestServer;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer();
  cookie = await server.login('leader');
});
afterAll(async () => {
  await server.close();
});

const get = (path: string) => server.request(path, { cookie });
async function zonesOf(path: string) {
  const response = await get(path);
  expect(response.status).toBe(200);
  return zoneCollectionSchema.parse(await response.json()).features;
}
async function expectProblem(path: string, status: number, detailPattern?: RegExp) {
  const response = await get(path);
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = problemSchema.parse(await response.json());
  expect(problem.status).toBe(status);
  if (detailPattern) expect(problem.detail).toMatch(detailPattern);
  return problem;
}

describe('GET /api/health and /api/campaign', () => {
  it('reports ok, with the database and the photo store', async () => {
    const response = await get('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok', photoStore: 'ok' });
  });

  it('is ready for a load balancer', async () => {
    const response = await get('/api/ready');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', database: 'ok', photoStore: 'ok' });
  });

  it('returns the 13 items, units, statuses and phases of the current campaign year', async () => {
    const campaign = campaignResponseSchema.parse(await (await get('/api/campaign')).json());
    expect(campaign.items.map((item) => item.code)).toEqual([
      'R1',
      'R2',
      'R3',
      'R4',
      'R5',
      'R6',
      'R7',
      'R8',
      'R9',
      'S1',
      'S2',
      'S3',
      'U1',
    ]);
    expect(campaign.items.filter((item) => !item.applicable).map((item) => item.code)).toEqual([
      'R7',
      'R8',
      'R9',
      'S3',
    ]);
    expect(campaign.items.find((item) => item.code === 'R3')?.leadUnit).toBe('shuilizhan');
    // Frozen clock: 2026-06-15 in Shanghai → campaign year 2026, phase 2 runs to year end.
    expect(campaign.campaign.year).toBe(2026);
    expect(campaign.today).toBe('2026-06-15');
    expect(campaign.phases.map((phase) => [phase.startsOn, phase.endsOn])).toEqual([
      ['2026-01-01', '2026-02-20'],
      ['2026-02-21', '2026-12-31'],
      ['2027-01-01', '2027-06-30'],
    ]);
  });
});

describe('GET /api/zones', () => {
  it('returns every zone as a GeoJSON FeatureCollection with string ids and derived overdue', async () => {
    const features = await zonesOf('/api/zones');
    expect(features).toHaveLength(4);
    const byName = new Map(features.map((feature) => [feature.properties.name, feature]));
    const river = byName.get('市河（古镇段）河道整治')!;
    expect(typeof river.id).toBe('string');
    expect(river.properties).toMatchObject({
      category: 'R3',
      status: 'in_progress',
      leadUnit: 'shuilizhan',
      responsibleUnits: ['jianguansuo', 'chengguanzhongdui'],
      plannedEnd: addDays(server.today, -5),
      // Past its planned end, but its open task's due date was extended to 20 days from now: the approved extension
      // moves the zone's deadline (zoneOverdueDays, docs/domain.md §2), so it is not overdue.
      overdue: false,
      overdueDays: 0,
      version: 1,
    });
    expect(byName.get('长寿路低洼易涝片区')!.properties).toMatchObject({ overdue: true, overdueTaskCount: 1 });
    expect(byName.get('锦溪农贸市场')!.properties.overdue).toBe(false); // accepted, though past its end
    expect(byName.get('锦溪大道户外广告点 100%_test')!.properties.overdue).toBe(false);
  });

  it('filters by category, status, unit and name', async () => {
    expect((await zonesOf('/api/zones?category=R3,R4')).map((f) => f.properties.category).sort()).toEqual(['R3', 'R4']);
    expect((await zonesOf('/api/zones?status=accepted')).map((f) => f.properties.name)).toEqual(['锦溪农贸市场']);
    // unit matches the lead unit or a responsible unit
    expect((await zonesOf('/api/zones?unit=wushuichuligongsi')).map((f) => f.properties.name)).toEqual([
      '长寿路低洼易涝片区',
    ]);
    expect((await zonesOf('/api/zones?unit=shuilizhan')).length).toBe(2);
    expect((await zonesOf(`/api/zones?q=${encodeURIComponent('农贸')}`)).map((f) => f.properties.name)).toEqual([
      '锦溪农贸市场',
    ]);
    expect((await zonesOf('/api/zones?overdue=true')).map((f) => f.properties.name)).toEqual(['长寿路低洼易涝片区']);
  });

  it('treats LIKE wildcards in q literally', async () => {
    expect((await zonesOf('/api/zones?q=%25')).map((f) => f.properties.name)).toEqual(['锦溪大道户外广告点 100%_test']);
    expect(await zonesOf('/api/zones?q=_x')).toEqual([]);
  });

  it('filters by bbox through the spatial index', async () => {
    const inOldTown = await zonesOf('/api/zones?bbox=120.899,31.178,120.906,31.182');
    expect(inOldTown.map((f) => f.properties.name)).toEqual(['市河（古镇段）河道整治']);
    expect(await zonesOf('/api/zones?bbox=0,0,1,1')).toEqual([]);
  });

  it.each([
    ['/api/zones?bbox=1,2,3', /bbox/],
    ['/api/zones?bbox=a,b,c,d', /bbox/],
    ['/api/zones?bbox=1,2,3,4,5', /bbox/],
    ['/api/zones?bbox=181,0,182,1', /bbox/],
    ['/api/zones?bbox=10,10,5,5', /bbox/],
    ['/api/zones?bbox=NaN,0,1,1', /bbox/],
    ['/api/zones?bbox=1e309,0,1,1', /bbox/],
    ['/api/zones?category=R99', /category/],
    ['/api/zones?status=done', /status/],
    ['/api/zones?overdue=maybe', /overdue/],
    ['/api/zones?colour=red', /colour|Unrecognized/i],
    ['/api/zones?category=R3&category=R4', /category/],
    [`/api/zones?q=${'x'.repeat(101)}`, /q/],
  ])('rejects %s with a 400 problem naming the parameter', async (path, pattern) => {
    await expectProblem(path, 400, pattern);
  });
});

describe('GET /api/zones/:id', () => {
  it('returns one feature with an ETag of its version', async () => {
    const [first] = await zonesOf('/api/zones?category=R6');
    const response = await get(`/api/zones/${first!.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    const zone = zoneFeatureSchema.parse(await response.json());
    expect(zone.id).toBe(first!.id);
    expect(zone.geometry.type).toBe('Polygon');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    await expectProblem('/api/zones/999999', 404, /999999/);
    await expectProblem('/api/zones/abc', 400, /zone id/);
    await expectProblem('/api/zones/0', 400);
    await expectProblem('/api/zones/-1', 400);
    await expectProblem('/api/zones/1.5', 400);
    await expectProblem(`/api/zones/${'9'.repeat(40)}`, 400);
    await expectProblem('/api/zones/%E0%A4%A', 400);
  });

  it('lists the tasks of a zone with overdue and extension facts', async () => {
    const [river] = await zonesOf('/api/zones?category=R3');
    const tasks = taskListSchema.parse(await (await get(`/api/zones/${river!.id}/tasks`)).json());
    expect(tasks.map((task) => task.title)).toEqual(['清理河岸暴露垃圾', '河道清淤']);
    expect(tasks[0]).toMatchObject({ status: 'done', overdue: false });
    expect(tasks[1]).toMatchObject({
      status: 'in_progress',
      overdue: false,
      dueDate: addDays(server.today, 20),
      originalDueDate: addDays(server.today, -3),
      reworkCount: 1,
    });
    await expectProblem('/api/zones/999999/tasks', 404);
  });
});

describe('the rest of the API surface', () => {
  it('serves the offline base map and the places with both statistical codes', async () => {
    const basemap = (await (await get('/api/basemap')).json()) as { features: unknown[] };
    expect(basemap.features).toHaveLength(1);
    const places = (await (await get('/api/places')).json()) as {
      features: { id: string; properties: { code2020: string; code2023: string } }[];
    };
    expect(places.features[0]).toMatchObject({
      id: '320583401014',
      properties: { code2020: '320583109005', code2023: '320583401014' },
    });
  });

  it('offers no online basemap when none is configured', async () => {
    expect(await (await get('/api/config')).json()).toEqual({
      basemaps: [],
      sampleData: true,
      demoAccounts: true,
      // The 社区 and 村 demo accounts, for the login page's folded lists.
      demoUnitAccounts: expect.arrayContaining([
        { username: 'weixingcun', unit: 'weixingcun', name: '卫星村', nameEn: 'Weixing Village', kind: 'village' },
      ]),
      publicRead: false,
    });
  });

  it('answers unknown API routes and methods with problem+json, never 500', async () => {
    await expectProblem('/api/nothing-here', 404);
    const response = await server.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('sends security headers, including a Content-Security-Policy', async () => {
    const response = await get('/api/health');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
