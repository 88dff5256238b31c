import type { CampaignConfig } from '../../../../shared/campaign/campaign';
import type { SampleZone } from '../../../../shared/campaign/sample-data';
import { campaignStatements, gridRows, SEED_SQL, sampleSeed, zoneSeed, type SampleData } from '../seed';
import { named, type PgDb, type PgTx } from './pool';

/** The PostgreSQL twins of platform/db/seed.ts: the same statements and rows. */
async function run(tx: PgTx, sql: string, params: Record<string, unknown> = {}) {
  const statement = named(sql, params);
  return tx.query(statement.text, statement.values);
}

/** Load the campaign configuration into an empty town; does nothing if already there. */
export async function seedCampaignPg(db: PgDb, config: CampaignConfig, today: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Instances starting at once: one seeds, the others find it done.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ' seed'))");
    if ((await run(tx, SEED_SQL.campaignExists)).rowCount) return false;
    for (const [sql, params] of campaignStatements(config, today)) await run(tx, sql, params);
    return true;
  });
}

/** Insert zones with their units, history and tasks (inside the caller's transaction). */
export async function insertZonesPg(tx: PgTx, zones: readonly SampleZone[], today: string, now: string) {
  for (const zone of zones) {
    const seed = zoneSeed(zone, today, now);
    const zoneId = ((await run(tx, `${SEED_SQL.zone} RETURNING id`, seed.zone)).rows[0] as { id: number }).id;
    for (const row of seed.units(zoneId)) await run(tx, SEED_SQL.zoneUnit, row);
    await run(tx, SEED_SQL.zoneVersion, seed.version(zoneId));
    for (const row of seed.tasks(zoneId)) await run(tx, SEED_SQL.task, row);
    if (seed.override) await run(tx, SEED_SQL.zoneOverride, { reason: seed.override, zoneId });
  }
}

/** Fill an empty town with the illustrative sample data (dates relative to `today`). One transaction. */
export async function seedSampleDataPg(db: PgDb, sample: SampleData, today: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ' seed'))");
    if (((await run(tx, SEED_SQL.zoneCount)).rows[0] as { n: number }).n > 0) return false;
    const now = new Date().toISOString();
    const seed = sampleSeed(sample, today);
    for (const row of seed.basemap) await run(tx, SEED_SQL.basemap, row);
    for (const row of seed.places) await run(tx, SEED_SQL.place, row);
    await insertZonesPg(tx, seed.zones, today, now);
    await run(tx, SEED_SQL.clearGrids);
    for (const row of gridRows(seed.cells, true)) await run(tx, SEED_SQL.grid, row);
    for (const row of seed.datasetInfo) await run(tx, SEED_SQL.datasetInfo, row);
    return true;
  });
}

/** Whether the town holds the sample data (dataset_info). */
export async function hasSampleDataPg(db: PgDb): Promise<boolean> {
  const row = (await db.query<{ value: string }>("SELECT value FROM dataset_info WHERE key = 'sample_data'")).rows[0];
  return row?.value === 'true';
}
