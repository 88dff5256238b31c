import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, openEngineDb, type EngineDb } from '../../../testing/engine-fixtures';
import { createImportRepository, type ImportRepository } from './imports.repo';
import { createImportPgRepository } from './imports.pg';

describe.each(ENGINES)('GIS import repository on %s', (engine) => {
  let db: EngineDb;
  let repo: ImportRepository;
  let userId: string;
  beforeEach(async () => {
    db = await openEngineDb(engine);
    repo = db.engine === 'sqlite' ? createImportRepository(db.sqlite) : createImportPgRepository(db.pg);
    userId = String(await db.addUser('planner', 'planner'));
  }, 60_000);
  afterEach(async () => {
    await db.close();
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
