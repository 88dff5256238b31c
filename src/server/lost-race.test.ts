import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { addDays } from '../shared/time/dates';
import type { Task, ZoneFeature } from '../shared/zones/zone';

/**
 * The branch a second engine takes when another writer wins between the read and the write: the
 * versioned UPDATE (or the ON CONFLICT insert) changes no row. SQLite's single writer never gets there
 * on its own, so a temporary trigger (RAISE(IGNORE)) makes the write change nothing while the read
 * still matched. The answer is 412 (404 for a delete) and nothing else is written: no history, thread,
 * step or audit row. src/server/concurrency.test.ts races the same paths over HTTP.
 */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'planner', 'inspector', 'water']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

const count = (sql: string, ...params: unknown[]) =>
  (server.db.prepare(`SELECT count(*) AS n FROM ${sql}`).get(...params) as { n: number }).n;

/** Run `write` while every `event` on `table` for the row `where` is skipped, as if someone else had won. */
async function losing<T>(event: 'UPDATE' | 'INSERT', table: string, where: string, write: () => Promise<T>) {
  server.db.exec(
    `CREATE TEMP TRIGGER lose BEFORE ${event} ON main.${table} WHEN ${where} BEGIN SELECT RAISE(IGNORE); END`,
  );
  try {
    return await write();
  } finally {
    server.db.exec('DROP TRIGGER temp.lose');
  }
}

async function expectProblem(response: Response, status: number) {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const written = () => ({
  audit: count('audit_log'),
  history: count('zone_versions'),
  thread: count('task_updates'),
  steps: count('case_steps'),
});

async function freshZone(): Promise<string> {
  const response = await server.request('/api/zones', {
    method: 'POST',
    cookie: cookies.planner,
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.905 + Math.random() * 0.01, 31.17 + Math.random() * 0.01] },
      properties: { name: '失败写入片区', category: 'R4', plannedStart: server.today, plannedEnd: server.today },
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as ZoneFeature).id;
}

