import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from '../../testing/postgres';
import { createPgDb, createPgPool } from '../platform/db/pg/pool';
import { openSqliteBackend } from '../backend';

/** `npm run create-admin` and `npm run backup` where the server keeps its data: PostgreSQL (DATABASE_URL) or SQLite. */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let work: string;

beforeAll(async () => {
  database = await createTestDatabase();
  work = mkdtempSync(path.join(tmpdir(), 'jinxi-cli-'));
}, 60_000);
afterAll(async () => {
  await database?.drop();
  rmSync(work, { recursive: true, force: true });
});

/** A command of scripts or src/server/cli with these settings only (no DATABASE_URL unless given). */
function cli(script: string, args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _url, TOWN: _town, ...inherited } = process.env;
  return run(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...inherited, DATA_DIR: path.join(work, 'data'), ...env },
  }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const createAdmin = (env: Record<string, string>, username = 'li.ming') =>
  cli('src/server/cli/create-admin.ts', ['--username', username, '--name', '李明'], {
    ADMIN_PASSWORD: 'a-real-admin-password',
    ...env,
  });

describe('npm run create-admin', () => {
  it('with DATABASE_URL and TOWN: creates the admin in that town of PostgreSQL (migrated first), once', async () => {
    const env = { DATABASE_URL: database.url, TOWN: 'kunshan_test' };
    const created = await createAdmin(env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe('Created admin li.ming in PostgreSQL (town kunshan_test).');
    const pool = createPgPool(database.url, { max: 1 });
    try {
      const db = createPgDb(pool, 'kunshan_test');
      const { rows } = await db.query<{ username: string; role: string; display_name: string }>(
        'SELECT username, role, display_name FROM users',
      );
      expect(rows).toEqual([{ username: 'li.ming', role: 'admin', display_name: '李明' }]);
      // The campaign is configured as the server would on its first start.
      expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM campaign_items')).rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
    const again = await createAdmin(env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/The username li\.ming is taken/);
  }, 60_000);

  it('without DATABASE_URL: creates the admin in SQLite in DATA_DIR', async () => {
    const created = await createAdmin({}, 'wang.fang');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe(`Created admin wang.fang in ${path.join(work, 'data')}.`);
    const backend = openSqliteBackend(path.join(work, 'data'));
    try {
      expect((await backend.repos.users.list()).map((user) => user.username)).toEqual(['wang.fang']);
    } finally {
      await backend.close();
    }
  }, 60_000);
});

describe('npm run backup with DATABASE_URL', () => {
  it('makes no copy and says, on one line, to use pg_dump or pgBackRest as docs/deploy.md describes', async () => {
    const result = await cli('scripts/backup.ts', ['--out', path.join(work, 'pg.backup')], {
      DATABASE_URL: database.url,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Backup failed: this server keeps its data in PostgreSQL/);
    expect(result.stderr).toMatch(/pg_dump/);
    expect(result.stderr).toMatch(/pgBackRest/);
    expect(result.stderr).toMatch(/docs\/deploy\.md/);
  }, 60_000);
});
