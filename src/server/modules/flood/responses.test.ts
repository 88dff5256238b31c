import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { floodResponseSchema, pumpStationSchema, responsePlanSchema } from '../../../shared/flood/response';
import { loadCampaignConfig } from '../../platform/data-files';
import { responsePlan } from './responses.routes';

let server: TestServer;
let water: string;
beforeAll(async () => {
  server = await startTestServer();
  water = await server.login('water');
});
afterAll(async () => {
  await server.close();
});

const act = (id: string, action: string, version: number | null, reason = '雨势变化') =>
  server.request(`/api/flood/responses/${id}/actions/${action}`, {
    method: 'POST',
    cookie: water,
    json: { reason },
    ...(version === null ? {} : { headers: { 'if-match': `"${version}"` } }),
  });

describe('the response plan (data/flood-response.json)', () => {
  it('is valid, has every level, and names only campaign units', () => {
    const plan = responsePlanSchema.parse(responsePlan());
    expect(Object.keys(plan.levels).sort()).toEqual(['I', 'II', 'III', 'IV']);
    const units = new Set(loadCampaignConfig().units.map((unit) => unit.id));
    const named = Object.values(plan.levels).flatMap((level) => level.tasks.map((task) => task.unit));
    expect(named.filter((unit) => !units.has(unit))).toEqual([]);
  });
});

describe('防汛应急响应 (emergency response)', () => {
  it('starts at IV with its checklist, raises to III with its tasks added, lowers and ends with reasons', async () => {
    const plan = responsePlan();
    const started = await server.request('/api/flood/responses', {
      method: 'POST',
      cookie: water,
      json: { level: 'IV', reason: '锦溪河水位超警戒' },
    });
    expect(started.status).toBe(201);
    const response = floodResponseSchema.parse(await started.json());
    expect(response).toMatchObject({ level: 'IV', status: 'active', version: 1, startedBy: 'water' });
    expect(response.tasks.map((task) => task.title)).toEqual(plan.levels.IV.tasks.map((task) => task.title));
    expect(response.timeline.map((entry) => [entry.kind, entry.reason])).toEqual([['started', '锦溪河水位超警戒']]);

    // One response at a time.
    const second = await server.request('/api/flood/responses', {
      method: 'POST',
      cookie: water,
      json: { level: 'III', reason: '重复' },
    });
    expect(second.status).toBe(409);

    expect((await act(response.id, 'raise', null)).status).toBe(428);
    expect((await act(response.id, 'raise', 5)).status).toBe(412);
    expect((await act(response.id, 'lower', 1)).status).toBe(409);
    expect((await act(response.id, 'raise', 1, '')).status).toBe(400);
    const raised = floodResponseSchema.parse(await (await act(response.id, 'raise', 1, '24小时降雨超50毫米')).json());
    expect(raised.level).toBe('III');
    expect(raised.tasks).toHaveLength(plan.levels.IV.tasks.length + plan.levels.III.tasks.length);
    expect(raised.tasks.filter((task) => task.level === 'III').map((task) => task.unit)).toEqual(
      plan.levels.III.tasks.map((task) => task.unit),
    );

    const lowered = floodResponseSchema.parse(await (await act(response.id, 'lower', 2, '雨停')).json());
    expect(lowered.level).toBe('IV');
    // Lowering keeps the tasks already given.
    expect(lowered.tasks).toHaveLength(raised.tasks.length);
    const ended = floodResponseSchema.parse(await (await act(response.id, 'end', 3, '水位回落至警戒以下')).json());
    expect(ended.status).toBe('ended');
    expect(ended.endedAt).not.toBeNull();
    expect(ended.timeline.map((entry) => [entry.kind, entry.level, entry.reason])).toEqual([
      ['started', 'IV', '锦溪河水位超警戒'],
      ['raised', 'III', '24小时降雨超50毫米'],
      ['lowered', 'IV', '雨停'],
      ['ended', 'IV', '水位回落至警戒以下'],
    ]);
    expect((await act(response.id, 'raise', 4)).status).toBe(409);
    expect((await act(response.id, 'jump', 4)).status).toBe(400);
    expect((await act('999999', 'end', 1)).status).toBe(404);
  });

  it('logs pump-station status and field points on the running response', async () => {
    const zone = (
      (await (await server.request('/api/zones?category=R4', { cookie: water })).json()) as {
        features: { id: string | number }[];
      }
    ).features[0]!.id;
    const facility = await server.request(`/api/zones/${zone}/flood/facilities`, {
      method: 'POST',
      cookie: water,
      json: {
        componentCode: '01072',
        name: '长寿路排水泵站',
        geometry: { type: 'Point', coordinates: [120.921, 31.171] },
      },
    });
    const pumpId = ((await facility.json()) as { id: string }).id;
    const started = floodResponseSchema.parse(
      await (
        await server.request('/api/flood/responses', {
          method: 'POST',
          cookie: water,
          json: { level: 'IV', reason: '短时强降雨' },
        })
      ).json(),
    );
    const put = (body: unknown, version?: number) =>
      server.request(`/api/flood/pumps/${pumpId}/status`, {
        method: 'PUT',
        cookie: water,
        json: body,
        ...(version === undefined ? {} : { headers: { 'if-match': `"${version}"` } }),
      });
    const first = await put({ status: 'running' });
    expect(first.status).toBe(200);
    expect(pumpStationSchema.parse(await first.json())).toMatchObject({ status: 'running', version: 1 });
    expect((await put({ status: 'fault' })).status).toBe(428);
    expect((await put({ status: 'broken' }, 1)).status).toBe(400);
    const fault = pumpStationSchema.parse(await (await put({ status: 'fault', note: '2号泵跳闸' }, 1)).json());
    expect(fault).toMatchObject({ status: 'fault', note: '2号泵跳闸', version: 2 });
    const pumps = z
      .array(pumpStationSchema)
      .parse(await (await server.request('/api/flood/pumps', { cookie: water })).json());
    expect(pumps.find((pump) => pump.facilityId === pumpId)).toMatchObject({
      status: 'fault',
      position: [120.921, 31.171],
    });
    const event = await server.request('/api/flood-events', {
      method: 'POST',
      cookie: water,
      json: { occurredOn: '2026-06-15', rainfallMm: 60, points: [{ coordinates: [120.921, 31.171], depthCm: 30 }] },
    });
    expect(event.status).toBe(201);
    const now = z
      .array(floodResponseSchema)
      .parse(await (await server.request('/api/flood/responses', { cookie: water })).json())
      .find((response) => response.id === started.id)!;
    expect(now.timeline.map((entry) => entry.kind)).toEqual(['started', 'pump', 'pump', 'points']);
    expect(now.timeline[2]!.detail).toMatchObject({ name: '长寿路排水泵站', status: 'fault' });
    expect(now.timeline[3]!.detail).toMatchObject({ points: 1, maxDepthCm: 30 });
    expect(
      (
        await server.request('/api/flood/pumps/999999/status', {
          method: 'PUT',
          cookie: water,
          json: { status: 'running' },
        })
      ).status,
    ).toBe(404);
  });
});
