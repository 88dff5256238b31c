import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { wgs84ToGcj02 } from '../../../shared/geo/gcj02';
import type { RegisterFeature, RegisterHistoryEntry } from '../../../shared/registers/register';
import type { RegisterImportPreview, RegisterImportResult } from '../../../shared/registers/import';

// The registers' import (POST /api/registers/:kind/import): a kind exported as GeoPackage and Shapefile is imported
// into the same kind on a fresh server and the same objects come back; the preview names each bad row and field.

const run = promisify(execFile);

let source: TestServer;
let target: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  [source, target] = await Promise.all([startTestServer(), startTestServer()]);
  cookies.chengguan = await source.login('chengguan');
  cookies.jianguan = await source.login('jianguan');
  cookies.targetChengguan = await target.login('chengguan');
  cookies.targetJianguan = await target.login('jianguan');
  cookies.targetPlanner = await target.login('planner');
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

const ADS = [
  {
    name: '锦溪大道单立柱广告',
    geometry: { type: 'Point', coordinates: [120.9201, 31.1702] },
    attributes: {
      approvalNumber: '昆城管广审2024-018',
      approvalExpires: '2026-03-31',
      width: 6,
      height: 3.5,
      state: 'good',
    },
  },
  {
    name: '长寿路门头招牌',
    geometry: { type: 'Point', coordinates: [120.9187, 31.1715] },
    attributes: { width: 4.2, state: 'unapproved' },
  },
];
const MARKETS = [
  {
    name: '示例 南塘菜场',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [120.921, 31.172],
          [120.9216, 31.172],
          [120.9216, 31.1725],
          [120.921, 31.1725],
          [120.921, 31.172],
        ],
      ],
    },
    attributes: { operator: '示例 南塘市场管理站', stalls: 36, licenceShown: true },
  },
  {
    name: '示例 北街早市',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [120.9221, 31.1731],
          [120.9225, 31.1731],
          [120.9225, 31.1734],
          [120.9221, 31.1734],
          [120.9221, 31.1731],
        ],
      ],
    },
    attributes: { operator: '示例 北街社区', licenceShown: false },
  },
];

async function importFile(
  server: TestServer,
  kind: string,
  file: { name: string; bytes: Uint8Array | string },
  cookie: string,
  query = '',
) {
  const form = new FormData();
  form.append('file', new Blob([file.bytes as BlobPart]), file.name);
  return server.request(`/api/registers/${kind}/import${query}`, { method: 'POST', body: form, cookie });
}

/** The corners of a geometry, rounded to 1e-7° (a ring may start elsewhere or turn the other way in a Shapefile). */
const corners = (geometry: RegisterFeature['geometry']) =>
  [
    ...new Set(
      (JSON.stringify(geometry.coordinates).match(/-?\d+(\.\d+)?,-?\d+(\.\d+)?/g) ?? []).map((pair) =>
        pair
          .split(',')
          .map((value) => Number(value).toFixed(7))
          .join(','),
      ),
    ),
  ].sort();

