import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { loadSampleData } from './platform/data-files';
import { addDays } from '../shared/time/dates';
import type { CampaignResponse } from '../shared/campaign/campaign';
import type { Supervision } from '../shared/supervision/supervision';
import type { Inbox } from '../shared/notifications/notification';
import type { Task, ZoneCollection } from '../shared/zones/zone';

/**
 * Every 社区 and 村 is a unit with an account (issue 22, part 5): a village account gets its own work list, its own
 * 督办, the cases dispatched to it and its own reminders, and nothing another unit must act on; it is ranked in the
 * 年考核 like a department. Runs on both engines (POSTGRES_API_SUITES).
 */
let server: TestServer;
const cookies: Record<string, string> = {};
let campaign: CampaignResponse;
let zones: ZoneCollection;

beforeAll(async () => {
  // The town's sample data (data/sample/): every community and village has its 长效管理责任区 there.
  server = await startTestServer({ sample: loadSampleData() });
  for (const name of ['admin', 'leader', 'water', 'qiuzecun', 'weixingcun', 'ganjiadianshequ']) {
    cookies[name] = await server.login(name);
  }
  campaign = (await (await server.request('/api/campaign', { cookie: cookies.leader })).json()) as CampaignResponse;
  zones = (await (await server.request('/api/zones', { cookie: cookies.leader })).json()) as ZoneCollection;
});
afterAll(async () => {
  await server?.close();
});

const get = async <T>(path: string, as: string): Promise<T> => {
  const response = await server.request(path, { cookie: cookies[as] });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
};
const myTasks = (as: string) => get<{ scope: string; tasks: (Task & { zoneName: string })[] }>('/api/my-tasks', as);

