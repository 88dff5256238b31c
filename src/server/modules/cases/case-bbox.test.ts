import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../platform/db/connection';
import { seedCampaign } from '../../platform/db/seed';
import { loadCampaignConfig, loadProblemCodes, loadSampleData } from '../../platform/data-files';
import { insertCasesSync } from './cases.repo';
import {
  CASES_IN_BOX_COUNT_SQL,
  CASES_IN_BOX_SQL,
  CASES_IN_RTREE_BOX_COUNT_SQL,
  createCaseBoxQuery,
} from './case-bbox.repo';
import { generateCases, generatorAreaFrom } from '../../../shared/cases/case-generator';

/** P4 for cases: a bbox query over cases goes through the cases_rtree R*Tree, never a scan of the table. */
let folder: string;
let db: Db;
const box = { minLon: 120.9, minLat: 31.16, maxLon: 120.93, maxLat: 31.19 };

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'jinxi-case-bbox-'));
  db = openDatabase(path.join(folder, 'test.sqlite'));
  seedCampaign(db, loadCampaignConfig(), '2026-06-15');
  const sample = loadSampleData();
  const cases = generateCases({
    count: 3000,
    seed: 8,
    codes: loadProblemCodes(),
    area: generatorAreaFrom(sample.basemap, sample.places),
    from: '2026-01-01T00:00:00Z',
    to: '2026-06-01T00:00:00Z',
    now: '2026-06-15T00:00:00Z',
  });
  insertCasesSync(db, cases);
  db.exec('ANALYZE');
});
afterAll(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

function plan(sql: string): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(box) as { detail: string }[]).map((row) => row.detail);
}

/** The R*Tree answers the box (idxNum 2: a constrained search) and no real table is scanned in full. */
function usesRtreeOnly(lines: string[]): boolean {
  return (
    lines.some((line) => /^SCAN r VIRTUAL TABLE INDEX 2:[A-D]\d/.test(line)) &&
    !lines.some((line) => /^SCAN /.test(line) && !line.includes('VIRTUAL TABLE'))
  );
}

describe('cases in a box (P4)', () => {
  it('are found through the R*Tree, not by a full scan', () => {
    expect(usesRtreeOnly(plan(CASES_IN_BOX_COUNT_SQL))).toBe(true);
    const listPlan = plan(CASES_IN_BOX_SQL);
    expect(usesRtreeOnly(listPlan), listPlan.join('\n')).toBe(true);
    expect(listPlan.join('\n')).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/);
  });

  it('the check catches a full scan', () => {
    const scan = plan(
      'SELECT count(*) FROM cases WHERE lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat',
    );
    expect(usesRtreeOnly(scan)).toBe(false);
  });

  it('answers exactly the cases whose point lies in the box, edges included', () => {
    const expected = db
      .prepare(
        'SELECT id FROM cases WHERE lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat ORDER BY id',
      )
      .all(box) as { id: number }[];
    expect(expected.length).toBeGreaterThan(0);
    const query = createCaseBoxQuery(db);
    expect(query.listSync(box).map((row) => row.id)).toEqual(expected.map((row) => row.id));
    expect(query.countSync(box)).toBe(expected.length);
    // A box ending 1e-7° (~1 cm) short of a case: the R*Tree's 32-bit box still holds it, the answer must not.
    const near = db.prepare('SELECT lon, lat FROM cases ORDER BY id LIMIT 1').get() as { lon: number; lat: number };
    const short = {
      minLon: near.lon - 0.001,
      minLat: near.lat - 0.001,
      maxLon: near.lon - 1e-7,
      maxLat: near.lat + 0.001,
    };
    const exact = db
      .prepare(
        'SELECT count(*) AS n FROM cases WHERE lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat',
      )
      .get(short) as { n: number };
    const rtreeOnly = db.prepare(CASES_IN_RTREE_BOX_COUNT_SQL).get(short) as { n: number };
    expect(rtreeOnly.n).toBeGreaterThan(exact.n);
    expect(query.countSync(short)).toBe(exact.n);
    expect(query.listSync(short).some((row) => row.lon === near.lon && row.lat === near.lat)).toBe(false);
    const corner = near;
    expect(
      query.countSync({ minLon: corner.lon, minLat: corner.lat, maxLon: corner.lon, maxLat: corner.lat }),
    ).toBeGreaterThan(0);
  });
});
