import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleZoneTask, startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { photoUploadResponseSchema } from '../../../shared/photos/photo';

/** Photo uploads sent in parts (docs/field.md), on both engines (POSTGRES_API_SUITES). */
let server: TestServer;
let water: string;
let zone: string;
let task: string;

beforeAll(async () => {
  server = await startTestServer();
  water = await server.login('water');
  ({ zone, task } = await sampleZoneTask(server, 'R4'));
});
afterAll(async () => {
  await server.close();
});

const open = async (bytes: number) => {
  const response = await server.request('/api/uploads', {
    method: 'POST',
    cookie: water,
    json: { bytes, fileName: 'IMG_0001.jpg' },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; bytes: number; offset: number };
};
const put = (id: string, file: Uint8Array, first: number, last: number) =>
  server.request(`/api/uploads/${id}`, {
    method: 'PUT',
    cookie: water,
    headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${first}-${last}/${file.length}` },
    body: new Uint8Array(file.subarray(first, last + 1)),
  });
const offsetOf = async (id: string) =>
  ((await (await server.request(`/api/uploads/${id}`, { cookie: water })).json()) as { offset: number }).offset;
const finish = (id: string, key: string) =>
  server.request(`/api/zones/${zone}/photos`, {
    method: 'POST',
    cookie: water,
    headers: { 'idempotency-key': key },
    body: photoForm({ phase: 'before', taskId: task, upload: id }, []),
  });

/** A PUT whose link drops half-way: the headers promise the whole part, half of it is sent, the socket closes. */
function cutOff(id: string, file: Uint8Array, first: number, last: number): Promise<void> {
  const url = new URL(`/api/uploads/${id}`, server.baseUrl);
  return new Promise((resolve) => {
    const request = httpRequest(url, {
      method: 'PUT',
      headers: {
        cookie: water,
        'content-type': 'application/octet-stream',
        'content-range': `bytes ${first}-${last}/${file.length}`,
        'content-length': String(last - first + 1),
      },
    });
    request.on('error', () => resolve());
    request.on('close', () => resolve());
    request.write(file.subarray(first, first + Math.floor((last - first + 1) / 2)), () => {
      setTimeout(() => request.destroy(), 50);
    });
  });
}

describe('a photo upload in parts', () => {
  it('cut off mid-way resumes from the offset the server reports and makes exactly one photo', async () => {
    const file = await makeTestPhoto({ width: 1200, height: 900, noise: 1, position: { lon: 120.921, lat: 31.171 } });
    expect(file.length).toBeGreaterThan(30_000);
    const session = await open(file.length);
    expect(session).toMatchObject({ bytes: file.length, offset: 0 });
    const part = 16_384;

    expect((await put(session.id, file, 0, part - 1)).status).toBe(200);
    // The link drops during the second part: nothing of it counts.
    await cutOff(session.id, file, part, 2 * part - 1);
    await expect.poll(() => offsetOf(session.id)).toBe(part);
    // The first part sent again (its answer was lost): refused with the offset to resume from.
    const again = await put(session.id, file, 0, part - 1);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { offset: number }).offset).toBe(part);

    // Not finished yet: the photo cannot be made.
    expect((await finish(session.id, 'resume-1')).status).toBe(409);
    for (let first = await offsetOf(session.id); first < file.length; first += part) {
      const answer = await put(session.id, file, first, Math.min(first + part, file.length) - 1);
      expect(answer.status, await answer.clone().text()).toBe(200);
    }
    const made = await finish(session.id, 'resume-1');
    expect(made.status, await made.clone().text()).toBe(201);
    const [photo] = photoUploadResponseSchema.parse(await made.json()).photos;
    expect(photo).toMatchObject({ taskId: task, phase: 'before', originalName: 'IMG_0001.jpg' });
    expect(photo!.position!.lon).toBeCloseTo(120.921, 5);
    expect(photo!.position!.lat).toBeCloseTo(31.171, 5);
    // The original is stored whole, byte for byte.
    const [stored] = await server.sql<{ storage_key: string }>(
      'SELECT storage_key FROM photos WHERE id = ?',
      Number(photo!.id),
    );
    expect(Buffer.compare(await server.readStoredOriginal(stored!.storage_key), file)).toBe(0);

    // The answer to the finish was lost and it is sent again: the same photo, not a second one.
    const resent = await finish(session.id, 'resume-1');
    expect(resent.status).toBe(200);
    expect(photoUploadResponseSchema.parse(await resent.json()).photos[0]!.id).toBe(photo!.id);
    const copies = await server.sql<{ n: number }>(
      "SELECT count(*) AS n FROM photos WHERE uploaded_by = (SELECT id FROM users WHERE username = 'water') AND idempotency_key = ?",
      'resume-1',
    );
    expect(Number(copies[0]!.n)).toBe(1);
    // The session and its parts are gone.
    expect((await server.request(`/api/uploads/${session.id}`, { cookie: water })).status).toBe(404);
  });

  it('refuses parts that do not fit, and sessions of others', async () => {
    const session = await open(100);
    const file = new Uint8Array(100);
    const beyond = await server.request(`/api/uploads/${session.id}`, {
      method: 'PUT',
      cookie: water,
      headers: { 'content-type': 'application/octet-stream', 'content-range': 'bytes 0-199/200' },
      body: new Uint8Array(200),
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-type')).toMatch(/problem\+json/);
    const noRange = await server.request(`/api/uploads/${session.id}`, {
      method: 'PUT',
      cookie: water,
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
    expect(noRange.status).toBe(400);
    const huge = await server.request('/api/uploads', { method: 'POST', cookie: water, json: { bytes: 1e11 } });
    expect(huge.status).toBe(413);
    const other = await server.login('admin');
    expect((await server.request(`/api/uploads/${session.id}`, { cookie: other })).status).toBe(404);
    // Not an image: refused when it is finished, like a file part.
    expect((await put(session.id, file, 0, 99)).status).toBe(200);
    expect((await finish(session.id, 'not-an-image')).status).toBe(415);
  });

  it('removes sessions nobody wrote to for a day, with their parts', async () => {
    const old = await open(10);
    expect((await put(old.id, new Uint8Array(10), 0, 4)).status).toBe(200);
    await server.sql(
      'UPDATE upload_sessions SET updated_at = ? WHERE id = ?',
      new Date(Date.parse('2026-06-13T00:00:00Z')).toISOString(),
      old.id,
    );
    await open(10);
    expect((await server.request(`/api/uploads/${old.id}`, { cookie: water })).status).toBe(404);
    expect(await server.sql('SELECT id FROM upload_sessions WHERE id = ?', old.id)).toEqual([]);
  });
});
