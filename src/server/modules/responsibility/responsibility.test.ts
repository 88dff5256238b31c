import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import type { Plan, PlanBody } from '../../../shared/plans/plans';
import type {
  ResponsibilityLetter,
  ResponsibilityOverview,
  ResponsibilityState,
} from '../../../shared/responsibility/responsibility';
import type { ZoneCollection } from '../../../shared/zones/zone';
import { shanghaiDay } from '../../../shared/time/dates';
import { seedSampleResponsibility } from './sample-responsibility';

/** 目标责任书 over HTTP: the letter from the approved plan, the signing with If-Match, the scan, who may do what. */
let server: TestServer;
const cookies: Record<string, string> = {};
let riverZone: string;
const YEAR = 2026;

const send = (method: string, path: string, as: string, json?: unknown, headers: Record<string, string> = {}) =>
  server.request(path, { method, cookie: cookies[as], ...(json === undefined ? {} : { json }), headers });

async function ok<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}
async function problem(response: Response, status: number) {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  return (await response.json()) as { detail: string; errors?: { path: string }[]; currentVersion?: number };
}

const planBody = (zoneId: string): PlanBody => ({
  note: '',
  projects: [
    {
      key: 'p1',
      item: 'R3',
      zoneId,
      place: '',
      carriedOver: true,
      tasks: '清淤、驳岸修复',
      person: '张三',
      responsibleUnits: [],
      budget: 120.5,
      funding: 'finance',
      due: '2026-10-31',
      milestones: [],
    },
    {
      key: 'p2',
      item: 'R3',
      zoneId: null,
      place: '长白荡村河塘',
      carriedOver: false,
      tasks: '河塘整治',
      person: '李四',
      responsibleUnits: [],
      budget: 30,
      funding: 'social',
      due: '2026-12-31',
      milestones: [],
    },
  ],
});

/** A unit's plan (the water station's 2026 one by default), drafted, submitted and approved through the plans routes. */
async function approvedPlan(as = 'water', year = YEAR): Promise<Plan> {
  let plan = await ok<Plan>(await send('POST', '/api/plans', as, { year, body: planBody(riverZone) }), 201);
  plan = await ok<Plan>(
    await send('POST', `/api/plans/${plan.id}/actions/submit`, as, {}, { 'If-Match': `"${plan.version}"` }),
  );
  return ok<Plan>(
    await send('POST', `/api/plans/${plan.id}/actions/approve`, 'admin', {}, { 'If-Match': `"${plan.version}"` }),
  );
}

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'leader', 'planner', 'water', 'jianguan']) cookies[name] = await server.login(name);
  const zones = (await (await server.request('/api/zones', { cookie: cookies.leader })).json()) as ZoneCollection;
  riverZone = zones.features.find((zone) => zone.properties.name === '市河（古镇段）河道整治')!.id;
});
afterAll(async () => {
  await server?.close();
});

