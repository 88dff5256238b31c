import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { zoneCollectionSchema, type ZoneFeature } from '../../../shared/zones/zone';
import { unitsText, ZONE_TILE_LAYER } from '../../../shared/zones/zone-tiles';
import type { Dashboard } from '../../../shared/dashboard/dashboard';
import { addDays } from '../../../shared/time/dates';

let server: TestServer;
let leader: string;
let zone: ZoneFeature;
beforeAll(async () => {
  server = await startTestServer();
  leader = await server.login('leader');
  const zones = zoneCollectionSchema.parse(await (await server.request('/api/zones', { cookie: leader })).json());
  zone = zones.features.find(
    (feature) => feature.geometry.type === 'Polygon' && feature.properties.responsibleUnits.length,
  )!;
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** The tile of zoom `z` holding the zone's first position (slippy-map tile numbers). */
function tileOf(feature: ZoneFeature, z: number): [number, number, number] {
  const [lon, lat] = [feature.geometry.coordinates].flat(3).slice(0, 2) as [number, number];
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [z, x, y];
}
const url = ([z, x, y]: [number, number, number]) => `/api/zones/tiles/${z}/${x}/${y}.pbf`;

async function featuresIn(response: Response) {
  const layer = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer()))).layers[ZONE_TILE_LAYER]!;
  return Array.from({ length: layer.length }, (_, index) => layer.feature(index));
}

describe('GET /api/zones/tiles/{z}/{x}/{y}.pbf', () => {
  it("holds a known zone with the properties the map's layers and filters read, with an ETag", async () => {
    const response = await server.request(url(tileOf(zone, 14)), { cookie: leader });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    expect(response.headers.get('etag')).toMatch(/^"zt-[\w-]+"$/);
    const found = (await featuresIn(response)).find((feature) => feature.properties.zoneId === zone.id);
    expect(found?.properties).toEqual({
      zoneId: zone.id,
      name: zone.properties.name,
      category: zone.properties.category,
      status: zone.properties.status,
      leadUnit: zone.properties.leadUnit,
      responsibleUnits: unitsText(zone.properties.responsibleUnits),
      overdue: zone.properties.overdue,
    });
    expect(found?.type).toBe(3);
  });

  it('holds every zone in the tile of zoom 14 where it starts', async () => {
    const zones = zoneCollectionSchema.parse(await (await server.request('/api/zones', { cookie: leader })).json());
    expect(zones.features.length).toBeGreaterThan(1);
    for (const feature of zones.features) {
      const tile = await featuresIn(await server.request(url(tileOf(feature, 14)), { cookie: leader }));
      expect(tile.map((found) => found.properties.zoneId)).toContain(feature.id);
    }
  });

  it('answers 304 to the ETag it gave, 204 for a tile no zone reaches', async () => {
    const first = await server.request(url(tileOf(zone, 12)), { cookie: leader });
    const etag = first.headers.get('etag')!;
    const again = await server.request(url(tileOf(zone, 12)), { cookie: leader, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const empty = await server.request(url([12, 0, 0]), { cookie: leader });
    expect(empty.status).toBe(204);
    expect((await empty.arrayBuffer()).byteLength).toBe(0);
  });

  it('cuts new tiles after a zone is written: a new ETag and the new name', async () => {
    const address = url(tileOf(zone, 14));
    const before = await server.request(address, { cookie: leader });
    const etag = before.headers.get('etag')!;
    const planner = await server.login('planner');
    const current = await server.request(`/api/zones/${zone.id}`, { cookie: planner });
    const patched = await server.request(`/api/zones/${zone.id}`, {
      method: 'PATCH',
      cookie: planner,
      headers: { 'if-match': current.headers.get('etag')! },
      json: { properties: { name: '瓦片测试改名' } },
    });
    expect(patched.status).toBe(200);
    const after = await server.request(address, { cookie: leader, headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const found = (await featuresIn(after)).find((feature) => feature.properties.zoneId === zone.id);
    expect(found?.properties.name).toBe('瓦片测试改名');
  });

  it('holds, on a past day, the zones that existed then in their status then, as the overview shows that day', async () => {
    const zones = zoneCollectionSchema.parse(await (await server.request('/api/zones', { cookie: leader })).json());
    // A day when some sample zones had not started yet (they start on their planned start days).
    let day = '';
    let then: Dashboard | undefined;
    for (const back of [30, 60, 90, 120, 180, 240, 300, 400]) {
      day = addDays(server.today, -back);
      then = (await (await server.request(`/api/dashboard?asOf=${day}`, { cookie: leader })).json()) as Dashboard;
      const existed = Object.keys(then.statuses).length;
      if (existed > 0 && existed < zones.features.length) break;
    }
    const existed = Object.keys(then!.statuses).length;
    expect(existed).toBeGreaterThan(0);
    expect(existed).toBeLessThan(zones.features.length);
    for (const feature of zones.features) {
      const response = await server.request(`${url(tileOf(feature, 14))}?asOf=${day}`, { cookie: leader });
      const found =
        response.status === 204
          ? undefined
          : (await featuresIn(response)).find((tiled) => tiled.properties.zoneId === feature.id);
      if (then!.statuses[feature.id] === undefined) expect(found, feature.id).toBeUndefined();
      else {
        expect(found?.properties.status, feature.id).toBe(then!.statuses[feature.id]);
        expect(found?.properties.overdue, feature.id).toBe(then!.links.overdue.includes(feature.id));
      }
    }
    // Its own ETag: today's tile is not that day's.
    const address = url(tileOf(zone, 12));
    const today = await server.request(address, { cookie: leader });
    const past = await server.request(`${address}?asOf=${day}`, { cookie: leader });
    expect(past.headers.get('etag')).not.toBe(today.headers.get('etag'));
  });

  it('refuses a day after today or a malformed one with a problem', async () => {
    for (const query of [`?asOf=${addDays(server.today, 1)}`, '?asOf=2026-02-30', '?asof=2026-01-01']) {
      const response = await server.request(`${url([0, 0, 0])}${query}`, { cookie: leader });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('refuses a bad address with a problem saying what is wrong', async () => {
    for (const path of [
      '/api/zones/tiles/1/2/0.pbf',
      '/api/zones/tiles/23/0/0.pbf',
      '/api/zones/tiles/a/0/0.pbf',
      '/api/zones/tiles/3/0/0.png',
      '/api/zones/tiles/3/0/-1.pbf',
      '/api/zones/tiles/3/8/0.pbf',
    ]) {
      const response = await server.request(path, { cookie: leader });
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(await response.json()), path).toMatch(/\bz\b|\bx\b|\by\b/);
    }
  });

  it('is read with the same right as the zone list: a county account reads, a visitor does not', async () => {
    const county = await server.login('county');
    expect((await server.request(url([0, 0, 0]), { cookie: county })).status).toBe(200);
    expect((await server.request('/api/zones', {})).status).toBe(401);
    expect((await server.request(url([0, 0, 0]), {})).status).toBe(401);
  });
});
