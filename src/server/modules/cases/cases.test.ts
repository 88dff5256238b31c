import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import type { CaseCodesResponse } from '../../../shared/cases/case';
import { loadProblemCodes } from '../../platform/data-files';

/** 数字城管 cases over real HTTP: the code list, the grid, the workflow, import, join and indicators. */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'planner', 'leader', 'inspector', 'water', 'jianguan', 'chengguan'])
    cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

describe('the case code list', () => {
  it('loads data/problem-codes.csv with every example code of docs/domain.md §5', () => {
    const codes = loadProblemCodes();
    const examples = [
      '06010',
      '06011',
      '06025',
      '06026',
      '06030',
      '06046',
      '07001',
      '07003',
      '07006',
      '08004',
      '08007',
      '08012',
      '09005',
      '09006',
      '09009',
      '09020',
      '01003',
      '01004',
      '01067',
      '01071',
      '01072',
      '01073',
      '03006',
      '03007',
    ];
    for (const code of examples) expect(codes.find((entry) => entry.code === code)?.source, code).toBe('domain-md');
    expect(codes.find((entry) => entry.code === '06010')).toMatchObject({
      kind: '事项',
      majorName: '市容环境类',
      name: '暴露垃圾',
    });
    expect(codes.find((entry) => entry.code === '01004')).toMatchObject({ kind: '部件', name: '雨水箅子' });
  });

  it('serves the code list to everyone signed in, not to visitors', async () => {
    const response = await server.request('/api/case-codes', { cookie: cookies.inspector });
    expect(response.status).toBe(200);
    const body = (await response.json()) as CaseCodesResponse;
    expect(body.codes.length).toBe(loadProblemCodes().length);
    expect(body.codes[0]).toHaveProperty('timeLimitHours');
    expect((await server.request('/api/case-codes')).status).toBe(401);
  });
});

describe('the illustrative grid', () => {
  it('has 15-digit codes made of a village code and a serial, each cell of one village', async () => {
    const rows = await server.sql<{ code: string; village_code: string; illustrative: number }>(
      'SELECT code, village_code, illustrative FROM grids',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.code).toMatch(/^\d{15}$/);
      expect(row.code.startsWith(row.village_code)).toBe(true);
      expect(row.illustrative).toBe(1);
    }
  });
});

interface Detail {
  id: string;
  caseNo: string;
  status: string;
  version: number;
  unitId: string | null;
  zoneId: string | null;
  villageCode: string | null;
  gridCode: string | null;
  deadlineAt: string | null;
  reworkCount: number;
  extensionCount: number;
  suspended: boolean;
  actions: string[];
  steps: {
    action: string;
    fromStatus: string | null;
    toStatus: string;
    actorName: string | null;
    actorRole: string | null;
    note: string | null;
  }[];
}

