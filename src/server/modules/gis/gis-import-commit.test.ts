import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadId } from 'node:worker_threads';
import JSZip from 'jszip';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import type { ImportPreview, ImportReport } from '../../../shared/gis/gis-import';
import type { ZoneVersion } from '../../../shared/zones/zone';
import { FIXTURE_PLACES } from '../../../testing/fixtures';
import {
  fixture,
  server,
  cookies,
  upload,
  imported,
  zipOf,
  zoneCount,
  SOURCE_ZONES,
  CHINESE_MAPPING,
  type Upload,
  importServerPerFile,
} from './gis-import.test-support';

importServerPerFile();

/** The GIS import, writing: validation, atomic commit, history, remembered mappings, bad files, large files. */
describe('validation, atomic commit, history, remembered mappings', () => {
  const withBowTie = {
    ...SOURCE_ZONES,
    features: [
      ...SOURCE_ZONES.features,
      {
        type: 'Feature',
        properties: { 名称: '自相交区域', 项目: 'R3', 状态: '未开始', 开始: '', 结束: '', 责任单位: '' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [120.93, 31.23],
              [120.931, 31.231],
              [120.931, 31.23],
              [120.93, 31.231],
              [120.93, 31.23],
            ],
          ],
        },
      },
    ],
  };

  it('refuses the whole file for one bad geometry (0 rows), imports the rest when told to skip, history names the file', async () => {
    const result = await imported([{ name: '台帐区域.geojson', bytes: JSON.stringify(withBowTie) }]);
    expect(result.detected).toMatchObject({ crs: 'EPSG:4326', crsSource: 'format', encodingNeedsConfirmation: false });
    const validate = await server.request(`/api/imports/${result.id}/validate`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: CHINESE_MAPPING },
    });
    expect(validate.status).toBe(200);
    const report = (await validate.json()) as ImportReport;
    expect(report).toMatchObject({ total: 4, valid: 3, invalid: 1 });
    expect(report.entries[3]).toMatchObject({
      index: 3,
      name: '自相交区域',
      valid: false,
      reason: 'self-intersection',
    });

    const before = await zoneCount();
    const refused = await server.request(`/api/imports/${result.id}/commit`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: CHINESE_MAPPING, skipInvalid: false },
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { report: ImportReport }).report.invalid).toBe(1);
    expect(await zoneCount()).toBe(before);

    const committed = await server.request(`/api/imports/${result.id}/commit`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: CHINESE_MAPPING, skipInvalid: true },
    });
    expect(committed.status, await committed.clone().text()).toBe(201);
    const outcome = (await committed.json()) as { created: number; zoneIds: string[]; skipped: number };
    expect(outcome).toMatchObject({ created: 3, skipped: 1 });
    expect(await zoneCount()).toBe(before + 3);

    const zone = (await (
      await server.request(`/api/zones/${outcome.zoneIds[0]}`, { cookie: cookies.planner })
    ).json()) as {
      properties: Record<string, unknown>;
    };
    expect(zone.properties).toMatchObject({
      name: '南塘河东岸',
      category: 'R3',
      status: 'in_progress',
      plannedStart: '2026-03-01',
      plannedEnd: '2026-09-30',
      responsibleUnits: ['jianguansuo', 'anhuansuo'],
    });
    // The file has no village column: the 村（社区） comes from the village areas the zone lies in.
    const fixtureVillages = new Set(FIXTURE_PLACES.map((place) => place.shortName));
    const village = String(zone.properties.village);
    expect(fixtureVillages.has(village) || /^跨村（.+）$/.test(village), village).toBe(true);
    const second = (await (
      await server.request(`/api/zones/${outcome.zoneIds[1]}`, { cookie: cookies.planner })
    ).json()) as {
      properties: Record<string, unknown>;
    };
    expect(second.properties).toMatchObject({ category: 'R5', plannedStart: '2026-04-01', plannedEnd: '2026-12-31' });
    const third = (await (
      await server.request(`/api/zones/${outcome.zoneIds[2]}`, { cookie: cookies.planner })
    ).json()) as {
      properties: Record<string, unknown>;
    };
    expect(third.properties.name).toBe('长寿路口"<b>&');
    const history = (await (
      await server.request(`/api/zones/${outcome.zoneIds[0]}/history`, { cookie: cookies.planner })
    ).json()) as ZoneVersion[];
    expect(history[0]).toMatchObject({ action: 'create', actorUsername: 'planner', reason: '导入自 台帐区域.geojson' });

    // Twice is refused.
    const again = await server.request(`/api/imports/${result.id}/commit`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: CHINESE_MAPPING, skipInvalid: true },
    });
    expect(again.status).toBe(409);

    // The mapping is remembered for the planner and the same fields, and offered with the next such file.
    const fields = Object.keys(SOURCE_ZONES.features[0]!.properties);
    const query = fields.map((field) => `fields=${encodeURIComponent(field)}`).join('&');
    const remembered = await server.request(`/api/imports/field-mappings?${query}`, { cookie: cookies.planner });
    expect(((await remembered.json()) as { remembered: { mapping: unknown } }).remembered.mapping).toEqual(
      CHINESE_MAPPING,
    );
    const forAdmin = await server.request(`/api/imports/field-mappings?${query}`, { cookie: cookies.admin });
    expect(((await forAdmin.json()) as { remembered: unknown }).remembered).toBeNull();
    const next = await imported([{ name: '又一个.geojson', bytes: JSON.stringify(SOURCE_ZONES) }]);
    expect(next.rememberedMapping?.mapping).toEqual(CHINESE_MAPPING);
  });

  it('reports overlaps with zones of the same item, unknown items and units, and imports only ticked features', async () => {
    const result = await imported([{ name: 'again.geojson', bytes: JSON.stringify(SOURCE_ZONES) }]);
    const validate = await server.request(`/api/imports/${result.id}/validate`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: CHINESE_MAPPING },
    });
    const report = (await validate.json()) as ImportReport;
    expect(report.entries.map((entry) => entry.reason)).toEqual(['overlap', 'overlap', 'overlap']);
    const wrong = await server.request(`/api/imports/${result.id}/validate`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: { ...CHINESE_MAPPING, category: '名称' } },
    });
    const wrongReport = (await wrong.json()) as ImportReport;
    expect(wrongReport.entries[0]).toMatchObject({ valid: false, reason: 'attributes' });
    expect(wrongReport.entries[0]!.detail).toContain('unknown item "南塘河东岸"');
    const missing = await server.request(`/api/imports/${result.id}/validate`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: { name: 'nope' } },
    });
    expect(missing.status).toBe(400);
    const before = await zoneCount();
    const commit = await server.request(`/api/imports/${result.id}/commit`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: CHINESE_MAPPING, acceptOverlaps: true, skipInvalid: false, exclude: [0, 2] },
    });
    expect(commit.status).toBe(201);
    expect((await commit.json()) as { created: number; excluded: number }).toMatchObject({ created: 1, excluded: 2 });
    expect(await zoneCount()).toBe(before + 1);
  });

  it('keeps sessions to their owner; units may not import; delete removes the session', async () => {
    const result = await imported([{ name: 'a.geojson', bytes: JSON.stringify(SOURCE_ZONES) }]);
    expect((await server.request(`/api/imports/${result.id}/preview`, { cookie: cookies.admin })).status).toBe(404);
    expect((await server.request(`/api/imports/${result.id}/preview`, { cookie: cookies.water })).status).toBe(403);
    expect((await upload([{ name: 'a.geojson', bytes: JSON.stringify(SOURCE_ZONES) }], 'water')).status).toBe(403);
    expect((await upload([{ name: 'a.geojson', bytes: JSON.stringify(SOURCE_ZONES) }], 'leader')).status).toBe(403);
    expect(
      (await server.request(`/api/imports/${result.id}`, { method: 'DELETE', cookie: cookies.planner })).status,
    ).toBe(204);
    expect((await server.request(`/api/imports/${result.id}/preview`, { cookie: cookies.planner })).status).toBe(404);
    expect((await server.request('/api/imports/nothex/preview', { cookie: cookies.planner })).status).toBe(400);
  });
});

