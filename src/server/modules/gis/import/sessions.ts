import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newStorageKey } from '../../../platform/storage/file-names';
import type { ImportFileStore } from '../../../platform/storage/import-files';
import type { RunExclusively } from '../../../platform/db/exclusive';
import type { ImportRepository } from '../imports.repo';
import type { SourceFile } from './read-source';

/** One file of a session on this instance: the client's name, the part the store keeps it as, a local path. */
export interface ImportSessionFile extends SourceFile {
  part: string;
}

export interface ImportSession {
  id: string;
  ownerId: string;
  fileName: string;
  /** This instance's folder of the session: uploads arrive here, copies fetched from a bucket are kept here. */
  dir: string;
  files: ImportSessionFile[];
  /** The bytes its files take. */
  bytes: number;
}

/** What the periodic clean-up is called among the work one instance at a time does. */
export const IMPORT_SWEEP = 'import sessions sweep';

/**
 * Uploaded files waiting to be imported, shared by every instance (docs/deploy.md): each session is a row of
 * `import_sessions` (owner, file names, bytes, last use) and its files are in the file store (local disk or the
 * bucket) under the session's id, so the upload, the preview, the validation and the commit may each reach another
 * instance. A session belongs to the user who uploaded it and expires `ttlMs` after its last use; the clean-up of
 * expired ones (rows and stored files) runs on one instance at a time (`runExclusively`).
 *
 * `rootDir` is this instance's own folder (uploads in progress, local copies of files kept in a bucket); what a
 * killed run of this instance left in it is removed at start, and nothing outside it: other instances' uploads are
 * never touched. File names from the client are never paths: parts are stored as part-N with a known extension.
 */
export function createImportSessions(options: {
  ttlMs: number;
  repo: ImportRepository;
  store: ImportFileStore;
  runExclusively: RunExclusively;
  rootDir?: string;
  now?: () => number;
  onError?: (error: unknown) => void;
}) {
  const now = options.now ?? Date.now;
  const { repo, store } = options;
  let root: string | null = null;
  const rootDir = () => {
    if (!root) {
      if (options.rootDir) {
        // This instance's own folder: left behind by its previous run (kill -9, power cut), only copies and
        // unfinished uploads nobody can resume.
        rmSync(options.rootDir, { recursive: true, force: true });
        mkdirSync(options.rootDir, { recursive: true });
        root = options.rootDir;
      } else {
        root = mkdtempSync(path.join(tmpdir(), 'jinxi-imports-'));
      }
    }
    return root;
  };
  const localDir = (id: string) => path.join(rootDir(), id);

  async function remove(id: string) {
    await repo.deleteSession(id);
    await store.remove(id);
    await rm(localDir(id), { recursive: true, force: true });
  }

  /**
   * Expired sessions go (rows and stored files), by one instance at a time; this instance's local copies not used
   * for `ttlMs` go too (their session expired, or another instance answers it now: fetched again when needed).
   */
  async function sweep() {
    const cutoff = now() - options.ttlMs;
    await options.runExclusively(IMPORT_SWEEP, async () => {
      for (const id of await repo.expiredSessions(cutoff)) {
        await store.remove(id);
        await repo.deleteSession(id);
      }
    });
    for (const entry of await readdir(rootDir()).catch(() => [])) {
      const folder = path.join(rootDir(), entry);
      const used = await stat(folder).catch(() => null);
      if (used && used.mtimeMs < Date.now() - options.ttlMs) await rm(folder, { recursive: true, force: true });
    }
  }
  const sweepQuietly = () => sweep().catch((error: unknown) => options.onError?.(error));
  const timer = setInterval(() => void sweepQuietly(), Math.min(60_000, options.ttlMs));
  timer.unref();

  return {
    /** A new session of `ownerId`, uploading: its files are added to `files` in `dir`, then kept with `keep`. */
    async create(ownerId: string, fileName: string): Promise<ImportSession> {
      await sweepQuietly();
      const id = newStorageKey();
      await repo.createSession({ id, ownerId, fileName }, now());
      const dir = localDir(id);
      await mkdir(dir, { recursive: true });
      return { id, ownerId, fileName, dir, files: [], bytes: 0 };
    },
    /** The upload is complete and checked: its files go to the store and any instance may answer the session. */
    async keep(session: ImportSession): Promise<void> {
      for (const file of session.files) file.path = await store.put(session.id, file.part, file.path);
      await repo.readySession(
        session.id,
        {
          fileName: session.fileName,
          files: session.files.map(({ name, part }) => ({ name, part })),
          bytes: session.bytes,
        },
        now(),
      );
    },
    /** The caller's live session with its files readable here, or null (unknown, expired, or someone else's). */
    async get(id: string, ownerId: string): Promise<ImportSession | null> {
      const stored = await repo.useSession(id, ownerId, now() - options.ttlMs, now());
      if (!stored) return null;
      const dir = localDir(id);
      const files: ImportSessionFile[] = [];
      for (const file of stored.files) {
        const local = await store.localCopy(id, file.part, path.join(dir, file.part));
        if (!local) return null;
        files.push({ ...file, path: local });
      }
      // Used now: this instance's copies are not swept while the session is in use.
      await utimes(dir, new Date(), new Date()).catch(() => undefined);
      return { id, ownerId: stored.ownerId, fileName: stored.fileName, dir, files, bytes: stored.bytes };
    },
    remove,
    sweep,
    /** The bytes the live sessions keep: one user's (given `ownerId`), else everyone's (all instances). */
    storedBytes(ownerId?: string): Promise<number> {
      return repo.storedBytes(now() - options.ttlMs, ownerId);
    },
    /** Stops the clean-up and removes this instance's folder; the sessions live on (another instance may go on). */
    close() {
      clearInterval(timer);
      if (root) rmSync(root, { recursive: true, force: true });
      root = null;
    },
  };
}

export type ImportSessions = ReturnType<typeof createImportSessions>;
