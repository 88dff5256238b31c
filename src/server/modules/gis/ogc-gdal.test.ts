/**
 * The OGC API - Features service (/ogc) read by real GDAL (Debian gdal-bin 3.6, the OAPIF driver that QGIS's
 * Processing and ogr2ogr users run) against a real server: filtered reads with `-spat` (a bbox) and `-where` on
 * a date field (GDAL turns it into `datetime=2026-03-01T/..`, `../2026-03-01T` or `2026-03-01T`, and then fetches
 * /ogc/api, whose media type it compares token by token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import type { CreatedApiToken } from '../../../shared/admin/api-token';
import type { ZoneCollection } from '../../../shared/zones/zone';

const run = promisify(execFile);
const HAS_GDAL = spawnSync('ogr2ogr', ['--version']).status === 0;
const GDAL_MISSING = HAS_GDAL ? '' : ' (SKIPPED: ogr2ogr not installed — apt-get install gdal-bin)';

interface Feature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}

let server: TestServer;
let secret: string;
beforeAll(async () => {
  server = await startTestServer();
  const admin = await server.login('admin');
  const issued = await server.request('/api/tokens', { method: 'POST', cookie: admin, json: { name: 'GDAL' } });
  secret = ((await issued.json()) as CreatedApiToken).secret;
  const zones = (await (await server.request('/api/zones', { cookie: admin })).json()) as ZoneCollection;
  const photo = await makeTestPhoto({ width: 64, height: 48, position: { lon: 120.92, lat: 31.17 } });
  const uploaded = await server.request(`/api/zones/${zones.features[0]!.id}/photos`, {
    method: 'POST',
    cookie: admin,
    body: photoForm({ phase: 'before' }, [{ bytes: photo }]),
  });
  expect(uploaded.status).toBe(201);
});
afterAll(async () => {
  await server.close();
});

/** `ogr2ogr -f GeoJSON /vsistdout/ OAPIF:…/ogc <layer> …` (asynchronously: the server runs in this process). */
async function ogr2ogr(layer: string, extra: string[]): Promise<{ features: Feature[]; urls: string[] }> {
  const { stdout, stderr } = await run(
    'ogr2ogr',
    ['-f', 'GeoJSON', '/vsistdout/', `OAPIF:${server.baseUrl}/ogc`, layer, ...extra],
    {
      env: { ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${secret}`, CPL_DEBUG: 'ON' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  expect(stderr).not.toMatch(/ERROR/);
  const urls = [...stderr.matchAll(/HTTP: Fetch\((\S+)\)/g)].map((match) => decodeURIComponent(match[1]!));
  return { features: (JSON.parse(stdout) as { features: Feature[] }).features, urls };
}

/** Every feature of a layer straight from the API (the reference GDAL's filtered reads are compared with). */
async function allFeatures(layer: string): Promise<Feature[]> {
  const response = await fetch(`${server.baseUrl}/ogc/collections/${layer}/items?limit=10000`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { features: Feature[] }).features;
}

describe.skipIf(!HAS_GDAL)(`ogr2ogr reads the OGC API with filters${GDAL_MISSING}`, () => {
  it('the API document is served in a media type GDAL accepts (version=3.0 unquoted)', async () => {
    const response = await fetch(`${server.baseUrl}/ogc/api`, {
      headers: { accept: 'application/vnd.oai.openapi+json;version=3.0', authorization: `Bearer ${secret}` },
    });
    expect(response.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0; charset=utf-8');
  });

  it('-spat: sent as bbox; the zones whose shape meets the box, and those only', async () => {
    const all = await allFeatures('zones');
    const target = all.find((feature) => feature.geometry.type === 'Point')!;
    const [lon, lat] = target.geometry.coordinates as [number, number];
    const box = [lon - 0.0005, lat - 0.0005, lon + 0.0005, lat + 0.0005].map((n) => n.toFixed(4));
    const { features, urls } = await ogr2ogr('zones', ['-spat', ...box]);
    expect(urls.some((url) => /[?&]bbox=[\d.]+,[\d.]+,[\d.]+,[\d.]+/.test(url))).toBe(true);
    expect(features.map((feature) => feature.properties.id)).toContain(target.properties.id);
    expect(features.length).toBeLessThan(all.length);
  });

  it.each([
    ['>=', '2026-03-01T/..', (day: string) => day >= '2026-03-01'],
    ['<', '../2026-03-01T', (day: string) => day < '2026-03-01'],
    ['=', '2026-06-20T', (day: string) => day === '2026-06-20'],
  ])('-where "dueDate %s …": the datetime GDAL sends (%s) is accepted and the tasks match', async (op, sent, keep) => {
    const day = op === '=' ? '2026-06-20' : '2026-03-01';
    const all = await allFeatures('tasks');
    const expected = all.filter((feature) => keep(String(feature.properties.dueDate)));
    const { features, urls } = await ogr2ogr('tasks', ['-where', `dueDate ${op} '${day}'`]);
    expect(urls.some((url) => url.includes(`datetime=${sent}`))).toBe(true);
    expect(features.map((feature) => feature.properties.id).sort()).toEqual(
      expected.map((feature) => feature.properties.id).sort(),
    );
  });

  it('-where on a date-time field: GDAL drops the time of a lower bound (2026-06-01T/..), still accepted', async () => {
    const all = await allFeatures('photos');
    expect(all).toHaveLength(1);
    const { features, urls } = await ogr2ogr('photos', ['-where', "uploadedAt >= '2026-06-01 10:00:00'"]);
    expect(urls.some((url) => url.includes('datetime=2026-06-01T/..'))).toBe(true);
    expect(features).toHaveLength(1);
    const before = await ogr2ogr('photos', ['-where', "uploadedAt < '2026-06-01 10:00:00+08'"]);
    expect(before.urls.some((url) => /datetime=\.\.\/2026-06-01T/.test(url))).toBe(true);
    expect(before.features).toHaveLength(0);
  });
});