async function report(as = 'inspector', body: Record<string, unknown> = {}): Promise<Detail> {
  const response = await server.request('/api/cases', {
    method: 'POST',
    cookie: cookies[as],
    json: { code: '06010', lon: 120.9205, lat: 31.1705, description: '路边暴露垃圾', ...body },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  expect(response.headers.get('location')).toMatch(/^\/api\/cases\/\d+$/);
  const cityCase = (await response.json()) as Detail;
  expect(response.headers.get('etag')).toBe(`"${cityCase.version}"`);
  return cityCase;
}

async function act(
  cityCase: Detail,
  action: string,
  as: string,
  body: Record<string, unknown> = {},
  version = cityCase.version,
) {
  return server.request(`/api/cases/${cityCase.id}/actions/${action}`, {
    method: 'POST',
    cookie: cookies[as],
    headers: { 'if-match': `"${version}"` },
    json: body,
  });
}

async function step(cityCase: Detail, action: string, as: string, body: Record<string, unknown> = {}): Promise<Detail> {
  const response = await act(cityCase, action, as, body);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Detail;
}

describe('the case workflow over HTTP', () => {
  it('runs 信息收集 → 立案 → 派遣 → 处置 → 处理反馈 → 核查 → 结案, each step with who and when', async () => {
    let cityCase = await report();
    expect(cityCase).toMatchObject({ status: 'reported', unitId: null, actions: ['self_handle'] });
    expect(cityCase.caseNo).toMatch(/^JX\d{8}\d{4}$/);
    // Joined on write: the fixture's R4 zone at 120.92,31.17 (0.002 square), the illustrative grid and village.
    expect(cityCase.zoneId).not.toBeNull();
    expect(cityCase.gridCode).toMatch(/^320583401014\d{3}$/);
    expect(cityCase.villageCode).toBe('320583401014');
    cityCase = await step(cityCase, 'register', 'admin');
    cityCase = await step(cityCase, 'dispatch', 'admin', { unitId: 'shuilizhan' });
    expect(cityCase.unitId).toBe('shuilizhan');
    expect(Date.parse(cityCase.deadlineAt!) - Date.parse('2026-06-15T04:00:00Z')).toBe(24 * 3_600_000); // 06010: 24 h
    cityCase = await step(cityCase, 'start', 'water');
    cityCase = await step(cityCase, 'feedback', 'water', { note: '已清理' });
    cityCase = await step(cityCase, 'verify', 'inspector');
    cityCase = await step(cityCase, 'close', 'admin');
    expect(cityCase.status).toBe('closed');
    // Each step names the person (their display name), not their login name.
    expect(cityCase.steps.map((s) => `${s.action}:${s.toStatus}:${s.actorName}`)).toEqual([
      'report:reported:纪委督查（演示）',
      'register:registered:创建办管理员（演示）',
      'dispatch:dispatched:创建办管理员（演示）',
      'start:disposing:水利站（演示）',
      'feedback:feedback:水利站（演示）',
      'verify:verified:纪委督查（演示）',
      'close:closed:创建办管理员（演示）',
    ]);
    const read = await server.request(`/api/cases/${cityCase.id}`, { cookie: cookies.leader });
    expect(read.status).toBe(200);
    expect(((await read.json()) as Detail).actions).toEqual([]);
  });

  it('refuses by role (403), by status (409), without a reason (422), and a unit on another unit’s case (403)', async () => {
    let cityCase = await report();
    expect((await act(cityCase, 'register', 'inspector')).status).toBe(403);
    expect((await act(cityCase, 'register', 'planner')).status).toBe(403);
    expect((await act(cityCase, 'register', 'leader')).status).toBe(403);
    expect((await act(cityCase, 'close', 'admin')).status).toBe(409);
    expect((await act(cityCase, 'void', 'admin', { reason: ' ' })).status).toBe(422);
    cityCase = await step(cityCase, 'register', 'admin');
    expect((await act(cityCase, 'dispatch', 'admin', {})).status).toBe(422);
    expect((await act(cityCase, 'dispatch', 'admin', { unitId: 'nobody' })).status).toBe(400);
    cityCase = await step(cityCase, 'dispatch', 'admin', { unitId: 'huanweisuo' });
    const denied = await act(cityCase, 'start', 'water');
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { detail: string }).detail).toMatch(/not dispatched to your unit/);
    expect((await act(cityCase, 'nonsense', 'admin')).status).toBe(400);
    expect((await act(cityCase, 'start', 'admin', { extra: 1 })).status).toBe(400);
  });

  it('needs If-Match: 428 without, 412 when stale with the current case', async () => {
    const cityCase = await report();
    const missing = await server.request(`/api/cases/${cityCase.id}/actions/register`, {
      method: 'POST',
      cookie: cookies.admin,
      json: {},
    });
    expect(missing.status).toBe(428);
    await step(cityCase, 'register', 'admin');
    const stale = await act(cityCase, 'void', 'admin', { reason: '重复' });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { current: Detail }).current.status).toBe('registered');
  });

  it('延期, 返工, 挂账/缓办, 回退, 作废 and 自处理 are recorded and counted', async () => {
    let cityCase = await report();
    cityCase = await step(cityCase, 'register', 'admin');
    cityCase = await step(cityCase, 'dispatch', 'admin', { unitId: 'shuilizhan' });
    cityCase = await step(cityCase, 'send_back', 'water', { reason: '不属于本单位' });
    expect(cityCase).toMatchObject({ status: 'registered', unitId: null, deadlineAt: null });
    cityCase = await step(cityCase, 'dispatch', 'admin', { unitId: 'shuilizhan' });
    const until = new Date(Date.parse(cityCase.deadlineAt!) + 48 * 3_600_000).toISOString();
    cityCase = await step(cityCase, 'request_extension', 'water', { reason: '需采购设备', until });
    cityCase = await step(cityCase, 'approve_extension', 'admin');
    expect(cityCase).toMatchObject({ deadlineAt: until, extensionCount: 1 });
    cityCase = await step(cityCase, 'suspend', 'admin', { reason: '等待多部门协调' });
    expect(cityCase.suspended).toBe(true);
    expect((await act(cityCase, 'feedback', 'water')).status).toBe(409);
    cityCase = await step(cityCase, 'resume', 'admin');
    cityCase = await step(cityCase, 'feedback', 'water');
    cityCase = await step(cityCase, 'fail_check', 'inspector', { reason: '仍有积存' });
    expect(cityCase).toMatchObject({ status: 'disposing', reworkCount: 1 });
    const voided = await step(await step(await report(), 'register', 'admin'), 'void', 'admin', { reason: '重复上报' });
    expect(voided.status).toBe('voided');
    const selfHandled = await report('inspector', { selfHandled: true });
    expect(selfHandled.status).toBe('verified');
    expect(selfHandled.steps.map((s) => s.action)).toEqual(['report', 'self_handle']);
    const unitSelf = await server.request('/api/cases', {
      method: 'POST',
      cookie: cookies.water,
      json: { code: '06010', lon: 120.9, lat: 31.17, description: 'x', selfHandled: true },
    });
    expect(unitSelf.status).toBe(403);
  });

  it('refuses bad reports with problems that say what is wrong', async () => {
    const post = (json: unknown, as = 'inspector') =>
      server.request('/api/cases', { method: 'POST', cookie: cookies[as], json });
    expect((await post({ code: '99999', lon: 120.9, lat: 31.17, description: 'x' })).status).toBe(400);
    expect((await post({ code: '06010', lon: 500, lat: 31.17, description: 'x' })).status).toBe(400);
    expect((await post({ code: '06010', lon: 120.9, lat: 31.17, description: '' })).status).toBe(400);
    expect(await post({ code: '06010', lon: 120.9, lat: 31.17, description: 'x' }, 'planner')).toHaveProperty(
      'status',
      403,
    );
    expect(await post({ code: '06010', lon: 120.9, lat: 31.17, description: 'x' }, 'leader')).toHaveProperty(
      'status',
      403,
    );
  });
});

