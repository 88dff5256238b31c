import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { startTestS3Server, type TestS3Server } from '../../../testing/s3-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { createS3Client } from '../../platform/storage/s3-photo-files';
import { photoUploadResponseSchema, type Photo } from '../../../shared/photos/photo';
import { problemSchema } from '../../../shared/http/problem';

/** Photos in an S3-compatible bucket (PHOTO_STORE=s3) through the real routes, against a real s3rver. */
let s3: TestS3Server;
let server: TestServer;
let client: S3Client;
let water: string;
let floodZone: string;

beforeAll(async () => {
  s3 = await startTestS3Server();
  server = await startTestServer({ s3: s3.settings });
  client = createS3Client(s3.settings);
  water = await server.login('water');
  floodZone = String((server.db.prepare("SELECT id FROM zones WHERE category = 'R4'").get() as { id: number }).id);
});
afterAll(async () => {
  client.destroy();
  await server.close();
  await s3.stop();
});

async function objectsInBucket(): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.settings.bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}
async function objectBytes(Key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: s3.settings.bucket, Key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}
const storageKeyOf = (photo: Photo) =>
  (server.db.prepare('SELECT storage_key FROM photos WHERE id = ?').get(Number(photo.id)) as { storage_key: string })
    .storage_key;
const photoRows = () => (server.db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n;

function upload(bytes: Uint8Array, key?: string) {
  return server.request(`/api/zones/${floodZone}/photos`, {
    method: 'POST',
    cookie: water,
    body: photoForm({ phase: 'progress' }, [{ bytes }]),
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
}
async function uploaded(response: Response): Promise<Photo[]> {
  const text = await response.text();
  expect(response.status, text).toBeLessThan(300);
  return photoUploadResponseSchema.parse(JSON.parse(text)).photos;
}

describe('photo uploads with PHOTO_STORE=s3', () => {
  it('keeps the original and both derivatives in the bucket, serves them, and writes nothing to the local photos folder', async () => {
    const original = await makeTestPhoto({ width: 800, height: 600 });
    const [photo] = await uploaded(await upload(original));
    const key = storageKeyOf(photo!);
    expect(await objectsInBucket()).toEqual([
      `derived/${key}-display.jpg`,
      `derived/${key}-thumb.jpg`,
      `originals/${key}`,
    ]);
    // The original is kept byte for byte; the derivatives served are the bucket's objects.
    expect((await objectBytes(`originals/${key}`)).equals(original)).toBe(true);
    for (const kind of ['thumb', 'display'] as const) {
      const response = await server.request(photo!.urls[kind], { cookie: water });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      const served = Buffer.from(await response.arrayBuffer());
      expect(served.equals(await objectBytes(`derived/${key}-${kind}.jpg`))).toBe(true);
    }
    expect(existsSync(path.join(server.dataDir, 'photos'))).toBe(false);
    expect(readdirSync(server.photoUploadDir)).toEqual([]);
  });

  it('makes one photo and one set of objects for one Idempotency-Key sent twice, one after the other or at once', async () => {
    const bytes = await makeTestPhoto({ width: 320, height: 240 });
    const rows = photoRows();
    const objects = (await objectsInBucket()).length;
    const [first] = await uploaded(await upload(bytes, 's3-retry-0001'));
    const retry = await upload(bytes, 's3-retry-0001');
    expect(retry.status).toBe(200);
    expect((await uploaded(retry))[0]!.id).toBe(first!.id);

    // Both requests at once: both may store their files before one wins the insert; the loser's go.
    const both = await Promise.all([upload(bytes, 's3-retry-0002'), upload(bytes, 's3-retry-0002')]);
    const ids = await Promise.all(both.map(async (response) => (await uploaded(response))[0]!.id));
    expect(ids[0]).toBe(ids[1]);

    expect(photoRows()).toBe(rows + 2);
    expect((await objectsInBucket()).length).toBe(objects + 6);
    const stored = await server.storedOriginals();
    for (const photo of [first!, { id: ids[0]! } as Photo]) expect(stored).toContain(storageKeyOf(photo));
    expect(readdirSync(server.photoUploadDir)).toEqual([]);
  });
});

describe('health and readiness with PHOTO_STORE=s3', () => {
  it('reports the store, and stops being ready (503) once the bucket no longer answers', async () => {
    const ownS3 = await startTestS3Server();
    const own = await startTestServer({ s3: ownS3.settings });
    try {
      const health = await own.request('/api/health');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok', photoStore: 'ok' });
      const ready = await own.request('/api/ready');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', photoStore: 'ok' });
      const cookie = await own.login('water');
      const [photo] = await uploaded(
        await own.request(`/api/zones/${floodZone}/photos`, {
          method: 'POST',
          cookie,
          body: photoForm({ phase: 'progress' }, [{ bytes: await makeTestPhoto() }]),
        }),
      );

      await ownS3.halt();
      const started = performance.now();
      const degraded = await own.request('/api/health');
      // Alive, and saying what is missing: restarting this server would not bring the bucket back.
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toEqual({ status: 'degraded', database: 'ok', photoStore: 'unavailable' });
      const notReady = await own.request('/api/ready');
      expect(performance.now() - started).toBeLessThan(6_000);
      expect(notReady.status).toBe(503);
      expect(notReady.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = problemSchema.parse(await notReady.json());
      expect(problem).toMatchObject({ status: 503, database: 'ok', photoStore: 'unavailable' });
      expect(problem.detail).toBe('Not ready: the photo store did not answer');

      // Photos cannot be served or stored meanwhile: a 503 to retry, never a 500.
      const thumb = await own.request(photo!.urls.thumb, { cookie });
      expect(thumb.status).toBe(503);
      expect(thumb.headers.get('retry-after')).toBe('30');
      const refused = await own.request(`/api/zones/${floodZone}/photos`, {
        method: 'POST',
        cookie,
        body: photoForm({ phase: 'progress' }, [{ bytes: await makeTestPhoto() }]),
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(problemSchema.parse(await refused.json()).detail).toMatch(/photo store/);
      expect(readdirSync(own.photoUploadDir)).toEqual([]);
    } finally {
      await own.close();
      await ownS3.stop();
    }
  }, 40_000);
});
