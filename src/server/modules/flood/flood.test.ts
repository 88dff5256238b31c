import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { floodEventSchema, floodFrequencySchema, floodProfileSchema } from '../../../shared/flood/flood';
import { taskListSchema } from '../../../shared/zones/zone';

let server: TestServer;
let water: string;
let floodZoneId: string;
beforeAll(async () => {
  server = await startTestServer();
  water = await server.login('water');
  floodZoneId = await firstZoneOf('R4');
});
/** The first zone of an item, as the zone list gives it. */
async function firstZoneOf(category: string): Promise<string> {
  const list = (await (await server.request(`/api/zones?category=${category}`, { cookie: water })).json()) as {
    features: { id: string | number }[];
  };
  return String(list.features[0]!.id);
}
afterAll(async () => {
  await server.close();
});

const profile = {
  riskLevel: 'high',
  maxDepthCm: 40,
  typicalDurationHours: 6,
  affectedHouseholds: 120,
  cause: '地势低洼，排水管径偏小',
  drainageMeasures: '新建泵站一座，管网扩容',
};

describe('flood-prone areas (the water station)', () => {
  it('creates the flood profile of an R4 area, then changes it only with If-Match', async () => {
    const created = await server.request(`/api/zones/${floodZoneId}/flood`, {
      method: 'PUT',
      cookie: water,
      json: profile,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(floodProfileSchema.parse(await created.json())).toMatchObject({
      riskLevel: 'high',
      version: 1,
      updatedBy: 'water',
    });
    const change = { ...profile, riskLevel: 'medium' };
    expect(
      (await server.request(`/api/zones/${floodZoneId}/flood`, { method: 'PUT', cookie: water, json: change })).status,
    ).toBe(428);
    expect(
      (
        await server.request(`/api/zones/${floodZoneId}/flood`, {
          method: 'PUT',
          cookie: water,
          json: change,
          headers: { 'if-match': '"7"' },
        })
      ).status,
    ).toBe(412);
    const changed = await server.request(`/api/zones/${floodZoneId}/flood`, {
      method: 'PUT',
      cookie: water,
      json: change,
      headers: { 'if-match': '"1"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
  });

  it('refuses flood data on a zone that is not a flood-prone area, and bad values', async () => {
    const river = await firstZoneOf('R3');
    const notR4 = await server.request(`/api/zones/${river}/flood`, { method: 'PUT', cookie: water, json: profile });
    expect(notR4.status).toBe(400);
    const deep = await server.request(`/api/zones/${floodZoneId}/flood`, {
      method: 'PUT',
      cookie: water,
      json: { ...profile, maxDepthCm: 9999 },
      headers: { 'if-match': '"2"' },
    });
    expect(deep.status).toBe(400);
  });

  it('records facilities with their component codes', async () => {
    const added = await server.request(`/api/zones/${floodZoneId}/flood/facilities`, {
      method: 'POST',
      cookie: water,
      json: {
        componentCode: '01072',
        name: '长寿路排水泵站',
        geometry: { type: 'Point', coordinates: [120.9205, 31.1705] },
      },
    });
    expect(added.status).toBe(201);
    const wrongCode = await server.request(`/api/zones/${floodZoneId}/flood/facilities`, {
      method: 'POST',
      cookie: water,
      json: { componentCode: '06010', name: 'x', geometry: { type: 'Point', coordinates: [120.9205, 31.1705] } },
    });
    expect(wrongCode.status).toBe(400);
    const read = (await (await server.request(`/api/zones/${floodZoneId}/flood`, { cookie: water })).json()) as {
      facilities: { name: string; componentCode: string }[];
    };
    expect(read.facilities.map((facility) => [facility.componentCode, facility.name])).toEqual([
      ['01072', '长寿路排水泵站'],
    ]);
  });

  it('records a rainfall event; waterlogging points join the area they fall in; the frequency view counts them', async () => {
    const event = await server.request('/api/flood-events', {
      method: 'POST',
      cookie: water,
      json: {
        occurredOn: '2026-06-10',
        rainfallMm: 86.5,
        notes: '梅雨期短时强降雨',
        points: [
          { coordinates: [120.9205, 31.1705], depthCm: 25, observedAt: '2026-06-10T09:30+08:00' },
          { coordinates: [120.9212, 31.1712], depthCm: 40 },
          { coordinates: [120.87, 31.15], depthCm: 10 },
        ],
      },
    });
    expect(event.status).toBe(201);
    const created = floodEventSchema.parse(await event.json());
    expect(created).toMatchObject({ pointCount: 3, maxDepthCm: 40, zoneIds: [floodZoneId] });
    const points = (await (await server.request('/api/flood-events/points', { cookie: water })).json()) as {
      features: { properties: { zoneId: string | null } }[];
    };
    expect(points.features.map((point) => point.properties.zoneId)).toEqual([floodZoneId, floodZoneId, null]);
    const frequency = floodFrequencySchema.parse(
      await (await server.request('/api/flood-frequency', { cookie: water })).json(),
    );
    expect(frequency[0]).toMatchObject({ zoneId: floodZoneId, events: 1, maxDepthCm: 40, lastOn: '2026-06-10' });
    const future = await server.request('/api/flood-events', {
      method: 'POST',
      cookie: water,
      json: { occurredOn: '2099-06-10', rainfallMm: 10, points: [] },
    });
    expect(future.status).toBe(400);
  });

  it('generates the flood-season checklist as tasks once', async () => {
    const first = await server.request(`/api/zones/${floodZoneId}/flood/checklist`, { method: 'POST', cookie: water });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ created: 5, skipped: 0, season: '2027-06-01' });
    const again = await server.request(`/api/zones/${floodZoneId}/flood/checklist`, { method: 'POST', cookie: water });
    expect(await again.json()).toMatchObject({ created: 0, skipped: 5 });
    const tasks = taskListSchema.parse(
      await (await server.request(`/api/zones/${floodZoneId}/tasks`, { cookie: water })).json(),
    );
    const checklist = tasks.filter((task) => task.title === '汛前清掏雨水口、雨水箅子');
    expect(checklist).toHaveLength(1);
    expect(checklist[0]).toMatchObject({ dueDate: '2027-05-02', status: 'not_started', assignedUnit: 'shuilizhan' });
  });
});
