import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { CLUSTER_FILE, stopPostgresCluster, type PostgresClusterInfo } from './postgres-cluster';

/**
 * Once per vitest run: a folder where the first test that needs PostgreSQL starts the run's one cluster
 * (src/testing/postgres.ts), stopped and deleted here when the run ends. Runs that need no PostgreSQL start none.
 */
export default function setup(project: TestProject) {
  const runDir = mkdtempSync(path.join(tmpdir(), 'jinxi-vitest-'));
  project.provide('jinxiPostgresRunDir', runDir);
  return () => {
    const file = path.join(runDir, CLUSTER_FILE);
    if (existsSync(file)) stopPostgresCluster(JSON.parse(readFileSync(file, 'utf8')) as PostgresClusterInfo);
    rmSync(runDir, { recursive: true, force: true });
  };
}
