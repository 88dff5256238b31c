import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import {
  floodEventDetailSchema,
  floodEventHistorySchema,
  floodEventSchema,
  floodFrequencySchema,
} from '../../../shared/flood/flood';
import { z } from 'zod/mini';

let server: TestServer;
let water: string;
let floodZoneId: string;
beforeAll(async () => {
  server = await startTestServer();
  water = await server.login('water');
  const list = (await (await server.request('/api/zones?category=R4', { cookie: water })).json()) as {
    features: { id: string | number }[];
  };
  floodZoneId = String(list.features[0]!.id);
});
afterAll(async () => {
  await server.close();
});

const readEvent = async (id: string) => {
  const response = await server.request(`/api/flood-events/${id}`, { cookie: water });
  expect(response.status).toBe(200);
  return { etag: response.headers.get('etag')!, event: floodEventDetailSchema.parse(await response.json()) };
};
const events = async (query = '') =>
  z.array(floodEventSchema).parse(await (await server.request(`/api/flood-events${query}`, { cookie: water })).json());
const frequencyOfZone = async () =>
  floodFrequencySchema
    .parse(await (await server.request('/api/flood-frequency', { cookie: water })).json())
    .find((row) => row.zoneId === floodZoneId)!;

describe('rainfall events edited and deleted with history (the water station)', () => {
  let eventId: string;
  it('changes an event and its points with If-Match: kept, changed, added, taken out; the history says who and what', async () => {
    const created = await server.request('/api/flood-events', {
      method: 'POST',
      cookie: water,
      json: {
        occurredOn: '2026-06-12',
        rainfallMm: 60,
        notes: '午后雷阵雨',
        points: [
          { coordinates: [120.9205, 31.1705], depthCm: 20 },
          { coordinates: [120.9212, 31.1712], depthCm: 30 },
        ],
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    eventId = floodEventSchema.parse(await created.json()).id;
    const { etag, event } = await readEvent(eventId);
    expect(etag).toBe('"1"');
    const [first, second] = event.points;
    expect(first).toMatchObject({ depthCm: 20, zoneId: floodZoneId, photos: [] });
    const change = {
      occurredOn: '2026-06-12',
      rainfallMm: 72.5,
      notes: '午后雷阵雨（补记）',
      points: [
        { id: first!.id, coordinates: first!.coordinates, depthCm: 35 },
        { coordinates: [120.87, 31.15], depthCm: 5, notes: '新增' },
      ],
    };
    const url = `/api/flood-events/${eventId}`;
    expect((await server.request(url, { method: 'PUT', cookie: water, json: change })).status).toBe(428);
    const stale = await server.request(url, {
      method: 'PUT',
      cookie: water,
      json: change,
      headers: { 'if-match': '"9"' },
    });
    expect(stale.status).toBe(412);
    const stranger = await server.request(url, {
      method: 'PUT',
      cookie: water,
      json: { ...change, points: [{ id: '999999', coordinates: [120.9, 31.1], depthCm: 1 }] },
      headers: { 'if-match': etag },
    });
    expect(stranger.status).toBe(400);
    expect(await stranger.json()).toMatchObject({ errors: [{ path: 'points.0.id' }] });

    const saved = await server.request(url, {
      method: 'PUT',
      cookie: water,
      json: change,
      headers: { 'if-match': etag },
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    const after = floodEventDetailSchema.parse(await saved.json());
    expect(after).toMatchObject({ rainfallMm: 72.5, pointCount: 2, maxDepthCm: 35, version: 2 });
    expect(after.points.map((point) => [point.depthCm, point.zoneId])).toEqual([
      [35, floodZoneId],
      [5, null],
    ]);
    expect(after.points[0]!.id).toBe(first!.id);
    expect(after.points.map((point) => point.id)).not.toContain(second!.id);

    const history = floodEventHistorySchema.parse(
      await (await server.request(`${url}/history`, { cookie: water })).json(),
    );
    expect(history.map((entry) => entry.action)).toEqual(['created', 'updated']);
    const session = (await (await server.request('/api/session', { cookie: water })).json()) as {
      user: { displayName: string };
    };
    expect(history[1]!.actor).toBe(session.user.displayName);
    expect(history[1]!.changes).toEqual([
      { field: 'rainfallMm', pointId: null, before: 60, after: 72.5 },
      { field: 'notes', pointId: null, before: '午后雷阵雨', after: '午后雷阵雨（补记）' },
      { field: 'pointDepth', pointId: first!.id, before: 20, after: 35 },
      { field: 'pointAdded', pointId: after.points[1]!.id, before: null, after: 5 },
      { field: 'pointRemoved', pointId: second!.id, before: 30, after: null },
    ]);
  });

  it('attaches photos to a point through the photo checks; they are shown with the point', async () => {
    const { event } = await readEvent(eventId);
    const point = event.points[0]!;
    const bytes = await makeTestPhoto({ width: 80, height: 60 });
    const sent = await server.request(`/api/flood-points/${point.id}/photos`, {
      method: 'POST',
      cookie: water,
      body: photoForm({}, [{ bytes }, { bytes }]),
    });
    expect(sent.status, await sent.clone().text()).toBe(201);
    const { photos } = (await sent.json()) as { photos: { id: string; width: number }[] };
    expect(photos).toHaveLength(2);
    const thumb = await server.request(`/api/flood-point-photos/${photos[0]!.id}/thumb`, { cookie: water });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    expect((await readEvent(eventId)).event.points[0]!.photos.map((photo) => photo.id)).toEqual(
      photos.map((photo) => photo.id),
    );
    // Not an image, no file, a field the form does not take, a point that is not there: 4xx saying so.
    const text = await server.request(`/api/flood-points/${point.id}/photos`, {
      method: 'POST',
      cookie: water,
      body: photoForm({}, [{ bytes: new TextEncoder().encode('not a photo at all'), type: 'text/plain' }]),
    });
    expect(text.status).toBe(415);
    const empty = await server.request(`/api/flood-points/${point.id}/photos`, {
      method: 'POST',
      cookie: water,
      body: photoForm({}, []),
    });
    expect(empty.status).toBe(400);
    const missing = await server.request('/api/flood-points/999999/photos', {
      method: 'POST',
      cookie: water,
      body: photoForm({}, [{ bytes }]),
    });
    expect(missing.status).toBe(404);
    const json = await server.request(`/api/flood-points/${point.id}/photos`, {
      method: 'POST',
      cookie: water,
      json: {},
    });
    expect(json.status).toBe(415);
  });

  it('deletes an event (gone from the list, points and frequency), keeps its history, and restores it', async () => {
    const url = `/api/flood-events/${eventId}`;
    const countedBefore = (await frequencyOfZone()).events;
    expect((await server.request(url, { method: 'DELETE', cookie: water })).status).toBe(428);
    expect(
      (await server.request(url, { method: 'DELETE', cookie: water, headers: { 'if-match': '"1"' } })).status,
    ).toBe(412);
    const deleted = await server.request(url, { method: 'DELETE', cookie: water, headers: { 'if-match': '"2"' } });
    expect(deleted.status).toBe(204);
    expect((await events()).map((event) => event.id)).not.toContain(eventId);
    const gone = await events('?deleted=true');
    expect(gone.find((event) => event.id === eventId)).toMatchObject({ version: 3 });
    expect(gone.find((event) => event.id === eventId)!.deletedAt).not.toBeNull();
    const points = (await (await server.request('/api/flood-events/points', { cookie: water })).json()) as {
      features: { properties: { eventId: string } }[];
    };
    expect(points.features.map((point) => point.properties.eventId)).not.toContain(eventId);
    expect((await frequencyOfZone()).events).toBe(countedBefore - 1);
    // A deleted event cannot be changed, but is still read with its history (the 灾后总结 of a deleted event says so).
    expect(
      (
        await server.request(url, {
          method: 'PUT',
          cookie: water,
          json: { occurredOn: '2026-06-12', rainfallMm: 1, points: [] },
          headers: { 'if-match': '"3"' },
        })
      ).status,
    ).toBe(404);
    const history = floodEventHistorySchema.parse(
      await (await server.request(`${url}/history`, { cookie: water })).json(),
    );
    expect(history.map((entry) => entry.action)).toEqual(['created', 'updated', 'deleted']);

    expect(
      (await server.request(`${url}/restore`, { method: 'POST', cookie: water, headers: { 'if-match': '"2"' } }))
        .status,
    ).toBe(412);
    const restored = await server.request(`${url}/restore`, {
      method: 'POST',
      cookie: water,
      headers: { 'if-match': '"3"' },
    });
    expect(restored.status).toBe(200);
    expect(floodEventDetailSchema.parse(await restored.json())).toMatchObject({ deletedAt: null, version: 4 });
    expect((await events()).map((event) => event.id)).toContain(eventId);
    expect((await frequencyOfZone()).events).toBe(countedBefore);
    expect(
      (await server.request(`${url}/restore`, { method: 'POST', cookie: water, headers: { 'if-match': '"4"' } }))
        .status,
    ).toBe(409);
  });

  it('lets only the water station, planners and the office change events', async () => {
    const other = await server.login('jianguan');
    const refused = await server.request(`/api/flood-events/${eventId}`, {
      method: 'DELETE',
      cookie: other,
      headers: { 'if-match': '"4"' },
    });
    expect(refused.status).toBe(403);
    expect((await readEvent(eventId)).event.deletedAt).toBeNull();
  });
});