describe('case lists, time limits and indicators', () => {
  it('lists with filters and paging, and says what is wrong with a bad filter', async () => {
    const all = await server.request('/api/cases?limit=2', { cookie: cookies.leader });
    expect(all.status).toBe(200);
    const page = (await all.json()) as { cases: Detail[]; total: number };
    expect(page.cases.length).toBe(2);
    expect(page.total).toBeGreaterThan(2);
    const closed = (await (
      await server.request('/api/cases?status=closed&major=06', { cookie: cookies.leader })
    ).json()) as {
      cases: Detail[];
    };
    expect(closed.cases.every((cityCase) => cityCase.status === 'closed')).toBe(true);
    const boxed = (await (
      await server.request('/api/cases?bbox=120.92,31.17,120.922,31.172&from=2026-06-15&to=2026-06-15', {
        cookie: cookies.leader,
      })
    ).json()) as { total: number };
    expect(boxed.total).toBeGreaterThan(0);
    const elsewhere = (await (
      await server.request('/api/cases?bbox=100,20,100.1,20.1', { cookie: cookies.leader })
    ).json()) as {
      total: number;
    };
    expect(elsewhere.total).toBe(0);
    for (const bad of ['status=nope', 'limit=0', 'limit=9999', 'from=2026-13-01', 'bbox=1,2,3', 'code=1', 'what=1']) {
      const response = await server.request(`/api/cases?${bad}`, { cookie: cookies.leader });
      expect(response.status, bad).toBe(400);
    }
  });

  it('lets the office edit a code’s 处置时限, which the next dispatch uses', async () => {
    const put = (as: string, hours: unknown, code = '06011') =>
      server.request(`/api/case-codes/${code}/time-limit`, { method: 'PUT', cookie: cookies[as], json: { hours } });
    expect((await put('admin', 6)).status).toBe(200);
    expect((await put('admin', 0)).status).toBe(400);
    expect((await put('admin', 6, '99999')).status).toBe(400);
    expect((await put('planner', 6)).status).toBe(403);
    const codes = (await (
      await server.request('/api/case-codes', { cookie: cookies.admin })
    ).json()) as CaseCodesResponse;
    expect(codes.codes.find((code) => code.code === '06011')!.timeLimitHours).toBe(6);
    let cityCase = await report('inspector', { code: '06011' });
    cityCase = await step(cityCase, 'register', 'admin');
    cityCase = await step(cityCase, 'dispatch', 'admin', { unitId: 'huanweisuo' });
    expect(Date.parse(cityCase.deadlineAt!) - Date.parse('2026-06-15T04:00:00Z')).toBe(6 * 3_600_000);
  });

  it('answers the indicators per unit for a period', async () => {
    const response = await server.request('/api/cases/indicators?from=2026-06-01&to=2026-06-30', {
      cookie: cookies.leader,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      units: { unit: string; counts: { due: number; closed: number }; rates: Record<string, number | null> }[];
      town: { counts: { due: number } };
    };
    const water = body.units.find((unit) => unit.unit === 'shuilizhan')!;
    expect(water.counts.due).toBeGreaterThan(0);
    expect(water.counts.closed).toBeGreaterThan(0);
    expect(body.town.counts.due).toBeGreaterThanOrEqual(water.counts.due);
    expect(
      (await server.request('/api/cases/indicators?from=2026-07-01&to=2026-06-01', { cookie: cookies.leader })).status,
    ).toBe(400);
    expect((await server.request('/api/cases/indicators', { cookie: cookies.leader })).status).toBe(400);
  });
});

describe('cases and zones', () => {
  const acceptedZone = async () =>
    (await server.sql<{ id: number }>("SELECT id FROM zones WHERE status = 'accepted' ORDER BY id"))[0]!.id;

  it('lists a zone’s cases with counts, and flags new cases in an accepted zone as 复发', async () => {
    const zoneId = await acceptedZone();
    const before = (await (await server.request(`/api/zones/${zoneId}/cases`, { cookie: cookies.leader })).json()) as {
      relapse: boolean;
      relapseCount: number;
      acceptedAt: string | null;
    };
    expect(before.acceptedAt).not.toBeNull();
    const cityCase = await report('inspector', {
      lon: 120.9505,
      lat: 31.2005,
      code: '09006',
      description: '市场门口占道经营',
    });
    expect(cityCase.zoneId).toBe(String(zoneId));
    const after = (await (await server.request(`/api/zones/${zoneId}/cases`, { cookie: cookies.leader })).json()) as {
      total: number;
      byStatus: Record<string, number>;
      relapse: boolean;
      relapseCount: number;
      cases: Detail[];
    };
    expect(after.relapse).toBe(true);
    expect(after.relapseCount).toBe(before.relapseCount + 1);
    expect(after.byStatus.reported).toBeGreaterThan(0);
    expect(after.cases.some((entry) => entry.id === cityCase.id)).toBe(true);
    expect((await server.request('/api/zones/999999/cases', { cookie: cookies.leader })).status).toBe(404);
  });

  it('re-joins cases when a zone is drawn over them and when it is deleted', async () => {
    const cityCase = await report('inspector', { lon: 120.86, lat: 31.15, description: '空地暴露垃圾' });
    expect(cityCase.zoneId).toBeNull();
    const created = await server.request('/api/zones', {
      method: 'POST',
      cookie: cookies.planner,
      json: {
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [120.859, 31.149],
              [120.861, 31.149],
              [120.861, 31.151],
              [120.859, 31.151],
              [120.859, 31.149],
            ],
          ],
        },
        properties: { name: '空地整治', category: 'R1', plannedStart: '2026-06-01', plannedEnd: '2026-09-30' },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const zone = (await created.json()) as { id: string; properties: { version: number } };
    const joined = (await (
      await server.request(`/api/cases/${cityCase.id}`, { cookie: cookies.leader })
    ).json()) as Detail;
    expect(joined.zoneId).toBe(zone.id);
    const version = created.headers.get('etag')!;
    const deleted = await server.request(`/api/zones/${zone.id}`, {
      method: 'DELETE',
      cookie: cookies.planner,
      headers: { 'if-match': version },
    });
    expect(deleted.status, await deleted.clone().text()).toBe(204);
    const unjoined = (await (
      await server.request(`/api/cases/${cityCase.id}`, { cookie: cookies.leader })
    ).json()) as Detail;
    expect(unjoined.zoneId).toBeNull();
  });
});
