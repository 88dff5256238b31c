import { constants, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { access, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createLocalImportFileStore, type ImportFileStore } from './import-files';
import { checkedKey, newStorageKey } from './file-names';

export type PhotoDerivative = 'thumb' | 'display';

/**
 * Where photo files live. Files are named only by a random storage key (32 hex digits), never by
 * anything a client sent. Async so another backend (object storage) can implement the same shape.
 */
export interface PhotoFileStore {
  /**
   * Where one upload streams to before it is checked (docs/quality.md R11: never held in memory): a
   * new, unique path in the store's private upload folder. The caller removes it in every outcome.
   */
  uploadPath(): string;
  /**
   * Store the original privately (moved from the upload file at `originalPath`) and its two
   * derivatives; all or nothing.
   */
  save(key: string, files: { originalPath: string; thumb: Uint8Array; display: Uint8Array }): Promise<void>;
  /** A derivative's bytes, or null when it does not exist. The original has no reader: it is never served. */
  readDerivative(key: string, kind: PhotoDerivative): Promise<Buffer | null>;
  /** Remove every file of a key (used when a stored upload turns out to be a duplicate). */
  remove(key: string): Promise<void>;
  /** Whether the store can be reached and written now (`/api/health`, `/api/ready`); never throws. */
  health(): Promise<boolean>;
  /** The files of GIS import sessions, in the same store (local disk or the bucket). */
  imports: ImportFileStore;
  /** The parts of photo uploads sent in parts (`part-0`, `part-1` … per upload id; docs/field.md), likewise. */
  uploadParts: ImportFileStore;
}

export { checkedKey, newStorageKey } from './file-names';

/**
 * The store's own folder for uploads in progress, created if missing. Files left in it by a server
 * that was killed during an upload are removed: nobody will finish those. Only this folder is
 * touched, so a store must be given a folder no other running server uses.
 */
export function openUploadFolder(dir: string): { uploadPath(): string } {
  mkdirSync(dir, { recursive: true });
  for (const stale of readdirSync(dir)) rmSync(path.join(dir, stale), { force: true });
  return { uploadPath: () => path.join(dir, `${newStorageKey()}.upload`) };
}

/**
 * Photos on the local disk: `<dir>/originals/<key>` and `<dir>/derived/<key>-thumb.jpg`, `-display.jpg`; GIS import
 * files in `<dir>/imports/<id>/`.
 */
export function createLocalPhotoFileStore(dir: string): PhotoFileStore {
  const originals = path.join(dir, 'originals');
  const derived = path.join(dir, 'derived');
  mkdirSync(originals, { recursive: true });
  mkdirSync(derived, { recursive: true });
  // Beside originals/: the move of a checked upload is a rename within one file system, atomic.
  const uploads = openUploadFolder(path.join(dir, 'uploads'));
  const pathsOf = (key: string) => ({
    original: path.join(originals, checkedKey(key)),
    thumb: path.join(derived, `${key}-thumb.jpg`),
    display: path.join(derived, `${key}-display.jpg`),
  });
  /** Write beside the target, then rename: a crash never leaves half a file under the final name. */
  const writeAtomically = async (file: string, bytes: Uint8Array) => {
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, bytes, { flag: 'wx', mode: 0o640 });
    await rename(temporary, file);
  };
  const remove = async (key: string) => {
    const files = pathsOf(key);
    await Promise.all(Object.values(files).map((file) => rm(file, { force: true })));
  };
  return {
    uploadPath: uploads.uploadPath,
    async save(key, files) {
      const target = pathsOf(key);
      try {
        await rename(files.originalPath, target.original);
        await writeAtomically(target.display, files.display);
        await writeAtomically(target.thumb, files.thumb);
      } catch (error) {
        await remove(key);
        throw error;
      }
    },
    async readDerivative(key, kind) {
      try {
        return await readFile(pathsOf(key)[kind]);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    remove,
    imports: createLocalImportFileStore(path.join(dir, 'imports')),
    uploadParts: createLocalImportFileStore(path.join(dir, 'upload-parts')),
    async health() {
      try {
        await Promise.all([originals, derived].map((folder) => access(folder, constants.W_OK)));
        return true;
      } catch {
        return false;
      }
    },
  };
}