describe('round trip: export a register, import it into the same register on a fresh server', () => {
  const created: Record<string, RegisterFeature[]> = {};
  beforeAll(async () => {
    for (const [kind, objects, cookie] of [
      ['outdoor-ads', ADS, cookies.chengguan!],
      ['markets', MARKETS, cookies.jianguan!],
    ] as const) {
      created[kind] = [];
      for (const object of objects) {
        const response = await source.request(`/api/registers/${kind}`, { method: 'POST', cookie, json: object });
        expect(response.status, await response.clone().text()).toBe(201);
        created[kind].push((await response.json()) as RegisterFeature);
      }
    }
  });

  for (const kind of ['outdoor-ads', 'markets']) {
    for (const format of ['gpkg', 'shp.zip']) {
      it(`${kind} as ${format}: the preview counts every object, the import creates them with their attributes`, async () => {
        const exported = await source.request(`/api/registers/${kind}/export.${format}`, { cookie: cookies.chengguan });
        expect(exported.status).toBe(200);
        const bytes = new Uint8Array(await exported.arrayBuffer());
        const all = (await (await source.request(`/api/registers/${kind}`, { cookie: cookies.chengguan })).json()) as {
          features: RegisterFeature[];
        };
        const cookie = kind === 'markets' ? cookies.targetJianguan! : cookies.targetChengguan!;
        const file = { name: `${kind}.${format}`, bytes };

        const dry = await importFile(target, kind, file, cookie, '?dryRun=1');
        expect(dry.status, await dry.clone().text()).toBe(200);
        const preview = (await dry.json()) as RegisterImportPreview;
        expect(preview).toMatchObject({ total: all.features.length, valid: all.features.length, invalid: 0 });
        expect(preview.columns.find((column) => column.field === 'name')).toBeTruthy();
        // Every column of the register's own file is either a field or one of its bookkeeping columns (id, owner, last
        // change; a GeoPackage's fid): none for the form to list as not imported.
        expect(preview.columns.filter((column) => column.field === null && !column.ownExport)).toEqual([]);
        expect(
          preview.columns.filter((column) => column.ownExport).map((column) => column.column.toLowerCase()),
        ).toEqual(expect.arrayContaining(format === 'gpkg' ? ['fid', 'id'] : ['id']));
        const before = (await (await target.request(`/api/registers/${kind}`, { cookie })).json()) as {
          features: RegisterFeature[];
        };

        const response = await importFile(target, kind, file, cookie);
        expect(response.status, await response.clone().text()).toBe(201);
        const result = (await response.json()) as RegisterImportResult;
        expect(result.created).toHaveLength(all.features.length);
        const after = (await (await target.request(`/api/registers/${kind}`, { cookie })).json()) as {
          features: RegisterFeature[];
        };
        expect(after.features).toHaveLength(before.features.length + all.features.length);
        const imported = after.features.filter((feature) => result.created.includes(feature.id));
        const shape = (feature: RegisterFeature) => ({
          name: feature.properties.name,
          attributes: feature.properties.attributes,
          ownerUnit: feature.properties.ownerUnit,
          type: feature.geometry.type,
          corners: corners(feature.geometry),
        });
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        expect(imported.map(shape).sort(byName)).toEqual(all.features.map(shape).sort(byName));
        for (const object of created[kind]!) {
          expect(imported.map((feature) => feature.properties.name)).toContain(object.properties.name);
        }

        const history = (await (
          await target.request(`/api/registers/${kind}/${result.created[0]}/history`, { cookie })
        ).json()) as RegisterHistoryEntry[];
        expect(history).toHaveLength(1);
        expect(history[0]).toMatchObject({ action: 'create', note: `导入自 ${kind}.${format}` });
      });
    }
  }
});

