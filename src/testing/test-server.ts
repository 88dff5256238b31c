import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app';
import { openDatabase, type Db } from '../server/db/connection';
import { seedCampaign, seedSampleData, type SampleData } from '../server/db/seed';
import { loadCampaignConfig } from '../server/data-files';
import { createSqliteRepositories } from '../server/repos';
import { shanghaiDay } from '../shared/dates';
import { FIXTURE_BASEMAP, FIXTURE_PLACES, FIXTURE_ZONES } from './fixtures';
import type { BasemapOption } from '../shared/basemap';

export interface TestServer {
  baseUrl: string;
  db: Db;
  dataDir: string;
  today: string;
  close(): Promise<void>;
}

/**
 * A real server for API tests: a fresh SQLite file in a temp folder, seeded with the campaign and
 * the given sample data, listening on 127.0.0.1 on a free port. The clock is frozen at `now`.
 */
export async function startTestServer(
  options: { sample?: SampleData; now?: Date; basemaps?: BasemapOption[]; staticDir?: string } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jinxi-test-'));
  const db = openDatabase(path.join(dataDir, 'test.sqlite'));
  const now = options.now ?? new Date('2026-06-15T04:00:00Z');
  const today = shanghaiDay(now);
  seedCampaign(db, loadCampaignConfig(), today);
  seedSampleData(
    db,
    options.sample ?? { zones: [...FIXTURE_ZONES], basemap: [...FIXTURE_BASEMAP], places: [...FIXTURE_PLACES] },
    today,
  );
  const app = await createApp({
    repos: createSqliteRepositories(db),
    clientConfig: { basemaps: options.basemaps ?? [], sampleData: true },
    now: () => now,
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    dataDir,
    today,
    async close() {
      await app.close();
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
