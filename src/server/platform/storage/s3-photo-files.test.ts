import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client, createS3PhotoFileStore, type S3Settings } from './s3-photo-files';
import { newStorageKey, type PhotoFileStore } from './photo-files';
import { startTestS3Server, type TestS3Server } from '../../../testing/s3-server';

let s3: TestS3Server;
let client: S3Client;
let uploadDir: string;
let store: PhotoFileStore;

beforeAll(async () => {
  s3 = await startTestS3Server();
  client = createS3Client(s3.settings);
  uploadDir = mkdtempSync(path.join(tmpdir(), 'jinxi-s3-uploads-'));
  store = createS3PhotoFileStore({ ...s3.settings, uploadDir });
});

afterAll(async () => {
  client.destroy();
  await s3.stop();
  rmSync(uploadDir, { recursive: true, force: true });
});

/** Every object name in the bucket. */
async function objectsInBucket(): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.settings.bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

/** An upload as the photo route leaves it: a file in the store's upload folder. */
function writeUpload(bytes: Uint8Array): string {
  const file = store.uploadPath();
  writeFileSync(file, bytes);
  return file;
}

const ORIGINAL = Buffer.from('the original, as the phone sent it');
const THUMB = Buffer.from('thumb bytes');
const DISPLAY = Buffer.from('display bytes');

