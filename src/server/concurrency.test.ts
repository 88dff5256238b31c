import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { makeTestPhoto, photoForm } from '../testing/images';
import { addDays } from '../shared/time/dates';
import { quarterOf } from '../shared/checks/checks';
import type { Task, ZoneFeature, ZoneVersion } from '../shared/zones/zone';
import type { TaskUpdate } from '../shared/tasks/task';
import type { AuditEntry } from '../shared/admin/audit';
import { THROTTLE } from './modules/admin/session.routes';

/**
 * Concurrent writers (issue 18, "Correctness that only SQLite's single writer gives today"): every
 * If-Match path fired RACERS times at once with one ETag gives exactly one 2xx and 412 for the rest,
 * never a 5xx, and its side effects (history, thread, steps, rework count, audit) once. Check-then-insert
 * flows give the existing answer or a 409. The test speaks only HTTP, so it runs against any backend.
 */
const RACERS = 8;
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer({
    app: { trustProxy: ['127.0.0.1'] },
    // Every racer of the Idempotency-Key test gets an upload slot (the caps answer 503 otherwise).
    photos: { uploadsPerUser: RACERS, uploadsTotal: RACERS },
  });
  for (const name of ['admin', 'planner', 'leader', 'inspector', 'water']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

type Init = Parameters<TestServer['request']>[1];
const send = (path: string, init: Init) => server.request(path, init);
const race = (count: number, request: (index: number) => Promise<Response>) =>
  Promise.all(Array.from({ length: count }, (_, index) => request(index)));
const statusesOf = (responses: Response[]) => responses.map((response) => response.status).sort();
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** Exactly one answer is `winner`, every other one of `losers` with a problem+json saying what happened. */
async function expectOneWinner(responses: Response[], winner: number, losers: number[] = [412]) {
  const statuses = statusesOf(responses);
  expect(
    statuses.filter((status) => status >= 500),
    String(statuses),
  ).toEqual([]);
  expect(
    statuses.filter((status) => status === winner),
    String(statuses),
  ).toHaveLength(1);
  for (const response of responses.filter((candidate) => candidate.status !== winner)) {
    expect(losers, String(statuses)).toContain(response.status);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    const problem = (await response.json()) as { detail: string };
    if (response.status === 412) expect(problem.detail).toMatch(/changed/i);
  }
  return responses.find((response) => response.status === winner)!;
}

const json = async <T>(path: string, as = 'admin') => (await (await send(path, { cookie: cookies[as] })).json()) as T;

/** Audit entries of one action on one target. */
async function audited(action: string, targetType: string, targetId: string): Promise<AuditEntry[]> {
  const { entries } = await json<{ entries: AuditEntry[] }>(
    `/api/audit?action=${action}&targetType=${targetType}&limit=500`,
  );
  return entries.filter((entry) => entry.targetId === targetId);
}

/** A zone of the water station's item R4 (flood-prone area), version 1. */
async function freshZone(): Promise<string> {
  const response = await send('/api/zones', {
    method: 'POST',
    cookie: cookies.planner,
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.905 + Math.random() * 0.01, 31.17 + Math.random() * 0.01] },
      properties: {
        name: `并发测试片区${Math.random().toString(36).slice(2, 8)}`,
        category: 'R4',
        plannedStart: server.today,
        plannedEnd: addDays(server.today, 60),
      },
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as ZoneFeature).id;
}

const historyOf = (zoneId: string) => json<ZoneVersion[]>(`/api/zones/${zoneId}/history`);

