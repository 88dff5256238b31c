import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { addDays } from '../../../shared/time/dates';
import type { Task, ZoneFeature } from '../../../shared/zones/zone';

/** What a unit account may not do to its own zones: set their rolled-up status by hand. */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'planner', 'water']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

/** A zone of R4 (led by the water station, account `water`) with one started task. */
async function zoneWithOpenTask(): Promise<ZoneFeature> {
  const created = await server.request('/api/zones', {
    method: 'POST',
    cookie: cookies.water,
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.905 + Math.random() * 0.01, 31.17 + Math.random() * 0.01] },
      properties: { name: '覆盖测试片区', category: 'R4', plannedStart: server.today, plannedEnd: '2026-12-31' },
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const zone = (await created.json()) as ZoneFeature;
  const taskResponse = await server.request(`/api/zones/${zone.id}/tasks`, {
    method: 'POST',
    cookie: cookies.water,
    json: { title: '清掏雨水箅子', assignedUnit: 'shuilizhan', dueDate: addDays(server.today, 10) },
  });
  expect(taskResponse.status).toBe(201);
  const task = (await taskResponse.json()) as Task;
  const started = await server.request(`/api/tasks/${task.id}/actions/start`, {
    method: 'POST',
    cookie: cookies.water,
    headers: { 'if-match': `"${task.version}"` },
    json: {},
  });
  expect(started.status).toBe(200);
  return zoneOf(zone.id);
}

const zoneOf = async (id: string) =>
  (await (await server.request(`/api/zones/${id}`, { cookie: cookies.admin })).json()) as ZoneFeature;
const patch = (zone: ZoneFeature, body: unknown, as: string) =>
  server.request(`/api/zones/${zone.id}`, {
    method: 'PATCH',
    cookie: cookies[as],
    headers: { 'if-match': `"${zone.properties.version}"` },
    json: body,
  });
const denials = async (id: string) =>
  (
    await server.sql<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'denied_write' AND target_type = 'zone' AND target_id = ?",
      id,
    )
  )[0]!.n;
const rowOf = async (id: string) => (await server.sql('SELECT * FROM zones WHERE id = ?', id))[0];

/** Send a write that must be refused: 403 problem, one more audited denial, the zone row untouched. */
async function expectRefused(send: () => Promise<Response>, zone: ZoneFeature) {
  const before = await rowOf(zone.id);
  const deniedBefore = await denials(zone.id);
  const response = await send();
  expect(response.status, await response.clone().text()).toBe(403);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(((await response.json()) as { detail: string }).detail).toMatch(/only the campaign office/);
  expect(await rowOf(zone.id)).toEqual(before);
  expect(await denials(zone.id)).toBe(deniedBefore + 1);
}

describe('M3 a unit cannot override its zone status', () => {
  const ACCEPTED = { properties: { status: 'accepted', progress: 100 }, statusOverrideReason: '已全部完成' };

  it('a unit marking its own zone 已验收 / 100 % with a reason: 403, audited, nothing changed', async () => {
    const zone = await zoneWithOpenTask();
    expect(zone.properties).toMatchObject({ status: 'in_progress', statusOverrideReason: null });
    await expectRefused(() => patch(zone, ACCEPTED, 'water'), zone);
    expect((await zoneOf(zone.id)).properties).toMatchObject({ status: 'in_progress', progress: 0 });
  });

  it('a planner is refused the same way', async () => {
    const zone = await zoneWithOpenTask();
    await expectRefused(() => patch(zone, ACCEPTED, 'planner'), zone);
  });

  it('the campaign office may; then a unit can neither change the hand-set values nor batch them, only hand them back', async () => {
    const zone = await zoneWithOpenTask();
    const set = await patch(zone, ACCEPTED, 'admin');
    expect(set.status, await set.clone().text()).toBe(200);
    const overridden = (await set.json()) as ZoneFeature;
    expect(overridden.properties).toMatchObject({ status: 'accepted', progress: 100 });

    // Changing values already set by hand (no reason needed for the office) is an override too.
    const handSet = { properties: { progress: 90 } };
    await expectRefused(() => patch(overridden, handSet, 'water'), overridden);

    const batch = () =>
      server.request('/api/zones/batch', {
        method: 'POST',
        cookie: cookies.water,
        json: {
          operations: [
            {
              op: 'update',
              id: zone.id,
              version: overridden.properties.version,
              feature: { properties: { progress: 95 } },
            },
          ],
        },
      });
    await expectRefused(batch, overridden);

    const back = await patch(overridden, { statusOverrideReason: null }, 'water');
    expect(back.status, await back.clone().text()).toBe(200);
    expect(((await back.json()) as ZoneFeature).properties).toMatchObject({
      status: 'in_progress',
      progress: 0,
      statusOverrideReason: null,
    });
  });

  it('a batch update by a unit cannot set the status of a zone with tasks either', async () => {
    const zone = await zoneWithOpenTask();
    const batch = () =>
      server.request('/api/zones/batch', {
        method: 'POST',
        cookie: cookies.water,
        json: {
          operations: [
            {
              op: 'update',
              id: zone.id,
              version: zone.properties.version,
              feature: { properties: { status: 'accepted', progress: 100 } },
            },
          ],
        },
      });
    await expectRefused(batch, zone);
  });

  it('restoring an earlier 已验收 version of a zone whose tasks are open is refused to a unit', async () => {
    const created = await server.request('/api/zones', {
      method: 'POST',
      cookie: cookies.water,
      json: {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [120.905 + Math.random() * 0.01, 31.17 + Math.random() * 0.01] },
        properties: {
          name: '恢复测试片区',
          category: 'R4',
          status: 'accepted',
          progress: 100,
          plannedStart: server.today,
          plannedEnd: '2026-12-31',
        },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as ZoneFeature;
    const task = await server.request(`/api/zones/${id}/tasks`, {
      method: 'POST',
      cookie: cookies.water,
      json: { title: '清掏雨水箅子', assignedUnit: 'shuilizhan', dueDate: addDays(server.today, 10) },
    });
    expect(task.status).toBe(201);
    const zone = await zoneOf(id);
    expect(zone.properties).toMatchObject({ status: 'not_started', progress: 0 });
    const restore = () =>
      server.request(`/api/zones/${id}/restore`, {
        method: 'POST',
        cookie: cookies.water,
        headers: { 'if-match': `"${zone.properties.version}"` },
        json: { version: 1 },
      });
    await expectRefused(restore, zone);
  });
});
