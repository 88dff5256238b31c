/**
 * The one harness for a spawned server and for logging in through the API (docs/quality.md): the
 * in-process test server (test-server.ts), the browser tests (tests/helpers.ts), the crash cycles,
 * bench/ and scripts/ all use these.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '../server/demo';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The password of every demo account. */
export const DEMO_ACCOUNT_PASSWORD = DEMO_PASSWORD;

/**
 * Log in through the API (POST /api/session) and return the session cookie (`jinxi_session=…`)
 * for later requests' `cookie` header.
 */
export async function apiLogin(
  baseUrl: string,
  username: string,
  password = DEMO_ACCOUNT_PASSWORD,
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login as ${username}: HTTP ${response.status}`);
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('jinxi_session='));
  return cookie!.split(';')[0]!;
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  process: ChildProcess;
  /** Resolves when the process has exited (however it ended). */
  exited: Promise<void>;
  /** Stop the server and delete its data folder (unless `keepData`). */
  stop(keepData?: boolean): Promise<void>;
}

/** Run one of the project's commands to its end: exit code and everything it printed. */
export function runCommand(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/**
 * Start the real server (`src/server/main.ts`, serving the built app in dist/) on a free port with
 * a fresh data folder (or `dataDir`), exactly as README's first command would, and wait until it
 * listens.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: { dataDir?: string; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'jinxi-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: path.join(ROOT, 'dist-test'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    // Generous: two specs start their servers at once in `npm test`, on a 2-core machine other work may share.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    baseUrl,
    dataDir,
    process: child,
    exited,
    async stop(keepData = false) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
