import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { whilePollingHealth } from '../../../testing/health-poll';

/**
 * M7: photo uploads cannot exhaust memory (docs/quality.md R11). Files are streamed to a temporary
 * file (never held in memory), their type is sniffed from the first bytes, and uploads at once are
 * capped per user and in all.
 */
let server: TestServer;
let water: string;
let floodZone: string;

beforeAll(async () => {
  server = await startTestServer({ photos: { uploadsPerUser: 2, uploadsTotal: 3 } });
  water = await server.login('water');
  floodZone = String((server.db.prepare("SELECT id FROM zones WHERE category = 'R4'").get() as { id: number }).id);
});
afterAll(async () => {
  await server.close();
});

const temporaryFiles = () => (existsSync(server.photoUploadDir) ? readdirSync(server.photoUploadDir) : []);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface OpenUpload {
  /** Settles with the status, headers and body as soon as the server answers. */
  response: Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>;
  /** Bytes of the body written so far. */
  sent(): number;
  abort(): void;
}

/**
 * A multipart upload over a raw socket that declares `declaredBytes` of file but sends only `first`:
 * the rest never comes unless the server asks for it, so an answer proves the server decided early.
 */
function openUpload(cookie: string, first: Uint8Array, declaredBytes: number, name = 'photo.jpg'): OpenUpload {
  const boundary = '----jinxi-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="phase"\r\n\r\nbefore\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: image/jpeg\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`${server.baseUrl}/api/zones/${floodZone}/photos`);
  let sent = 0;
  const request = http.request(url, {
    method: 'POST',
    agent: false,
    headers: {
      cookie,
      origin: server.baseUrl,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + declaredBytes + tail.length),
    },
  });
  const response = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      request.on('response', (incoming) => {
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (body += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
        incoming.on('error', reject);
      });
      request.on('error', reject);
    },
  );
  response.catch(() => undefined);
  request.write(head);
  request.write(first);
  sent = head.length + first.length;
  return { response, sent: () => sent, abort: () => request.destroy() };
}

/** Resolve with the answer, or with 'no answer' after `ms`. */
const answerWithin = <T>(promise: Promise<T>, ms: number): Promise<T | 'no answer'> =>
  Promise.race([promise, sleep(ms).then(() => 'no answer' as const)]);

/** Wait until the upload folder holds `count` files (15 s at most). */
const temporaryFilesReach = (count: number, what: string) =>
  expect.poll(() => temporaryFiles().length, { timeout: 15_000, interval: 20, message: what }).toBe(count);

function upload(cookie: string, bytes: Uint8Array, name = 'photo.jpg') {
  return server.request(`/api/zones/${floodZone}/photos`, {
    method: 'POST',
    cookie,
    body: photoForm({ phase: 'before' }, [{ bytes, name }]),
  });
}

describe('M7 photo uploads cannot exhaust memory', () => {
  it('refuses a non-image named .jpg with 415 after its first bytes, before the 20 MB body is sent', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64 * 1024 - 9, 0x41)]);
    const open = openUpload(water, pdf, 20 * 1024 * 1024, 'report.jpg');
    try {
      const answer = await answerWithin(open.response, 15_000);
      expect(answer, 'the server waited for the whole body').not.toBe('no answer');
      if (answer === 'no answer') return;
      expect(answer.status, answer.body).toBe(415);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.parse(answer.body).detail).toMatch(/PDF/);
      // Answered after 64 KiB of the declared 20 MiB.
      expect(open.sent()).toBeLessThan(100 * 1024);
    } finally {
      open.abort();
    }
    await temporaryFilesReach(0, 'the temporary files to go');
  });

  it('answers 503 with Retry-After past the per-user and the total caps, and frees the slots when uploads end', async () => {
    const photo = await makeTestPhoto();
    const planner = await server.login('planner');
    const admin = await server.login('admin');
    const held = [
      openUpload(water, photo.subarray(0, 1024), 5 * 1024 * 1024),
      openUpload(water, photo.subarray(0, 1024), 5 * 1024 * 1024),
    ];
    try {
      // Both are admitted and streaming to their temporary files.
      await temporaryFilesReach(2, 'two uploads to stream');
      const third = await upload(water, photo);
      expect(third.status, await third.clone().text()).toBe(503);
      expect(third.headers.get('content-type')).toMatch(/problem\+json/);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await third.json()) as { detail: string }).detail).toMatch(/2 uploads/);

      held.push(openUpload(planner, photo.subarray(0, 1024), 5 * 1024 * 1024));
      await temporaryFilesReach(3, 'the third upload to stream');
      const overTotal = await upload(admin, photo);
      expect(overTotal.status).toBe(503);
      expect(Number(overTotal.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await overTotal.json()) as { detail: string }).detail).toMatch(/3 uploads/);
    } finally {
      for (const open of held) open.abort();
    }
    // Aborted uploads give their slots and temporary files back.
    await temporaryFilesReach(0, 'the aborted uploads to be cleaned up');
    const after = await upload(water, photo);
    expect(after.status, await after.clone().text()).toBe(201);
  });

  it('leaves the temporary folder empty after a success and after every kind of failure', async () => {
    const photo = await makeTestPhoto();
    expect((await upload(water, photo)).status).toBe(201);
    expect(temporaryFiles()).toEqual([]);
    // 415 (not an image), 400 (cut short), 413 (too large for PHOTO_MAX_MB is covered below).
    expect((await upload(water, Buffer.from('<svg onload="x"></svg>'))).status).toBe(415);
    expect(temporaryFiles()).toEqual([]);
    expect((await upload(water, photo.subarray(0, 300))).status).toBe(400);
    expect(temporaryFiles()).toEqual([]);
    // An upload aborted halfway.
    const open = openUpload(water, photo.subarray(0, 2048), 1024 * 1024);
    await temporaryFilesReach(1, 'the upload to stream');
    open.abort();
    await temporaryFilesReach(0, 'the aborted upload to be cleaned up');
  });

  it('refuses a file over PHOTO_MAX_MB with 413 while streaming and keeps no temporary file', async () => {
    const small = await startTestServer({ photos: { maxMegabytes: 0.5 } });
    try {
      const cookie = await small.login('water');
      const zone = String((small.db.prepare("SELECT id FROM zones WHERE category = 'R4'").get() as { id: number }).id);
      const big = Buffer.concat([await makeTestPhoto(), Buffer.alloc(1024 * 1024, 0)]);
      const response = await small.request(`/api/zones/${zone}/photos`, {
        method: 'POST',
        cookie,
        body: photoForm({ phase: 'before' }, [{ bytes: big }]),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/0\.5 MB/);
      const dir = small.photoUploadDir;
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('keeps /api/health answering within 1 s while large uploads are processed', async () => {
    const big = await makeTestPhoto({ width: 3000, height: 2000, noise: 7 });
    const cookies = [water, await server.login('planner'), await server.login('admin')];
    const { response: responses, slowest } = await whilePollingHealth(
      server,
      () =>
        Promise.all(
          cookies.map((cookie) =>
            server.request(`/api/zones/${floodZone}/photos`, {
              method: 'POST',
              cookie,
              body: photoForm({ phase: 'before' }, [
                { bytes: big, name: 'a.jpg' },
                { bytes: big, name: 'b.jpg' },
              ]),
            }),
          ),
        ),
      50,
    );
    for (const response of responses) expect(response.status).toBe(201);
    expect(slowest).toBeLessThan(1000);
    expect(temporaryFiles()).toEqual([]);
  });
});
