import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER_KINDS } from '../../../shared/registers/kinds';
import { createHash } from 'node:crypto';
import { booleanPointInPolygon } from '@turf/turf';
import type { Polygon } from 'geojson';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import type { ZoneCollection, ZoneFeature, ZoneGeometry } from '../../../shared/zones/zone';
import type { ApiToken, CreatedApiToken } from '../../../shared/admin/api-token';
import type { SessionUser } from '../../../shared/admin/auth';

/** The OGC API - Features service under /ogc and the API tokens that open it to desktop GIS, over real HTTP. */
let server: TestServer;
let admin: string;
let leader: string;
let zones: ZoneFeature[];

interface Link {
  href: string;
  rel: string;
  type: string;
}
interface Page {
  type: 'FeatureCollection';
  features: { id: string; geometry: ZoneGeometry; properties: Record<string, unknown> }[];
  links: Link[];
  numberMatched: number;
  numberReturned: number;
  timeStamp: string;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  leader = await server.login('leader');
  zones = ((await (await server.request('/api/zones', { cookie: leader })).json()) as ZoneCollection).features;
});
afterAll(async () => {
  await server.close();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function issueToken(body: unknown = { name: 'QGIS 规划办' }, cookie = admin): Promise<CreatedApiToken> {
  const response = await server.request('/api/tokens', { method: 'POST', cookie, json: body });
  expect(response.status, await response.clone().text()).toBe(201);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return (await response.json()) as CreatedApiToken;
}

/** GET a resource of the service as the leader; JSON body. */
async function ogc<T>(path: string, headers: Record<string, string> = {}): Promise<{ response: Response; body: T }> {
  const response = await server.request(path, { cookie: leader, headers });
  return { response, body: (await response.json()) as T };
}

describe('API tokens for desktop GIS', () => {
  it('issues a token once, keeps only its SHA-256, lists it without the secret and audits it', async () => {
    const { token, secret } = await issueToken({ name: '  QGIS 规划办  ', expiresInDays: 90 });
    expect(secret).toMatch(/^jxt_[\w-]{43}$/);
    expect(token).toMatchObject({
      name: 'QGIS 规划办',
      start: secret.slice(0, 8),
      // The issuer as people know them, not the login name.
      createdBy: '创建办管理员（演示）',
      lastUsedAt: null,
    });
    expect(Date.parse(token.expiresAt!) - Date.parse(token.createdAt)).toBe(90 * 86_400_000);
    const row = server.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(Number(token.id)) as Record<
      string,
      unknown
    >;
    expect(row.token_hash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await server.request('/api/tokens', { cookie: admin });
    const text = await listed.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain(sha256(secret));
    expect((JSON.parse(text) as ApiToken[]).map((entry) => entry.id)).toContain(token.id);
    const audit = server.db
      .prepare("SELECT actor_username FROM audit_log WHERE action = 'api_token_created' AND target_id = ?")
      .get(token.id) as { actor_username: string };
    expect(audit.actor_username).toBe('admin');
  });

  it('refuses bad requests with a 400 naming the field, and everyone but the office with a 403', async () => {
    for (const body of [
      {},
      { name: '   ' },
      { name: 'x'.repeat(81) },
      { name: 'a', expiresInDays: 0 },
      { name: 'a', expiresInDays: 3651 },
      { name: 'a', expiresInDays: 1.5 },
      { name: 'a', secret: 'mine' },
    ]) {
      const response = await server.request('/api/tokens', { method: 'POST', cookie: admin, json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await server.request('/api/tokens', { method: 'POST', cookie: leader, json: { name: 'x' } })).status).toBe(
      403,
    );
    expect((await server.request('/api/tokens/abc', { method: 'DELETE', cookie: admin })).status).toBe(400);
  });

  it('opens the OGC API with a leader’s reads, and nothing under /api', async () => {
    const { token, secret } = await issueToken();
    const landing = await server.request('/ogc', { headers: bearer(secret) });
    expect(landing.status).toBe(200);
    const items = await server.request('/ogc/collections/photos/items', { headers: bearer(secret) });
    expect(items.status).toBe(200);
    for (const path of ['/api/zones', '/api/tokens', '/api/users']) {
      expect((await server.request(path, { headers: bearer(secret) })).status, path).toBe(401);
    }
    // Never from the query string (it would end up in logs): an unknown parameter there.
    expect((await server.request(`/ogc/collections?token=${secret}`)).status).toBe(401);
    expect((await server.request(`/ogc/collections?token=${secret}`, { headers: bearer(secret) })).status).toBe(400);
    const used = (await (await server.request('/api/tokens', { cookie: admin })).json()) as ApiToken[];
    expect(used.find((entry) => entry.id === token.id)!.lastUsedAt).not.toBeNull();
  });

  it('refuses unknown, malformed, expired and revoked tokens, and those of a disabled account, with a 401', async () => {
    const invalid = async (headers: Record<string, string>) => {
      const response = await server.request('/ogc/collections', { headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="jinxi", error="invalid_token"');
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    };
    await invalid(bearer(`jxt_${'A'.repeat(43)}`));
    await invalid(bearer('not a token'));
    await invalid({ authorization: 'Bearer' });
    // Another scheme is no token at all: the usual "log in first".
    const basic = await server.request('/ogc/collections', { headers: { authorization: 'Basic YWRtaW46eA==' } });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toBe('Bearer realm="jinxi"');

    const expiring = await issueToken({ name: '临时', expiresInDays: 1 });
    expect((await server.request('/ogc', { headers: bearer(expiring.secret) })).status).toBe(200);
    server.db
      .prepare('UPDATE api_tokens SET expires_at = ? WHERE id = ?')
      .run(new Date(Date.now() - 1000).toISOString(), Number(expiring.token.id));
    await invalid(bearer(expiring.secret));

    const revoked = await issueToken({ name: '撤销' });
    const revoke = await server.request(`/api/tokens/${revoked.token.id}`, { method: 'DELETE', cookie: admin });
    expect(revoke.status).toBe(204);
    await invalid(bearer(revoked.secret));
    const list = (await (await server.request('/api/tokens', { cookie: admin })).json()) as ApiToken[];
    expect(list.map((entry) => entry.id)).not.toContain(revoked.token.id);
    expect((await server.request(`/api/tokens/${revoked.token.id}`, { method: 'DELETE', cookie: admin })).status).toBe(
      404,
    );
    expect(
      server.db
        .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'api_token_revoked' AND target_id = ?")
        .get(revoked.token.id),
    ).toEqual({ n: 1 });

    // A token of an admin whose account is then disabled stops working, as that admin's sessions do.
    const created = await server.request('/api/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'office2', displayName: '第二管理员', role: 'admin', password: 'a-long-password-1' },
    });
    const second = (await created.json()) as SessionUser;
    const theirs = await issueToken({ name: '第二管理员的令牌' }, await server.login('office2', 'a-long-password-1'));
    expect((await server.request('/ogc', { headers: bearer(theirs.secret) })).status).toBe(200);
    const disable = await server.request(`/api/users/${second.id}`, {
      method: 'PATCH',
      cookie: admin,
      headers: { 'if-match': `"${second.version}"` },
      json: { disabled: true },
    });
    expect(disable.status).toBe(200);
    await invalid(bearer(theirs.secret));
  });
});

describe('OGC API - Features (Part 1: Core, GeoJSON, OpenAPI 3.0)', () => {
  it('landing page: links to the API description, conformance and collections, absolute', async () => {
    const { response, body } = await ogc<{ title: string; links: Link[] }>('/ogc');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const rels = Object.fromEntries(body.links.map((entry) => [entry.rel, entry]));
    expect(rels.self!.href).toBe(`${server.baseUrl}/ogc`);
    expect(rels['service-desc']).toMatchObject({
      href: `${server.baseUrl}/ogc/api`,
      type: 'application/vnd.oai.openapi+json;version=3.0',
    });
    expect(rels.conformance!.href).toBe(`${server.baseUrl}/ogc/conformance`);
    expect(rels.data!.href).toBe(`${server.baseUrl}/ogc/collections`);
  });

  it('conformance: core, GeoJSON, OpenAPI 3.0 and Part 2 (CRS), and nothing it does not implement', async () => {
    const { body } = await ogc<{ conformsTo: string[] }>('/ogc/conformance');
    expect(body.conformsTo.sort()).toEqual([
      ...['core', 'geojson', 'oas30'].map((name) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${name}`),
      'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
    ]);
  });

  it('the OpenAPI document describes every path and the limit bounds', async () => {
    const { response, body } = await ogc<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { parameters: { limit: { schema: { maximum: number; default: number } } } };
    }>('/ogc/api');
    expect(response.headers.get('content-type')).toMatch(/^application\/vnd\.oai\.openapi\+json; ?version="?3\.0"?/);
    expect(body.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(body.paths).sort()).toEqual(
      [
        '/',
        '/api',
        '/collections',
        '/collections/{collectionId}',
        '/collections/{collectionId}/items',
        '/collections/{collectionId}/items/{featureId}',
        '/conformance',
      ].sort(),
    );
    expect(body.components.parameters.limit.schema).toMatchObject({ minimum: 1, maximum: 10_000, default: 100 });
  });

  it('lists the collections with their extents in CRS84 and links to the items', async () => {
    const { body } = await ogc<{
      collections: {
        id: string;
        links: Link[];
        extent: { spatial?: { bbox: number[][]; crs: string }; temporal?: { interval: string[][] } };
        crs: string[];
      }[];
    }>('/ogc/collections');
    expect(body.collections.map((collection) => collection.id)).toEqual([
      'zones',
      'zones-polygons',
      'zones-lines',
      'zones-points',
      'tasks',
      'photos',
      'flood-events',
      'villages',
      ...REGISTER_KINDS.map((kind) => `registers-${kind.slug}`),
    ]);
    const zoneCollection = body.collections[0]!;
    expect(zoneCollection.links.find((entry) => entry.rel === 'items')).toEqual({
      href: `${server.baseUrl}/ogc/collections/zones/items`,
      rel: 'items',
      type: 'application/geo+json',
      title: '整治区域 (GeoJSON)',
    });
    expect(zoneCollection.extent.spatial!.crs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    const [minLon, minLat, maxLon, maxLat] = zoneCollection.extent.spatial!.bbox[0]!;
    expect(minLon).toBeGreaterThan(120.8);
    expect(maxLon).toBeLessThan(121.1);
    expect(minLat).toBeLessThan(maxLat!);
    const starts = zones.map((zone) => zone.properties.plannedStart).sort();
    expect(zoneCollection.extent.temporal!.interval[0]![0]).toBe(new Date(`${starts[0]}T00:00:00+08:00`).toISOString());
    const { response, body: one } = await ogc<{ id: string }>('/ogc/collections/villages');
    expect(response.status).toBe(200);
    expect(one.id).toBe('villages');
    const unknown = await server.request('/ogc/collections/roads', { cookie: leader });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('pages with limit and offset: next and prev links, numberMatched and numberReturned', async () => {
    const first = await ogc<Page>('/ogc/collections/zones/items');
    expect(first.response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(first.body.numberMatched).toBe(zones.length);
    expect(first.body.numberReturned).toBe(zones.length);
    expect(first.body.links.map((entry) => entry.rel).sort()).toEqual(['collection', 'self']);
    expect(first.body.features.map((feature) => feature.id)).toEqual(zones.map((zone) => zone.id));
    expect(first.body.features[0]!.properties).toMatchObject({
      id: Number(zones[0]!.id),
      name: zones[0]!.properties.name,
    });
    expect(Date.parse(first.body.timeStamp)).not.toBeNaN();

    const seen: string[] = [];
    let url: string | undefined = `/ogc/collections/zones/items?limit=1`;
    let pages = 0;
    while (url) {
      const { body }: { body: Page } = await ogc<Page>(url.replace(server.baseUrl, ''));
      expect(body.numberMatched).toBe(zones.length);
      expect(body.numberReturned).toBe(1);
      seen.push(...body.features.map((feature) => feature.id));
      const prev = body.links.find((entry) => entry.rel === 'prev');
      if (pages === 0) expect(prev).toBeUndefined();
      else expect(prev!.href).toBe(`${server.baseUrl}/ogc/collections/zones/items?limit=1&offset=${pages - 1}`);
      url = body.links.find((entry) => entry.rel === 'next')?.href;
      pages += 1;
    }
    expect(pages).toBe(zones.length);
    expect(seen).toEqual(zones.map((zone) => zone.id));

    const past = await ogc<Page>(`/ogc/collections/zones/items?limit=2&offset=${zones.length + 5}`);
    expect(past.body).toMatchObject({ numberMatched: zones.length, numberReturned: 0, features: [] });
    expect(past.body.links.find((entry) => entry.rel === 'prev')!.href).toContain(`offset=${zones.length + 3}`);
    const kept = await ogc<Page>('/ogc/collections/zones/items?f=json&bbox=120,31,122,32&limit=1&offset=1');
    expect(kept.body.links.find((entry) => entry.rel === 'next')!.href).toBe(
      `${server.baseUrl}/ogc/collections/zones/items?f=json&bbox=120%2C31%2C122%2C32&limit=1&offset=2`,
    );
  });

  it('answers bad parameters with a 400 problem that says what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['limit=0', /limit must be at least 1/],
      ['limit=10001', /limit must be at most 10,000/],
      ['limit=-1', /limit must be a whole number/],
      ['limit=abc', /limit must be a whole number/],
      ['limit=1.5', /limit must be a whole number/],
      ['offset=-3', /offset must be a whole number/],
      ['bbox=1,2,3', /bbox must be four numbers/],
      ['bbox=120,32,121,31', /minimum latitude/],
      ['bbox=120,31,200,32', /outside longitude/],
      ['datetime=2026-13-01', /RFC 3339/],
      ['datetime=2026-06-15T25:00:00Z', /RFC 3339/],
      ['datetime=2026-06-15T08:00:00', /RFC 3339/],
      ['datetime=../..', /at least one end/],
      ['datetime=2026-06-15/2026-06-01', /ends before it starts/],
      ['datetime=a/b/c', /date-time or an interval/],
      ['colour=red', /colour/],
      ['f=html', /f must be json/],
      ['limit=1&limit=2', /limit/],
    ];
    for (const [search, message] of cases) {
      const response = await server.request(`/ogc/collections/zones/items?${search}`, { cookie: leader });
      expect(response.status, search).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(((await response.json()) as { detail: string }).detail, search).toMatch(message);
    }
    const landing = await server.request('/ogc?limit=3', { cookie: leader });
    expect(landing.status).toBe(400);
  });

  it('bbox: only features that intersect it (four or six numbers); across the antimeridian too', async () => {
    const polygon = zones.find((zone) => zone.geometry.type === 'Polygon')!;
    const ring = (polygon.geometry as Polygon).coordinates[0]!;
    const [lon, lat] = ring[0]!;
    const box = `${lon! - 1e-5},${lat! - 1e-5},${lon! + 1e-5},${lat! + 1e-5}`;
    const near = await ogc<Page>(`/ogc/collections/zones/items?bbox=${box}`);
    expect(near.body.features.map((feature) => feature.id)).toContain(polygon.id);
    expect(near.body.numberMatched).toBeLessThan(zones.length);
    const six = await ogc<Page>(
      `/ogc/collections/zones/items?bbox=${lon! - 1e-5},${lat! - 1e-5},0,${lon! + 1e-5},${lat! + 1e-5},10`,
    );
    expect(six.body.features.map((feature) => feature.id)).toEqual(near.body.features.map((feature) => feature.id));
    const far = await ogc<Page>('/ogc/collections/zones/items?bbox=0,0,1,1');
    expect(far.body).toMatchObject({ numberMatched: 0, features: [] });
    const wrapped = await ogc<Page>('/ogc/collections/zones/items?bbox=170,31,121,32');
    expect(wrapped.body.numberMatched).toBe(zones.length);
    const villages = await ogc<Page>('/ogc/collections/villages/items?bbox=120.9,31.1,121,31.3');
    for (const feature of villages.body.features) {
      const [x, y] = feature.geometry.coordinates as [number, number];
      expect(x >= 120.9 && x <= 121 && y >= 31.1 && y <= 31.3).toBe(true);
    }
  });

  it('datetime: zones by their planned dates, instants and intervals, open ends', async () => {
    const active = (day: string) =>
      zones
        .filter((zone) => zone.properties.plannedStart <= day && day <= zone.properties.plannedEnd)
        .map((zone) => zone.id);
    const ids = async (datetime: string) =>
      (await ogc<Page>(`/ogc/collections/zones/items?datetime=${encodeURIComponent(datetime)}`)).body.features.map(
        (feature) => feature.id,
      );
    expect(await ids('2026-06-15')).toEqual(active('2026-06-15'));
    // 16:00 UTC on the 14th is midnight of the 15th in Asia/Shanghai.
    expect(await ids('2026-06-14T16:00:00Z')).toEqual(active('2026-06-15'));
    expect(await ids('2026-06-15T00:00:00+08:00')).toEqual(active('2026-06-15'));
    const startedBy = (day: string) =>
      zones.filter((zone) => zone.properties.plannedStart <= day).map((zone) => zone.id);
    expect(await ids('../2026-01-31')).toEqual(startedBy('2026-01-31'));
    expect(await ids('/2026-01-31')).toEqual(startedBy('2026-01-31'));
    const endingFrom = zones.filter((zone) => zone.properties.plannedEnd >= '2026-09-01').map((zone) => zone.id);
    expect(await ids('2026-09-01T00:00:00+08:00/..')).toEqual(endingFrom);
    expect(await ids('1990-01-01/1990-12-31')).toEqual([]);
    // Villages have no time: every datetime matches them (/req/core/fc-time-response C).
    const villages = await ogc<Page>('/ogc/collections/villages/items?datetime=1990-01-01');
    const places = (await (await server.request('/api/places', { cookie: leader })).json()) as { features: unknown[] };
    expect(villages.body.numberMatched).toBe(places.features.length);
    expect(places.features.length).toBeGreaterThan(0);
    expect(villages.body.features[0]!.properties).toMatchObject({
      name: expect.any(String),
      kindName: expect.any(String),
    });
  });

  it('tasks sit on their zone; photos only where a position is known; waterlogging points by day', async () => {
    const tasks = await ogc<Page>('/ogc/collections/tasks/items?limit=10000');
    const total = zones.reduce((sum, zone) => sum + zone.properties.taskCount, 0);
    expect(tasks.body.numberMatched).toBe(total);
    for (const feature of tasks.body.features) {
      expect(feature.geometry.type).toBe('Point');
      const zone = zones.find((candidate) => candidate.id === String(feature.properties.zoneId))!;
      expect(feature.properties.zoneName).toBe(zone.properties.name);
      if (zone.geometry.type === 'Polygon') {
        expect(booleanPointInPolygon(feature.geometry.coordinates as [number, number], zone.geometry as Polygon)).toBe(
          true,
        );
      }
    }

    const zone = zones.find((candidate) => candidate.properties.category === 'R4')!;
    const upload = await server.request(`/api/zones/${zone.id}/photos`, {
      method: 'POST',
      cookie: admin,
      body: photoForm({ phase: 'before', referenceObject: '泵站东侧墙' }, [
        { bytes: await makeTestPhoto({ width: 64, height: 48, position: { lon: 120.921, lat: 31.171 } }) },
        { bytes: await makeTestPhoto({ width: 64, height: 48 }) },
      ]),
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const photos = await ogc<Page>('/ogc/collections/photos/items');
    expect(photos.body.numberMatched).toBe(1);
    const photo = photos.body.features[0]!;
    expect(photo.geometry).toEqual({ type: 'Point', coordinates: [120.921, 31.171] });
    expect(photo.properties).toMatchObject({ referenceObject: '泵站东侧墙', phase: 'before', zoneId: Number(zone.id) });
    expect(photo.properties.displayUrl).toBe(`${server.baseUrl}/api/photos/${photo.id}/display`);
    const uploadedAt = String(photo.properties.uploadedAt);
    expect((await ogc<Page>(`/ogc/collections/photos/items?datetime=${uploadedAt}`)).body.numberMatched).toBe(1);
    expect((await ogc<Page>('/ogc/collections/photos/items?datetime=../2000-01-01')).body.numberMatched).toBe(0);

    const water = await server.login('water');
    const event = await server.request('/api/flood-events', {
      method: 'POST',
      cookie: water,
      json: {
        occurredOn: '2026-06-10',
        rainfallMm: 86.5,
        notes: '梅雨期短时强降雨',
        points: [
          { coordinates: [120.9205, 31.1705], depthCm: 25 },
          { coordinates: [120.87, 31.15], depthCm: 10 },
        ],
      },
    });
    expect(event.status, await event.clone().text()).toBe(201);
    const points = await ogc<Page>('/ogc/collections/flood-events/items');
    expect(points.body.features.map((feature) => feature.properties.depthCm)).toEqual([25, 10]);
    expect(points.body.features[0]!.properties).toMatchObject({ occurredOn: '2026-06-10', rainfallMm: 86.5 });
    expect((await ogc<Page>('/ogc/collections/flood-events/items?datetime=2026-06-10')).body.numberMatched).toBe(2);
    expect((await ogc<Page>('/ogc/collections/flood-events/items?datetime=2026-06-11/..')).body.numberMatched).toBe(0);
  });

  it('one feature by id, with a 404 for an unknown one', async () => {
    const zone = zones[0]!;
    const { response, body } = await ogc<{ id: string; properties: { name: string }; links: Link[] }>(
      `/ogc/collections/zones/items/${zone.id}`,
    );
    expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(body.id).toBe(zone.id);
    expect(body.properties.name).toBe(zone.properties.name);
    expect(body.links.find((entry) => entry.rel === 'self')!.href).toBe(
      `${server.baseUrl}/ogc/collections/zones/items/${zone.id}`,
    );
    const slash = await server.request('/ogc/collections/?f=json', { cookie: leader, redirect: 'manual' });
    expect(slash.status).toBe(308);
    expect(slash.headers.get('location')).toBe('/ogc/collections?f=json');
    for (const [path, location] of [
      ['/ogc/', '/ogc'],
      ['/ogc/collections/zones/items/?limit=2', '/ogc/collections/zones/items?limit=2'],
    ]) {
      const response = await server.request(path!, { cookie: leader, redirect: 'manual' });
      expect(response.status, path).toBe(308);
      expect(response.headers.get('location')).toBe(location);
    }
    for (const path of ['/ogc/collections/zones/items/999999', '/ogc/collections/roads/items/1', '/ogc/nothing']) {
      const missing = await server.request(path, { cookie: leader });
      expect(missing.status, path).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('negotiates: GeoJSON or JSON by Accept, f=json overrides, anything else is a 406', async () => {
    const geo = await server.request('/ogc/collections/zones/items?limit=1', {
      cookie: leader,
      headers: { accept: 'application/geo+json' },
    });
    expect(geo.status).toBe(200);
    const html = await server.request('/ogc/collections/zones/items?limit=1', {
      cookie: leader,
      headers: { accept: 'text/html' },
    });
    expect(html.status).toBe(406);
    expect(html.headers.get('content-type')).toMatch(/problem\+json/);
    const forced = await server.request('/ogc/collections/zones/items?limit=1&f=json', {
      cookie: leader,
      headers: { accept: 'text/html' },
    });
    expect(forced.status).toBe(200);
    const browser = await server.request('/ogc', {
      cookie: leader,
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(browser.status).toBe(200);
    const refused = await server.request('/ogc', { cookie: leader, headers: { accept: 'application/json;q=0' } });
    expect(refused.status).toBe(406);
  });

  it('visitors get a 401, unless the public read-only view is on: then no photos and no waterlogging points', async () => {
    const anonymous = await server.request('/ogc/collections');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="jinxi"');
    const open = await startTestServer({ auth: { publicRead: true } });
    try {
      const collections = (await (await open.request('/ogc/collections')).json()) as { collections: { id: string }[] };
      expect(collections.collections.map((collection) => collection.id)).toEqual([
        'zones',
        'zones-polygons',
        'zones-lines',
        'zones-points',
        'tasks',
        'villages',
      ]);
      expect((await open.request('/ogc/collections/zones/items')).status).toBe(200);
      for (const path of ['/ogc/collections/photos', '/ogc/collections/flood-events/items']) {
        const response = await open.request(path);
        expect(response.status, path).toBe(401);
      }
    } finally {
      await open.close();
    }
  });

  it('splits the zones by geometry kind for clients that need one type per layer', async () => {
    const kinds = {
      'zones-polygons': ['Polygon', 'MultiPolygon'],
      'zones-lines': ['LineString', 'MultiLineString'],
      'zones-points': ['Point'],
    };
    let total = 0;
    for (const [id, types] of Object.entries(kinds)) {
      const { body } = await ogc<Page>(`/ogc/collections/${id}/items`);
      expect(
        body.features.every((feature) => types.includes(feature.geometry.type)),
        id,
      ).toBe(true);
      total += body.numberMatched;
    }
    expect(total).toBe(zones.length);
  });
});
