import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { wgs84ToGcj02 } from '../../../shared/geo/gcj02';
import type {
  RegisterCollection,
  RegisterFeature,
  RegisterHistoryEntry,
  RegisterLink,
  RegisterSummary,
  RiverReading,
} from '../../../shared/registers/register';
import { REGISTER_KINDS } from '../../../shared/registers/kinds';
import { loadSampleRegisters } from './sample-registers';
import { loadSampleData } from '../../platform/data-files';
import { validateZoneGeometry } from '../../../shared/zones/geometry';
import type { Feature, Polygon } from 'geojson';

const run = promisify(execFile);

let server: TestServer;
let chengguan: string;
let jianguan: string;
let water: string;
let admin: string;
let leader: string;
let folder: string;
beforeAll(async () => {
  server = await startTestServer();
  chengguan = await server.login('chengguan');
  jianguan = await server.login('jianguan');
  water = await server.login('water');
  admin = await server.login('admin');
  leader = await server.login('leader');
  folder = mkdtempSync(path.join(tmpdir(), 'jinxi-registers-'));
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const AD = {
  name: '锦溪大道单立柱广告',
  geometry: { type: 'Point', coordinates: [120.9201, 31.1702] },
  attributes: {
    approvalNumber: '昆城管广审2024-018',
    approvalExpires: '2026-03-31',
    width: 6,
    height: 3,
    state: 'good',
  },
};

const create = (kind: string, body: unknown, cookie = chengguan) =>
  server.request(`/api/registers/${kind}`, { method: 'POST', cookie, json: body });
const read = async (kind: string, id: number, cookie = chengguan) => {
  const response = await server.request(`/api/registers/${kind}/${id}`, { cookie });
  return { response, etag: response.headers.get('etag'), feature: (await response.json()) as RegisterFeature };
};

describe('register objects: create, change with If-Match, delete, history', () => {
  let id: number;
  it("the owning unit adds an outdoor ad; it is in the kind's GeoJSON, its bbox and the counts", async () => {
    const response = await create('outdoor-ads', AD);
    expect(response.status, await response.clone().text()).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    const feature = (await response.json()) as RegisterFeature;
    id = feature.id;
    expect(response.headers.get('location')).toBe(`/api/registers/outdoor-ads/${id}`);
    expect(feature).toMatchObject({
      type: 'Feature',
      geometry: AD.geometry,
      properties: { kind: 'outdoor-ads', name: AD.name, ownerUnit: 'chengguanzhongdui', version: 1 },
    });
    expect(feature.properties.attributes).toEqual(AD.attributes);

    const inside = (await (
      await server.request('/api/registers/outdoor-ads?bbox=120.92,31.17,120.921,31.171', { cookie: leader })
    ).json()) as RegisterCollection;
    expect(inside.features.map((each) => each.id)).toContain(id);
    const outside = (await (
      await server.request('/api/registers/outdoor-ads?bbox=120.85,31.14,120.86,31.15', { cookie: leader })
    ).json()) as RegisterCollection;
    expect(outside.features.map((each) => each.id)).not.toContain(id);
    const summary = (await (await server.request('/api/registers', { cookie: leader })).json()) as RegisterSummary;
    expect(summary.kinds.map((kind) => kind.slug)).toEqual(REGISTER_KINDS.map((kind) => kind.slug));
    expect(summary.kinds.find((kind) => kind.slug === 'outdoor-ads')!.count).toBeGreaterThanOrEqual(1);
  });

  it('PATCH needs If-Match (428), refuses a stale one (412) and merges the attributes', async () => {
    const patch = { attributes: { state: 'damaged', width: null } };
    const missing = await server.request(`/api/registers/outdoor-ads/${id}`, {
      method: 'PATCH',
      cookie: chengguan,
      json: patch,
    });
    expect(missing.status).toBe(428);
    const stale = await server.request(`/api/registers/outdoor-ads/${id}`, {
      method: 'PATCH',
      cookie: chengguan,
      json: patch,
      headers: { 'If-Match': '"7"' },
    });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ currentVersion: 1 });
    const saved = await server.request(`/api/registers/outdoor-ads/${id}`, {
      method: 'PATCH',
      cookie: chengguan,
      json: patch,
      headers: { 'If-Match': '"1"' },
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    const { feature } = await read('outdoor-ads', id);
    expect(feature.properties.attributes).toEqual({
      approvalNumber: '昆城管广审2024-018',
      approvalExpires: '2026-03-31',
      height: 3,
      state: 'damaged',
    });
  });

  it('another unit may neither change nor delete it (403); the office may', async () => {
    const denied = await server.request(`/api/registers/outdoor-ads/${id}`, {
      method: 'PATCH',
      cookie: jianguan,
      json: { name: '改名' },
      headers: { 'If-Match': '"2"' },
    });
    expect(denied.status).toBe(403);
    const byLeader = await server.request(`/api/registers/outdoor-ads/${id}`, {
      method: 'DELETE',
      cookie: leader,
      headers: { 'If-Match': '"2"' },
    });
    expect(byLeader.status).toBe(403);
    const unitFiles = await create('outdoor-ads', { ...AD, ownerUnit: 'jianguansuo' });
    expect(unitFiles.status).toBe(403);
    const renamed = await server.request(`/api/registers/outdoor-ads/${id}`, {
      method: 'PATCH',
      cookie: admin,
      json: { name: '锦溪大道单立柱广告（北）' },
      headers: { 'If-Match': '"2"' },
    });
    expect(renamed.status).toBe(200);
  });

  it('DELETE with If-Match: gone from the layer, 404 after; the history says who changed what', async () => {
    const deleted = await server.request(`/api/registers/outdoor-ads/${id}`, {
      method: 'DELETE',
      cookie: chengguan,
      headers: { 'If-Match': '"3"' },
    });
    expect(deleted.status).toBe(204);
    expect((await read('outdoor-ads', id)).response.status).toBe(404);
    const history = (await (
      await server.request(`/api/registers/outdoor-ads/${id}/history`, { cookie: leader })
    ).json()) as RegisterHistoryEntry[];
    expect(history.map((entry) => [entry.version, entry.action])).toEqual([
      [4, 'delete'],
      [3, 'update'],
      [2, 'update'],
      [1, 'create'],
    ]);
    expect(history[1]).toMatchObject({
      by: '创建办管理员（演示）',
      changes: { name: [AD.name, '锦溪大道单立柱广告（北）'] },
    });
    expect(history[2]!.changes).toEqual({ 'attributes.state': ['good', 'damaged'], 'attributes.width': [6, null] });
    expect(history[3]!.by).toBe('城管中队（演示）');
  });
});

describe('bad input answers 4xx problem+json naming the field', () => {
  const problem = async (response: Response) => {
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    return (await response.json()) as { detail: string; errors?: { path: string }[] };
  };
  it('unknown kind → 404; bad id → 400', async () => {
    const unknown = await create('bridges', AD);
    expect(unknown.status).toBe(404);
    expect((await problem(unknown)).detail).toMatch(/bridges/);
    expect((await server.request('/api/registers/outdoor-ads/abc', { cookie: chengguan })).status).toBe(400);
  });

  it('bad attributes, wrong geometry type, a shape outside the town, no name → 400 with the path', async () => {
    const attributes = await create('outdoor-ads', { ...AD, attributes: { state: 'shiny', size: 3 } });
    expect(attributes.status).toBe(400);
    expect((await problem(attributes)).errors!.map((error) => error.path).sort()).toEqual([
      'attributes.size',
      'attributes.state',
    ]);
    const polygon = await create('outdoor-ads', {
      ...AD,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [120.9, 31.17],
            [120.901, 31.17],
            [120.901, 31.171],
            [120.9, 31.17],
          ],
        ],
      },
    });
    expect(polygon.status).toBe(400);
    expect((await problem(polygon)).errors).toEqual([{ path: 'geometry', message: 'expected Point' }]);
    const outside = await create('outdoor-ads', { ...AD, geometry: { type: 'Point', coordinates: [116.4, 39.9] } });
    expect(outside.status).toBe(400);
    expect((await problem(outside)).errors![0]!.path).toBe('geometry');
    const broken = await create('outdoor-ads', { ...AD, geometry: { type: 'Point', coordinates: ['x', 1] } });
    expect(broken.status).toBe(400);
    expect((await problem(broken)).errors![0]!.path).toMatch(/^geometry/);
    const unnamed = await create('outdoor-ads', { ...AD, name: '  ' });
    expect(unnamed.status).toBe(400);
    expect((await problem(unnamed)).errors![0]!.path).toBe('name');
  });
});

