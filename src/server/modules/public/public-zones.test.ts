import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import exifr from 'exifr';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { publicZoneCollectionSchema, publicZoneSchema, zonePublicationsSchema } from '../../../shared/public/public';
import { photoUploadResponseSchema } from '../../../shared/photos/photo';
import { PRIVATE_KEYS, privateKeysIn } from './private-keys.test-support';

/** The public site's reads (docs/public.md), over HTTP, on either engine. */
let server: TestServer;
let admin: string;
let zoneId: string;
let before: string;
let after: string;
let unpublished: string;
const HERE = { lon: 120.921, lat: 31.171 };

beforeAll(async () => {
  server = await startTestServer({ auth: { publicSite: true } });
  admin = await server.login('admin');
  const zones = (await (await server.request('/api/zones', { cookie: admin })).json()) as {
    features: { id: string; properties: { category: string } }[];
  };
  zoneId = zones.features.find((zone) => zone.properties.category === 'R4')!.id;
  const tasks = (await (await server.request(`/api/zones/${zoneId}/tasks`, { cookie: admin })).json()) as {
    id: string;
  }[];
  const upload = async (fields: Record<string, string>) => {
    const response = await server.request(`/api/zones/${zoneId}/photos`, {
      method: 'POST',
      cookie: admin,
      body: photoForm(fields, [{ bytes: await makeTestPhoto({ position: HERE, takenAt: '2026:06:01 08:00:00' }) }]),
    });
    expect(response.status).toBe(201);
    return photoUploadResponseSchema.parse(await response.json()).photos[0]!.id;
  };
  before = await upload({ phase: 'before', taskId: tasks[0]!.id, note: '内部备注：张三负责' });
  after = await upload({ phase: 'after', taskId: tasks[0]!.id, note: '内部备注：已整改' });
  unpublished = await upload({ phase: 'progress', note: '施工中' });
});
afterAll(async () => {
  await server.close();
});

const publish = (photo: string, method: 'PUT' | 'DELETE' = 'PUT', cookie = admin) =>
  server.request(`/api/photos/${photo}/publication`, { method, cookie });

describe('the public site (PUBLIC_SITE=1)', () => {
  it('shows the zones as GeoJSON with status only, parsed by the strict public schema', async () => {
    const response = await server.request('/api/public/zones');
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    const zones = publicZoneCollectionSchema.parse(body);
    expect(zones.features.length).toBeGreaterThan(0);
    expect(zones.features.find((zone) => zone.id === zoneId)!.properties.item.code).toBe('R4');
    expect(zones.statuses.map((status) => status.code)).toContain('in_progress');
    expect(privateKeysIn(body)).toEqual([]);
  });

  it('shows a zone page with published pairs only, and serves only their display images without metadata', async () => {
    const page = async () => {
      const response = await server.request(`/api/public/zones/${zoneId}`);
      expect(response.status).toBe(200);
      const body: unknown = await response.json();
      expect(privateKeysIn(body)).toEqual([]);
      expect(JSON.stringify(body)).not.toMatch(/内部备注|施工中|演示/);
      return publicZoneSchema.parse(body);
    };
    const zone = await page();
    expect(zone.item.code).toBe('R4');
    expect(zone.leadUnit?.name).toBeTruthy();
    expect(zone.pairs).toEqual([]);
    expect((await server.request(`/api/public/photos/${before}`)).status).toBe(404);

    // Only the office publishes; a before-photo is not a pair.
    expect((await publish(after, 'PUT', await server.login('water'))).status).toBe(403);
    expect((await publish(before)).status).toBe(404);
    const state = async () => {
      const response = await server.request(`/api/zones/${zoneId}/publications`, { cookie: admin });
      expect(response.status).toBe(200);
      return zonePublicationsSchema.parse(await response.json()).afterPhotoIds;
    };
    expect(await state()).toEqual([]);
    const published = await publish(after);
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ photoId: after, published: true });
    // The office's 已公开 state; other staff and visitors are refused.
    expect(await state()).toEqual([after]);
    const leader = await server.login('leader');
    expect((await server.request(`/api/zones/${zoneId}/publications`, { cookie: leader })).status).toBe(403);
    expect((await server.request(`/api/zones/${zoneId}/publications`)).status).toBe(401);
    expect((await server.request('/api/zones/999999/publications', { cookie: admin })).status).toBe(404);

    const shown = await page();
    expect(shown.pairs).toEqual([
      { before: `/api/public/photos/${before}`, after: `/api/public/photos/${after}`, publishedAt: expect.any(String) },
    ]);
    for (const url of [shown.pairs[0]!.before, shown.pairs[0]!.after]) {
      const image = await server.request(url);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/jpeg');
      const bytes = Buffer.from(await image.arrayBuffer());
      expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
      expect(await exifr.parse(bytes).catch(() => undefined)).toBeUndefined();
    }
    expect((await server.request(`/api/public/photos/${unpublished}`)).status).toBe(404);

    // Withdrawn: gone from the page and the photo route.
    expect((await publish(after, 'DELETE')).status).toBe(200);
    expect((await page()).pairs).toEqual([]);
    expect(await state()).toEqual([]);
    expect((await server.request(`/api/public/photos/${after}`)).status).toBe(404);
  });

  it('answers unknown or malformed zones with 404/400 problems', async () => {
    expect((await server.request('/api/public/zones/999999')).status).toBe(404);
    const bad = await server.request('/api/public/zones/abc');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('lists private keys the check looks for', () => {
    expect(PRIVATE_KEYS).toContain('notes');
    expect(privateKeysIn({ a: [{ phone: '1' }] })).toEqual(['a.0.phone']);
  });
});

describe('the public site switched off (the default)', () => {
  it('answers 404 on its routes and 401 on staff routes', async () => {
    const off = await startTestServer();
    try {
      for (const path of ['/api/public/zones', `/api/public/zones/${zoneId}`, `/api/public/photos/${after}`]) {
        const response = await off.request(path);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      }
      expect((await off.request('/api/zones')).status).toBe(401);
    } finally {
      await off.close();
    }
  });
});
