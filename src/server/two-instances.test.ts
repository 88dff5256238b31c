import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/postgres';
import { startTestS3Server, type TestS3Server } from '../testing/s3-server';
import { apiLogin, runCommand, startServer, type RunningServer } from '../testing/server-process';
import { startRoundRobinProxy, type RoundRobinProxy } from '../testing/round-robin-proxy';
import { makeTestPhoto, photoForm } from '../testing/images';
import { addDays, shanghaiDay } from '../shared/time/dates';
import type { Task, ZoneFeature } from '../shared/zones/zone';
import { THROTTLE } from './modules/admin/session.routes';
import { loadSampleData } from './platform/data-files';
import { createPgDb, createPgPool } from './platform/db/pg/pool';

/**
 * Two real instances (issue 18, "Stateless instances"): two server processes A and B, each with its own
 * DATA_DIR, on one PostgreSQL database and one S3 bucket (s3rver), started at the same moment so that their
 * migrations and seeding race, behind a round-robin proxy. Nothing either process keeps in memory may decide
 * an answer the other gives.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let s3: TestS3Server;
let a: RunningServer;
let b: RunningServer;
let proxy: RoundRobinProxy;
const cookies: Record<string, string> = {};
const today = shanghaiDay();
/** The synthetic 数字城管 cases demo mode generates with the sample data (src/server/main.ts). */
const GENERATED_SAMPLE_CASES = 300;

beforeAll(async () => {
  [database, s3] = await Promise.all([createTestDatabase(), startTestS3Server()]);
  const env = { DATABASE_URL: database.url, ...s3.env };
  // The instance that seeds the sample data also stores its sample photos in the bucket (sharp): the longer start.
  [a, b] = await Promise.all([startServer(env, { timeoutMs: 90_000 }), startServer(env, { timeoutMs: 90_000 })]);
  proxy = await startRoundRobinProxy([a.baseUrl, b.baseUrl]);
  // Every session is made through the proxy, so on either instance.
  for (const name of ['admin', 'planner', 'inspector', 'water']) cookies[name] = await apiLogin(proxy.baseUrl, name);
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await s3?.stop();
  await database?.drop();
});

interface Send {
  method?: string;
  as?: string;
  cookie?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: FormData;
}

function send(baseUrl: string, path: string, init: Send = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  const cookie = init.cookie ?? (init.as ? cookies[init.as] : undefined);
  if (cookie) headers.cookie = cookie;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
}

async function ok<T>(response: Promise<Response>, status = 200): Promise<T> {
  const answer = await response;
  expect(answer.status, await answer.clone().text()).toBe(status);
  return (await answer.json()) as T;
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** The same request sent RACERS times to A and RACERS times to B, all at once. */
const RACERS = 3;
function raceAcross(request: (baseUrl: string, index: number) => Promise<Response>): Promise<Response[]> {
  return Promise.all(
    Array.from({ length: 2 * RACERS }, (_, index) => request(index % 2 === 0 ? a.baseUrl : b.baseUrl, index)),
  );
}

/** Exactly one 2xx, every other answer a 412 problem+json, no 5xx. */
async function expectOneWinner(responses: Response[]) {
  const statuses = responses.map((response) => response.status).sort();
  expect(
    statuses.filter((status) => status >= 200 && status < 300),
    String(statuses),
  ).toHaveLength(1);
  expect(
    statuses.filter((status) => status !== 412 && (status < 200 || status >= 300)),
    String(statuses),
  ).toEqual([]);
  for (const response of responses.filter((candidate) => candidate.status === 412)) {
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  }
}

/**
 * Each new zone is a point of its own on a lattice clear of the sample data's R4 areas (a point inside one, or on
 * another point, would be refused as an overlap).
 */
let zonesMade = 0;
function createZone(baseUrl: string) {
  const n = zonesMade++;
  return send(baseUrl, '/api/zones', {
    method: 'POST',
    as: 'planner',
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.92 + (n % 100) * 0.0002, 31.172 + Math.floor(n / 100) * 0.0002] },
      properties: {
        name: `双实例测试片区 ${n}`,
        category: 'R4',
        plannedStart: today,
        plannedEnd: addDays(today, 60),
      },
    },
  });
}

