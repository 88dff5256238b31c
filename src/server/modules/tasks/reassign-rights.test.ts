import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { addDays } from '../../../shared/time/dates';
import type { Task, ZoneFeature } from '../../../shared/zones/zone';

/** Who may hand a task to another unit (change its assigned unit). */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'planner', 'water', 'chengguan']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

/** A task assigned to `assignedUnit` in a new zone of `category` (R4 is led by the water station, R2 is not). */
async function taskIn(category: string, assignedUnit: string): Promise<Task> {
  const zone = await server.request('/api/zones', {
    method: 'POST',
    cookie: cookies.admin,
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.905 + Math.random() * 0.01, 31.17 + Math.random() * 0.01] },
      properties: { name: '改派测试', category, plannedStart: server.today, plannedEnd: '2026-12-31' },
    },
  });
  expect(zone.status, await zone.clone().text()).toBe(201);
  const { id } = (await zone.json()) as ZoneFeature;
  const created = await server.request(`/api/zones/${id}/tasks`, {
    method: 'POST',
    cookie: cookies.admin,
    json: { title: '清掏', assignedUnit, dueDate: addDays(server.today, 10) },
  });
  expect(created.status).toBe(201);
  return (await created.json()) as Task;
}

const taskOf = async (id: string) =>
  (await (await server.request(`/api/tasks/${id}`, { cookie: cookies.admin })).json()) as Task;
const patch = (task: Task, body: unknown, as: string) =>
  server.request(`/api/tasks/${task.id}`, {
    method: 'PATCH',
    cookie: cookies[as],
    headers: { 'if-match': `"${task.version}"` },
    json: body,
  });
const denials = async (id: string) =>
  (
    await server.sql<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'denied_write' AND target_type = 'task' AND target_id = ?",
      id,
    )
  )[0]!.n;
const rowOf = async (id: string) => (await server.sql('SELECT * FROM tasks WHERE id = ?', id))[0];

/** 403 problem, one more audited denial, the task row untouched. */
async function expectRefused(task: Task, body: unknown, as: string) {
  const before = await rowOf(task.id);
  const deniedBefore = await denials(task.id);
  const response = await patch(task, body, as);
  expect(response.status, await response.clone().text()).toBe(403);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(((await response.json()) as { detail: string }).detail).toMatch(/another unit/);
  expect(await rowOf(task.id)).toEqual(before);
  expect(await denials(task.id)).toBe(deniedBefore + 1);
}

describe('M4 a unit cannot hand its own task to another unit', () => {
  it('the assigned unit (not leading the item) is refused, audited, nothing changed; it may still edit the title', async () => {
    // R2 is led by 建管所: the water station is only the assigned unit here.
    const task = await taskIn('R2', 'shuilizhan');
    await expectRefused(task, { assignedUnit: 'chengguanzhongdui' }, 'water');
    expect((await taskOf(task.id)).assignedUnit).toBe('shuilizhan');
    const same = await patch(task, { title: '清掏雨水箅子', assignedUnit: 'shuilizhan' }, 'water');
    expect(same.status, await same.clone().text()).toBe(200);
  });

  it('a unit assigned a task in a zone another unit leads cannot pass it on either', async () => {
    const task = await taskIn('R4', 'chengguanzhongdui');
    await expectRefused(task, { assignedUnit: 'jianguansuo' }, 'chengguan');
  });

  it('a planner is refused', async () => {
    const task = await taskIn('R4', 'shuilizhan');
    await expectRefused(task, { assignedUnit: 'chengguanzhongdui' }, 'planner');
  });

  it('the lead unit of the item reassigns and takes back; the campaign office reassigns anywhere', async () => {
    const task = await taskIn('R4', 'shuilizhan');
    const away = await patch(task, { assignedUnit: 'chengguanzhongdui' }, 'water');
    expect(away.status, await away.clone().text()).toBe(200);
    const moved = (await away.json()) as Task;
    expect(moved.assignedUnit).toBe('chengguanzhongdui');
    const back = await patch(moved, { assignedUnit: 'shuilizhan' }, 'water');
    expect(back.status).toBe(200);

    const other = await taskIn('R2', 'shuilizhan');
    const byOffice = await patch(other, { assignedUnit: 'chengguanzhongdui' }, 'admin');
    expect(byOffice.status).toBe(200);
    expect(((await byOffice.json()) as Task).assignedUnit).toBe('chengguanzhongdui');
  });
});