describe('bad files (R6)', () => {
  const expectProblem = async (response: Response, status?: number, label = '') => {
    const text = `${label} ${await response.text()}`;
    expect(response.status, text).toBeGreaterThanOrEqual(400);
    expect(response.status, text).toBeLessThan(500);
    if (status) expect(response.status, text).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((JSON.parse(text.slice(label.length + 1)) as { detail: string }).detail.length).toBeGreaterThan(5);
  };

  it('answers every file of the corpus with a 4xx problem saying what is wrong', async () => {
    const shp = fixture('shapefile-chinese/ldid_chinese.shp');
    const dbf = fixture('shapefile-chinese/ldid_chinese.dbf');
    const good = await zipOf({ 'a.shp': shp, 'a.dbf': dbf });
    const deep = '{"type":"GeometryCollection","geometries":['.repeat(50_000) + ']}'.repeat(50_000);
    const bigRing = {
      type: 'Feature',
      properties: { name: 'big' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          Array.from({ length: 1_000_001 }, (_, index) => {
            const angle = (index / 1_000_000) * 2 * Math.PI;
            return [120.9 + 0.01 * Math.cos(angle), 31.2 + 0.01 * Math.sin(angle)];
          }),
        ],
      },
    };
    // JSZip cleans "../" when adding, so write "xx/" and patch the names in place (the CRC covers data only).
    const traversal = Buffer.from(await zipOf({ 'xx/xx/etc/a.shp': shp, 'xx/xx/etc/a.dbf': dbf }));
    for (let at = traversal.indexOf('xx/xx/'); at >= 0; at = traversal.indexOf('xx/xx/', at))
      traversal.write('../../', at);
    const bomb = new JSZip();
    bomb.file('a.shp', shp);
    bomb.file('a.dbf', new Uint8Array((700 * 1024 * 1024) / 64).fill(0x20));
    const cases: [string, Upload[], number?][] = [
      ['empty file', [{ name: 'a.geojson', bytes: '' }], 422],
      ['wrong magic', [{ name: 'a.gpkg', bytes: 'GIF89a\0\0\0' }], 415],
      ['truncated zip', [{ name: 'a.zip', bytes: good.subarray(0, Math.floor(good.length / 2)) }], 422],
      ['zip without .dbf', [{ name: 'a.zip', bytes: await zipOf({ 'a.shp': shp }) }], 422],
      ['zip without .shp', [{ name: 'a.zip', bytes: await zipOf({ 'a.dbf': dbf }) }], 422],
      ['zip with path traversal', [{ name: 'a.zip', bytes: traversal }], 422],
      ['truncated .shp', [{ name: 'a.zip', bytes: await zipOf({ 'a.shp': shp.subarray(0, 110), 'a.dbf': dbf }) }], 422],
      ['truncated .dbf', [{ name: 'a.zip', bytes: await zipOf({ 'a.shp': shp, 'a.dbf': dbf.subarray(0, 40) }) }], 422],
      ['a lone .shp', [{ name: 'a.shp', bytes: shp }], 422],
      [
        'non-UTF-8 GeoJSON',
        [
          {
            name: 'a.geojson',
            bytes: Buffer.concat([
              Buffer.from('{"type":"Feature","properties":{"n":"'),
              Buffer.from([0xbc, 0xf2]),
              Buffer.from('"},"geometry":null}'),
            ]),
          },
        ],
        422,
      ],
      ['not JSON', [{ name: 'a.geojson', bytes: '{"type": "FeatureCollection", "features": [' }], 422],
      ['JSON but not GeoJSON', [{ name: 'a.json', bytes: '{"hello": 1}' }], 422],
      ['deep nesting', [{ name: 'deep.geojson', bytes: deep }]],
      ['XML that is neither KML nor GPX', [{ name: 'a.kml', bytes: '<?xml version="1.0"?><svg></svg>' }], 415],
      ['malformed KML', [{ name: 'a.kml', bytes: '<kml><Document><Placemark><name>x</Document></kml>' }], 422],
      [
        'damaged GeoPackage',
        [{ name: 'a.gpkg', bytes: Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(200, 7)]) }],
        422,
      ],
      ['CSV without coordinates', [{ name: 'a.csv', bytes: '名称,备注\r\n东门,无\r\n' }], 422],
      [
        'several files that are not one Shapefile',
        [
          { name: 'a.geojson', bytes: '{}' },
          { name: 'b.geojson', bytes: '{}' },
        ],
        422,
      ],
      [
        'zip bomb (highly compressed .dbf)',
        [{ name: 'bomb.zip', bytes: await bomb.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }) }],
      ],
    ];
    for (const [label, files, status] of cases) {
      const response = await upload(files);
      if (label === 'deep nesting' || label === 'zip bomb (highly compressed .dbf)') {
        // Either refused, or read with the nesting reported per feature: never a 5xx.
        expect(response.status, label).toBeLessThan(500);
        if (response.status >= 400) await expectProblem(response);
        continue;
      }
      await expectProblem(response, status, label);
    }
    // A 1M-vertex ring is read in the worker and reported per feature, never a crash.
    const ring = await upload([{ name: 'ring.geojson', bytes: JSON.stringify(bigRing) }]);
    expect(ring.status).toBe(201);
    const ringPreview = (await ring.json()) as ImportPreview;
    expect(ringPreview.previewSampled).toBe(true);
    const ringReport = await server.request(`/api/imports/${ringPreview.id}/validate`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: { name: 'name' }, defaults: { category: 'R1' } },
    });
    expect(((await ringReport.json()) as ImportReport).entries[0]).toMatchObject({
      valid: false,
      reason: 'too-many-vertices',
    });
    // Not multipart, no file, wrong field.
    await expectProblem(
      await server.request('/api/imports', { method: 'POST', cookie: cookies.planner, json: {} }),
      415,
    );
    const noFile = new FormData();
    noFile.append('note', 'x');
    await expectProblem(
      await server.request('/api/imports', { method: 'POST', cookie: cookies.planner, body: noFile }),
      400,
    );
    const wrongField = new FormData();
    wrongField.append('upload', new Blob(['{}']), 'a.geojson');
    await expectProblem(
      await server.request('/api/imports', { method: 'POST', cookie: cookies.planner, body: wrongField }),
      400,
    );
  }, 120_000);

  it('generated bytes never cause a 5xx: every rejection is problem+json', async () => {
    const names = ['a.geojson', 'a.zip', 'a.kml', 'a.csv', 'a.gpkg', 'a.gpx', 'a'];
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.constantFrom(...names),
        async (bytes, name) => {
          const response = await upload([{ name, bytes }]);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400)
            expect(response.headers.get('content-type')).toContain('application/problem+json');
          else await response.body?.cancel();
        },
      ),
      { numRuns: 1000 },
    );
    const prefixes = ['{"type":"FeatureCollection","features":[', 'PK\x03\x04', '<kml>', 'lon,lat\n'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...prefixes), fc.string({ maxLength: 200 }), async (prefix, rest) => {
        const response = await upload([{ name: 'x.geojson', bytes: prefix + rest }]);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers.get('content-type')).toContain('application/problem+json');
        else await response.body?.cancel();
      }),
      { numRuns: 300 },
    );
  }, 180_000);
});

