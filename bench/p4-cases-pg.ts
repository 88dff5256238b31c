/**
 * P4 for cases on PostgreSQL/PostGIS: 100k generated cases (seeded) inserted through the PostgreSQL case repository
 * (one transaction, multi-row INSERT … SELECT FROM unnest) into a throwaway cluster, then random town-sized boxes
 * queried through the repository's own bbox statements (src/server/modules/cases/case-bbox.pg.ts: the GiST index on
 * geom, then the exact lon/lat test), over a pool, as the server would. Prints the plan's index use and median/p95.
 *
 *   node --import tsx bench/p4-cases-pg.ts      (BENCH_P4_CASES, BENCH_P4_QUERIES to change the sizes)
 */
import { loadProblemCodes, loadSampleData } from '../src/server/platform/data-files';
import { migratePg } from '../src/server/platform/db/pg/migrations';
import { createPgDb, createPgPool, named } from '../src/server/platform/db/pg/pool';
import { createCasePgRepository } from '../src/server/modules/cases/cases.pg';
import { createCaseBoxPgQuery, PG_CASES_IN_BOX_SQL } from '../src/server/modules/cases/case-bbox.pg';
import { generateCases, generatorAreaFrom } from '../src/shared/cases/case-generator';
import { startPostgresCluster } from '../src/testing/postgres-cluster';
import { randomViewBoxes } from '../src/testing/synthetic-zones';
import type { BoundingBox } from '../src/shared/zones/zone';
import { median, ms, p95, seededRandom } from './lib/stats';

const CASES = Number(process.env.BENCH_P4_CASES ?? 100_000);
const QUERIES = Number(process.env.BENCH_P4_QUERIES ?? 200);
const WARMUP = 20;
const TARGET_P95_MS = 20;

async function main() {
  const cluster = startPostgresCluster(['fsync=off', 'synchronous_commit=off']);
  if ('skipped' in cluster) {
    console.log(`P4 cases on PostgreSQL skipped: ${cluster.skipped}`);
    return;
  }
  const admin = createPgPool(cluster.url('postgres'), { max: 1 });
  try {
    await admin.query('CREATE DATABASE bench');
    const pool = createPgPool(cluster.url('bench'), { max: 4 });
    try {
      await migratePg(pool, 'jinxi');
      const db = createPgDb(pool, 'jinxi');
      const sample = loadSampleData();
      const codes = loadProblemCodes();
      const cases = generateCases({
        count: CASES,
        seed: 931,
        codes,
        area: generatorAreaFrom(sample.basemap, sample.places),
        from: '2025-07-01T00:00:00Z',
        to: '2026-07-01T00:00:00Z',
        now: '2026-07-01T00:00:00Z',
      });
      let started = performance.now();
      const { inserted } = await createCasePgRepository(db, codes).insertCases(cases);
      console.log(
        `  inserted ${inserted} cases (with their steps) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      await db.query('ANALYZE');
      // Capacity planning (docs/deploy.md): what a case costs on disk with its steps and indexes.
      const size = (
        await db.query<{ cases: number; steps: number }>(
          "SELECT pg_total_relation_size('cases') AS cases, pg_total_relation_size('case_steps') AS steps",
        )
      ).rows[0]!;
      console.log(
        `  on disk: cases ${(size.cases / 2 ** 20).toFixed(1)} MiB + steps ${(size.steps / 2 ** 20).toFixed(1)} MiB ` +
          `= ${((size.cases + size.steps) / inserted).toFixed(0)} bytes a case with its steps and indexes`,
      );
      const boxes = randomViewBoxes(WARMUP + QUERIES, seededRandom(4));
      const { text, values } = named(`EXPLAIN (FORMAT TEXT) ${PG_CASES_IN_BOX_SQL}`, { ...boxes[0]! });
      const plan = (await db.query<{ 'QUERY PLAN': string }>(text, values)).rows.map((row) => row['QUERY PLAN']);
      console.log(`  plan of the rows statement:\n    ${plan.join('\n    ')}`);
      const query = createCaseBoxPgQuery(db);
      const measure = async (layout: string) => {
        for (const [label, run] of [
          ['count', (box: BoundingBox) => query.count(box)],
          ['rows (id, lon, lat, status, code, zone)', async (box: BoundingBox) => (await query.list(box)).length],
        ] as const) {
          const samples: number[] = [];
          let found = 0;
          for (const [index, box] of boxes.entries()) {
            started = performance.now();
            const n = await run(box);
            if (index >= WARMUP) {
              samples.push(performance.now() - started);
              found += n;
            }
          }
          const ok = p95(samples) <= TARGET_P95_MS;
          console.log(
            `  ${layout}, cases ${label}: median ${ms(median(samples))}, p95 ${ms(p95(samples))} over ${QUERIES} boxes ` +
              `(${Math.round(found / QUERIES)} cases a box on average) — P4 ≤ ${TARGET_P95_MS} ms ${ok ? 'PASS' : 'FAIL'}`,
          );
        }
      };
      await measure('rows in insertion order');
      // The same table stored in the GiST index's order (what a periodic `CLUSTER` would give): a box reads few pages.
      await db.query('CLUSTER cases USING cases_geom');
      await db.query('ANALYZE cases');
      await measure('rows clustered on cases_geom');
    } finally {
      await pool.end();
    }
  } finally {
    await admin.end();
    await cluster.stop();
  }
}

await main();
