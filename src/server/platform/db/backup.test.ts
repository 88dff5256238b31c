import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { backupDatabase, BackupError } from './backup';
import { databaseFile } from './connection';
import { DEMO_PASSWORD } from '../../demo';
import type { ZoneCollection } from '../../../shared/zones/zone';

/**
 * R5 (docs/quality.md): a hot backup taken under write load is a database that passes
 * `integrity_check` and holds every write acknowledged before the backup started. Writers are real
 * API calls (task creation over HTTP) running while the backups are taken.
 */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const run = promisify(execFile);

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'jinxi-backup-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Create tasks one after another until stopped; `acked` holds the ids the server answered 201 for. */
function startWriter(baseUrl: string, cookie: string, zoneId: string) {
  const acked: number[] = [];
  const failures: string[] = [];
  let stopped = false;
  const done = (async () => {
    for (let n = 0; !stopped; n++) {
      const response = await fetch(`${baseUrl}/api/zones/${zoneId}/tasks`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `备份测试 ${n}`, assignedUnit: 'shuilizhan', dueDate: '2026-12-31' }),
      });
      if (response.status === 201) acked.push(Number(((await response.json()) as { id: string }).id));
      else failures.push(`${response.status} ${await response.text()}`);
    }
  })();
  return {
    acked,
    failures,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

/** Open a backup read-only: its integrity_check verdict and its task ids. */
function inspect(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check),
      journalMode: db.pragma('journal_mode', { simple: true }),
      taskIds: new Set((db.prepare('SELECT id FROM tasks').all() as { id: number }[]).map((row) => row.id)),
    };
  } finally {
    db.close();
  }
}

async function loginCookie(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .find((value) => value.startsWith('jinxi_session='))!
    .split(';')[0]!;
}

async function firstZoneId(baseUrl: string, cookie: string): Promise<string> {
  const zones = (await (await fetch(`${baseUrl}/api/zones`, { headers: { cookie } })).json()) as ZoneCollection;
  return zones.features[0]!.id;
}

describe('hot backup (backupDatabase) while the API writes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('takes 3 backups under write load, each ok and holding every write acknowledged before it started', async () => {
    const cookie = await server.login('planner');
    const writer = startWriter(server.baseUrl, cookie, await firstZoneId(server.baseUrl, cookie));
    const taken: { file: string; ackedBefore: number[] }[] = [];
    try {
      await sleep(300);
      for (let index = 0; index < 3; index++) {
        const ackedBefore = [...writer.acked];
        const file = path.join(folder, `hot-${index}.db`);
        // A separate connection on the live file, as `npm run backup` opens it; the third copies from the
        // server's own connection.
        const result = await backupDatabase(index < 2 ? server.db.name : server.db, file);
        taken.push({ file, ackedBefore });
        expect(result.file).toBe(file);
        expect(result.pages).toBeGreaterThan(0);
        expect(result.bytes).toBe(result.pages * result.pageSize);
        await sleep(300);
      }
    } finally {
      await writer.stop();
    }
    expect(writer.failures).toEqual([]);
    // The writer was busy before the first backup and went on after the last.
    expect(taken[0]!.ackedBefore.length).toBeGreaterThan(0);
    expect(writer.acked.length).toBeGreaterThan(taken[2]!.ackedBefore.length);
    for (const backup of taken) {
      const copy = inspect(backup.file);
      expect(copy.integrity).toEqual(['ok']);
      expect(copy.journalMode).toBe('delete');
      expect(backup.ackedBefore.filter((id) => !copy.taskIds.has(id))).toEqual([]);
      // …and nothing the server never acknowledged by the end of the backup.
      expect(copy.taskIds.size).toBeLessThanOrEqual(inspect(server.db.name).taskIds.size);
    }
    // Later backups hold more: each is a fresh snapshot, not a stale copy.
    expect(inspect(taken[2]!.file).taskIds.size).toBeGreaterThan(inspect(taken[0]!.file).taskIds.size);
    // No temporary file, -wal or -shm is left next to the backups.
    expect(readdirSync(folder).filter((name) => name.startsWith('hot-') || name.includes('.tmp'))).toEqual(
      taken.map((backup) => path.basename(backup.file)).sort(),
    );
  });

  it('refuses a missing database or an unwritable destination with a BackupError, writing nothing', async () => {
    await expect(backupDatabase(path.join(folder, 'nothing.sqlite'), path.join(folder, 'x.db'))).rejects.toThrow(
      new BackupError(`No database at ${path.join(folder, 'nothing.sqlite')}`),
    );
    await expect(backupDatabase(server.db, path.join(folder, 'missing', 'x.db'))).rejects.toThrow(
      `the folder ${path.join(folder, 'missing')} does not exist`,
    );
    await expect(backupDatabase(server.db, folder)).rejects.toThrow(`${folder} is a folder`);
    expect(existsSync(path.join(folder, 'x.db'))).toBe(false);
    expect(existsSync(path.join(folder, 'nothing.sqlite'))).toBe(false);
  });
});