describe('目标责任书', () => {
  it('has no letter without an approved plan, and cannot be signed then', async () => {
    const response = await send('GET', `/api/responsibility/${YEAR}/jianguansuo`, 'admin');
    const letter = await ok<ResponsibilityLetter>(response);
    expect(response.headers.get('etag')).toBe('"0"');
    expect(letter).toMatchObject({ plan: null, targets: [], state: { signed: false, version: 0 } });
    await problem(
      await send(
        'PUT',
        `/api/responsibility/${YEAR}/jianguansuo`,
        'admin',
        { signed: true, signedOn: server.today },
        { 'If-Match': '"0"' },
      ),
      409,
    );
  });

  it('is generated from the approved plan: title, parties, duties with their 整治要求, terms and the targets', async () => {
    const plan = await approvedPlan();
    const letter = await ok<ResponsibilityLetter>(await send('GET', `/api/responsibility/${YEAR}/shuilizhan`, 'water'));
    expect(letter.title).toBe('锦溪镇2026年度环境综合整治目标责任书');
    expect(letter.issuer).toBe('锦溪镇人民政府');
    expect(letter.plan).toMatchObject({ id: plan.id });
    // R3 (河道) is led by the water station in data/campaign.json; its 整治要求 is the item's content.
    const campaign = (await (await send('GET', '/api/campaign', 'water')).json()) as {
      items: { code: string; leadUnit: string; responsibleUnits: string[]; content: string; applicable: boolean }[];
    };
    const led = campaign.items.filter((item) => item.applicable && item.leadUnit === 'shuilizhan');
    expect(letter.duties.filter((duty) => duty.role === 'lead').map((duty) => [duty.item, duty.content])).toEqual(
      led.map((item) => [item.code, item.content]),
    );
    expect(letter.terms.join()).toMatch(/月报告.*季检查.*年考核/s);
    expect(letter.targets).toEqual([
      expect.objectContaining({
        item: 'R3',
        project: '市河（古镇段）河道整治',
        zoneId: riverZone,
        content: '清淤、驳岸修复',
        person: '张三',
        budget: 120.5,
        due: '2026-10-31',
      }),
      expect.objectContaining({ project: '长白荡村河塘', person: '李四', budget: 30, funding: 'social' }),
    ]);
    // Another unit does not read it; the office and leaders do.
    await problem(await send('GET', `/api/responsibility/${YEAR}/shuilizhan`, 'jianguan'), 403);
    await ok(await send('GET', `/api/responsibility/${YEAR}/shuilizhan`, 'leader'));
    await problem(await send('GET', `/api/responsibility/${YEAR}/nobody`, 'admin'), 404);
  });

  it('records the signing with If-Match (428, 412), then the scan, and the office sees every unit', async () => {
    const path = `/api/responsibility/${YEAR}/shuilizhan`;
    const signing = { signed: true, signedOn: server.today };
    await problem(await send('PUT', path, 'admin', signing), 428);
    await problem(await send('PUT', path, 'water', signing, { 'If-Match': '"0"' }), 403);
    await problem(await send('PUT', path, 'admin', { signed: true, signedOn: null }, { 'If-Match': '"0"' }), 400);
    await problem(
      await send('PUT', path, 'admin', { signed: true, signedOn: '2099-01-01' }, { 'If-Match': '"0"' }),
      400,
    );
    const first = await send('PUT', path, 'admin', signing, { 'If-Match': '"0"' });
    const signed = await ok<ResponsibilityState>(first);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(signed).toMatchObject({ signed: true, signedOn: server.today, hasScan: false, version: 1 });
    expect(signed.recordedByName).toBeTruthy();
    // A second first record is stale.
    const stale = await problem(await send('PUT', path, 'admin', signing, { 'If-Match': '"0"' }), 412);
    expect(stale.currentVersion).toBe(1);

    const upload = await server.request(`${path}/scan`, {
      method: 'POST',
      cookie: cookies.admin,
      body: photoForm({}, [{ bytes: await makeTestPhoto({ width: 64, height: 48 }) }]),
    });
    const scanned = await ok<ResponsibilityState>(upload, 201);
    expect(scanned).toMatchObject({ signed: true, hasScan: true, version: 2 });
    const scan = await send('GET', `${path}/scan`, 'water');
    expect(scan.status).toBe(200);
    expect(scan.headers.get('content-type')).toBe('image/jpeg');
    expect((await scan.arrayBuffer()).byteLength).toBeGreaterThan(100);
    await problem(await send('GET', `/api/responsibility/${YEAR}/jianguansuo/scan`, 'admin'), 404);

    const overview = await ok<ResponsibilityOverview>(await send('GET', `/api/responsibility?year=${YEAR}`, 'admin'));
    expect(overview.units.find((unit) => unit.unit === 'shuilizhan')).toMatchObject({
      signed: true,
      signedOn: server.today,
      hasScan: true,
      planState: 'approved',
    });
    expect(overview.units.find((unit) => unit.unit === 'jianguansuo')).toMatchObject({
      signed: false,
      hasScan: false,
      planState: null,
      version: 0,
    });
    await problem(await send('GET', '/api/responsibility', 'admin'), 400);
    await problem(await send('GET', `/api/responsibility?year=${YEAR}`, 'water'), 403);
    await problem(await send('GET', `/api/responsibility?year=${YEAR}`, 'planner'), 403);

    // Unsigned again (a correction) drops the day.
    const unsigned = await ok<ResponsibilityState>(
      await send('PUT', path, 'admin', { signed: false, signedOn: null }, { 'If-Match': '"2"' }),
    );
    expect(unsigned).toMatchObject({ signed: false, signedOn: null, hasScan: true, version: 3 });
  });

  it('seeds the sample: an approved plan’s letter recorded as signed on its approval day (示例数据)', async () => {
    const plan = await approvedPlan('water', 2027);
    await seedSampleResponsibility(server.repos, new Date('2027-03-01T02:00:00Z'));
    const letter = await ok<ResponsibilityLetter>(await send('GET', '/api/responsibility/2027/shuilizhan', 'admin'));
    expect(letter.state).toMatchObject({
      signed: true,
      signedOn: shanghaiDay(new Date(plan.approvedAt!)),
      hasScan: false,
      version: 1,
    });
  });
});