/** A zone of the water station's item R4 (flood-prone area), version 1, created on `baseUrl`. */
const newZone = (baseUrl: string) => ok<ZoneFeature>(createZone(baseUrl), 201);

/** The same, or null when `baseUrl` does not answer 201. */
async function newZoneOrNull(baseUrl: string): Promise<ZoneFeature | null> {
  const response = await createZone(baseUrl);
  return response.status === 201 ? ((await response.json()) as ZoneFeature) : null;
}

const reportCase = (baseUrl: string, description: string) =>
  send(baseUrl, '/api/cases', {
    method: 'POST',
    as: 'inspector',
    json: { code: '06010', lon: 120.9205, lat: 31.1705, description },
  });

async function upload(baseUrl: string, zoneId: string, headers: Record<string, string> = {}) {
  return send(baseUrl, `/api/zones/${zoneId}/photos`, {
    method: 'POST',
    as: 'water',
    headers,
    body: photoForm({ phase: 'before' }, [{ bytes: await makeTestPhoto({ width: 64, height: 48 }) }]),
  });
}

describe('two instances on one database and one bucket', () => {
  it('both started at once (migrations and seeding raced) and answer ready', async () => {
    for (const server of [a, b]) {
      const ready = await send(server.baseUrl, '/api/ready');
      expect(ready.status, await ready.clone().text()).toBe(200);
    }
    // The demo seeding happened once: one set of demo accounts, one set of generated sample cases (main.ts).
    const users = await ok<{ username: string }[]>(send(a.baseUrl, '/api/users', { as: 'admin' }));
    expect(users.filter((user) => user.username === 'admin')).toHaveLength(1);
    const { total } = await ok<{ total: number }>(send(b.baseUrl, '/api/cases?limit=1', { as: 'admin' }));
    expect(total).toBe(GENERATED_SAMPLE_CASES);
  });

  it('a session made on A works on B, and logging out on B ends it on A', async () => {
    const cookie = await apiLogin(a.baseUrl, 'leader');
    const onB = await ok<{ user: { username: string } | null }>(send(b.baseUrl, '/api/session', { cookie }));
    expect(onB.user?.username).toBe('leader');
    expect((await send(b.baseUrl, '/api/session', { method: 'DELETE', cookie })).status).toBeLessThan(300);
    const onA = await ok<{ user: unknown }>(send(a.baseUrl, '/api/session', { cookie }));
    expect(onA.user).toBeNull();
  });

  it('a write on A is seen with its new ETag on B', async () => {
    const zone = await newZone(a.baseUrl);
    const before = await send(b.baseUrl, `/api/zones/${zone.id}`, { as: 'planner' });
    expect(before.headers.get('etag')).toBe('"1"');
    const changed = await send(a.baseUrl, `/api/zones/${zone.id}`, {
      method: 'PATCH',
      as: 'planner',
      headers: ifMatch(1),
      json: { properties: { notes: '在A上修改' } },
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    const after = await send(b.baseUrl, `/api/zones/${zone.id}`, { as: 'planner' });
    expect(after.headers.get('etag')).toBe('"2"');
    expect(((await after.json()) as ZoneFeature).properties.notes).toBe('在A上修改');
  });

  describe('one If-Match sent to A and B at once: one 2xx, the rest 412, no 5xx', () => {
    it('PATCH /api/zones/:id', async () => {
      const zone = await newZone(proxy.baseUrl);
      await expectOneWinner(
        await raceAcross((baseUrl, index) =>
          send(baseUrl, `/api/zones/${zone.id}`, {
            method: 'PATCH',
            as: 'planner',
            headers: ifMatch(1),
            json: { properties: { notes: `并发 ${index}` } },
          }),
        ),
      );
      const history = await ok<{ action: string }[]>(send(b.baseUrl, `/api/zones/${zone.id}/history`, { as: 'admin' }));
      expect(history.map((entry) => entry.action)).toEqual(['create', 'update']);
    });

    it('a task action (start)', async () => {
      const zone = await newZone(proxy.baseUrl);
      const task = await ok<Task>(
        send(a.baseUrl, `/api/zones/${zone.id}/tasks`, {
          method: 'POST',
          as: 'water',
          json: { title: '清理雨水箅子', assignedUnit: 'shuilizhan', dueDate: addDays(today, 10) },
        }),
        201,
      );
      await expectOneWinner(
        await raceAcross((baseUrl) =>
          send(baseUrl, `/api/tasks/${task.id}/actions/start`, {
            method: 'POST',
            as: 'water',
            headers: ifMatch(task.version),
            json: {},
          }),
        ),
      );
      const after = await ok<Task>(send(b.baseUrl, `/api/tasks/${task.id}`, { as: 'water' }));
      expect(after).toMatchObject({ status: 'in_progress', version: task.version + 1 });
    });

    it('a case action (register)', async () => {
      const cityCase = await ok<{ id: string; version: number }>(reportCase(a.baseUrl, '双实例受理'), 201);
      await expectOneWinner(
        await raceAcross((baseUrl) =>
          send(baseUrl, `/api/cases/${cityCase.id}/actions/register`, {
            method: 'POST',
            as: 'admin',
            headers: ifMatch(cityCase.version),
            json: {},
          }),
        ),
      );
      const detail = await ok<{ status: string; steps: { action: string }[] }>(
        send(b.baseUrl, `/api/cases/${cityCase.id}`, { as: 'admin' }),
      );
      expect(detail.status).toBe('registered');
      expect(detail.steps.map((step) => step.action)).toEqual(['report', 'register']);
    });

    it('an account change (PATCH /api/users/:id)', async () => {
      const user = await ok<{ id: string; version: number }>(
        send(a.baseUrl, '/api/users', {
          method: 'POST',
          as: 'admin',
          json: { username: 'two-instances', displayName: '双实例', role: 'leader', password: 'a-long-password-1' },
        }),
        201,
      );
      await expectOneWinner(
        await raceAcross((baseUrl, index) =>
          send(baseUrl, `/api/users/${user.id}`, {
            method: 'PATCH',
            as: 'admin',
            headers: ifMatch(user.version),
            json: { displayName: `并发 ${index}` },
          }),
        ),
      );
      const after = await ok<{ version: number }>(send(b.baseUrl, `/api/users/${user.id}`, { as: 'admin' }));
      expect(after.version).toBe(user.version + 1);
      // An account disabled on A loses its session made on B.
      const cookie = await apiLogin(b.baseUrl, 'two-instances', 'a-long-password-1');
      await ok(
        send(a.baseUrl, `/api/users/${user.id}`, {
          method: 'PATCH',
          as: 'admin',
          headers: ifMatch(after.version),
          json: { disabled: true },
        }),
      );
      expect((await ok<{ user: unknown }>(send(b.baseUrl, '/api/session', { cookie }))).user).toBeNull();
    });

    it('PUT /api/zones/:id/flood (a change of the profile)', async () => {
      const zone = await newZone(proxy.baseUrl);
      const profile = (index: number) => ({
        riskLevel: 'medium',
        maxDepthCm: 20 + index,
        typicalDurationHours: 2,
        affectedHouseholds: 12,
        cause: '地势低洼',
        drainageMeasures: '临时泵排',
      });
      await ok(send(a.baseUrl, `/api/zones/${zone.id}/flood`, { method: 'PUT', as: 'water', json: profile(0) }), 201);
      await expectOneWinner(
        await raceAcross((baseUrl, index) =>
          send(baseUrl, `/api/zones/${zone.id}/flood`, {
            method: 'PUT',
            as: 'water',
            headers: ifMatch(1),
            json: profile(index + 1),
          }),
        ),
      );
      const flood = await send(b.baseUrl, `/api/zones/${zone.id}/flood`, { as: 'water' });
      expect(flood.headers.get('etag')).toBe('"2"');
    });

    it('PUT /api/reports/monthly/:month/commentary/:unit (the version in the body)', async () => {
      const path = `/api/reports/monthly/${today.slice(0, 7)}/commentary/shuilizhan`;
      await ok(send(a.baseUrl, path, { method: 'PUT', as: 'admin', json: { text: '本月点评' } }));
      await expectOneWinner(
        await raceAcross((baseUrl, index) =>
          send(baseUrl, path, { method: 'PUT', as: 'admin', json: { text: `本月点评 ${index}`, version: 1 } }),
        ),
      );
    });
  });

  it('a photo uploaded on A is served by B', async () => {
    const zone = await newZone(a.baseUrl);
    const { photos } = await ok<{ photos: { id: string }[] }>(upload(a.baseUrl, zone.id), 201);
    const photoId = photos[0]!.id;
    for (const kind of ['thumb', 'display']) {
      const fromA = await send(a.baseUrl, `/api/photos/${photoId}/${kind}`, { as: 'water' });
      const fromB = await send(b.baseUrl, `/api/photos/${photoId}/${kind}`, { as: 'water' });
      expect(fromB.status).toBe(200);
      expect(fromB.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await fromB.arrayBuffer())).toEqual(Buffer.from(await fromA.arrayBuffer()));
    }
  });

  it('one Idempotency-Key sent to A and B at once makes one photo', async () => {
    const zone = await newZone(a.baseUrl);
    const key = { 'idempotency-key': 'two-instances-photo-1' };
    const responses = await Promise.all([upload(a.baseUrl, zone.id, key), upload(b.baseUrl, zone.id, key)]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses, String(statuses)).toEqual([200, 201]);
    const ids = await Promise.all(
      responses.map(async (response) => ((await response.json()) as { photos: { id: string }[] }).photos[0]!.id),
    );
    expect(ids[0]).toBe(ids[1]);
    const { photos } = await ok<{ photos: { id: string }[] }>(
      send(b.baseUrl, `/api/zones/${zone.id}/photos`, { as: 'water' }),
    );
    expect(photos.map((photo) => photo.id)).toEqual([ids[0]]);
  });

  it('the login throttle is shared: failed logins alternating A and B count together', async () => {
    const { free } = THROTTLE.accountAddress;
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= free; attempt++) {
      const response = await send(attempt % 2 === 0 ? a.baseUrl : b.baseUrl, '/api/session', {
        method: 'POST',
        json: { username: 'inspector', password: `wrong-${attempt}` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array<number>(free).fill(401), 429]);
  });

  it('cases reported at once through both get unique case numbers', async () => {
    const sentBefore = [...proxy.sent];
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) => reportCase(proxy.baseUrl, `双实例并发上报 ${index}`)),
    );
    // The proxy sent half to each instance.
    expect(proxy.sent.map((count, index) => count - sentBefore[index]!)).toEqual([6, 6]);
    expect(responses.map((response) => response.status)).toEqual(Array<number>(12).fill(201));
    const numbers = await Promise.all(
      responses.map(async (response) => ((await response.json()) as { caseNo: string }).caseNo),
    );
    expect(new Set(numbers).size).toBe(12);
  });

  it('one case export committed to A and B at once stores each case once (idempotent on 案件编号)', async () => {
    const csv = [
      '案件编号,问题编码,问题描述,发生地址,经度,纬度,上报时间,案件状态',
      ...Array.from(
        { length: 20 },
        (_, index) =>
          `SL-${1000 + index},06010,双实例导入 ${index},长寿路,120.92${index},31.17,2025-03-04 09:12:00,待受理`,
      ),
    ].join('\n');
    const commit = (baseUrl: string) => {
      const body = new FormData();
      body.append('mode', 'commit');
      body.append('file', new Blob([new TextEncoder().encode(csv)]), 'export.csv');
      return send(baseUrl, '/api/cases/import', { method: 'POST', as: 'admin', body });
    };
    const totalOnB = async () =>
      (await ok<{ total: number }>(send(b.baseUrl, '/api/cases?limit=1', { as: 'admin' }))).total;
    const before = await totalOnB();
    const responses = await Promise.all([commit(a.baseUrl), commit(b.baseUrl)]);
    const answers = await Promise.all(
      responses.map(async (response) => {
        expect(response.status, await response.clone().text()).toBe(200);
        return (await response.json()) as { inserted: number };
      }),
    );
    expect(answers[0]!.inserted + answers[1]!.inserted).toBe(20);
    expect(await totalOnB()).toBe(before + 20);
  });

  it('cases reported on B while A creates the zone around them are joined to it', async () => {
    const missing: string[] = [];
    for (let round = 0; round < 5; round++) {
      const [x, y] = [120.93 + round * 0.003, 31.18];
      const square = [
        [x, y],
        [x + 0.002, y],
        [x + 0.002, y + 0.002],
        [x, y + 0.002],
        [x, y],
      ];
      const zoneWrite = send(a.baseUrl, '/api/zones', {
        method: 'POST',
        as: 'planner',
        json: {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [square] },
          properties: {
            name: `双实例并发关联 ${round}`,
            category: 'R4',
            plannedStart: today,
            plannedEnd: addDays(today, 60),
          },
        },
      });
      const reports = Array.from({ length: 8 }, (_, index) =>
        send(b.baseUrl, '/api/cases', {
          method: 'POST',
          as: 'inspector',
          json: { code: '06010', lon: x + 0.0002 * (index + 1), lat: y + 0.001, description: `关联 ${round}-${index}` },
        }),
      );
      const zone = await ok<ZoneFeature>(zoneWrite, 201);
      const ids = await Promise.all(reports.map(async (report) => (await ok<{ id: string }>(report, 201)).id));
      const joined = await ok<{ cases: { id: string }[] }>(
        send(b.baseUrl, `/api/zones/${zone.id}/cases`, { as: 'admin' }),
      );
      const joinedIds = new Set(joined.cases.map((entry) => entry.id));
      missing.push(...ids.filter((id) => !joinedIds.has(id)).map((id) => `${round}:${id}`));
    }
    expect(missing).toEqual([]);
  });

  it('two towns isolated: a town added by the CLI while both run is served by both, and never seen from jinxi', async () => {
    const cli = (args: string[]) =>
      runCommand(['src/server/cli/town.ts', ...args], {
        DATABASE_URL: database.url,
        DATA_DIR: a.dataDir,
        TOWN_ACCOUNT_PASSWORD: 'qiandeng-admin-2026',
      });
    const added = await cli(['add', '--code', 'qiandeng', '--name', '千灯镇', '--campaign', 'data/campaign.json']);
    expect(added.output).toContain('Added town 千灯镇 (qiandeng)');
    const account = await cli(['add-account', '--code', 'qiandeng', '--username', 'qd', '--role', 'admin']);
    expect(account.code, account.output).toBe(0);

    // Logged in on A to the new town; its session and its write are served by B.
    const login = await send(a.baseUrl, '/api/session', {
      method: 'POST',
      json: { username: 'qd', password: 'qiandeng-admin-2026', town: 'qiandeng' },
    });
    expect(login.status).toBe(200);
    const qd = login.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0]!)
      .filter((cookie) => /^jinxi_(session|town)=./.test(cookie))
      .join('; ');
    const name = '千灯双实例区域';
    const created = await ok<ZoneFeature>(
      send(a.baseUrl, '/api/zones', {
        method: 'POST',
        cookie: qd,
        json: {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [120.93, 31.18] },
          properties: { name, category: 'R4', plannedStart: today, plannedEnd: addDays(today, 60) },
        },
      }),
      201,
    );
    const onB = await ok<{ features: ZoneFeature[] }>(send(b.baseUrl, '/api/zones', { cookie: qd }));
    expect(onB.features.map((zone) => zone.properties.name)).toEqual([name]);

    // jinxi's accounts, on either instance: never the other town's zone, and 403 when they ask for it.
    for (const baseUrl of [a.baseUrl, b.baseUrl]) {
      const own = await send(baseUrl, '/api/zones', { as: 'admin' });
      expect(await own.text()).not.toContain(name);
      const viewing = await send(baseUrl, `/api/zones/${created.id}`, {
        cookie: `${cookies.admin}; jinxi_view_town=qiandeng`,
      });
      expect(viewing.status).toBe(403);
    }
    // The county account reads it on B, read-only on A.
    const county = await apiLogin(proxy.baseUrl, 'county');
    const overview = await ok<{ towns: { name: string; totals: { zones: number } }[] }>(
      send(b.baseUrl, '/api/county/overview', { cookie: county }),
    );
    expect(overview.towns.find((town) => town.name === '千灯镇')?.totals.zones).toBe(1);
    const drill = `${county}; jinxi_view_town=qiandeng`;
    expect((await send(b.baseUrl, `/api/zones/${created.id}`, { cookie: drill })).status).toBe(200);
    const refused = await send(a.baseUrl, `/api/zones/${created.id}`, {
      method: 'PATCH',
      cookie: drill,
      headers: ifMatch(created.properties.version),
      json: { properties: { notes: '县级修改' } },
    });
    expect(refused.status).toBe(403);
  });

  it('a GIS import uploaded on A is previewed on B, committed on B once, and a retried commit on A answers with that result', async () => {
    const features = Array.from({ length: 3 }, (_, index) => {
      const [x, y] = [120.95 + index * 0.001, 31.19];
      return {
        type: 'Feature',
        properties: { 名称: `双实例导入 ${index}`, 项目: 'R3', 状态: '未开始', 开始: today, 结束: addDays(today, 60) },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + 0.0005, y],
              [x + 0.0005, y + 0.0005],
              [x, y + 0.0005],
              [x, y],
            ],
          ],
        },
      };
    });
    const form = new FormData();
    form.append('file', new Blob([JSON.stringify({ type: 'FeatureCollection', features })]), '双实例.geojson');
    const uploaded = await ok<{ id: string; featureCount: number }>(
      send(a.baseUrl, '/api/imports', { method: 'POST', as: 'planner', body: form }),
      201,
    );
    expect(uploaded.featureCount).toBe(3);
    const preview = await ok<{ id: string; featureCount: number }>(
      send(b.baseUrl, `/api/imports/${uploaded.id}/preview`, { as: 'planner' }),
    );
    expect(preview).toMatchObject({ id: uploaded.id, featureCount: 3 });
    // Another user's session is not found on either.
    expect((await send(b.baseUrl, `/api/imports/${uploaded.id}/preview`, { as: 'admin' })).status).toBe(404);
    const body = {
      mapping: { name: '名称', category: '项目', status: '状态', plannedStart: '开始', plannedEnd: '结束' },
      acceptOverlaps: true,
    };
    const report = await ok<{ valid: number }>(
      send(a.baseUrl, `/api/imports/${uploaded.id}/validate`, { method: 'POST', as: 'planner', json: body }),
    );
    expect(report.valid).toBe(3);
    const committed = await ok<{ created: number; zoneIds: string[] }>(
      send(b.baseUrl, `/api/imports/${uploaded.id}/commit`, {
        method: 'POST',
        as: 'planner',
        json: { ...body, skipInvalid: false },
      }),
      201,
    );
    expect(committed.created).toBe(3);
    const retried = await send(a.baseUrl, `/api/imports/${uploaded.id}/commit`, {
      method: 'POST',
      as: 'planner',
      json: { ...body, skipInvalid: false },
    });
    expect(retried.status).toBe(409);
    expect(((await retried.json()) as { state: string; result: unknown }).result).toEqual(committed);
    for (const id of committed.zoneIds) {
      expect((await send(a.baseUrl, `/api/zones/${id}`, { as: 'planner' })).status).toBe(200);
    }
    // Cancelled on A: gone on B too.
    expect((await send(a.baseUrl, `/api/imports/${uploaded.id}`, { method: 'DELETE', as: 'planner' })).status).toBe(
      204,
    );
    expect((await send(b.baseUrl, `/api/imports/${uploaded.id}/preview`, { as: 'planner' })).status).toBe(404);
  });

  it('a village area changed in the database (same number of cells) is used by both at their next zone write', async () => {
    const places = loadSampleData().places;
    const [office, other] = ['北管泾村', '干家甸社区'].map((name) => places.find((place) => place.shortName === name)!);
    const zoneAt = async (baseUrl: string, n: number) => {
      const [x, y] = [office!.lon - 0.0003 + n * 0.00012, office!.lat];
      const created = await ok<ZoneFeature>(
        send(baseUrl, '/api/zones', {
          method: 'POST',
          as: 'planner',
          json: {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [x, y] },
            properties: {
              name: `双实例村界 ${n}`,
              category: 'R5',
              plannedStart: today,
              plannedEnd: addDays(today, 60),
            },
            overlapReason: '测试',
          },
        }),
        201,
      );
      return created.properties.village;
    };
    // Both instances have read (and kept) the village areas.
    expect([await zoneAt(a.baseUrl, 0), await zoneAt(b.baseUrl, 1)]).toEqual(['北管泾村', '北管泾村']);
    const pool = createPgPool(database.url, { max: 1 });
    try {
      const db = createPgDb(pool, 'jinxi');
      const changed = await db.query('UPDATE grids SET village_code = $1 WHERE village_code = $2', [
        other!.code2023,
        office!.code2023,
      ]);
      expect(changed.rowCount).toBeGreaterThan(0);
      expect([await zoneAt(a.baseUrl, 2), await zoneAt(b.baseUrl, 3)]).toEqual(['干家甸社区', '干家甸社区']);
    } finally {
      await pool.end();
    }
  });

  // Last: A is gone afterwards.
  it('kill -9 of A during a stream of writes through A: every acknowledged write is there on B', async () => {
    const photoZone = await newZone(b.baseUrl);
    /** Each 2xx from A: zones with the version acknowledged, reported cases, uploaded photos. */
    const zones = new Map<string, number>();
    const cases: string[] = [];
    const photos: string[] = [];
    let stop = false;
    /** Repeat `write` until A stops answering (or the test says stop); false from `write` ends it too. */
    const stream = async (write: () => Promise<boolean>) => {
      try {
        while (!stop && (await write()));
      } catch {
        // A is gone: the connection was refused or cut.
      }
    };
    const zoneWrites = async () => {
      const zone = await newZoneOrNull(a.baseUrl);
      if (!zone) return false;
      zones.set(zone.id, 1);
      const changed = await send(a.baseUrl, `/api/zones/${zone.id}`, {
        method: 'PATCH',
        as: 'planner',
        headers: ifMatch(1),
        json: { properties: { notes: '写入流修改' } },
      });
      if (changed.status !== 200) return false;
      zones.set(zone.id, 2);
      return true;
    };
    const caseReports = async () => {
      const response = await reportCase(a.baseUrl, '写入流上报');
      if (response.status !== 201) return false;
      cases.push(((await response.json()) as { id: string }).id);
      return true;
    };
    const photoUploads = async () => {
      const response = await upload(a.baseUrl, photoZone.id);
      if (response.status !== 201) return false;
      photos.push(((await response.json()) as { photos: { id: string }[] }).photos[0]!.id);
      return true;
    };
    const streams = [zoneWrites, zoneWrites, caseReports, photoUploads].map(stream);
    // Let the stream run until each kind of write has been acknowledged a few times, then kill A without
    // warning while requests are in flight.
    for (let waited = 0; zones.size < 4 || cases.length < 3 || photos.length < 2; waited += 50) {
      if (waited > 20_000) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    a.process.kill('SIGKILL');
    await a.exited;
    stop = true;
    await Promise.all(streams);
    expect(zones.size, 'zones acknowledged before the kill').toBeGreaterThanOrEqual(4);
    expect(cases.length, 'cases acknowledged before the kill').toBeGreaterThanOrEqual(3);
    expect(photos.length, 'photos acknowledged before the kill').toBeGreaterThanOrEqual(2);
    for (const [zoneId, version] of zones) {
      const response = await send(b.baseUrl, `/api/zones/${zoneId}`, { as: 'planner' });
      expect(response.status, `zone ${zoneId}`).toBe(200);
      expect(Number(response.headers.get('etag')?.replaceAll('"', '')), `zone ${zoneId}`).toBeGreaterThanOrEqual(
        version,
      );
    }
    for (const caseId of cases) {
      expect((await send(b.baseUrl, `/api/cases/${caseId}`, { as: 'admin' })).status, `case ${caseId}`).toBe(200);
    }
    for (const photoId of photos) {
      const thumb = await send(b.baseUrl, `/api/photos/${photoId}/thumb`, { as: 'water' });
      expect(thumb.status, `photo ${photoId}`).toBe(200);
    }
  });
});
