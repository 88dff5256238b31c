import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { instanceFolder, loadServerConfig, photoStoreFromEnvironment, photoUploadFolder } from './config';
import { runCommand } from '../../testing/server-process';
import { startTestS3Server } from '../../testing/s3-server';

const S3_ENV = {
  PHOTO_STORE: 's3',
  S3_ENDPOINT: 'http://minio.internal:9000/',
  S3_BUCKET: 'jinxi-photos',
  S3_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'jinxi',
  AWS_SECRET_ACCESS_KEY: 'secret-value-0123',
};

describe('PHOTO_STORE and the bucket settings', () => {
  it('keeps photos on the local disk by default', () => {
    expect(photoStoreFromEnvironment({})).toEqual({ kind: 'local' });
    expect(photoStoreFromEnvironment({ PHOTO_STORE: 'local', S3_BUCKET: 'ignored' })).toEqual({ kind: 'local' });
    expect(loadServerConfig({}).photoStore).toEqual({ kind: 'local' });
  });

  it('reads the endpoint, bucket, region and keys for s3', () => {
    expect(photoStoreFromEnvironment(S3_ENV)).toEqual({
      kind: 's3',
      endpoint: 'http://minio.internal:9000',
      bucket: 'jinxi-photos',
      region: 'us-east-1',
      accessKeyId: 'jinxi',
      secretAccessKey: 'secret-value-0123',
    });
  });

  it.each(['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])(
    'names %s when it is missing',
    (name) => {
      expect(() => photoStoreFromEnvironment({ ...S3_ENV, [name]: ' ' })).toThrow(
        new RegExp(`^PHOTO_STORE=s3 needs ${name} \\(`),
      );
    },
  );

  it('names every missing variable at once', () => {
    expect(() => photoStoreFromEnvironment({ PHOTO_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(
      "PHOTO_STORE=s3 needs S3_BUCKET (the bucket's name), S3_REGION (the region, e.g. us-east-1 for MinIO or cn-shanghai), AWS_ACCESS_KEY_ID (the access key), AWS_SECRET_ACCESS_KEY (the secret key); unset PHOTO_STORE to keep photos on the local disk",
    );
  });

  it.each([
    [{ PHOTO_STORE: 'minio' }, 'PHOTO_STORE must be local or s3, got minio'],
    [{ ...S3_ENV, S3_ENDPOINT: 'minio.internal:9000' }, 'S3_ENDPOINT must be an http or https URL'],
    [{ ...S3_ENV, S3_ENDPOINT: 'ftp://minio.internal' }, 'S3_ENDPOINT must be an http or https URL'],
    [{ ...S3_ENV, S3_BUCKET: 'Photos_2026' }, 'S3_BUCKET must be a bucket name'],
    [{ ...S3_ENV, S3_BUCKET: 'ab' }, 'S3_BUCKET must be a bucket name'],
  ])('refuses %o', (env, message) => {
    expect(() => photoStoreFromEnvironment(env)).toThrow(message);
  });

  it('never repeats the secret key in a message', () => {
    let message = '';
    try {
      photoStoreFromEnvironment({ ...S3_ENV, S3_BUCKET: 'x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/S3_BUCKET/);
    expect(message).not.toContain(S3_ENV.AWS_SECRET_ACCESS_KEY);
  });

  it('gives each server its own upload folder, named by host and port (the process with PORT=0)', () => {
    const folder = photoUploadFolder({ dataDir: '/srv/jinxi', port: 8081 });
    expect(folder).toBe(
      path.join('/srv/jinxi/tmp/photo-uploads', `${hostname()}-8081`.replace(/[^A-Za-z0-9._-]/g, '_')),
    );
    expect(photoUploadFolder({ dataDir: '/srv/jinxi', port: 8082 })).not.toBe(folder);
    expect(photoUploadFolder({ dataDir: '/srv/jinxi', port: 0 })).toMatch(new RegExp(`-pid${process.pid}$`));
    // The GIS import's own folder beside it: emptied at start, so never the photo uploads nor another server's.
    expect(instanceFolder({ dataDir: '/srv/jinxi', port: 8081 }, 'import-uploads')).toBe(
      path.join('/srv/jinxi/tmp/import-uploads', `${hostname()}-8081`.replace(/[^A-Za-z0-9._-]/g, '_')),
    );
  });
});

describe('the server with PHOTO_STORE=s3 refuses to start', () => {
  it('names the missing variable on one line, before touching the data folder', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'jinxi-config-'));
    try {
      const { code, output } = await runCommand(['src/server/main.ts'], {
        DATA_DIR: dataDir,
        PORT: '0',
        NODE_ENV: '',
        ...S3_ENV,
        S3_BUCKET: '',
      });
      expect(code).toBe(1);
      expect(output.trim()).toBe(
        "Not starting: PHOTO_STORE=s3 needs S3_BUCKET (the bucket's name); unset PHOTO_STORE to keep photos on the local disk",
      );
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 40_000);

  it('says why when the bucket cannot be used', async () => {
    const s3 = await startTestS3Server();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'jinxi-config-'));
    try {
      const { code, output } = await runCommand(['src/server/main.ts'], {
        DATA_DIR: dataDir,
        PORT: '0',
        NODE_ENV: '',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...s3.env,
        S3_BUCKET: 'no-such-bucket',
      });
      expect(code).toBe(1);
      expect(output.trim()).toBe(
        `Not starting: the photo bucket "no-such-bucket" at ${s3.settings.endpoint} cannot be used: NotFound (HTTP 404) ` +
          '(PHOTO_STORE=s3: check S3_ENDPOINT, S3_BUCKET, S3_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
      );
      // No database was made.
      expect(readdirSync(dataDir)).toEqual(['tmp']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await s3.stop();
    }
  }, 40_000);
});
