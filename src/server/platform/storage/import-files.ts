import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checkedKey } from './file-names';

/**
 * The files of GIS import sessions, kept in the configured file store between the requests of one import so that
 * any instance can answer the next step (docs/deploy.md). An import's files are named by the import's id (32 hex
 * digits) and a part name the server chose (`part-N.ext`), never by anything a client sent.
 */
export interface ImportFileStore {
  /**
   * Keep the file at `localPath` as `part` of import `id`; answers the local path to read it from from now on on
   * this instance (local disk: the file moved into the store; a bucket: `localPath` itself, kept as this
   * instance's copy).
   */
  put(id: string, part: string, localPath: string): Promise<string>;
  /**
   * A local path holding `part` of import `id` for the readers (worker threads read files): the store's own file
   * on local disk; a copy fetched from the bucket to `cachePath` when this instance has none yet. Null when the
   * store has no such file.
   */
  localCopy(id: string, part: string, cachePath: string): Promise<string | null>;
  /** Remove every file of import `id`. */
  remove(id: string): Promise<void>;
}

const PART = /^part-\d+(\.[a-z0-9]+)?$/;
const checkedPart = (part: string) => {
  if (!PART.test(part)) throw new Error(`not an import part: ${JSON.stringify(part).slice(0, 40)}`);
  return part;
};

const exists = async (file: string) => {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
};

/** Import files on the local disk, `<dir>/<id>/<part>` (with PHOTO_STORE=local; several instances share `dir`). */
export function createLocalImportFileStore(dir: string): ImportFileStore {
  const fileOf = (id: string, part: string) => path.join(dir, checkedKey(id), checkedPart(part));
  return {
    async put(id, part, localPath) {
      const target = fileOf(id, part);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(localPath, target);
      } catch (error) {
        // Another file system (a temp folder elsewhere): copy, then remove the upload.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        await copyFile(localPath, target);
        await rm(localPath, { force: true });
      }
      return target;
    },
    async localCopy(id, part) {
      const file = fileOf(id, part);
      return (await exists(file)) ? file : null;
    },
    async remove(id) {
      await rm(path.join(dir, checkedKey(id)), { recursive: true, force: true });
    },
  };
}

/** Where an import's files are in the bucket. */
export const S3_IMPORTS_PREFIX = 'imports/';

/** Import files in the photo bucket, `imports/<id>/<part>`; each instance reads from its own local copy. */
export function createS3ImportFileStore(client: S3Client, Bucket: string): ImportFileStore {
  const keyOf = (id: string, part: string) => `${S3_IMPORTS_PREFIX}${checkedKey(id)}/${checkedPart(part)}`;
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
      if (await exists(cachePath)) return cachePath;
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
      const Prefix = `${S3_IMPORTS_PREFIX}${checkedKey(id)}/`;
      const listed = await client.send(new ListObjectsV2Command({ Bucket, Prefix }));
      // One by one: a multi-object delete needs a checksum header some S3-compatible services refuse (a few parts).
      for (const object of listed.Contents ?? []) {
        await client.send(new DeleteObjectCommand({ Bucket, Key: object.Key! }));
      }
    },
  };
}