describe('large files in a worker thread', () => {
  let big: TestServer;
  const events: { type: string; threadId?: number }[] = [];
  beforeAll(async () => {
    big = await startTestServer({
      imports: { maxMegabytes: 16, onWorkerEvent: (event) => events.push(event) },
    });
  });
  afterAll(async () => {
    await big.close();
  });

  it('parses 100k features in a worker while /api/health keeps answering', async () => {
    const features = Array.from({ length: 100_000 }, (_, index) => ({
      type: 'Feature',
      properties: { 编号: index, 名称: `点${index}` },
      geometry: {
        type: 'Point',
        coordinates: [120.85 + (index % 400) * 0.0003, 31.14 + Math.floor(index / 400) * 0.0004],
      },
    }));
    const bytes = JSON.stringify({ type: 'FeatureCollection', features });
    expect(bytes.length).toBeGreaterThan(8_000_000);
    const cookie = await big.login('planner');
    let done = false;
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'many.geojson');
    const importing = big.request('/api/imports', { method: 'POST', body: form, cookie }).finally(() => {
      done = true;
    });
    while (!done) {
      const health = await big.request('/api/health');
      expect(health.status).toBe(200);
      events.push({ type: 'health' });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const response = await importing;
    expect(response.status, await response.clone().text()).toBe(201);
    const result = (await response.json()) as ImportPreview;
    expect(result.featureCount).toBe(100_000);
    expect(result.previewSampled).toBe(true);
    expect(result.preview.features.length).toBeLessThanOrEqual(1000);
    expect(result.rows).toHaveLength(20);
    const start = events.findIndex((event) => event.type === 'start');
    const end = events.findIndex((event) => event.type === 'end');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(events[start]!.threadId).not.toBe(threadId);
    // Health answers arrived while the worker was parsing: the event loop was free.
    expect(events.slice(start, end).filter((event) => event.type === 'health').length).toBeGreaterThan(0);
  }, 120_000);

  it('validates detailed polygons in a worker while /api/health keeps answering (P10)', async () => {
    // 70 wobbly rings of 3,000 corners each, side by side inside the fixture town.
    const ring = (lon: number, lat: number) => {
      const corners = Array.from({ length: 2999 }, (_, index) => {
        const angle = (index / 2999) * 2 * Math.PI;
        const radius = 0.0004 * (1 + 0.08 * Math.sin(angle * 7));
        return [lon + radius * Math.cos(angle), lat + radius * Math.sin(angle)];
      });
      return [...corners, corners[0]!];
    };
    const features = Array.from({ length: 70 }, (_, index) => ({
      type: 'Feature',
      properties: { 名称: `详细${index}`, 项目: 'R3' },
      geometry: {
        type: 'Polygon',
        coordinates: [ring(120.86 + (index % 10) * 0.001, 31.15 + Math.floor(index / 10) * 0.001)],
      },
    }));
    const cookie = await big.login('planner');
    const form = new FormData();
    form.append('file', new Blob([JSON.stringify({ type: 'FeatureCollection', features })]), 'detailed.geojson');
    const uploaded = await big.request('/api/imports', { method: 'POST', body: form, cookie });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const { id, preview, previewSampled } = (await uploaded.json()) as ImportPreview;
    // 210,000 corners in all: the preview draws an even sample of at most 200,000.
    const previewCorners = JSON.stringify(preview).match(/\[-?[\d.]+,-?[\d.]+\]/g)!.length;
    expect(previewCorners).toBeLessThanOrEqual(200_000);
    expect(previewCorners).toBeGreaterThan(50_000);
    expect(previewSampled).toBe(true);
    events.length = 0;
    let done = false;
    const validating = big
      .request(`/api/imports/${id}/validate`, {
        method: 'POST',
        cookie,
        json: { mapping: { name: '名称', category: '项目' }, options: { crs: 'EPSG:4326' } },
      })
      .finally(() => {
        done = true;
      });
    while (!done) {
      const health = await big.request('/api/health');
      expect(health.status).toBe(200);
      events.push({ type: 'health' });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const response = await validating;
    expect(response.status, await response.clone().text()).toBe(200);
    const report = (await response.json()) as ImportReport;
    expect(report.valid).toBe(70);
    const start = events.findIndex((event) => event.type === 'start');
    const end = events.findIndex((event) => event.type === 'end');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    // The geometry checks ran in a worker thread, and the server answered while they did.
    expect(events[start]!.threadId).not.toBe(threadId);
    expect(events.slice(start, end).filter((event) => event.type === 'health').length).toBeGreaterThan(0);
  }, 120_000);

  it('stops a worker that takes too long: 422 with a message', async () => {
    const slow = await startTestServer({ imports: { timeoutSeconds: 0.05 } });
    try {
      const cookie = await slow.login('planner');
      const features = Array.from({ length: 50_000 }, (_, index) => ({
        type: 'Feature',
        properties: { n: index },
        geometry: { type: 'Point', coordinates: [120.9, 31.2] },
      }));
      const form = new FormData();
      form.append('file', new Blob([JSON.stringify({ type: 'FeatureCollection', features })]), 'slow.geojson');
      const response = await slow.request('/api/imports', { method: 'POST', body: form, cookie });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(((await response.json()) as { detail: string }).detail).toMatch(/took longer than/);
    } finally {
      await slow.close();
    }
  });

  it('refuses an upload over the size cap with 413 while streaming', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(17 * 1024 * 1024).fill(0x20)]), 'huge.csv');
    const response = await big.request('/api/imports', {
      method: 'POST',
      body: form,
      cookie: await big.login('admin'),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
