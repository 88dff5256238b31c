import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../server/platform/storage/s3-photo-files';

/** s3rver's fixed credentials (it checks the signature made with them). */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3Server {
  /** Endpoint, bucket, region and credentials, as PHOTO_STORE=s3 takes them. */
  settings: S3Settings;
  /** The same as environment variables (for a spawned server). */
  env: Record<string, string>;
  /** Stop answering (connections are cut), keeping the bucket's files until `stop`. */
  halt(): Promise<void>;
  /** Stop and delete the bucket's folder. */
  stop(): Promise<void>;
}

/**
 * A real S3-compatible server for tests (s3rver, no mock): 127.0.0.1 on a free port, its files in
 * a temporary folder, with one empty bucket.
 */
export async function startTestS3Server(bucket = 'jinxi-photos'): Promise<TestS3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), 'jinxi-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const settings: S3Settings = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    ...S3RVER_CREDENTIALS,
  };
  let running = true;
  const halt = async () => {
    if (!running) return;
    running = false;
    const closed = server.close();
    // Keep-alive sockets of the SDK's clients would hold close() open.
    server.httpServer.closeAllConnections();
    await closed;
  };
  return {
    settings,
    env: {
      PHOTO_STORE: 's3',
      S3_ENDPOINT: settings.endpoint,
      S3_BUCKET: bucket,
      S3_REGION: settings.region,
      AWS_ACCESS_KEY_ID: settings.accessKeyId,
      AWS_SECRET_ACCESS_KEY: settings.secretAccessKey,
    },
    halt,
    async stop() {
      await halt();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
