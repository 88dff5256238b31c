import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { HttpProblem } from '../problem';
import { checkedPart, fileExists, type ImportFileStore } from './import-files';
import { checkedKey, openUploadFolder, type PhotoDerivative, type PhotoFileStore } from './photo-files';

/** Where the bucket is and how to sign in (PHOTO_STORE=s3; docs/deploy.md). */
export interface S3Settings {
  /** The S3-compatible service's URL, e.g. http://minio.internal:9000 or https://oss-cn-shanghai.aliyuncs.com. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Where the originals are in the bucket (never served); the derivatives are under `derived/`. */
export const S3_ORIGINALS_PREFIX = 'originals/';

/** The object names of one storage key: the private original and the two derivatives. */
export function s3ObjectKeys(key: string): { original: string } & Record<PhotoDerivative, string> {
  const checked = checkedKey(key);
  return {
    original: `${S3_ORIGINALS_PREFIX}${checked}`,
    thumb: `derived/${checked}-thumb.jpg`,
    display: `derived/${checked}-display.jpg`,
  };
}

/** How long `/api/health` and `/api/ready` wait for the bucket to answer. */
const HEALTH_TIMEOUT_MS = 2_000;
/** Retry-After of a 503 while the service does not answer. */
const RETRY_AFTER_SECONDS = 30;

/** A client for an S3-compatible service, as the photo store and the tests use it. */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    // Path-style (endpoint/bucket/key): MinIO, Ceph RGW and most private deployments have no
    // wildcard DNS for bucket sub-domains.
    forcePathStyle: true,
    // Checksums only where the API demands them: many S3-compatible services refuse the newer
    // checksum headers and aws-chunked bodies the SDK would otherwise send.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A service that stops answering fails the request instead of holding it for ever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
}

const isMissingKey = (error: unknown) => (error as { name?: string } | null)?.name === 'NoSuchKey';

/** Why a request failed, in one line without secrets: the S3 error name and HTTP status, or the network error. */
function failureOf(error: unknown): string {
  const failure = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError')
    return `no answer within ${HEALTH_TIMEOUT_MS} ms`;
  const status = failure.$metadata?.httpStatusCode;
  if (status) return `${failure.name ?? 'error'} (HTTP ${status})`;
  return failure.code ?? failure.name ?? String(error);
}

/** Network failures that mean "the service is not reachable now" rather than a mistake. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * A service that does not answer (network error, timeout, HTTP 5xx) becomes a 503 with Retry-After:
 * the client may try again. Anything else (a refusal such as AccessDenied or NoSuchBucket: the
 * configuration is wrong) stays an error the server logs.
 */
function unavailableOr(error: unknown): unknown {
  const failure = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = failure.$metadata?.httpStatusCode;
  const unreachable =
    (status !== undefined && status >= 500) ||
    UNREACHABLE.has(failure.code ?? '') ||
    failure.name === 'TimeoutError' ||
    failure.name === 'RequestTimeout';
  if (!unreachable) return error;
  return new HttpProblem(503, 'The photo store does not answer just now: try again in a minute', undefined, undefined, {
    'Retry-After': String(RETRY_AFTER_SECONDS),
  });
}

export interface S3PhotoFileStore extends PhotoFileStore {
  /** null when the bucket answers now, else why not (for the start-up message; not for clients). */
  problem(): Promise<string | null>;
}

/**
 * Photos in an S3-compatible bucket: `originals/<key>` (never served) and
 * `derived/<key>-thumb.jpg`, `-display.jpg`. An upload still streams to a local file first (R11:
 * never held in memory) in `uploadDir`, which must be this server's own; once checked, the
 * original is streamed from that file to the bucket and the file removed. GIS import files are under `imports/`.
 */