describe('the S3 photo file store (s3rver)', () => {
  it('keeps the original privately and both derivatives under their prefixes, and removes the upload file', async () => {
    const key = newStorageKey();
    const originalPath = writeUpload(ORIGINAL);
    expect(path.dirname(originalPath)).toBe(uploadDir);
    await store.save(key, { originalPath, thumb: THUMB, display: DISPLAY });
    expect(await objectsInBucket()).toEqual([
      `derived/${key}-display.jpg`,
      `derived/${key}-thumb.jpg`,
      `originals/${key}`,
    ]);
    expect(await store.readDerivative(key, 'thumb')).toEqual(THUMB);
    expect(await store.readDerivative(key, 'display')).toEqual(DISPLAY);
    const original = await client.send(new GetObjectCommand({ Bucket: s3.settings.bucket, Key: `originals/${key}` }));
    expect(Buffer.from(await original.Body!.transformToByteArray())).toEqual(ORIGINAL);
    expect(existsSync(originalPath)).toBe(false);

    await store.remove(key);
    expect(await objectsInBucket()).toEqual([]);
    expect(await store.readDerivative(key, 'thumb')).toBeNull();
  });

  it('streams an original larger than one multipart part (5 MiB) intact', async () => {
    const key = newStorageKey();
    const big = Buffer.alloc(7 * 1024 * 1024);
    for (let index = 0; index < big.length; index += 4096) big[index] = index % 251;
    await store.save(key, { originalPath: writeUpload(big), thumb: THUMB, display: DISPLAY });
    const original = await client.send(new GetObjectCommand({ Bucket: s3.settings.bucket, Key: `originals/${key}` }));
    expect(Buffer.from(await original.Body!.transformToByteArray()).equals(big)).toBe(true);
    await store.remove(key);
    expect(await objectsInBucket()).toEqual([]);
  });

  it('answers null for a key that was never stored (NoSuchKey), and refuses a name that is not a storage key', async () => {
    expect(await store.readDerivative(newStorageKey(), 'display')).toBeNull();
    await expect(store.readDerivative('../originals/x', 'thumb')).rejects.toThrow('not a storage key');
  });

  it('throws (not null) when the bucket itself is missing, and reports it unhealthy', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'jinxi-s3-uploads-'));
    try {
      const wrong = createS3PhotoFileStore({ ...s3.settings, bucket: 'no-such-bucket', uploadDir: elsewhere });
      await expect(wrong.readDerivative(newStorageKey(), 'thumb')).rejects.toMatchObject({ name: 'NoSuchBucket' });
      expect(await wrong.health()).toBe(false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('removes only its own stale uploads at start-up', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'jinxi-s3-uploads-'));
    try {
      const own = path.join(root, 'a');
      const other = path.join(root, 'b');
      createS3PhotoFileStore({ ...s3.settings, uploadDir: own });
      createS3PhotoFileStore({ ...s3.settings, uploadDir: other });
      writeFileSync(path.join(own, 'left-by-a-killed-server.upload'), 'x');
      writeFileSync(path.join(other, 'in-progress-on-another-server.upload'), 'x');
      createS3PhotoFileStore({ ...s3.settings, uploadDir: own });
      expect(readdirSync(own)).toEqual([]);
      expect(readdirSync(other)).toEqual(['in-progress-on-another-server.upload']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * A pass-through proxy in front of s3rver that refuses the PUT of one object name with 403, as a
 * bucket policy or a full disk would: the real server stores everything else.
 */
async function refusingProxy(
  target: string,
  refused: RegExp,
): Promise<{ endpoint: string; server: Server; stored: string[] }> {
  const upstream = new URL(target);
  const stored: string[] = [];
  const server = createServer((request, response) => {
    if (request.method === 'PUT' && refused.test(request.url ?? '')) {
      request.resume();
      response.writeHead(403, { 'content-type': 'application/xml' });
      response.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>refused</Message></Error>');
      return;
    }
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        if (request.method === 'PUT' && answer.statusCode === 200) stored.push(request.url ?? '');
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, stored };
}

describe('an S3 save that fails part-way', () => {
  it.each([
    ['the display image', /-display\.jpg/, 1],
    ['the thumbnail', /-thumb\.jpg/, 2],
  ])('leaves nothing in the bucket nor in the upload folder when %s is refused', async (_name, refused, before) => {
    const proxy = await refusingProxy(s3.settings.endpoint, refused);
    try {
      const settings: S3Settings = { ...s3.settings, endpoint: proxy.endpoint };
      const failing = createS3PhotoFileStore({ ...settings, uploadDir });
      const key = newStorageKey();
      const originalPath = writeUpload(ORIGINAL);
      await expect(failing.save(key, { originalPath, thumb: THUMB, display: DISPLAY })).rejects.toMatchObject({
        name: 'AccessDenied',
      });
      // What was written before the refusal (the original, then the display image) is gone again.
      expect(proxy.stored).toHaveLength(before);
      expect(await objectsInBucket()).toEqual([]);
      expect(readdirSync(uploadDir)).toEqual([]);
    } finally {
      proxy.server.closeAllConnections();
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });
});

describe('GIS import files in the bucket', () => {
  it('keeps the parts under imports/<id>/, gives another instance its own local copy, and removes them', async () => {
    const id = newStorageKey();
    const upload = path.join(uploadDir, `${id}-part-0.geojson`);
    writeFileSync(upload, '{"type":"FeatureCollection","features":[]}');
    expect(await store.imports.put(id, 'part-0.geojson', upload)).toBe(upload);
    expect(await objectsInBucket()).toEqual([`imports/${id}/part-0.geojson`]);
    // Another instance (another folder) fetches the part once, then reads its copy.
    const other = mkdtempSync(path.join(tmpdir(), 'jinxi-s3-imports-'));
    try {
      const copy = path.join(other, id, 'part-0.geojson');
      expect(await store.imports.localCopy(id, 'part-0.geojson', copy)).toBe(copy);
      expect(readFileSync(copy, 'utf8')).toContain('FeatureCollection');
      expect(await store.imports.localCopy(id, 'part-1.dbf', path.join(other, id, 'part-1.dbf'))).toBeNull();
      await store.imports.remove(id);
      expect(await objectsInBucket()).toEqual([]);
      await expect(store.imports.localCopy(id, '../x', path.join(other, 'x'))).rejects.toThrow(/not an import part/);
    } finally {
      rmSync(other, { recursive: true, force: true });
      rmSync(upload, { force: true });
    }
  });
});

describe('the S3 store health', () => {
  it('is healthy while the service answers and unhealthy within the timeout once it stops', async () => {
    const own = await startTestS3Server();
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'jinxi-s3-uploads-'));
    try {
      const watched = createS3PhotoFileStore({ ...own.settings, uploadDir: elsewhere });
      expect(await watched.health()).toBe(true);
      await own.halt();
      const started = performance.now();
      expect(await watched.health()).toBe(false);
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await own.stop();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
