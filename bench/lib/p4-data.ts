/**
 * The data of P4, one definition for both engines (p4-bbox-query.ts on SQLite, p4-postgis.ts on PostgreSQL): the
 * synthetic zones and the random view boxes from one seeded stream, and the generated cases.
 */
import { loadCampaignConfig, loadProblemCodes, loadSampleData } from '../../src/server/platform/data-files';
import { generateCases, generatorAreaFrom } from '../../src/shared/cases/case-generator';
import { randomViewBoxes, syntheticZones } from '../../src/testing/synthetic-zones';
import { seededRandom } from './stats';

export const P4_ZONES = Number(process.env.BENCH_P4_ZONES ?? 100_000);
export const P4_CASES = Number(process.env.BENCH_P4_CASES ?? 100_000);
export const P4_QUERIES = Number(process.env.BENCH_P4_QUERIES ?? 200);
/** Boxes queried first and not counted. */
export const P4_WARMUP = 20;
export const P4_TARGET_P95_MS = 20;

/** The zones, then the boxes, drawn from one seeded stream (so both engines get the same of each). */
export function p4ZonesAndBoxes() {
  const random = seededRandom(931);
  const zones = syntheticZones(P4_ZONES, loadCampaignConfig(), random);
  const boxes = randomViewBoxes(P4_WARMUP + P4_QUERIES, random);
  return { zones, boxes };
}

/** 100k generated cases of one year (seeded), clustered on the sample town's streets, rivers and villages. */
export function p4Cases() {
  const sample = loadSampleData();
  return generateCases({
    count: P4_CASES,
    seed: 931,
    codes: loadProblemCodes(),
    area: generatorAreaFrom(sample.basemap, sample.places),
    from: '2025-07-01T00:00:00Z',
    to: '2026-07-01T00:00:00Z',
    now: '2026-07-01T00:00:00Z',
  });
}