export function createS3PhotoFileStore(settings: S3Settings & { uploadDir: string }): S3PhotoFileStore {
  const client = createS3Client(settings);
  const Bucket = settings.bucket;
  const uploads = openUploadFolder(settings.uploadDir);
  const remove = async (key: string) => {
    await Promise.all(
      Object.values(s3ObjectKeys(key)).map((Key) => client.send(new DeleteObjectCommand({ Bucket, Key }))),
    );
  };
  const problem = async () => {
    try {
      await client.send(new HeadBucketCommand({ Bucket }), { abortSignal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      return null;
    } catch (error) {
      return failureOf(error);
    }
  };
  const put = (Key: string, Body: Uint8Array) =>
    client.send(new PutObjectCommand({ Bucket, Key, Body, ContentType: 'image/jpeg' }));
  return {
    uploadPath: uploads.uploadPath,
    async save(key, files) {
      const target = s3ObjectKeys(key);
      try {
        // Streamed in 5 MiB parts (one at a time: one part in memory per upload); a failed
        // multipart upload is aborted by lib-storage.
        await new Upload({
          client,
          queueSize: 1,
          params: {
            Bucket,
            Key: target.original,
            Body: createReadStream(files.originalPath),
            ContentType: 'application/octet-stream',
          },
          leavePartsOnError: false,
        }).done();
        await put(target.display, files.display);
        await put(target.thumb, files.thumb);
      } catch (error) {
        // All or nothing: what was written goes (best effort: the service may be what failed).
        await remove(key).catch(() => undefined);
        throw unavailableOr(error);
      } finally {
        await rm(files.originalPath, { force: true });
      }
    },
    async readDerivative(key, kind) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: s3ObjectKeys(key)[kind] }));
        const bytes = await object.Body!.transformToByteArray();
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        if (isMissingKey(error)) return null;
        throw unavailableOr(error);
      }
    },
    async remove(key) {
      await remove(key).catch((error: unknown) => {
        throw unavailableOr(error);
      });
    },
    problem,
    health: async () => (await problem()) === null,
    imports: createS3ImportFileStore(client, Bucket),
    uploadParts: createS3ImportFileStore(client, Bucket, S3_UPLOAD_PARTS_PREFIX),
  };
}

/** Where an import's files are in the bucket. */
export const S3_IMPORTS_PREFIX = 'imports/';

/** Where the parts of photo uploads sent in parts are in the bucket. */
export const S3_UPLOAD_PARTS_PREFIX = 'upload-parts/';

/**
 * Session files in the photo bucket, `<prefix><id>/<part>` (GIS imports under `imports/`, upload parts under
 * `upload-parts/`); each instance reads from its own local copy.
 */
export function createS3ImportFileStore(client: S3Client, Bucket: string, prefix = S3_IMPORTS_PREFIX): ImportFileStore {
  const keyOf = (id: string, part: string) => `${prefix}${checkedKey(id)}/${checkedPart(part)}`;
  return {
    async put(id, part, localPath) {
      await new Upload({
        client,
        queueSize: 1,
        params: { Bucket, Key: keyOf(id, part), Body: createReadStream(localPath) },
        leavePartsOnError: false,
      }).done();
      return localPath;
    },
    async localCopy(id, part, cachePath) {
      if (await fileExists(cachePath)) return cachePath;
      let object;
      try {
        object = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(id, part) }));
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return null;
        throw error;
      }
      await mkdir(path.dirname(cachePath), { recursive: true });
      // Written beside, then renamed: a reader never sees half a file.
      const temporary = `${cachePath}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await pipeline(object.Body as Readable, createWriteStream(temporary, { flags: 'wx' }));
        await rename(temporary, cachePath);
      } finally {
        await rm(temporary, { force: true });
      }
      return cachePath;
    },
    async remove(id) {
      const Prefix = `${prefix}${checkedKey(id)}/`;
      const listed = await client.send(new ListObjectsV2Command({ Bucket, Prefix }));
      // One by one: a multi-object delete needs a checksum header some S3-compatible services refuse (a few parts).
      for (const object of listed.Contents ?? []) {
        await client.send(new DeleteObjectCommand({ Bucket, Key: object.Key! }));
      }
    },
  };
}
