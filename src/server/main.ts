import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createApp } from './app';
import { DIST_FOLDER, loadServerConfig } from './config';
import { openDatabase } from './db/connection';
import { seedCampaign, seedSampleData } from './db/seed';
import { loadCampaignConfig, loadSampleData } from './data-files';
import { createSqliteRepositories } from './repos';
import { shanghaiDay } from '../shared/dates';

const config = loadServerConfig();
mkdirSync(config.dataDir, { recursive: true });
const db = openDatabase(path.join(config.dataDir, 'jinxi.sqlite'));
const today = shanghaiDay();
const seededCampaign = seedCampaign(db, loadCampaignConfig(), today);
const seededSample = seedSampleData(db, loadSampleData(), today);
const sampleData =
  (db.prepare("SELECT value FROM dataset_info WHERE key = 'sample_data'").get() as { value: string } | undefined)
    ?.value === 'true';

const app = await createApp({
  repos: createSqliteRepositories(db),
  clientConfig: { basemaps: config.basemaps, sampleData },
  staticDir: DIST_FOLDER,
  logger: process.env.LOG_REQUESTS === '1',
});

const shutdown = async () => {
  await app.close();
  db.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
console.log(
  `锦溪镇环境综合整治 一张图 listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}` +
    ` (data: ${config.dataDir}${seededCampaign ? ', campaign configured' : ''}${seededSample ? ', sample data loaded' : ''})`,
);