describe('a planner’s own file: columns by Chinese label, errors per row and field', () => {
  const geojson = (features: unknown[]) =>
    JSON.stringify({
      type: 'FeatureCollection',
      features: features.map((feature) => ({ type: 'Feature', ...(feature as object) })),
    });
  const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });

  it('审批编号/宽(m)/状态 columns fill the fields; a bad row is named with its field; only valid rows are written', async () => {
    const file = {
      name: '广告台账.geojson',
      bytes: geojson([
        {
          geometry: point(120.92, 31.17),
          properties: {
            名称: '示例 A 广告',
            审批编号: '示例2025-001',
            '宽(m)': '3.5',
            状态: '破损',
            审批有效期至: '2026/6/30',
          },
        },
        {
          geometry: point(120.921, 31.171),
          properties: { 名称: '示例 B 广告', 状态: '不存在的状态', '宽(m)': 'wide' },
        },
        { geometry: point(120.922, 31.172), properties: { 名称: '', 状态: '完好' } },
        { geometry: null, properties: { 名称: '示例 D 广告', 状态: '完好' } },
      ]),
    };
    const dry = await importFile(target, 'outdoor-ads', file, cookies.targetChengguan!, '?dryRun=1');
    expect(dry.status, await dry.clone().text()).toBe(200);
    const preview = (await dry.json()) as RegisterImportPreview;
    expect(preview).toMatchObject({ total: 4, valid: 1, invalid: 3 });
    expect(preview.columns).toEqual(
      expect.arrayContaining([
        { column: '审批编号', field: 'approvalNumber' },
        { column: '宽(m)', field: 'width' },
        { column: '状态', field: 'state' },
      ]),
    );
    const errorsOf = (row: number) => preview.rows.find((entry) => entry.row === row)!.errors;
    expect(errorsOf(1)).toEqual([]);
    expect(
      errorsOf(2)
        .map((error) => [error.path, error.code])
        .sort(),
    ).toEqual([
      ['attributes.state', 'invalid'],
      ['attributes.width', 'invalid'],
    ]);
    expect(errorsOf(3)).toEqual([expect.objectContaining({ path: 'name', code: 'required' })]);
    expect(errorsOf(4)).toEqual([expect.objectContaining({ path: 'geometry', code: 'no-geometry' })]);

    const response = await importFile(target, 'outdoor-ads', file, cookies.targetChengguan!);
    expect(response.status, await response.clone().text()).toBe(201);
    const result = (await response.json()) as RegisterImportResult;
    expect(result.created).toHaveLength(1);
    const feature = (await (
      await target.request(`/api/registers/outdoor-ads/${result.created[0]}`, { cookie: cookies.targetChengguan })
    ).json()) as RegisterFeature;
    expect(feature.properties).toMatchObject({
      name: '示例 A 广告',
      ownerUnit: 'chengguanzhongdui',
      attributes: { approvalNumber: '示例2025-001', approvalExpires: '2026-06-30', width: 3.5, state: 'damaged' },
    });
  });

  it('coordinateSystem=gcj02 converts the points to WGS 84 like the zone import', async () => {
    const [lon, lat] = wgs84ToGcj02(120.9233, 31.1744);
    const file = {
      name: 'gcj.geojson',
      bytes: geojson([{ geometry: point(lon, lat), properties: { name: '示例 高德点', state: 'good' } }]),
    };
    const response = await importFile(target, 'outdoor-ads', file, cookies.targetChengguan!, '?coordinateSystem=gcj02');
    expect(response.status, await response.clone().text()).toBe(201);
    const { created } = (await response.json()) as RegisterImportResult;
    const feature = (await (
      await target.request(`/api/registers/outdoor-ads/${created[0]}`, { cookie: cookies.targetChengguan })
    ).json()) as RegisterFeature;
    const [x, y] = feature.geometry.coordinates as [number, number];
    expect(Math.abs(x - 120.9233)).toBeLessThan(1e-5);
    expect(Math.abs(y - 31.1744)).toBeLessThan(1e-5);
  });

  it('bad files are 4xx problems: unreadable, not a GIS file, lines for a point register, nothing valid, not multipart', async () => {
    const cookie = cookies.targetChengguan!;
    const garbage = await importFile(target, 'outdoor-ads', { name: 'x.geojson', bytes: '{"type": "Feat' }, cookie);
    expect(garbage.status).toBeGreaterThanOrEqual(400);
    expect(garbage.status).toBeLessThan(500);
    expect(garbage.headers.get('content-type')).toContain('application/problem+json');
    const binary = await importFile(
      target,
      'outdoor-ads',
      { name: 'x.bin', bytes: new Uint8Array([1, 2, 3, 0, 9]) },
      cookie,
    );
    expect(binary.status).toBe(415);
    const lines = geojson([
      {
        geometry: {
          type: 'LineString',
          coordinates: [
            [120.92, 31.17],
            [120.921, 31.171],
          ],
        },
        properties: { name: '线', state: 'good' },
      },
    ]);
    const wrong = await importFile(target, 'outdoor-ads', { name: 'lines.geojson', bytes: lines }, cookie, '?dryRun=1');
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ reason: 'wrong-geometry' });
    const invalid = geojson([{ geometry: point(120.92, 31.17), properties: { name: '示例 无状态' } }]);
    const none = await importFile(target, 'outdoor-ads', { name: 'none.geojson', bytes: invalid }, cookie);
    expect(none.status).toBe(422);
    const json = await target.request('/api/registers/outdoor-ads/import', { method: 'POST', cookie, json: {} });
    expect(json.status).toBe(415);
    const unknown = await importFile(target, 'bridges', { name: 'lines.geojson', bytes: lines }, cookie);
    expect(unknown.status).toBe(404);
  });

  it('a file with more features than the import takes is a 422 naming the limit', async () => {
    const small = await startTestServer({ imports: { maxFeatures: 2 } });
    try {
      const features = [0, 1, 2].map((n) => ({
        geometry: point(120.92 + n / 1000, 31.17),
        properties: { name: `示例 ${n}`, state: 'good' },
      }));
      const file = { name: 'three.geojson', bytes: geojson(features) };
      const response = await importFile(small, 'outdoor-ads', file, await small.login('chengguan'), '?dryRun=1');
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ reason: 'too-many-features', maxFeatures: 2 });
    } finally {
      await small.close();
    }
  });

  it('another unit may not import into a register it does not keep (403); a planner may', async () => {
    const file = {
      name: 'a.geojson',
      bytes: geojson([{ geometry: point(120.92, 31.17), properties: { name: '示例 P', state: 'good' } }]),
    };
    expect((await importFile(target, 'outdoor-ads', file, cookies.targetJianguan!, '?dryRun=1')).status).toBe(403);
    expect((await importFile(target, 'outdoor-ads', file, cookies.targetPlanner!, '?dryRun=1')).status).toBe(200);
  });
});

