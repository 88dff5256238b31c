import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENGINES, openEngineDb, type EngineDb } from '../../../testing/engine-fixtures';
import { createImportRepository, type ImportRepository } from './imports.repo';
import { createImportPgRepository } from './imports.pg';
import { createImportSessions } from './import/sessions';
import { createLocalImportFileStore } from '../../platform/storage/import-files';
import { createLocalExclusive, type RunExclusively } from '../../platform/db/exclusive';
import { createPgExclusive } from '../../platform/db/pg/exclusive';
import { createPgDb } from '../../platform/db/pg/pool';

describe.each(ENGINES)('GIS import repository on %s', (engine) => {
  let db: EngineDb;
  let repo: ImportRepository;
  let userId: string;
  let work: string;
  /** What one instance runs one at a time: on PostgreSQL each call is another instance's (its own PgDb, connection). */
  let exclusive: () => RunExclusively;
  beforeEach(async () => {
    db = await openEngineDb(engine);
    repo = db.engine === 'sqlite' ? createImportRepository(db.sqlite) : createImportPgRepository(db.pg);
    userId = String(await db.addUser('planner', 'planner'));
    work = mkdtempSync(path.join(tmpdir(), 'jinxi-import-sessions-'));
    const local = createLocalExclusive();
    exclusive = () => (db.engine === 'sqlite' ? local : createPgExclusive(createPgDb(db.pg.pool, 'jinxi')));
  }, 60_000);
  afterEach(async () => {
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** The import sessions of one instance: its own folder, the shared database and file store. */
  const instance = (name: string, clock: () => number, ttlMs = 1000) =>
    createImportSessions({
      ttlMs,
      repo,
      store: createLocalImportFileStore(path.join(work, 'store')),
      runExclusively: exclusive(),
      rootDir: path.join(work, name),
      now: clock,
    });

  it('keeps a session in the database and the store: made on A, read on B, expired and removed by one sweep', async () => {
    let clock = 10_000;
    const a = instance('a', () => clock);
    const b = instance('b', () => clock);
    try {
      const session = await a.create(userId, 'zones.geojson');
      writeFileSync(path.join(session.dir, 'part-0.geojson'), '{"type":"FeatureCollection","features":[]}');
      session.files.push({
        name: 'zones.geojson',
        part: 'part-0.geojson',
        path: path.join(session.dir, 'part-0.geojson'),
      });
      session.bytes = 42;
      // Uploading: not answered yet.
      expect(await b.get(session.id, userId)).toBeNull();
      await a.keep(session);
      const onB = await b.get(session.id, userId);
      expect(onB).toMatchObject({ id: session.id, fileName: 'zones.geojson', bytes: 42 });
      expect(readFileSync(onB!.files[0]!.path, 'utf8')).toContain('FeatureCollection');
      expect(await b.get(session.id, String(Number(userId) + 1))).toBeNull();
      expect(await b.storedBytes(userId)).toBe(42);
      expect(await b.storedBytes()).toBe(42);
      // Used on B at 10.5 s: live until 11.5 s.
      clock = 10_500;
      expect(await b.get(session.id, userId)).not.toBeNull();
      clock = 11_400;
      await a.sweep();
      expect(await a.get(session.id, userId)).not.toBeNull();
      clock = 13_000;
      expect(await b.get(session.id, userId)).toBeNull();
      expect(await b.storedBytes()).toBe(0);
      await Promise.all([a.sweep(), b.sweep()]);
      expect(existsSync(path.join(work, 'store', session.id))).toBe(false);
      expect(await db.all('SELECT id FROM import_sessions')).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });

  it("empties only this instance's own folder at start, never another instance's uploads", async () => {
    mkdirSync(path.join(work, 'a', 'left-by-a-killed-run'), { recursive: true });
    mkdirSync(path.join(work, 'b', 'upload-in-progress-on-b'), { recursive: true });
    const a = instance('a', Date.now, 60_000);
    try {
      await a.create(userId, 'a.zip');
      expect(existsSync(path.join(work, 'a', 'left-by-a-killed-run'))).toBe(false);
      expect(existsSync(path.join(work, 'b', 'upload-in-progress-on-b'))).toBe(true);
    } finally {
      a.close();
    }
  });

  it('runs background work of one name on one instance at a time', async () => {
    const [first, second] = [exclusive(), exclusive()];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const running = first('sweep', async () => {
      await held;
      return 'done on A';
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await second('sweep', async () => 'done on B')).toEqual({ ran: false });
    // Another name is not held.
    expect(await second('reminders', async () => 'other work')).toEqual({ ran: true, value: 'other work' });
    release();
    expect(await running).toEqual({ ran: true, value: 'done on A' });
    expect(await second('sweep', async () => 'done on B')).toEqual({ ran: true, value: 'done on B' });
    // A failing run lets go too.
    await expect(first('sweep', () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(await second('sweep', async () => 'again')).toEqual({ ran: true, value: 'again' });
  });

  it('remembers a mapping per user and set of field names, the last one saved winning', async () => {
    expect(await repo.findMapping(userId, ['NAME', 'TYPE'])).toBeNull();
    await repo.saveMapping(userId, ['NAME', 'TYPE'], { mapping: { name: 'NAME' }, defaults: {} }, '2026-06-01T00:00Z');
    await repo.saveMapping(
      userId,
      ['TYPE', 'NAME', 'NAME'],
      { mapping: { name: 'TYPE' }, defaults: { status: 'in_progress' } },
      '2026-06-02T00:00Z',
    );
    expect(await repo.findMapping(userId, ['TYPE', 'NAME'])).toEqual({
      mapping: { name: 'TYPE' },
      defaults: { status: 'in_progress' },
    });
    expect(await repo.findMapping(userId, ['NAME'])).toBeNull();
    const other = String(await db.addUser('other', 'planner'));
    expect(await repo.findMapping(other, ['TYPE', 'NAME'])).toBeNull();
  });

  it('gives a commit to exactly one of many claims at once, then answers the others with its result', async () => {
    const claims = await Promise.all(
      Array.from({ length: 6 }, () => repo.claimCommit('imp-1', userId, '2026-06-01T00:00:00Z')),
    );
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    expect(claims.filter((claim) => !claim.claimed)).toEqual(
      Array.from({ length: 5 }, () => ({ claimed: false, state: 'committing' })),
    );
    // Released: claimable again; finished: every later claim gets the result.
    await repo.releaseCommit('imp-1');
    expect(await repo.claimCommit('imp-1', userId, '2026-06-01T00:01:00Z')).toEqual({ claimed: true });
    const result = { created: 2, zoneIds: ['7', '8'], skipped: 1, excluded: 0 };
    await repo.finishCommit('imp-1', result, '2026-06-01T00:02:00Z');
    await repo.releaseCommit('imp-1');
    expect(await repo.claimCommit('imp-1', userId, '2026-06-01T00:03:00Z')).toEqual({
      claimed: false,
      state: 'done',
      result,
    });
  });
});
