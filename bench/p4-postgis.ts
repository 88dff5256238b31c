/**
 * P4 on PostgreSQL/PostGIS, beside the SQLite P4 of p4-bbox-query.ts in one run (`npm run bench -- p4`): the same
 * 100k synthetic zones (same seed, inserted through the PostgreSQL seed path) and the same 100k generated cases
 * (inserted through the PostgreSQL case repository) in a throwaway cluster, then the same random town-sized boxes
 * through the GiST count, the zone repository's `listZones({ bbox })` and the case repository's own bbox statements,
 * over a pool as the server would. Prints the plans' index use, median/p95 and the bytes a case takes on disk.
 *
 *   node --import tsx bench/p4-postgis.ts      (the PostgreSQL half alone; BENCH_P4_ZONES, BENCH_P4_CASES, BENCH_P4_QUERIES)
 */
import { loadCampaignConfig, loadProblemCodes } from '../src/server/platform/data-files';
import { migratePg } from '../src/server/platform/db/pg/migrations';
import { createPgDb, createPgPool, named, type PgDb } from '../src/server/platform/db/pg/pool';
import { insertZonesPg, seedCampaignPg } from '../src/server/platform/db/pg/seed';
import { createZonePgRepository } from '../src/server/modules/zones/zones.pg';
import { createCasePgRepository } from '../src/server/modules/cases/cases.pg';
import { createCaseBoxPgQuery, PG_CASES_IN_BOX_SQL } from '../src/server/modules/cases/case-bbox.pg';
import { startPostgresCluster } from '../src/testing/postgres-cluster';
import { shanghaiDay } from '../src/shared/time/dates';
import type { BoundingBox } from '../src/shared/zones/zone';
import { median, ms, p95 } from './lib/stats';
import { p4Cases, p4ZonesAndBoxes, P4_QUERIES, P4_TARGET_P95_MS, P4_WARMUP } from './lib/p4-data';
import { markdownTable, passText, type SummaryRow } from './lib/report';

const QUERIES = P4_QUERIES;
const WARMUP = P4_WARMUP;
const TARGET_P95_MS = P4_TARGET_P95_MS;

export interface PostgisP4 {
  rows: SummaryRow[];
  markdown: string[];
  pass: boolean;
}

interface Timed {
  label: string;
  samples: number[];
  found: number;
}

/** Every box through `run`, warm-up first; the samples of the counted boxes and how many features they held. */
async function timeBoxes(label: string, boxes: BoundingBox[], run: (box: BoundingBox) => Promise<number>) {
  const timed: Timed = { label, samples: [], found: 0 };
  for (const [index, box] of boxes.entries()) {
    const started = performance.now();
    const n = await run(box);
    if (index >= WARMUP) {
      timed.samples.push(performance.now() - started);
      timed.found += n;
    }
  }
  return timed;
}

async function planOf(db: PgDb, sql: string, params: Record<string, unknown>): Promise<string[]> {
  const { text, values } = named(`EXPLAIN (FORMAT TEXT) ${sql}`, params);
  return (await db.query<{ 'QUERY PLAN': string }>(text, values)).rows.map((row) => row['QUERY PLAN']);
}

const ZONE_COUNT_SQL =
  'SELECT count(*) AS n FROM zones WHERE geom && ST_MakeEnvelope(@minLon, @minLat, @maxLon, @maxLat, 4326)';