/** src/server/main.ts in a child process on `dataDir` (PORT 0), as in production. */
async function startServerProcess(dataDir: string) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: '', LOG_REQUESTS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  return {
    baseUrl,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('npm run backup (scripts/backup.ts) against the real server process', () => {
  let server: Awaited<ReturnType<typeof startServerProcess>>;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = path.join(folder, 'data');
    server = await startServerProcess(dataDir);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  const backupCli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], { cwd: ROOT, env: process.env }).then(
      (result) => ({ code: 0, ...result }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('backs up the live database of a running server taking writes; the copy restores and serves them', async () => {
    const cookie = await loginCookie(server.baseUrl, 'planner');
    const zoneId = await firstZoneId(server.baseUrl, cookie);
    const writer = startWriter(server.baseUrl, cookie, zoneId);
    const out = path.join(folder, 'cli.db');
    let ackedBefore: number[];
    let result: Awaited<ReturnType<typeof backupCli>>;
    try {
      await sleep(300);
      ackedBefore = [...writer.acked];
      result = await backupCli('--out', out, '--data-dir', dataDir);
    } finally {
      await writer.stop();
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const line = result.stdout.trim();
    expect(line.startsWith(`Backed up ${databaseFile(dataDir)} to ${out}: `), line).toBe(true);
    expect(line.slice(line.indexOf(`${out}: `) + out.length + 2)).toMatch(
      /^\d+ bytes, \d+ pages of \d+ bytes, integrity_check ok$/,
    );
    expect(writer.failures).toEqual([]);
    expect(ackedBefore.length).toBeGreaterThan(0);
    const copy = inspect(out);
    expect(copy.integrity).toEqual(['ok']);
    expect(ackedBefore.filter((id) => !copy.taskIds.has(id))).toEqual([]);

    // Restore as docs/operations.md says: the backup becomes the database file of a data folder, and the
    // server started on it serves every acknowledged write.
    const restoreDir = path.join(folder, 'restored');
    mkdirSync(restoreDir);
    copyFileSync(out, databaseFile(restoreDir));
    const restored = await startServerProcess(restoreDir);
    try {
      const restoredCookie = await loginCookie(restored.baseUrl, 'planner');
      const tasks = (await (
        await fetch(`${restored.baseUrl}/api/zones/${zoneId}/tasks`, { headers: { cookie: restoredCookie } })
      ).json()) as { id: string }[];
      const served = new Set(tasks.map((task) => Number(task.id)));
      expect(ackedBefore.filter((id) => !served.has(id))).toEqual([]);
    } finally {
      await restored.stop();
    }
  }, 90_000);

  it('fails with one line and exit code 1 for a missing data folder, an unwritable target or no --out', async () => {
    const missing = await backupCli('--out', path.join(folder, 'never.db'), '--data-dir', path.join(folder, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `Backup failed: No data folder at ${path.join(folder, 'nope')} (set DATA_DIR or pass --data-dir)\n`,
    );
    const unwritable = await backupCli('--out', path.join(folder, 'no', 'such', 'x.db'), '--data-dir', dataDir);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toBe(
      `Backup failed: Cannot write the backup: the folder ${path.join(folder, 'no', 'such')} does not exist\n`,
    );
    const noOut = await backupCli('--data-dir', dataDir);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr).toBe(
      'Backup failed: --out is required (usage: npm run backup -- --out FILE [--data-dir DIR])\n',
    );
    expect(existsSync(path.join(folder, 'never.db'))).toBe(false);
  });
});
