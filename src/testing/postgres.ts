/**
 * PostgreSQL for tests: one throwaway cluster per vitest run, started by the first test that asks for it (any
 * worker; a lock folder makes the others wait and reuse it) and stopped by src/testing/global-setup.ts. Each test
 * gets its own database, copied from a template that is migrated (and seeded) once per run.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
  CLUSTER_FILE,
  postgresUrl,
  startPostgresCluster,
  stopPostgresCluster,
  type PostgresClusterInfo,
} from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    jinxiPostgresRunDir: string;
  }
}

export { CLUSTER_FILE } from './postgres-cluster';

/** Settings for a test cluster: nothing here must survive a crash. */
const TEST_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];

let cluster: Promise<PostgresClusterInfo | { skipped: string }> | null = null;

async function withRunLock<T>(runDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(runDir, 'lock');
  for (let waited = 0; ; waited += 50) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || waited > 120_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await fn();
  } finally {
    rmdirSync(lock);
  }
}

function runDirOrNull(): string | null {
  try {
    return inject('jinxiPostgresRunDir') ?? null;
  } catch {
    return null;
  }
}

/** The run's cluster (started on first use), or why there is none (PostgreSQL/PostGIS not installed …). */
export function testPostgres(): Promise<PostgresClusterInfo | { skipped: string }> {
  cluster ??= (async () => {
    const runDir = runDirOrNull();
    if (!runDir) {
      // Outside vitest's global set-up: a cluster of this process only.
      const own = startPostgresCluster(TEST_SETTINGS);
      if (!('skipped' in own)) process.once('exit', () => stopPostgresCluster(own));
      return own;
    }
    return withRunLock(runDir, async () => {
      const file = path.join(runDir, CLUSTER_FILE);
      if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as PostgresClusterInfo;
      const started = startPostgresCluster(TEST_SETTINGS);
      if ('skipped' in started) return started;
      const { url: _url, stop: _stop, ...info } = started;
      writeFileSync(file, JSON.stringify(info));
      return info;
    });
  })();
  return cluster;
}

/** The run's cluster; throws when PostgreSQL is not installed (the tests that need it say so). */
export async function requirePostgres(): Promise<PostgresClusterInfo> {
  const info = await testPostgres();
  if ('skipped' in info) throw new Error(`PostgreSQL for tests: ${info.skipped}`);
  return info;
}

async function adminQuery(info: PostgresClusterInfo, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl(info, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const templates = new Map<string, Promise<string>>();

/**
 * A template database named after `key`, made once per run by `build(url)` (under the run's lock, so every
 * worker shares it). Nobody may stay connected to it: `build` must close what it opened.
 */
function templateDatabase(info: PostgresClusterInfo, key: string, build: (url: string) => Promise<void>) {
  const name = `tpl_${key.replace(/[^a-z0-9_]/g, '_')}`;
  let made = templates.get(name);
  if (!made) {
    made = (async () => {
      const runDir = runDirOrNull();
      const create = async () => {
        const client = new pg.Client({ connectionString: postgresUrl(info, 'postgres') });
        await client.connect();
        try {
          const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
          if (exists.rowCount) return;
          await client.query(`CREATE DATABASE ${name}_building`);
          await build(postgresUrl(info, `${name}_building`));
          await client.query(`ALTER DATABASE ${name}_building RENAME TO ${name}`);
        } finally {
          await client.end();
        }
      };
      if (runDir) await withRunLock(runDir, create);
      else await create();
      return name;
    })();
    templates.set(name, made);
  }
  return made;
}

/**
 * A fresh database for one test: empty, or a copy of the template `template.key` built by `template.build`.
 * Returns its URL and a function dropping it.
 */
export async function createTestDatabase(template?: {
  key: string;
  build: (url: string) => Promise<void>;
}): Promise<{ url: string; drop(): Promise<void> }> {
  const info = await requirePostgres();
  const name = `test_${randomBytes(6).toString('hex')}`;
  const source = template ? await templateDatabase(info, template.key, template.build) : null;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(info, `CREATE DATABASE ${name}${source ? ` TEMPLATE ${source}` : ''}`);
      break;
    } catch (error) {
      // Two copies of one template at the same instant: "source database … is being accessed by other users".
      if (!/being accessed by other users/.test((error as Error).message) || attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url: postgresUrl(info, name),
    drop: () => adminQuery(info, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