describe('GCJ-02 input, zone links, river readings, the sample file', () => {
  it('converts GCJ-02 coordinates to WGS 84 as the GIS import does', async () => {
    const [lon, lat] = wgs84ToGcj02(120.9205, 31.1705);
    const response = await create('outdoor-ads', {
      ...AD,
      name: 'GCJ 广告',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      coordinateSystem: 'gcj02',
    });
    expect(response.status).toBe(201);
    const [x, y] = ((await response.json()) as RegisterFeature).geometry.coordinates as number[];
    expect(x).toBeCloseTo(120.9205, 5);
    expect(y).toBeCloseTo(31.1705, 5);
  });

  it('a zone lists the register objects it covers, and not those outside it', async () => {
    // The fixture's market zone 锦溪农贸市场 is the square 120.95–120.951, 31.2–31.201.
    const zones = (await (await server.request('/api/zones?category=R6', { cookie: jianguan })).json()) as {
      features: { id: number | string; properties: { name: string } }[];
    };
    const zone = zones.features.find((each) => each.properties.name === '锦溪农贸市场')!;
    const inside = await create(
      'markets',
      {
        name: '锦溪农贸市场',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [120.9502, 31.2002],
              [120.9508, 31.2002],
              [120.9508, 31.2008],
              [120.9502, 31.2008],
              [120.9502, 31.2002],
            ],
          ],
        },
        attributes: { operator: '锦溪镇农贸市场管理有限公司', stalls: 120, licenceShown: true },
      },
      jianguan,
    );
    expect(inside.status, await inside.clone().text()).toBe(201);
    const toilet = await create(
      'public-toilets',
      {
        name: '市场公厕',
        geometry: { type: 'Point', coordinates: [120.9505, 31.2009] },
        attributes: { grade: 'second' },
      },
      admin,
    );
    expect(toilet.status).toBe(201);
    const away = await create(
      'public-toilets',
      { name: '远处公厕', geometry: { type: 'Point', coordinates: [120.93, 31.19] }, attributes: { grade: 'third' } },
      admin,
    );
    expect(away.status).toBe(201);
    const links = (await (await server.request(`/api/zones/${zone.id}/registers`, { cookie: leader })).json()) as {
      objects: RegisterLink[];
    };
    expect(links.objects.map((link) => [link.kind, link.name]).sort()).toEqual([
      ['markets', '锦溪农贸市场'],
      ['public-toilets', '市场公厕'],
    ]);
    expect((await server.request('/api/zones/999999/registers', { cookie: leader })).status).toBe(404);
  });

  it('the water station records readings of its river section; one per day; others may not', async () => {
    const section = await create(
      'river-sections',
      {
        name: '市河古镇段断面',
        geometry: { type: 'Point', coordinates: [120.905, 31.181] },
        attributes: { river: '市河' },
      },
      water,
    );
    expect(section.status).toBe(201);
    const { id } = (await section.json()) as RegisterFeature;
    const url = `/api/registers/river-sections/${id}/readings`;
    const first = await server.request(url, {
      method: 'POST',
      cookie: water,
      json: { sampledOn: '2026-05-10', values: { transparency: 22, dissolvedOxygen: 1.8, redox: 40, ammonia: 9.2 } },
    });
    expect(first.status, await first.clone().text()).toBe(201);
    await server.request(url, {
      method: 'POST',
      cookie: water,
      json: { sampledOn: '2026-04-10', values: { transparency: 18 } },
    });
    const again = await server.request(url, {
      method: 'POST',
      cookie: water,
      json: { sampledOn: '2026-05-10', values: { transparency: 30 } },
    });
    expect(again.status).toBe(409);
    const future = await server.request(url, {
      method: 'POST',
      cookie: water,
      json: { sampledOn: '2026-07-01', values: { transparency: 30 } },
    });
    expect(future.status).toBe(400);
    const foreign = await server.request(url, {
      method: 'POST',
      cookie: chengguan,
      json: { sampledOn: '2026-06-01', values: { transparency: 30 } },
    });
    expect(foreign.status).toBe(403);
    const readings = (await (await server.request(url, { cookie: leader })).json()) as RiverReading[];
    expect(readings.map((reading) => [reading.sampledOn, reading.values])).toEqual([
      ['2026-04-10', { transparency: 18 }],
      ['2026-05-10', { transparency: 22, dissolvedOxygen: 1.8, redox: 40, ammonia: 9.2 }],
    ]);
    expect(readings[0]!.by).toBe('水利站（演示）');
    expect((await server.request('/api/registers/river-sections/999999/readings', { cookie: leader })).status).toBe(
      404,
    );
  });

  it('the sample file holds every kind, valid for its kind, ads with expired 审批 and sections with readings', async () => {
    const objects = loadSampleRegisters('2026-06-15');
    for (const kind of REGISTER_KINDS)
      expect(objects.filter((o) => o.kind.slug === kind.slug).length).toBeGreaterThanOrEqual(2);
    const expired = objects.filter(
      (o) => o.kind.slug === 'outdoor-ads' && String(o.attributes.approvalExpires) < '2026-06-15',
    );
    expect(expired.length).toBeGreaterThanOrEqual(2);
    for (const section of objects.filter((o) => o.kind.slug === 'river-sections')) {
      expect(section.readings.length).toBeGreaterThanOrEqual(4);
    }
    // Inside the sample town's outline and valid, as a write through the API would require.
    const outline = loadSampleData().basemap.find((feature) => feature.properties.layer === 'outline')!;
    for (const object of objects) {
      const check = validateZoneGeometry(object.geometry, { townOutline: outline as Feature<Polygon> });
      expect(check.valid, `${object.name}: ${check.valid ? '' : check.detail}`).toBe(true);
    }
  });
});

