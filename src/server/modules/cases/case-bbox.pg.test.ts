import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProblemCodes, loadSampleData } from '../../platform/data-files';
import { named } from '../../platform/db/pg/pool';
import { openEngineDb, type EngineDb } from '../../../testing/engine-fixtures';
import { generateCases, generatorAreaFrom } from '../../../shared/cases/case-generator';
import { createCasePgRepository } from './cases.pg';
import { createCaseBoxPgQuery, PG_CASES_IN_BOX_COUNT_SQL, PG_CASES_IN_BOX_SQL } from './case-bbox.pg';

/** P4 for cases on PostgreSQL: over 100k cases a bbox query goes through the GiST index on geom, never a Seq Scan. */
let db: EngineDb & { engine: 'postgres' };
const box = { minLon: 120.9, minLat: 31.16, maxLon: 120.93, maxLat: 31.19 };

beforeAll(async () => {
  db = (await openEngineDb('postgres')) as typeof db;
  const sample = loadSampleData();
  const cases = generateCases({
    count: 100_000,
    seed: 8,
    codes: loadProblemCodes(),
    area: generatorAreaFrom(sample.basemap, sample.places),
    from: '2026-01-01T00:00:00Z',
    to: '2026-06-01T00:00:00Z',
    now: '2026-06-15T00:00:00Z',
  }).map((row) => ({ ...row, steps: [] }));
  const repo = createCasePgRepository(db.pg, loadProblemCodes());
  expect((await repo.insertCases(cases)).inserted).toBe(100_000);
  await db.pg.query('ANALYZE cases');
}, 180_000);
afterAll(async () => {
  await db?.close();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

async function plan(sql: string): Promise<PlanNode[]> {
  const { text, values } = named(`EXPLAIN (FORMAT JSON) ${sql}`, { ...box });
  const root = (await db.pg.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(text, values)).rows[0]!['QUERY PLAN'][0].Plan;
  const nodes: PlanNode[] = [];
  const visit = (node: PlanNode) => {
    nodes.push(node);
    node.Plans?.forEach(visit);
  };
  visit(root);
  return nodes;
}

/** The GiST index on cases.geom answers the box, and no table is read in full. */
const usesGist = (nodes: PlanNode[]) =>
  nodes.some((node) => node['Index Name'] === 'cases_geom') && !nodes.some((node) => node['Node Type'] === 'Seq Scan');

describe('cases in a box on PostgreSQL (P4)', () => {
  it('are found through the GiST index over 100k cases, not by a Seq Scan', async () => {
    const count = await plan(PG_CASES_IN_BOX_COUNT_SQL);
    expect(usesGist(count), JSON.stringify(count)).toBe(true);
    const list = await plan(PG_CASES_IN_BOX_SQL);
    expect(usesGist(list), JSON.stringify(list)).toBe(true);
  });

  it('the check catches a Seq Scan', async () => {
    const scan = await plan(
      'SELECT count(*) FROM cases WHERE lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat',
    );
    expect(scan.some((node) => node['Node Type'] === 'Seq Scan')).toBe(true);
    expect(usesGist(scan)).toBe(false);
  });

  it('answers exactly the cases whose point lies in the box, edges included', async () => {
    const { text, values } = named(
      'SELECT id FROM cases WHERE lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat ORDER BY id',
      { ...box },
    );
    const expected = (await db.pg.query<{ id: number }>(text, values)).rows.map((row) => row.id);
    expect(expected.length).toBeGreaterThan(100);
    const query = createCaseBoxPgQuery(db.pg);
    expect((await query.list(box)).map((row) => row.id)).toEqual(expected);
    expect(await query.count(box)).toBe(expected.length);
    // A box ending 1e-7° (~1 cm) short of a case leaves it out; a box that is the point itself holds it.
    const near = (await db.pg.query<{ lon: number; lat: number }>('SELECT lon, lat FROM cases ORDER BY id LIMIT 1'))
      .rows[0]!;
    const short = {
      minLon: near.lon - 0.001,
      minLat: near.lat - 0.001,
      maxLon: near.lon - 1e-7,
      maxLat: near.lat + 0.001,
    };
    expect((await query.list(short)).some((row) => row.lon === near.lon && row.lat === near.lat)).toBe(false);
    expect(
      await query.count({ minLon: near.lon, minLat: near.lat, maxLon: near.lon, maxLat: near.lat }),
    ).toBeGreaterThan(0);
  });
});