async function newTask(zoneId: string): Promise<Task> {
  const response = await send(`/api/zones/${zoneId}/tasks`, {
    method: 'POST',
    cookie: cookies.water,
    json: { title: '清理雨水箅子', assignedUnit: 'shuilizhan', dueDate: addDays(server.today, 10) },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Task;
}

async function taskAction(task: Task, action: string, as: string, body: Record<string, unknown> = {}) {
  const response = await send(`/api/tasks/${task.id}/actions/${action}`, {
    method: 'POST',
    cookie: cookies[as],
    headers: ifMatch(task.version),
    json: body,
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Task;
}

async function upload(zoneId: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return send(`/api/zones/${zoneId}/photos`, {
    method: 'POST',
    cookie: cookies.water,
    headers,
    body: photoForm(fields, [{ bytes: await makeTestPhoto({ width: 64, height: 48 }) }]),
  });
}

/** A task in 待验收 reached through the workflow: started, before and after photos, submitted. */
async function submittedTask(zoneId: string): Promise<Task> {
  const started = await taskAction(await newTask(zoneId), 'start', 'water');
  for (const phase of ['before', 'after']) {
    const response = await upload(zoneId, { phase, taskId: started.id });
    expect(response.status, await response.clone().text()).toBe(201);
  }
  const current = await json<Task>(`/api/tasks/${started.id}`);
  return taskAction(current, 'submit', 'water');
}

describe('the If-Match paths under concurrent writers: one winner, the rest 412, side effects once', () => {
  it('PATCH /api/zones/:id', async () => {
    const zoneId = await freshZone();
    const responses = await race(RACERS, (index) =>
      send(`/api/zones/${zoneId}`, {
        method: 'PATCH',
        cookie: cookies.planner,
        headers: ifMatch(1),
        json: { properties: { notes: `并发 ${index}` } },
      }),
    );
    const winner = await expectOneWinner(responses, 200);
    expect(winner.headers.get('etag')).toBe('"2"');
    expect((await historyOf(zoneId)).map((entry) => entry.action)).toEqual(['create', 'update']);
    expect(await audited('zone_update', 'zone', zoneId)).toHaveLength(1);
  });

  it('DELETE /api/zones/:id (a loser may also find the zone gone: 404)', async () => {
    const zoneId = await freshZone();
    const responses = await race(RACERS, () =>
      send(`/api/zones/${zoneId}`, { method: 'DELETE', cookie: cookies.planner, headers: ifMatch(1) }),
    );
    await expectOneWinner(responses, 204, [412, 404]);
    expect((await historyOf(zoneId)).map((entry) => entry.action)).toEqual(['create', 'delete']);
    expect(await audited('zone_delete', 'zone', zoneId)).toHaveLength(1);
  });

  it('POST /api/zones/:id/restore', async () => {
    const zoneId = await freshZone();
    const changed = await send(`/api/zones/${zoneId}`, {
      method: 'PATCH',
      cookie: cookies.planner,
      headers: ifMatch(1),
      json: { properties: { notes: '改过' } },
    });
    expect(changed.status).toBe(200);
    const responses = await race(RACERS, () =>
      send(`/api/zones/${zoneId}/restore`, {
        method: 'POST',
        cookie: cookies.planner,
        headers: ifMatch(2),
        json: { version: 1 },
      }),
    );
    await expectOneWinner(responses, 200);
    expect((await historyOf(zoneId)).map((entry) => entry.action)).toEqual(['create', 'update', 'restore']);
    expect(await audited('zone_restore', 'zone', zoneId)).toHaveLength(1);
  });

  it('POST /api/zones/batch (the version in each operation)', async () => {
    const zoneId = await freshZone();
    const responses = await race(RACERS, (index) =>
      send('/api/zones/batch', {
        method: 'POST',
        cookie: cookies.planner,
        json: {
          operations: [{ op: 'update', id: zoneId, version: 1, feature: { properties: { notes: `批 ${index}` } } }],
        },
      }),
    );
    await expectOneWinner(responses, 200);
    expect((await historyOf(zoneId)).map((entry) => entry.action)).toEqual(['create', 'update']);
    expect(await audited('zone_update', 'zone', zoneId)).toHaveLength(1);
  });

  it('PATCH /api/tasks/:id', async () => {
    const task = await newTask(await freshZone());
    const responses = await race(RACERS, (index) =>
      send(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        cookie: cookies.water,
        headers: ifMatch(task.version),
        json: { title: `并发标题 ${index}` },
      }),
    );
    await expectOneWinner(responses, 200);
    const updates = await json<TaskUpdate[]>(`/api/tasks/${task.id}/updates`);
    expect(updates.filter((update) => update.kind === 'edit')).toHaveLength(1);
    expect((await json<Task>(`/api/tasks/${task.id}`)).version).toBe(task.version + 1);
    expect(await audited('task_updated', 'task', task.id)).toHaveLength(1);
  });

  it('POST /api/tasks/:id/actions/reject: the rework count goes up by exactly one', async () => {
    const task = await submittedTask(await freshZone());
    expect(task).toMatchObject({ status: 'pending_acceptance', reworkCount: 0 });
    const responses = await race(RACERS, (index) =>
      send(`/api/tasks/${task.id}/actions/reject`, {
        method: 'POST',
        cookie: cookies.admin,
        headers: ifMatch(task.version),
        json: { reason: `照片不清楚 ${index}` },
      }),
    );
    await expectOneWinner(responses, 200);
    const after = await json<Task>(`/api/tasks/${task.id}`);
    expect(after).toMatchObject({ status: 'in_progress', reworkCount: 1, version: task.version + 1 });
    const updates = await json<TaskUpdate[]>(`/api/tasks/${task.id}/updates`);
    expect(updates.filter((update) => update.action === 'reject')).toHaveLength(1);
    expect(await audited('task_reject', 'task', task.id)).toHaveLength(1);
  });

  it('POST /api/cases/:id/actions/:action', async () => {
    const created = await send('/api/cases', {
      method: 'POST',
      cookie: cookies.inspector,
      json: { code: '06010', lon: 120.9205, lat: 31.1705, description: '并发受理' },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const cityCase = (await created.json()) as { id: string; version: number };
    const responses = await race(RACERS, () =>
      send(`/api/cases/${cityCase.id}/actions/register`, {
        method: 'POST',
        cookie: cookies.admin,
        headers: ifMatch(cityCase.version),
        json: {},
      }),
    );
    await expectOneWinner(responses, 200);
    const detail = await json<{ status: string; version: number; steps: { action: string }[] }>(
      `/api/cases/${cityCase.id}`,
    );
    expect(detail).toMatchObject({ status: 'registered', version: cityCase.version + 1 });
    expect(detail.steps.map((step) => step.action)).toEqual(['report', 'register']);
    expect(await audited('case_register', 'case', cityCase.id)).toHaveLength(1);
  });

  it('PUT /api/zones/:id/flood: one creation (no If-Match), then one change (If-Match)', async () => {
    const zoneId = await freshZone();
    const profile = (index: number) => ({
      riskLevel: 'medium',
      maxDepthCm: 20 + index,
      typicalDurationHours: 2,
      affectedHouseholds: 12,
      cause: '地势低洼',
      drainageMeasures: '临时泵排',
    });
    const put = (index: number, headers: Record<string, string> = {}) =>
      send(`/api/zones/${zoneId}/flood`, { method: 'PUT', cookie: cookies.water, headers, json: profile(index) });
    // A racer that reads the profile after the winner created it is asked for If-Match (428), as any change is.
    await expectOneWinner(await race(RACERS, (index) => put(index)), 201, [412, 428]);
    await expectOneWinner(await race(RACERS, (index) => put(index, ifMatch(1))), 200);
    const flood = await send(`/api/zones/${zoneId}/flood`, { cookie: cookies.water });
    expect(flood.headers.get('etag')).toBe('"2"');
    expect(await audited('flood_profile_created', 'zone', zoneId)).toHaveLength(1);
    expect(await audited('flood_profile_updated', 'zone', zoneId)).toHaveLength(1);
  });

  it('PUT /api/reports/monthly/:month/commentary/:unit: one first save, then one change (the version in the body)', async () => {
    const month = server.today.slice(0, 7);
    const path = `/api/reports/monthly/${month}/commentary/shuilizhan`;
    const save = (index: number, version?: number) =>
      send(path, {
        method: 'PUT',
        cookie: cookies.admin,
        json: { text: `本月点评 ${index}`, ...(version ? { version } : {}) },
      });
    await expectOneWinner(await race(RACERS, (index) => save(index)), 200);
    await expectOneWinner(await race(RACERS, (index) => save(index, 1)), 200);
    const report = await json<{ units: { unit: string; commentary: { version: number } | null }[] }>(
      `/api/reports/monthly?month=${month}`,
    );
    expect(report.units.find((entry) => entry.unit === 'shuilizhan')?.commentary?.version).toBe(2);
    expect(await audited('report_commentary_saved', 'monthly_commentary', `${month}/shuilizhan`)).toHaveLength(2);
  });

  it('PATCH /api/users/:id', async () => {
    const created = await send('/api/users', {
      method: 'POST',
      cookie: cookies.admin,
      json: { username: 'race-edit', displayName: '并发', role: 'leader', password: 'a-long-password-1' },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const user = (await created.json()) as { id: string; version: number };
    const responses = await race(RACERS, (index) =>
      send(`/api/users/${user.id}`, {
        method: 'PATCH',
        cookie: cookies.admin,
        headers: ifMatch(user.version),
        json: { displayName: `并发 ${index}` },
      }),
    );
    await expectOneWinner(responses, 200);
    expect((await json<{ version: number }>(`/api/users/${user.id}`)).version).toBe(user.version + 1);
    expect(await audited('user_updated', 'user', user.id)).toHaveLength(1);
  });
});

describe('check-then-insert flows under concurrent writers: the existing answer or a 409, never a 500', () => {
  it('one username created at once from 8 requests: one 201, the rest 409', async () => {
    const responses = await race(RACERS, (index) =>
      send('/api/users', {
        method: 'POST',
        cookie: cookies.admin,
        json: { username: 'race-new', displayName: `并发 ${index}`, role: 'leader', password: 'a-long-password-1' },
      }),
    );
    const winner = await expectOneWinner(responses, 201, [409]);
    const { id } = (await winner.json()) as { id: string };
    const users = await json<{ username: string }[]>('/api/users');
    expect(users.filter((user) => user.username === 'race-new')).toHaveLength(1);
    expect(await audited('user_created', 'user', id)).toHaveLength(1);
  });

  it('one Idempotency-Key sent 8 times at once makes one photo, and every answer names it', async () => {
    const zoneId = await freshZone();
    const responses = await race(RACERS, () =>
      upload(zoneId, { phase: 'before' }, { 'idempotency-key': 'race-photo-1' }),
    );
    const statuses = statusesOf(responses);
    expect(
      statuses.filter((status) => status === 201),
      String(statuses),
    ).toHaveLength(1);
    expect(
      statuses.filter((status) => status !== 201 && status !== 200),
      String(statuses),
    ).toEqual([]);
    const ids = await Promise.all(
      responses.map(async (response) => ((await response.json()) as { photos: { id: string }[] }).photos[0]!.id),
    );
    expect(new Set(ids).size).toBe(1);
    const { photos } = await json<{ photos: { id: string }[] }>(`/api/zones/${zoneId}/photos`);
    expect(photos.map((photo) => photo.id)).toEqual([ids[0]]);
  });

  it('one quarterly check per zone and quarter: one 201, the rest 409, the tasks sent back once', async () => {
    const zoneId = await freshZone();
    const task = await submittedTask(zoneId);
    const responses = await race(RACERS, (index) =>
      send(`/api/zones/${zoneId}/checks`, {
        method: 'POST',
        cookie: cookies.inspector,
        json: {
          quarter: quarterOf(server.today),
          checkedOn: server.today,
          passed: false,
          score: 40 + index,
          findings: '雨水箅子堵塞',
        },
      }),
    );
    await expectOneWinner(responses, 201, [409]);
    expect(await json<unknown[]>(`/api/zones/${zoneId}/checks`)).toHaveLength(1);
    expect(await json<Task>(`/api/tasks/${task.id}`)).toMatchObject({ status: 'in_progress', reworkCount: 1 });
    expect(await audited('quarterly_check_recorded', 'zone', zoneId)).toHaveLength(1);
  });

  it('cases created at once get distinct case numbers', async () => {
    const responses = await race(12, (index) =>
      send('/api/cases', {
        method: 'POST',
        cookie: cookies.inspector,
        json: { code: '06010', lon: 120.9205, lat: 31.1705, description: `并发上报 ${index}` },
      }),
    );
    expect(statusesOf(responses)).toEqual(Array(12).fill(201));
    const numbers = await Promise.all(
      responses.map(async (response) => ((await response.json()) as { caseNo: string }).caseNo),
    );
    expect(new Set(numbers).size).toBe(12);
  });

  it('the login throttle counts concurrent failed logins one by one', async () => {
    const { free } = THROTTLE.accountAddress;
    const responses = await race(free + 3, (index) =>
      send('/api/session', {
        method: 'POST',
        json: { username: 'leader', password: `wrong-${index}` },
        headers: { 'x-forwarded-for': '10.9.0.1' },
      }),
    );
    // Every attempt counted: `free` passwords evaluated (401), the rest refused (429) before any hash.
    const statuses = statusesOf(responses);
    expect(
      statuses.filter((status) => status === 401),
      String(statuses),
    ).toHaveLength(free);
    expect(
      statuses.filter((status) => status === 429),
      String(statuses),
    ).toHaveLength(3);
  });
});

describe('a delete without If-Match under concurrent writers: one goes through, the rest find nothing', () => {
  it('one photo deleted 8 times at once: one 204, the rest 404, one audit entry', async () => {
    const zoneId = await freshZone();
    const uploaded = await upload(zoneId, { phase: 'before' });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const { photos } = (await uploaded.json()) as { photos: { id: string }[] };
    const photoId = photos[0]!.id;
    const responses = await race(RACERS, () =>
      send(`/api/photos/${photoId}`, { method: 'DELETE', cookie: cookies.water }),
    );
    await expectOneWinner(responses, 204, [404]);
    expect(await audited('photo_deleted', 'photo', photoId)).toHaveLength(1);
  });
});
