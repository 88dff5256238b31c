import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app';
import { createHash } from 'node:crypto';
import type { Db } from '../server/platform/db/connection';
import type { SampleData } from '../server/platform/db/seed';
import { DATA_FOLDER, loadCampaignConfig } from '../server/platform/data-files';
import { seedSamplePhotos } from '../server/modules/photos';
import { openSqliteBackend, type Backend } from '../server/backend';
import type { PgDb } from '../server/platform/db/pg/pool';
import { shanghaiDay } from '../shared/time/dates';
import { apiLogin } from './server-process';
import { FIXTURE_BASEMAP, FIXTURE_PLACES, FIXTURE_ZONES } from './fixtures';
import type { BasemapOption } from '../shared/geo/basemap';
import { demoUnitAccounts, seedDemoAccounts, DEMO_PASSWORD } from '../server/demo';
import type { AuthOptions } from '../server/platform/auth/guard';
import type { Repositories } from '../server/repositories/types';
import type { ImportSettings } from '../server/modules/gis/imports.routes';
import { DEFAULT_PHOTO_SETTINGS, type PhotoSettings } from '../server/platform/config';
import type { AppOptions } from '../server/app';
import type { S3Settings } from '../server/platform/storage/s3-photo-files';
import type { PhotoFileStore } from '../server/platform/storage/photo-files';

/** The storage a test server runs on: SQLite (the default) or PostgreSQL (TEST_BACKEND=postgres, or asked for). */
export type TestBackend = 'sqlite' | 'postgres';

/** TEST_BACKEND=postgres runs the API suites on PostgreSQL; unset or sqlite on SQLite. */
export function testBackendFromEnvironment(env: NodeJS.ProcessEnv = process.env): TestBackend {
  const value = env.TEST_BACKEND?.trim() || 'sqlite';
  if (value !== 'sqlite' && value !== 'postgres')
    throw new Error(`TEST_BACKEND must be sqlite or postgres, got ${value}`);
  return value;
}