describe('a versioned write that changes no row answers 412 (or 404) and writes nothing else', () => {
  it('zones: change, restore, delete, batch', async () => {
    const id = await freshZone();
    const change = (version: number) =>
      server.request(`/api/zones/${id}`, {
        method: 'PATCH',
        cookie: cookies.planner,
        headers: ifMatch(version),
        json: { properties: { notes: `v${version}` } },
      });
    expect((await change(1)).status).toBe(200);
    const before = written();
    const where = `OLD.id = ${id}`;
    await expectProblem(await losing('UPDATE', 'zones', where, () => change(2)), 412);
    await expectProblem(
      await losing('UPDATE', 'zones', where, () =>
        server.request(`/api/zones/${id}/restore`, {
          method: 'POST',
          cookie: cookies.planner,
          headers: ifMatch(2),
          json: { version: 1 },
        }),
      ),
      412,
    );
    await expectProblem(
      await losing('UPDATE', 'zones', where, () =>
        server.request('/api/zones/batch', {
          method: 'POST',
          cookie: cookies.planner,
          json: { operations: [{ op: 'update', id, version: 2, feature: { properties: { notes: 'b' } } }] },
        }),
      ),
      412,
    );
    await expectProblem(
      await losing('UPDATE', 'zones', where, () =>
        server.request(`/api/zones/${id}`, { method: 'DELETE', cookie: cookies.planner, headers: ifMatch(2) }),
      ),
      412,
    );
    expect(written()).toEqual(before);
    expect(count('zones WHERE id = ? AND version = 2 AND deleted_at IS NULL', id)).toBe(1);
  });

  it('tasks: change and workflow action', async () => {
    const zoneId = await freshZone();
    const created = await server.request(`/api/zones/${zoneId}/tasks`, {
      method: 'POST',
      cookie: cookies.water,
      json: { title: '清理', assignedUnit: 'shuilizhan', dueDate: addDays(server.today, 5) },
    });
    const task = (await created.json()) as Task;
    const before = written();
    const where = `OLD.id = ${task.id}`;
    await expectProblem(
      await losing('UPDATE', 'tasks', where, () =>
        server.request(`/api/tasks/${task.id}`, {
          method: 'PATCH',
          cookie: cookies.water,
          headers: ifMatch(task.version),
          json: { title: '新标题' },
        }),
      ),
      412,
    );
    await expectProblem(
      await losing('UPDATE', 'tasks', where, () =>
        server.request(`/api/tasks/${task.id}/actions/start`, {
          method: 'POST',
          cookie: cookies.water,
          headers: ifMatch(task.version),
          json: {},
        }),
      ),
      412,
    );
    expect(written()).toEqual(before);
  });

  it('cases: workflow action', async () => {
    const created = await server.request('/api/cases', {
      method: 'POST',
      cookie: cookies.inspector,
      json: { code: '06010', lon: 120.9205, lat: 31.1705, description: '失败写入' },
    });
    const cityCase = (await created.json()) as { id: string; version: number };
    const before = written();
    await expectProblem(
      await losing('UPDATE', 'cases', `OLD.id = ${cityCase.id}`, () =>
        server.request(`/api/cases/${cityCase.id}/actions/register`, {
          method: 'POST',
          cookie: cookies.admin,
          headers: ifMatch(cityCase.version),
          json: {},
        }),
      ),
      412,
    );
    expect(written()).toEqual(before);
  });

  it('flood profile and monthly commentary: first save and change', async () => {
    const zoneId = await freshZone();
    const profile = {
      riskLevel: 'low',
      maxDepthCm: 10,
      typicalDurationHours: 1,
      affectedHouseholds: 3,
      cause: '',
      drainageMeasures: '',
    };
    const put = (headers: Record<string, string> = {}) =>
      server.request(`/api/zones/${zoneId}/flood`, { method: 'PUT', cookie: cookies.water, headers, json: profile });
    const path = `/api/reports/monthly/${server.today.slice(0, 7)}/commentary/town`;
    const save = (version?: number) =>
      server.request(path, {
        method: 'PUT',
        cookie: cookies.admin,
        json: { text: '点评', ...(version ? { version } : {}) },
      });
    const before = written();
    await expectProblem(await losing('INSERT', 'flood_profiles', `NEW.zone_id = ${zoneId}`, () => put()), 412);
    await expectProblem(await losing('INSERT', 'monthly_commentary', `NEW.unit_id = ''`, () => save()), 412);
    expect(written()).toEqual(before);
    expect((await put()).status).toBe(201);
    expect((await save()).status).toBe(200);
    const saved = written();
    await expectProblem(
      await losing('UPDATE', 'flood_profiles', `OLD.zone_id = ${zoneId}`, () => put(ifMatch(1))),
      412,
    );
    await expectProblem(await losing('UPDATE', 'monthly_commentary', `OLD.unit_id = ''`, () => save(1)), 412);
    expect(written()).toEqual(saved);
  });

  it('accounts: change (412) and creation (409)', async () => {
    const created = await server.request('/api/users', {
      method: 'POST',
      cookie: cookies.admin,
      json: { username: 'lost-race', displayName: '甲', role: 'leader', password: 'a-long-password-1' },
    });
    const user = (await created.json()) as { id: string; version: number };
    const before = written();
    await expectProblem(
      await losing('UPDATE', 'users', `OLD.id = ${user.id}`, () =>
        server.request(`/api/users/${user.id}`, {
          method: 'PATCH',
          cookie: cookies.admin,
          headers: ifMatch(user.version),
          json: { displayName: '乙' },
        }),
      ),
      412,
    );
    await expectProblem(
      await losing('INSERT', 'users', `NEW.username = 'lost-race-2'`, () =>
        server.request('/api/users', {
          method: 'POST',
          cookie: cookies.admin,
          json: { username: 'lost-race-2', displayName: '丙', role: 'leader', password: 'a-long-password-1' },
        }),
      ),
      409,
    );
    expect(written()).toEqual(before);
  });
});