describe('export of a register, read back by GDAL', () => {
  it('a GeoPackage of the markets: one layer, WGS 84, the object with its attributes in plain words', async () => {
    const response = await server.request('/api/registers/markets/export.gpkg', { cookie: leader });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    const file = path.join(folder, 'markets.gpkg');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const { stdout: summary } = await run('ogrinfo', ['-ro', '-al', '-so', file]);
    expect(summary).toMatch(/^Layer name: markets$/m);
    expect(summary).toMatch(/^Feature Count: 1$/m);
    expect(summary).toMatch(/ID\["EPSG",4326\]/);
    for (const field of [
      'name: String',
      'operator: String',
      'stalls: Integer',
      'licenceShown: Integer',
      'ownerUnit: String',
    ]) {
      expect(summary).toContain(field);
    }
    const { stdout: json } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, 'markets']);
    const collection = JSON.parse(json) as {
      features: { properties: Record<string, unknown>; geometry: { type: string } }[];
    };
    expect(collection.features).toHaveLength(1);
    expect(collection.features[0]!.geometry.type).toBe('Polygon');
    expect(collection.features[0]!.properties).toMatchObject({
      name: '锦溪农贸市场',
      operator: '锦溪镇农贸市场管理有限公司',
      stalls: 120,
      ownerUnit: '建管所',
    });
  });

  it('every format of a kind answers, choices written as their Chinese names; an unknown kind 404', async () => {
    for (const format of ['geojson', 'csv', 'kml', 'shp.zip']) {
      const response = await server.request(`/api/registers/public-toilets/export.${format}`, { cookie: leader });
      expect(response.status, format).toBe(200);
      if (format === 'csv') expect(await response.text()).toContain('二类');
    }
    expect((await server.request('/api/registers/bridges/export.gpkg', { cookie: leader })).status).toBe(404);
  });
});