/** The PostgreSQL half of P4, or why it was skipped (PostGIS not installed). */
export async function measureP4Postgis(): Promise<PostgisP4 | { skipped: string }> {
  const cluster = startPostgresCluster(['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']);
  if ('skipped' in cluster) return cluster;
  const admin = createPgPool(cluster.url('postgres'), { max: 1 });
  try {
    await admin.query('CREATE DATABASE bench');
    const pool = createPgPool(cluster.url('bench'), { max: 4 });
    try {
      await migratePg(pool, 'jinxi');
      const db = createPgDb(pool, 'jinxi');
      const today = shanghaiDay();
      await seedCampaignPg(db, loadCampaignConfig(), today);
      // The same zones and boxes as the SQLite half (one seeded stream).
      const { zones, boxes } = p4ZonesAndBoxes();
      let started = performance.now();
      const now = new Date().toISOString();
      // Four transactions at a time over the pool (the seed path inserts zone by zone).
      const chunks: (typeof zones)[] = [];
      for (let from = 0; from < zones.length; from += 2_500) chunks.push(zones.slice(from, from + 2_500));
      for (let first = 0; first < chunks.length; first += 4) {
        await Promise.all(
          chunks.slice(first, first + 4).map((chunk) => db.transaction((tx) => insertZonesPg(tx, chunk, today, now))),
        );
      }
      const zoneInsertS = (performance.now() - started) / 1000;
      const cases = p4Cases();
      started = performance.now();
      const { inserted } = await createCasePgRepository(db, loadProblemCodes()).insertCases(cases);
      const caseInsertS = (performance.now() - started) / 1000;
      await db.query('ANALYZE');
      const size = (
        await db.query<{ cases: number; steps: number; zones: number }>(
          "SELECT pg_total_relation_size('cases') AS cases, pg_total_relation_size('case_steps') AS steps, " +
            "pg_total_relation_size('zones') AS zones",
        )
      ).rows[0]!;
      const bytesPerCase = (size.cases + size.steps) / inserted;
      console.log(
        `  PostgreSQL: ${zones.length} zones in ${zoneInsertS.toFixed(1)} s, ${inserted} cases in ${caseInsertS.toFixed(1)} s; ` +
          `${bytesPerCase.toFixed(0)} bytes a case with its steps and indexes`,
      );

      const zoneRepo = createZonePgRepository(db);
      const caseQuery = createCaseBoxPgQuery(db);
      const zoneCountPlan = await planOf(db, ZONE_COUNT_SQL, { ...boxes[0]! });
      const casePlan = await planOf(db, PG_CASES_IN_BOX_SQL, { ...boxes[0]! });
      const zonesIndexed = zoneCountPlan.some((line) => line.includes('zones_geom'));
      const casesIndexed = casePlan.some((line) => line.includes('cases_geom'));
      const timings = [
        await timeBoxes('zones: count via GiST', boxes, async (box) => {
          const { text, values } = named(ZONE_COUNT_SQL, { ...box });
          return (await db.query<{ n: number }>(text, values)).rows[0]!.n;
        }),
        await timeBoxes(
          'zones: `listZones({ bbox })` (repository)',
          boxes,
          async (box) => (await zoneRepo.listZones({ bbox: box }, today)).length,
        ),
        await timeBoxes('cases: count (repository statement)', boxes, (box) => caseQuery.count(box)),
        await timeBoxes('cases: rows (repository statement)', boxes, async (box) => (await caseQuery.list(box)).length),
      ];
      const [zoneCount, , caseCount] = timings;
      const pass =
        zonesIndexed &&
        casesIndexed &&
        p95(zoneCount!.samples) <= TARGET_P95_MS &&
        p95(caseCount!.samples) <= TARGET_P95_MS;
      const rows: SummaryRow[] = [
        ...timings.map((timed, index) => ({
          measure: `PostgreSQL ${timed.label}`,
          value: `median ${ms(median(timed.samples))}, p95 ${ms(p95(timed.samples))}`,
          ...(index === 0 || index === 2
            ? { target: `p95 ≤ ${TARGET_P95_MS} ms`, pass: p95(timed.samples) <= TARGET_P95_MS }
            : {}),
        })),
        {
          measure: 'PostgreSQL plans use GiST (zones_geom, cases_geom)',
          value: `${zonesIndexed ? 'yes' : 'NO'}, ${casesIndexed ? 'yes' : 'NO'}`,
          pass: zonesIndexed && casesIndexed,
        },
      ];
      const code = (lines: string[]) => ['```text', ...lines, '```'].join('\n');
      const markdown = [
        '### The same on PostgreSQL 15 + PostGIS 3',
        '',
        `The same ${zones.length.toLocaleString('en')} zones (same generator and seed, through the PostgreSQL seed path,`,
        `${zoneInsertS.toFixed(1)} s) and ${inserted.toLocaleString('en')} cases (through the PostgreSQL case repository,`,
        `${caseInsertS.toFixed(1)} s) in a throwaway cluster (fsync off: only the load is faster, queries are not), then the`,
        `same ${QUERIES} boxes (${WARMUP} more as warm-up) through a pool of 4, as the server queries.`,
        '',
        markdownTable(
          ['query', 'median', 'p95', 'per box', 'result'],
          timings.map((timed, index) => [
            timed.label,
            ms(median(timed.samples)),
            ms(p95(timed.samples)),
            String(Math.round(timed.found / QUERIES)),
            index === 0 || index === 2 ? passText(p95(timed.samples) <= TARGET_P95_MS) : '',
          ]),
        ),
        '',
        `On disk: zones ${(size.zones / 2 ** 20).toFixed(1)} MiB; cases ${(size.cases / 2 ** 20).toFixed(1)} MiB + steps`,
        `${(size.steps / 2 ** 20).toFixed(1)} MiB = ${bytesPerCase.toFixed(0)} bytes a case with its steps and indexes`,
        '(the capacity figures of docs/deploy.md).',
        '',
        "`EXPLAIN` of the zone count and of the case repository's rows statement:",
        '',
        code([...zoneCountPlan, '', ...casePlan]),
        '',
      ];
      return { rows, markdown, pass };
    } finally {
      await pool.end();
    }
  } finally {
    await admin.end();
    await cluster.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureP4Postgis();
  if ('skipped' in result) console.log(`P4 on PostgreSQL skipped: ${result.skipped}`);
  else for (const row of result.rows) console.log(`  ${row.measure}: ${row.value}`);
}
