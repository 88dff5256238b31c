import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import exifr from 'exifr';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { heicLike, makeTestPhoto, photoForm } from '../../../testing/images';
import { XSS_PAYLOADS } from '../../../testing/xss-payloads';
import {
  followedReportSchema,
  meTooResultSchema,
  nearbyReportsSchema,
  reportCreatedSchema,
} from '../../../shared/public/reports';
import { privateKeysIn } from './private-keys.test-support';

/** 随手拍 over HTTP (docs/public.md), on either engine. */
let server: TestServer;
let photo: Buffer;
const HERE = { lon: 120.9231, lat: 31.1752 };
/** About 20 m north of HERE. */
const NEAR = { lon: 120.9231, lat: 31.17538 };
/** About 150 m east. */
const FAR = { lon: 120.92468, lat: 31.1752 };

beforeAll(async () => {
  server = await startTestServer({
    auth: { publicSite: true },
    photos: { maxMegabytes: 1 },
    app: { publicLimits: { reportsPerAddressPerHour: 1000, actionsPerAddressPerHour: 1000 } },
  });
  photo = await makeTestPhoto({ width: 64, height: 48, position: HERE, takenAt: '2026:06:01 08:00:00' });
});
afterAll(async () => {
  await server.close();
});

function report(
  fields: Record<string, string>,
  files: { bytes: Uint8Array; name?: string; type?: string }[] = [{ bytes: photo }],
  target: TestServer = server,
) {
  return target.request('/api/public/reports', { method: 'POST', body: photoForm(fields, files) });
}
const place = (at: { lon: number; lat: number }) => ({ lon: String(at.lon), lat: String(at.lat) });
async function created(response: Response) {
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return reportCreatedSchema.parse(JSON.parse(text));
}
async function follow(token: string) {
  const response = await server.request(`/api/public/reports/${token}`);
  expect(response.status).toBe(200);
  const body: unknown = await response.json();
  expect(privateKeysIn(body)).toEqual([]);
  return followedReportSchema.parse(body);
}
async function expectProblem(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
}
const nearby = async (at: { lon: number; lat: number }, category: string) => {
  const response = await server.request(`/api/public/reports/nearby?lon=${at.lon}&lat=${at.lat}&category=${category}`);
  expect(response.status).toBe(200);
  const body: unknown = await response.json();
  expect(privateKeysIn(body)).toEqual([]);
  return nearbyReportsSchema.parse(body).reports;
};