describe('a file with several layers', () => {
  const hasGdal = spawnSync('ogr2ogr', ['--version']).status === 0;

  // A planner's GeoPackage with two layers (written by GDAL): the markets and the ads.
  const twoLayers = async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jinxi-layers-'));
    const collection = (objects: typeof ADS | typeof MARKETS) =>
      JSON.stringify({
        type: 'FeatureCollection',
        features: objects.map((object) => ({
          type: 'Feature',
          geometry: object.geometry,
          properties: { name: object.name, ...object.attributes },
        })),
      });
    writeFileSync(path.join(dir, 'markets.geojson'), collection(MARKETS));
    writeFileSync(path.join(dir, 'ads.geojson'), collection(ADS));
    const gpkg = path.join(dir, 'both.gpkg');
    await run('ogr2ogr', ['-f', 'GPKG', gpkg, path.join(dir, 'markets.geojson'), '-nln', '菜场']);
    await run('ogr2ogr', ['-f', 'GPKG', '-update', gpkg, path.join(dir, 'ads.geojson'), '-nln', '广告']);
    const bytes = readFileSync(gpkg);
    rmSync(dir, { recursive: true, force: true });
    return { name: '菜场与广告.gpkg', bytes };
  };

  it.skipIf(!hasGdal)(
    'reads the first layer unless asked, names every layer (in a problem too), reads the one asked for; a layer the file lacks is a 400',
    async () => {
      const file = await twoLayers();
      // A GeoPackage's layers come in the order of their names: 广告 before 菜场.
      const ads = await importFile(target, 'outdoor-ads', file, cookies.targetChengguan!, '?dryRun=1');
      expect(ads.status, await ads.clone().text()).toBe(200);
      expect((await ads.json()) as RegisterImportPreview).toMatchObject({
        layers: ['广告', '菜场'],
        layer: '广告',
        total: ADS.length,
        valid: ADS.length,
        invalid: 0,
      });

      // The markets' register reads the ads' layer first: points, not areas. The problem names the layers.
      const wrong = await importFile(target, 'markets', file, cookies.targetJianguan!, '?dryRun=1');
      expect(wrong.status).toBe(422);
      expect(await wrong.json()).toMatchObject({ reason: 'wrong-geometry', layers: ['广告', '菜场'], layer: '广告' });

      const layer = `layer=${encodeURIComponent('菜场')}`;
      const markets = await importFile(target, 'markets', file, cookies.targetJianguan!, `?dryRun=1&${layer}`);
      expect(markets.status, await markets.clone().text()).toBe(200);
      const preview = (await markets.json()) as RegisterImportPreview;
      expect(preview).toMatchObject({ layer: '菜场', total: MARKETS.length, valid: MARKETS.length, invalid: 0 });
      expect(preview.rows.map((row) => row.name).sort()).toEqual(MARKETS.map((market) => market.name).sort());
      const created = await importFile(target, 'markets', file, cookies.targetJianguan!, `?${layer}`);
      expect(created.status, await created.clone().text()).toBe(201);
      expect(((await created.json()) as RegisterImportResult).created).toHaveLength(MARKETS.length);

      const missing = await importFile(target, 'markets', file, cookies.targetJianguan!, '?dryRun=1&layer=河道');
      expect(missing.status).toBe(400);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      expect(((await missing.json()) as { detail: string }).detail).toBe(
        'The file has no layer 河道: it has 广告, 菜场',
      );
    },
  );
});
