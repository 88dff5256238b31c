import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
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

export const PART_NAME = /^part-\d+(\.[a-z0-9]+)?$/;
export const checkedPart = (part: string) => {
  if (!PART_NAME.test(part)) throw new Error(`not an import part: ${JSON.stringify(part).slice(0, 40)}`);
  return part;
};

export const fileExists = async (file: string) => {
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
      return (await fileExists(file)) ? file : null;
    },
    async remove(id) {
      await rm(path.join(dir, checkedKey(id)), { recursive: true, force: true });
    },
  };
}