describe('the communities and villages as units', () => {
  it('serves all 23 with kind and statistical code, and an account for each', async () => {
    const local = campaign.units.filter((unit) => unit.kind === 'community' || unit.kind === 'village');
    expect(local).toHaveLength(23);
    expect(local.every((unit) => /^320583401\d{3}$/.test(unit.code ?? ''))).toBe(true);
    const session = await get<{ user: { role: string; unit: string | null; displayName: string } }>(
      '/api/session',
      'qiuzecun',
    );
    expect(session.user).toMatchObject({ role: 'unit', unit: 'qiuzecun', displayName: '虬泽村（演示）' });
    // The login page lists them grouped 社区 / 村 (demo mode only).
    const config = await get<{ demoUnitAccounts: { username: string; kind: string }[] }>('/api/config', 'leader');
    expect(config.demoUnitAccounts.filter((account) => account.kind === 'community')).toHaveLength(3);
    expect(config.demoUnitAccounts.filter((account) => account.kind === 'village')).toHaveLength(20);
  });

  it('gives a village account a work list of its own tasks only, in a zone of its own area', async () => {
    const mine = await myTasks('qiuzecun');
    expect(mine.scope).toBe('unit');
    expect(mine.tasks.length).toBeGreaterThanOrEqual(3);
    expect(mine.tasks.every((task) => task.assignedUnit === 'qiuzecun')).toBe(true);
    expect(new Set(mine.tasks.map((task) => task.zoneName))).toEqual(new Set(['虬泽村长效管理责任区']));
    const zone = zones.features.find((feature) => feature.properties.name === '虬泽村长效管理责任区')!;
    expect(zone.properties.village).toBe('虬泽村');
    // Another village's list shares nothing with it.
    const other = await myTasks('weixingcun');
    expect(other.tasks.length).toBeGreaterThan(0);
    const ids = new Set(mine.tasks.map((task) => task.id));
    expect(other.tasks.some((task) => ids.has(task.id))).toBe(false);
    expect(other.tasks.every((task) => task.assignedUnit === 'weixingcun')).toBe(true);
  });

  it('lets it work its own task and refuses another unit’s (403)', async () => {
    const mine = (await myTasks('qiuzecun')).tasks.find((task) => task.status === 'not_started')!;
    const theirs = (await myTasks('water')).tasks[0]!;
    const note = (as: string, task: Task) =>
      server.request(`/api/tasks/${task.id}/notes`, { method: 'POST', cookie: cookies[as], json: { note: '已巡查' } });
    expect((await note('qiuzecun', mine)).status).toBe(201);
    const denied = await note('qiuzecun', theirs);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('makes it a 督办 target: it sees and answers its own, not another unit’s', async () => {
    const mine = (await myTasks('qiuzecun')).tasks[0]!;
    const theirs = (await myTasks('ganjiadianshequ')).tasks[0]!;
    const issue = async (task: Task & { zoneName: string }) => {
      const response = await server.request('/api/supervisions', {
        method: 'POST',
        cookie: cookies.leader,
        json: { taskId: task.id, note: '限期整改', deadline: addDays(server.today, 5) },
      });
      expect(response.status, await response.clone().text()).toBe(201);
      return (await response.json()) as Supervision;
    };
    const ours = await issue(mine);
    const other = await issue(theirs);
    expect(ours.unit).toBe('qiuzecun');
    const list = await get<Supervision[]>('/api/supervisions?mine=1', 'qiuzecun');
    expect(list.map((entry) => entry.id)).toContain(ours.id);
    expect(list.every((entry) => entry.unit === 'qiuzecun')).toBe(true);
    const reply = (id: string) =>
      server.request(`/api/supervisions/${id}/replies`, {
        method: 'POST',
        cookie: cookies.qiuzecun,
        json: { progress: '已安排保洁员清理' },
      });
    expect((await reply(ours.id)).status).toBe(201);
    expect((await reply(other.id)).status).toBe(403);
  });

  it('lets it handle a case dispatched to it, and not one dispatched elsewhere', async () => {
    const report = async () => {
      const response = await server.request('/api/cases', {
        method: 'POST',
        cookie: cookies.admin,
        json: { code: '06010', lon: 120.8735, lat: 31.1696, description: '村道边暴露垃圾' },
      });
      expect(response.status, await response.clone().text()).toBe(201);
      return (await response.json()) as { id: string; version: number };
    };
    const act = async (cityCase: { id: string; version: number }, action: string, as: string, body = {}) =>
      server.request(`/api/cases/${cityCase.id}/actions/${action}`, {
        method: 'POST',
        cookie: cookies[as],
        headers: { 'if-match': `"${cityCase.version}"` },
        json: body,
      });
    const dispatchTo = async (unitId: string) => {
      let cityCase = await report();
      for (const [action, body] of [
        ['register', {}],
        ['dispatch', { unitId }],
      ] as const) {
        const response = await act(cityCase, action, 'admin', body);
        expect(response.status, await response.clone().text()).toBe(200);
        cityCase = (await response.json()) as typeof cityCase;
      }
      return cityCase;
    };
    const ours = await dispatchTo('qiuzecun');
    const theirs = await dispatchTo('huanweisuo');
    expect((await act(ours, 'start', 'qiuzecun')).status).toBe(200);
    expect((await act(theirs, 'start', 'qiuzecun')).status).toBe(403);
    const listed = await get<{ cases: { id: string; unitId: string | null }[] }>(
      '/api/cases?unit=qiuzecun',
      'qiuzecun',
    );
    expect(listed.cases.map((entry) => entry.id)).toEqual([ours.id]);
  });

  it('reminds it of its own overdue work only', async () => {
    const inbox = await get<Inbox>('/api/inbox', 'qiuzecun');
    const own = new Set((await myTasks('qiuzecun')).tasks.map((task) => task.title));
    const zone = zones.features.find((feature) => feature.properties.name === '虬泽村长效管理责任区')!;
    const taskItems = inbox.items.filter((item) => item.kind.startsWith('task_'));
    expect(taskItems.length).toBeGreaterThan(0);
    for (const item of taskItems) {
      expect(own.has(String(item.params.task))).toBe(true);
      expect(item.params.zone).toBe(zone.properties.name);
    }
  });

  it('ranks the villages and communities in the 年考核 like the departments', async () => {
    const assessment = await get<{ units: { unit: string; composite: number | null }[] }>(
      `/api/assessment?year=${server.today.slice(0, 4)}`,
      'leader',
    );
    const ranked = new Set(assessment.units.filter((row) => row.composite !== null).map((row) => row.unit));
    for (const unit of campaign.units.filter((candidate) => candidate.kind !== undefined)) {
      expect(ranked.has(unit.id), unit.name).toBe(true);
    }
  });
});
