import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createApp } from './app';
import { DIST_FOLDER, instanceFolder, loadServerConfig, photoUploadFolder, type ServerConfig } from './platform/config';
import { createS3PhotoFileStore } from './platform/storage/s3-photo-files';
import { DATA_FOLDER, loadCampaignConfig, loadProblemCodes, loadSampleData } from './platform/data-files';
import { seedSamplePhotos } from './modules/photos';
import { openPostgresBackend, openSqliteBackend, photoDirOf, type Backend } from './backend';
import { demoUnitAccounts, seedDemoAccounts } from './demo';
import { runInTown } from './platform/towns';
import { seedSampleFloodSeason } from './modules/flood';
import { seedSampleBulletin } from './modules/public';
import { seedSamplePlans } from './modules/plans';
import { generateCases, generatorAreaFrom } from '../shared/cases/case-generator';
import { shanghaiDay } from '../shared/time/dates';

let config: ServerConfig;
try {
  config = loadServerConfig();
} catch (error) {
  // A setting out of range: one line naming the variable, its value and what is accepted; no stack.
  console.error(`Not starting: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
mkdirSync(config.dataDir, { recursive: true });
const { photoStore } = config;
const photoFiles =
  photoStore.kind === 's3'
    ? createS3PhotoFileStore({ ...photoStore, uploadDir: photoUploadFolder(config) })
    : undefined;
const bucketProblem = await photoFiles?.problem();
if (photoStore.kind === 's3' && bucketProblem) {
  console.error(
    `Not starting: the photo bucket "${photoStore.bucket}" at ${photoStore.endpoint} cannot be used: ${bucketProblem} ` +
      '(PHOTO_STORE=s3: check S3_ENDPOINT, S3_BUCKET, S3_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
  );
  process.exit(1);
}
// The one choice of storage: PostgreSQL/PostGIS when DATABASE_URL is set, else SQLite in DATA_DIR.
let backend: Backend;
try {
  backend = config.databaseUrl
    ? await openPostgresBackend(config.databaseUrl, {
        town: config.town,
        photoDir: photoDirOf(config.dataDir),
        photoFiles,
      })
    : openSqliteBackend(config.dataDir, { photoFiles });
} catch (error) {
  console.error(`Not starting: the database did not open: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const { repos } = backend;
const today = shanghaiDay();
const notes: string[] = [];
const campaignConfig = loadCampaignConfig();
if (await backend.seedCampaign(campaignConfig, today)) notes.push('campaign configured');

if (config.production) {
  // Every town's accounts (a town moved in by `npm run town -- import-sqlite` may bring demo accounts along).
  let demo = 0;
  for (const town of await backend.towns.list()) demo += await runInTown(town.code, () => repos.users.countDemoUsers());
  if (demo > 0) {
    console.error(
      `Refusing to start in production: ${demo} demo account(s) with the published password exist in ${config.dataDir}.\n` +
        'Start from an empty DATA_DIR, create the first admin with `npm run create-admin`, and import real data.',
    );
    process.exit(1);
  }
  if ((await repos.users.count()) === 0) {
    notes.push('no accounts yet: create the first admin with `npm run create-admin -- --username NAME`');
  }
} else {
  const sample = loadSampleData();
  const sampleSeeded = await backend.seedSampleData(sample, today);
  if (sampleSeeded) notes.push('sample data loaded');
  if (sampleSeeded) {
    // 300 SYNTHETIC 数字城管 cases of the last half year (flagged, labelled 生成的示例数据 in the UI).
    const now = new Date();
    const cases = generateCases({
      count: 300,
      seed: 2017,
      codes: loadProblemCodes(),
      area: generatorAreaFrom(sample.basemap, sample.places),
      from: new Date(now.getTime() - 182 * 86_400_000).toISOString(),
      to: now.toISOString(),
      now: now.toISOString(),
    });
    await repos.cases.insertCases(cases);
    notes.push(`${cases.length} generated sample cases (生成的示例数据)`);
    // Monitoring stations with readings, a past rainfall event, a pump station and a duty roster (示例数据).
    await seedSampleFloodSeason(repos, now);
    notes.push('sample flood season (示例数据)');
  }
  if (await seedDemoAccounts(repos, campaignConfig.units)) notes.push('demo accounts created (password jinxi-demo)');
  // Only the instance that seeded the sample data (one, under the seed lock on PostgreSQL) adds its photos.
  if (sampleSeeded) {
    // ILLUSTRATIVE before/after drawings marked 示例照片 (data/sample/photos/), stored as uploads are.
    const photos = await seedSamplePhotos((sql) => backend.rows(sql), repos, {
      folder: path.join(DATA_FOLDER, 'sample', 'photos'),
      today,
      pairMaxMeters: config.photos.pairMaxMeters,
      maxMegapixels: config.photos.maxMegapixels,
    });
    notes.push(`${photos} sample photos (示例照片)`);
    // Last month's 公开通报, published, so the residents' site has one (示例数据).
    await seedSampleBulletin(repos, new Date());
    notes.push('sample bulletin (示例数据)');
    // The sample year's annual plans: approved, late, returned and draft (示例数据).
    await seedSamplePlans(repos, new Date());
    notes.push('sample annual plans (示例数据)');
  }
}
const sampleData = await backend.hasSampleData();
const demoAccounts = (await repos.users.countDemoUsers()) > 0;
// The 社区 and 村 demo accounts this database has (one seeded before they existed has none).
const usernames = demoAccounts
  ? new Set<string>((await repos.users.list()).map((user) => user.username))
  : new Set<string>();
const demoUnits = demoUnitAccounts(campaignConfig.units).filter((account) => usernames.has(account.username));

const app = await createApp({
  repos,
  towns: backend.towns,
  clientConfig: { basemaps: config.basemaps, sampleData, demoAccounts, demoUnitAccounts: demoUnits },
  staticDir: DIST_FOLDER,
  logger: process.env.LOG_REQUESTS === '1',
  trustProxy: config.trustProxy,
  allowedHosts: config.allowedHosts,
  ...(config.publicOrigin ? { publicOrigin: config.publicOrigin } : {}),
  notify: config.notify,
  limits: config.limits,
  photos: config.photos,
  imports: {
    maxMegabytes: config.importMaxMegabytes,
    timeoutSeconds: config.importWorkerTimeoutSeconds,
    smallFileMegabytes: config.importSmallFileMegabytes,
    storedMegabytesPerUser: config.importStoredMegabytesPerUser,
    storedMegabytesTotal: config.importStoredMegabytesTotal,
    // This instance's own: emptied at start, so never another instance's uploads (the sessions are in the database).
    tempDir: instanceFolder(config, 'import-uploads'),
  },
  auth: {
    publicRead: config.publicRead,
    publicSite: config.publicSite,
    secureCookies: config.secureCookies,
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionMaxHours,
  },
});

const shutdown = async () => {
  await app.close();
  await backend.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
console.log(
  `锦溪镇环境综合整治 一张图 listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}` +
    ` (${config.production ? 'production' : 'demo'} mode, ` +
    `${backend.kind === 'postgres' ? `PostgreSQL, towns: ${(await backend.towns.list()).map((town) => town.code).join(', ')}` : `data: ${config.dataDir}`}` +
    `${photoStore.kind === 's3' ? `, photos: bucket ${photoStore.bucket} at ${photoStore.endpoint}` : ''}${notes.length ? `; ${notes.join('; ')}` : ''})`,
);
