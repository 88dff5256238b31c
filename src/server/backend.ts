import { mkdirSync } from 'node:fs';
import { followDatabaseClock } from './platform/db/pg/clock';
import path from 'node:path';
import type { CampaignConfig } from '../shared/campaign/campaign';
import { databaseFile, openDatabase, type Db } from './platform/db/connection';
import { seedCampaign, seedSampleData, type SampleData } from './platform/db/seed';
import { createPgDb, createPgPool, type PgDb } from './platform/db/pg/pool';
import { migratePg } from './platform/db/pg/migrations';
import { hasSampleDataPg, seedCampaignPg, seedSampleDataPg } from './platform/db/pg/seed';
import { createSqliteRepositories } from './repositories';
import { createPgRepositories } from './repositories/pg';
import type { Repositories } from './repositories/types';
import type { PhotoFileStore } from './platform/storage/photo-files';
import { SAMPLE_TOWN, singleTownDirectory, type TownDirectory } from './platform/towns';
import { createPgTownDirectory, listTownsPg } from './platform/db/pg/towns';

/**
 * The storage a server runs on: SQLite in DATA_DIR (the default) or PostgreSQL/PostGIS (DATABASE_URL), chosen in
 * main.ts from the configuration. Start-up seeding goes through here so it works on either.
 */
export interface Backend {
  kind: 'sqlite' | 'postgres';
  repos: Repositories;
  /** The SQLite handle (SQLite only): what is not behind a repository yet (sample photos, the sample cases' seed). */
  sqlite: Db | null;
  /** The PostgreSQL towns' database (PostgreSQL only; outside a request, the default town). */
  postgres: PgDb | null;
  /** The towns served: one on SQLite; on PostgreSQL every registered town. */
  towns: TownDirectory;
  /** The rows of a plain statement without parameters, on either engine (start-up seeding). */
  rows<Row>(sql: string): Promise<Row[]>;
  seedCampaign(config: CampaignConfig, today: string): Promise<boolean>;
  seedSampleData(sample: SampleData, today: string): Promise<boolean>;
  hasSampleData(): Promise<boolean>;
  close(): Promise<void>;
}

/** SQLite in `dataDir` (jinxi.sqlite, photos beside it), migrated. */
export function openSqliteBackend(
  dataDir: string,
  options: { file?: string; photoFiles?: PhotoFileStore } = {},
): Backend {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(options.file ?? databaseFile(dataDir));
  return {
    kind: 'sqlite',
    repos: createSqliteRepositories(db, options.photoFiles ? { photoFiles: options.photoFiles } : {}),
    sqlite: db,
    postgres: null,
    towns: singleTownDirectory(SAMPLE_TOWN),
    rows: async <Row>(sql: string) => db.prepare(sql).all() as Row[],
    seedCampaign: async (config, today) => seedCampaign(db, config, today),
    seedSampleData: async (sample, today) => seedSampleData(db, sample, today),
    async hasSampleData() {
      const row = db.prepare("SELECT value FROM dataset_info WHERE key = 'sample_data'").get() as
        { value: string } | undefined;
      return row?.value === 'true';
    },
    async close() {
      db.close();
    },
  };
}

/**
 * PostgreSQL/PostGIS at `url`: the default town (`town`, registered if new) and every registered town migrated
 * (safe with several instances starting at once).
 */
export async function openPostgresBackend(
  url: string,
  options: { town: string; photoDir: string; photoFiles?: PhotoFileStore; poolSize?: number },
): Promise<Backend> {
  const pool = createPgPool(url, { max: options.poolSize ?? 10 });
  try {
    await migratePg(pool, options.town, undefined, options.town === SAMPLE_TOWN.code ? SAMPLE_TOWN.name : undefined);
    for (const town of await listTownsPg(pool)) {
      if (town.code !== options.town) await migratePg(pool, town.code);
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = createPgDb(pool, options.town);
  // History is stamped by the database's clock, not this machine's (platform/clock.ts): read now and every 5 minutes.
  const clock = await followDatabaseClock(pool);
  mkdirSync(options.photoDir, { recursive: true });
  return {
    kind: 'postgres',
    repos: createPgRepositories(db, { photoDir: options.photoDir, photoFiles: options.photoFiles }),
    sqlite: null,
    postgres: db,
    towns: createPgTownDirectory(pool, options.town),
    rows: async <Row>(sql: string) => (await db.query(sql)).rows as Row[],
    seedCampaign: (config, today) => seedCampaignPg(db, config, today),
    seedSampleData: (sample, today) => seedSampleDataPg(db, sample, today),
    hasSampleData: () => hasSampleDataPg(db),
    close: async () => {
      clock.stop();
      await pool.end();
    },
  };
}

/** Photos on local disk (PHOTO_STORE=local, the default): DATA_DIR/photos, whichever database. */
export const photoDirOf = (dataDir: string) => path.join(dataDir, 'photos');