export interface TestServer {
  baseUrl: string;
  backend: TestBackend;
  /**
   * The SQLite handle (SQLite only: reading it on PostgreSQL throws, so a suite that pokes it says so). Suites meant
   * for both backends go through `repos` or the API.
   */
  db: Db;
  /** The PostgreSQL towns' database (PostgreSQL only; outside a request, town jinxi). */
  pg: PgDb | null;
  /** The PostgreSQL database's URL (PostgreSQL only), for a CLI run against it. */
  databaseUrl: string | null;
  /**
   * Read or change the database directly, on either backend: `?` parameters, rows as plain objects. For what a
   * test must set up or check behind the API (an audit row, a stored hash).
   */
  sql<Row = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<Row[]>;
  repos: Repositories;
  dataDir: string;
  today: string;
  /** Where the photos are: DATA_DIR/photos, or a bucket (the `s3` option or TEST_PHOTO_STORE=s3). */
  photoStore: 'local' | 's3';
  /** The photo store's folder for uploads in progress (empty between requests). */
  photoUploadDir: string;
  /** The storage keys of the stored originals, in either store. */
  storedOriginals(): Promise<string[]>;
  /** The bytes of one stored original, in either store. */
  readStoredOriginal(key: string): Promise<Buffer>;
  /** Every API route the app registered. */
  apiRoutes: { method: string; url: string }[];
  /** Log in as a demo account (password jinxi-demo) and return its session cookie. */
  login(username: string, password?: string): Promise<string>;
  /** fetch against the server, as a logged-in user when `cookie` is given; same-origin headers for writes. */
  request(path: string, init?: RequestInit & { cookie?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A real server for API tests: a fresh SQLite file in a temp folder, seeded with the campaign and
 * the given sample data, listening on 127.0.0.1 on a free port. The clock is frozen at `now`.
 */
export async function startTestServer(
  options: {
    sample?: SampleData;
    now?: Date;
    basemaps?: BasemapOption[];
    staticDir?: string;
    auth?: Partial<AuthOptions>;
    imports?: Partial<ImportSettings>;
    photos?: Partial<PhotoSettings>;
    /** Store the illustrative sample photos (data/sample/photos/) as `npm start` does on a fresh data folder. */
    samplePhotos?: boolean;
    /** Server settings: trusted proxies, allowed hosts, the public origin, timeouts, connection and public-site limits. */
    app?: Pick<AppOptions, 'trustProxy' | 'allowedHosts' | 'publicOrigin' | 'limits' | 'publicLimits'>;
    /**
     * Photos in this bucket (PHOTO_STORE=s3) instead of DATA_DIR/photos. Without it,
     * TEST_PHOTO_STORE=s3 in the environment gives each test server its own s3rver (stopped on close).
     */
    s3?: S3Settings;
    /** The storage; by default TEST_BACKEND (sqlite unless set). */
    backend?: TestBackend;
    /** Notification settings (town-wide robots, the worker's pace); no delivery worker by default. */
    notify?: AppOptions['notify'];
  } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jinxi-test-'));
  // Object storage and PostgreSQL are loaded only by the servers that use them: most suites run on SQLite with
  // photos on disk, and every suite file imports this module afresh.
  const ownS3 =
    !options.s3 && process.env.TEST_PHOTO_STORE === 's3'
      ? await (await import('./s3-server')).startTestS3Server()
      : null;
  const s3 = options.s3 ?? ownS3?.settings;
  const now = options.now ?? new Date('2026-06-15T04:00:00Z');
  const today = shanghaiDay(now);
  const sample = options.sample ?? {
    zones: [...FIXTURE_ZONES],
    basemap: [...FIXTURE_BASEMAP],
    places: [...FIXTURE_PLACES],
  };
  const localPhotos = path.join(dataDir, 'photos');
  const photoUploadDir = s3 ? path.join(dataDir, 'tmp', 'photo-uploads', 'test') : path.join(localPhotos, 'uploads');
  const s3Files = s3 ? await import('../server/platform/storage/s3-photo-files') : null;
  const s3Api = s3 ? await import('@aws-sdk/client-s3') : null;
  const photoFiles = s3 ? s3Files!.createS3PhotoFileStore({ ...s3, uploadDir: photoUploadDir }) : undefined;
  const bucket = s3 ? { client: s3Files!.createS3Client(s3), Bucket: s3.bucket, files: s3Files!, api: s3Api! } : null;
  const kind = options.backend ?? testBackendFromEnvironment();
  const { backend, drop, url } =
    kind === 'postgres'
      ? await seededPostgres(sample, today, dataDir, photoFiles)
      : {
          backend: openSqliteBackend(dataDir, { file: path.join(dataDir, 'test.sqlite'), photoFiles }),
          url: null,
          drop: async () => undefined,
        };
  const { repos } = backend;
  if (kind === 'sqlite') {
    await backend.seedCampaign(loadCampaignConfig(), today);
    await backend.seedSampleData(sample, today);
    await seedDemoAccounts(repos, loadCampaignConfig().units);
  }
  if (options.samplePhotos) {
    await seedSamplePhotos((sql) => backend.rows(sql), repos, {
      folder: path.join(DATA_FOLDER, 'sample', 'photos'),
      today,
      pairMaxMeters: options.photos?.pairMaxMeters ?? DEFAULT_PHOTO_SETTINGS.pairMaxMeters,
      maxMegapixels: options.photos?.maxMegapixels ?? DEFAULT_PHOTO_SETTINGS.maxMegapixels,
    });
  }
  const app = await createApp({
    repos,
    towns: backend.towns,
    clientConfig: {
      basemaps: options.basemaps ?? [],
      sampleData: true,
      demoAccounts: true,
      demoUnitAccounts: demoUnitAccounts(loadCampaignConfig().units),
    },
    now: () => now,
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.imports ? { imports: options.imports } : {}),
    ...(options.photos ? { photos: options.photos } : {}),
    ...(options.notify ? { notify: options.notify } : {}),
    ...options.app,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const request: TestServer['request'] = (path, init = {}) => {
    const { cookie, json, headers, ...rest } = init;
    const merged = new Headers(headers);
    if (cookie) merged.set('cookie', cookie);
    if (json !== undefined) merged.set('content-type', 'application/json');
    return fetch(`${baseUrl}${path}`, {
      ...rest,
      headers: merged,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  };
  return {
    baseUrl,
    backend: kind,
    get db(): Db {
      if (!backend.sqlite) throw new Error('This test reads the SQLite handle: it runs on SQLite only');
      return backend.sqlite;
    },
    pg: backend.postgres,
    databaseUrl: url,
    async sql<Row>(text: string, ...params: unknown[]): Promise<Row[]> {
      if (backend.postgres) {
        let index = 0;
        return (
          await backend.postgres.query(
            text.replace(/\?/g, () => `$${++index}`),
            params,
          )
        ).rows as Row[];
      }
      const statement = backend.sqlite!.prepare(text);
      return statement.reader ? (statement.all(...params) as Row[]) : (statement.run(...params), []);
    },
    repos,
    apiRoutes: app.apiRoutes,
    dataDir,
    today,
    photoStore: s3 ? 's3' : 'local',
    photoUploadDir,
    async storedOriginals() {
      if (!bucket) {
        const folder = path.join(localPhotos, 'originals');
        return existsSync(folder) ? readdirSync(folder) : [];
      }
      const listed = await bucket.client.send(
        new bucket.api.ListObjectsV2Command({ Bucket: bucket.Bucket, Prefix: bucket.files.S3_ORIGINALS_PREFIX }),
      );
      return (listed.Contents ?? []).map((object) => object.Key!.slice(bucket.files.S3_ORIGINALS_PREFIX.length));
    },
    async readStoredOriginal(key) {
      if (!bucket) return readFileSync(path.join(localPhotos, 'originals', key));
      const object = await bucket.client.send(
        new bucket.api.GetObjectCommand({ Bucket: bucket.Bucket, Key: bucket.files.s3ObjectKeys(key).original }),
      );
      return Buffer.from(await object.Body!.transformToByteArray());
    },
    request,
    login: (username, password = DEMO_PASSWORD) => apiLogin(baseUrl, username, password),
    async close() {
      await app.close();
      await backend.close();
      await drop();
      bucket?.client.destroy();
      await ownS3?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A PostgreSQL test database seeded as a SQLite test server is (campaign, sample data, demo accounts): a copy of a
 * template made once per run for each sample and day.
 */
async function seededPostgres(
  sample: SampleData,
  today: string,
  dataDir: string,
  photoFiles: PhotoFileStore | undefined,
): Promise<{ backend: Backend; url: string; drop(): Promise<void> }> {
  const { createTestDatabase } = await import('./postgres');
  const { openPostgresBackend } = await import('../server/backend');
  const key = createHash('sha256')
    .update(JSON.stringify([sample, today, loadCampaignConfig()]))
    .digest('hex')
    .slice(0, 16);
  const database = await createTestDatabase({
    key: `seeded_${key}`,
    async build(url) {
      const backend = await openPostgresBackend(url, {
        town: 'jinxi',
        photoDir: path.join(dataDir, 'photos'),
        poolSize: 2,
      });
      try {
        await backend.seedCampaign(loadCampaignConfig(), today);
        await backend.seedSampleData(sample, today);
        await seedDemoAccounts(backend.repos, loadCampaignConfig().units);
      } finally {
        await backend.close();
      }
    },
  });
  try {
    const backend = await openPostgresBackend(database.url, {
      town: 'jinxi',
      photoDir: path.join(dataDir, 'photos'),
      photoFiles,
      poolSize: 4,
    });
    return { backend, url: database.url, drop: database.drop };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** The first zone of a campaign item in the sample data and its first task, as the ids the API takes. */
export async function sampleZoneTask(server: TestServer, category: string): Promise<{ zone: string; task: string }> {
  const [zone] = await server.sql<{ id: string }>(
    'SELECT CAST(id AS TEXT) AS id FROM zones WHERE category = ? ORDER BY id',
    category,
  );
  const [task] = await server.sql<{ id: string }>(
    'SELECT CAST(id AS TEXT) AS id FROM tasks WHERE zone_id = ? ORDER BY id',
    Number(zone!.id),
  );
  return { zone: zone!.id, task: task!.id };
}
