import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SourceFile } from './read-source';

export interface ImportSession {
  id: string;
  ownerId: string;
  fileName: string;
  dir: string;
  files: SourceFile[];
  /** The bytes its files take on disk. */
  bytes: number;
  createdAt: number;
  lastUsedAt: number;
}

/**
 * Uploaded files waiting to be imported, each session in its own temp folder under one root. A session
 * belongs to the user who uploaded it, expires `ttlMs` after its last use and its files are removed
 * then (and when the server closes). File names from the client are never paths: parts are stored
 * as part-N with a known extension. Under a given `rootDir` (DATA_DIR/tmp in the server) the folders a
 * killed server left behind are removed on first use.
 */
export function createImportSessions(options: { ttlMs: number; rootDir?: string; now?: () => number }) {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, ImportSession>();
  let root: string | null = null;
  const rootDir = () => {
    if (!root) {
      if (options.rootDir) {
        mkdirSync(options.rootDir, { recursive: true });
        // Left behind by a server that was killed (kill -9, power cut): nobody can resume those sessions.
        for (const stale of readdirSync(options.rootDir)) {
          if (stale.startsWith('imports-')) rmSync(path.join(options.rootDir, stale), { recursive: true, force: true });
        }
        root = mkdtempSync(path.join(options.rootDir, 'imports-'));
      } else {
        root = mkdtempSync(path.join(tmpdir(), 'jinxi-imports-'));
      }
    }
    return root;
  };

  function remove(id: string) {
    const session = sessions.get(id);
    if (!session) return false;
    sessions.delete(id);
    rmSync(session.dir, { recursive: true, force: true });
    return true;
  }

  function sweep() {
    const cutoff = now() - options.ttlMs;
    for (const session of [...sessions.values()]) if (session.lastUsedAt < cutoff) remove(session.id);
  }
  const timer = setInterval(sweep, Math.min(60_000, options.ttlMs));
  timer.unref();

  return {
    create(ownerId: string, fileName: string): ImportSession {
      sweep();
      const id = randomBytes(16).toString('hex');
      const dir = path.join(rootDir(), id);
      mkdirSync(dir);
      const session: ImportSession = {
        id,
        ownerId,
        fileName,
        dir,
        files: [],
        bytes: 0,
        createdAt: now(),
        lastUsedAt: now(),
      };
      sessions.set(id, session);
      return session;
    },
    /** The caller's live session, or null (unknown, expired, or someone else's). */
    get(id: string, ownerId: string): ImportSession | null {
      sweep();
      const session = sessions.get(id);
      if (!session || session.ownerId !== ownerId) return null;
      session.lastUsedAt = now();
      return session;
    },
    remove,
    sweep,
    /** The bytes the live sessions keep on disk: one user's (given `ownerId`), else everyone's. */
    storedBytes(ownerId?: string): number {
      sweep();
      let total = 0;
      for (const session of sessions.values()) {
        if (ownerId === undefined || session.ownerId === ownerId) total += session.bytes;
      }
      return total;
    },
    size: () => sessions.size,
    close() {
      clearInterval(timer);
      for (const id of [...sessions.keys()]) remove(id);
      if (root) rmSync(root, { recursive: true, force: true });
      root = null;
    },
  };
}

export type ImportSessions = ReturnType<typeof createImportSessions>;