describe('随手拍 reports', () => {
  it('takes a report with a photo, and its reporter follows it by the token without any private field', async () => {
    const { token, id } = await created(
      await report({ category: 'garbage', description: '桥边垃圾堆', phone: '13800138000', ...place(HERE) }),
    );
    expect(token).toMatch(/^[\w-]{43}$/);
    const followed = await follow(token);
    expect(followed).toMatchObject({ id, category: 'garbage', description: '桥边垃圾堆', status: 'pending', meToo: 0 });
    expect(JSON.stringify(followed)).not.toContain('13800138000');
    expect(followed.photos).toHaveLength(1);
    const image = await server.request(followed.photos[0]!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(await exifr.parse(bytes).catch(() => undefined)).toBeUndefined();
    // The token is the only key: another token or a malformed one finds nothing.
    await expectProblem(await server.request(`/api/public/reports/${'x'.repeat(43)}`), 404);
    await expectProblem(await server.request('/api/public/reports/short'), 400);
    await expectProblem(await server.request(`/api/public/reports/${'x'.repeat(43)}/photos/1`), 404);
  });

  it('offers open reports of the same category within 50 m, and 我也遇到 adds weight, not a report', async () => {
    const { id } = await created(await report({ category: 'flyer', ...place(HERE) }));
    const offered = await nearby(NEAR, 'flyer');
    expect(offered.map((entry) => entry.id)).toContain(id);
    const entry = offered.find((candidate) => candidate.id === id)!;
    expect(entry.distanceMeters).toBeGreaterThan(10);
    expect(entry.distanceMeters).toBeLessThanOrEqual(50);
    expect((await nearby(NEAR, 'parking')).map((candidate) => candidate.id)).not.toContain(id);
    expect((await nearby(FAR, 'flyer')).map((candidate) => candidate.id)).not.toContain(id);

    const reportsBefore = await server.sql<{ n: number }>('SELECT count(*) AS n FROM public_reports');
    for (const expected of [1, 2]) {
      const response = await server.request(`/api/public/reports/${id}/me-too`, { method: 'POST' });
      expect(response.status).toBe(200);
      expect(meTooResultSchema.parse(await response.json())).toEqual({ id, meToo: expected });
    }
    expect(await server.sql('SELECT count(*) AS n FROM public_reports')).toEqual(reportsBefore);
    expect((await nearby(NEAR, 'flyer')).find((candidate) => candidate.id === id)!.meToo).toBe(2);
    await expectProblem(await server.request('/api/public/reports/999999/me-too', { method: 'POST' }), 404);
  });

  it('refuses bad reports with 4xx problems and stores nothing', async () => {
    const before = await server.sql<{ n: number }>('SELECT count(*) AS n FROM public_reports');
    const good = { category: 'garbage', ...place(HERE) };
    await expectProblem(await report(good, []), 400);
    await expectProblem(
      await report(good, [{ bytes: Buffer.from('<html>not a photo</html>'), type: 'text/html' }]),
      415,
    );
    // HEIC is accepted (decoded on the server, as for staff photos): a file that only looks like one is damaged.
    await expectProblem(await report(good, [{ bytes: heicLike(), name: 'x.heic' }]), 400);
    await expectProblem(await report(good, [{ bytes: Buffer.alloc(1_200_000, 0xff) }]), 415);
    const big = await makeTestPhoto({ width: 1600, height: 1200, noise: 200 });
    if (big.length > 1024 * 1024) await expectProblem(await report(good, [{ bytes: big }]), 413);
    await expectProblem(
      await report(good, [{ bytes: photo }, { bytes: photo }, { bytes: photo }, { bytes: photo }]),
      413,
    );
    await expectProblem(await report({ ...good, category: 'ufo' }), 400);
    await expectProblem(await report({ ...good, phone: '12345' }), 400);
    await expectProblem(await report({ ...good, lat: '91' }), 400);
    await expectProblem(await report({ ...good, lon: 'east' }), 400);
    await expectProblem(await report({ ...good, name: '张三' }), 400);
    await expectProblem(await report({ ...good, description: '长'.repeat(501) }), 400);
    await expectProblem(
      await server.request('/api/public/reports', { method: 'POST', json: { category: 'garbage' } }),
      415,
    );
    await expectProblem(await server.request('/api/public/reports/nearby?lon=1&lat=2'), 400);
    expect(await server.sql('SELECT count(*) AS n FROM public_reports')).toEqual(before);
  });

  it('keeps every description inert: stored and answered as the same text (the XSS corpus)', async () => {
    for (const payload of XSS_PAYLOADS) {
      const { token } = await created(await report({ category: 'clutter', description: payload, ...place(HERE) }));
      const response = await server.request(`/api/public/reports/${token}`);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await follow(token)).description).toBe(payload.trim());
    }
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the reports per address, and per phone number', async () => {
    const limited = await startTestServer({
      auth: { publicSite: true },
      app: { publicLimits: { reportsPerAddressPerHour: 3, reportsPerPhonePerDay: 2, actionsPerAddressPerHour: 2 } },
    });
    try {
      const fields = { category: 'garbage', ...place(HERE) };
      await created(await report({ ...fields, phone: '13900139000' }, undefined, limited));
      await created(await report({ ...fields, phone: '13900139000' }, undefined, limited));
      const byPhone = await report({ ...fields, phone: '13900139000' }, undefined, limited);
      await expectProblem(byPhone, 429);
      expect(Number(byPhone.headers.get('retry-after'))).toBeGreaterThan(0);
      const byAddress = await report({ ...fields, phone: '13700137000' }, undefined, limited);
      await expectProblem(byAddress, 429);
      expect(Number(byAddress.headers.get('retry-after'))).toBeGreaterThan(0);
      const [{ n }] = (await limited.sql<{ n: number | string }>('SELECT count(*) AS n FROM public_reports')) as [
        { n: number | string },
      ];
      expect(Number(n)).toBe(2);

      const [{ id }] = (await limited.sql<{ id: number }>('SELECT id FROM public_reports ORDER BY id LIMIT 1')) as [
        { id: number },
      ];
      const meToo = () => limited.request(`/api/public/reports/${id}/me-too`, { method: 'POST' });
      expect((await meToo()).status).toBe(200);
      expect((await meToo()).status).toBe(200);
      await expectProblem(await meToo(), 429);
    } finally {
      await limited.close();
    }
  });
});
