/**
 * P4: bbox queries over 100k synthetic zones in SQLite. A temporary database is created exactly as
 * the server creates its own (openDatabase: migrations, WAL, synchronous=FULL; seedCampaign), filled
 * with 100,000 small polygon zones through the real insertZones (zones, zone_units, tasks and the
 * zones_rtree R*Tree, one transaction), then queried with random town-sized boxes through the raw
 * R*Tree SQL, the repository's own statement and the repository itself, side by side with the same
 * queries on an unindexed copy of the boxes.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../src/server/platform/db/connection';
import { insertZones, seedCampaign } from '../src/server/platform/db/seed';
import { loadCampaignConfig } from '../src/server/platform/data-files';
import { createZoneRepository } from '../src/server/modules/zones/zones.repo';
import { shanghaiDay } from '../src/shared/time/dates';
import type { BoundingBox, ZoneGeometry } from '../src/shared/zones/zone';
import { geometryMeetsBox } from '../src/shared/geo/box-filter';
import { insertCasesSync } from '../src/server/modules/cases/cases.repo';
import {
  CASES_IN_BOX_COUNT_SQL,
  CASES_IN_BOX_SQL,
  CASES_IN_RTREE_BOX_COUNT_SQL,
  createCaseBoxQuery,
} from '../src/server/modules/cases/case-bbox.repo';
import { median, ms, p95, ratio } from './lib/stats';
import { p4Cases, p4ZonesAndBoxes, P4_QUERIES, P4_TARGET_P95_MS, P4_WARMUP } from './lib/p4-data';
import { measureP4Postgis } from './p4-postgis';
import { markdownTable, passText, type FigureResult } from './lib/report';

const QUERIES = P4_QUERIES;
const WARMUP = P4_WARMUP;
const TARGET_P95_MS = P4_TARGET_P95_MS;

/** Let the repository build its statements on a proxy that records the SQL it prepares. */
function recordingDb(db: Db, prepared: string[]): Db {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          prepared.push(sql);
          return target.prepare(sql);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function queryPlan(db: Db, sql: string, params: Record<string, unknown>): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { id: number; parent: number; detail: string }[];
  const depth = new Map<number, number>([[0, -1]]);
  return rows.map((row) => {
    const level = (depth.get(row.parent) ?? -1) + 1;
    depth.set(row.id, level);
    return `${'  '.repeat(level)}${row.detail}`;
  });
}

/**
 * The R*Tree answers the box (a constraint search on a virtual table: idxNum 2) and no real table is
 * scanned in full (a co-routine over a subquery's few rows is fine).
 */
function usesRtree(plan: string[]): boolean {
  const fullScans = plan.filter(
    (line) => /^\s*SCAN /.test(line) && !line.includes('VIRTUAL TABLE') && !/^\s*SCAN \(subquery/.test(line),
  );
  return plan.some((line) => /^\s*SCAN \S+ VIRTUAL TABLE INDEX 2:/.test(line)) && fullScans.length === 0;
}

interface CaseMeasure {
  pass: boolean;
  rows: FigureResult['rows'];
  markdown: string[];
}

/**
 * The same boxes over 100k generated cases (src/shared/cases/case-generator.ts, seeded), inserted through the real
 * insertCasesSync (one transaction, joined to the zones in bulk; the cases_rtree R*Tree filled by its trigger):
 * the repository's R*Tree statements (src/server/modules/cases/case-bbox.repo.ts) against a scan of the cases' lon/lat.
 */
function measureCases(db: Db, boxes: BoundingBox[]): CaseMeasure {
  let started = performance.now();
  const cases = p4Cases();
  const generateMs = performance.now() - started;
  started = performance.now();
  const inserted = insertCasesSync(db, cases).inserted;
  const insertMs = performance.now() - started;
  const boxCount = (db.prepare('SELECT count(*) AS n FROM cases_rtree').get() as { n: number }).n;
  db.exec('ANALYZE');
  console.log(
    `  generated ${cases.length} cases in ${(generateMs / 1000).toFixed(1)} s, inserted ${inserted} (${boxCount} R*Tree boxes, ` +
      `joined to the zones) in ${(insertMs / 1000).toFixed(1)} s`,
  );
  const query = createCaseBoxQuery(db);
  const scanCountSql =
    'SELECT count(*) AS n FROM cases WHERE lon >= @minLon AND lon <= @maxLon AND lat >= @minLat AND lat <= @maxLat';
  const scanCount = db.prepare<BoundingBox, { n: number }>(scanCountSql);
  const rtreeOnly = db.prepare<BoundingBox, { n: number }>(CASES_IN_RTREE_BOX_COUNT_SQL);
  const variants = [
    {
      key: 'count',
      label: 'cases: count via the R*Tree (exact)',
      run: (box: BoundingBox) => query.countSync(box),
      samples: [] as number[],
    },
    {
      key: 'rows',
      label: 'cases: id, lon, lat, status, code, zone via the R*Tree',
      run: (box: BoundingBox) => query.listSync(box).length,
      samples: [] as number[],
    },
    {
      key: 'scan',
      label: 'cases: count by a scan of lon/lat',
      run: (box: BoundingBox) => scanCount.get(box)!.n,
      samples: [] as number[],
    },
    {
      key: 'rtree-only',
      label: 'cases: count of R*Tree boxes alone (32-bit)',
      run: (box: BoundingBox) => rtreeOnly.get(box)!.n,
      samples: [] as number[],
    },
  ];
  const hits: number[] = [];
  let overCounted = 0;
  let overCountedCases = 0;
  for (const [index, box] of boxes.entries()) {
    const answers = new Map<string, number>();
    for (let offset = 0; offset < variants.length; offset += 1) {
      const variant = variants[(index + offset) % variants.length]!;
      started = performance.now();
      answers.set(variant.key, variant.run(box));
      if (index >= WARMUP) variant.samples.push(performance.now() - started);
    }
    const exact = new Set(['count', 'rows', 'scan'].map((key) => answers.get(key)));
    if (exact.size !== 1) throw new Error(`case variants disagree on box ${JSON.stringify(box)}: ${[...answers]}`);
    const superset = answers.get('rtree-only')! - answers.get('count')!;
    if (superset < 0) throw new Error(`the R*Tree found fewer cases than are in box ${JSON.stringify(box)}`);
    if (index >= WARMUP) {
      hits.push(answers.get('count')!);
      if (superset > 0) overCounted += 1;
      overCountedCases += superset;
    }
  }
  const byKey = (key: string) => variants.find((variant) => variant.key === key)!;
  const countPlan = queryPlan(db, CASES_IN_BOX_COUNT_SQL, boxes[0]!);
  const rtreeOnlyPlan = queryPlan(db, CASES_IN_RTREE_BOX_COUNT_SQL, boxes[0]!);
  const rowsPlan = queryPlan(db, CASES_IN_BOX_SQL, boxes[0]!);
  const scanPlan = queryPlan(db, scanCountSql, boxes[0]!);
  const indexUsed = usesRtree(countPlan) && usesRtree(rowsPlan) && usesRtree(rtreeOnlyPlan);
  const countP95 = p95(byKey('count').samples);
  const rowsP95 = p95(byKey('rows').samples);
  const pass = countP95 <= TARGET_P95_MS && indexUsed;
  const scanRatio = median(byKey('scan').samples) / median(byKey('count').samples);
  const code = (lines: string[]) => ['```text', ...lines, '```'].join('\n');
  return {
    pass,
    rows: [
      { measure: `cases per box (median, ${hits.length} boxes)`, value: `${median(hits)} (p95 ${p95(hits)})` },
      ...variants.map((variant) => ({
        measure: variant.label,
        value: `median ${ms(median(variant.samples))}, p95 ${ms(p95(variant.samples))}`,
        ...(variant.key === 'count' ? { target: `p95 ≤ ${TARGET_P95_MS} ms`, pass: countP95 <= TARGET_P95_MS } : {}),
        ...(variant.key === 'rows'
          ? { target: `(info) p95 ≤ ${TARGET_P95_MS} ms`, pass: rowsP95 <= TARGET_P95_MS }
          : {}),
      })),
      { measure: 'cases: scan / R*Tree (count, medians)', value: ratio(scanRatio) },
      {
        measure: 'cases: R*Tree boxes alone over-count',
        value: `${overCounted} of ${hits.length} boxes, ${overCountedCases} cases in all`,
      },
      { measure: 'cases: plans use the R*Tree', value: indexUsed ? 'yes' : 'NO', pass: indexUsed },
    ],
    markdown: [
      '### Cases',
      '',
      `${inserted.toLocaleString('en')} synthetic cases from \`generateCases\` (seed 931, clustered on the streets, rivers and`,
      `places of the illustrative basemap) in the same database, inserted through the real \`insertCasesSync\` (one`,
      `transaction, every point joined to the zones and grid in bulk, ${boxCount.toLocaleString('en')} boxes in \`cases_rtree\``,
      `filled by its trigger) in ${(insertMs / 1000).toFixed(1)} s; the same ${hits.length} boxes. Cases per box: median`,
      `${median(hits)}, p95 ${p95(hits)}.`,
      '',
      markdownTable(
        ['query', 'median', 'p95', 'note'],
        [
          [
            byKey('count').label,
            ms(median(byKey('count').samples)),
            `**${ms(countP95)}**`,
            `P4 figure for cases: ${passText(countP95 <= TARGET_P95_MS)}`,
          ],
          [
            byKey('rows').label,
            ms(median(byKey('rows').samples)),
            ms(rowsP95),
            '`createCaseBoxQuery(db).listSync(box)`',
          ],
          [
            byKey('scan').label,
            ms(median(byKey('scan').samples)),
            ms(p95(byKey('scan').samples)),
            `${ratio(scanRatio)} the R*Tree count`,
          ],
          [
            byKey('rtree-only').label,
            ms(median(byKey('rtree-only').samples)),
            ms(p95(byKey('rtree-only').samples)),
            `over-counts in ${overCounted} of ${hits.length} boxes`,
          ],
        ],
      ),
      '',
      'The R*Tree stores its boxes as 32-bit floats rounded outwards (a step of ~7.6e-6° ≈ 0.7 m at 121° E), so the',
      `boxes alone also count cases up to that far outside the query box: ${overCountedCases} extra cases over`,
      `${overCounted} of the ${hits.length} boxes here. The repository's statements therefore test the case's own`,
      '64-bit lon/lat on the rows the R*Tree found; those answers equal the scan for every box.',
      '',
      `Plans use the R*Tree: **${indexUsed ? 'yes' : 'NO'}** (src/server/modules/cases/case-bbox.test.ts fails on a full scan).`,
      '`EXPLAIN QUERY PLAN` of the count and of the rows (src/server/modules/cases/case-bbox.repo.ts):',
      '',
      code([
        CASES_IN_BOX_COUNT_SQL,
        '',
        ...countPlan,
        '',
        CASES_IN_BOX_SQL,
        '',
        ...rowsPlan,
        '',
        CASES_IN_RTREE_BOX_COUNT_SQL,
        '',
        ...rtreeOnlyPlan,
      ]),
      '',
      'The scan for comparison (no index on `cases.lon`/`lat`):',
      '',
      code([scanCountSql, '', ...scanPlan]),
    ],
  };
}

interface Variant {
  key: string;
  label: string;
  run(box: BoundingBox): number | Promise<number>;
  samples: number[];
  /** Answers with the zones whose shape meets the box (the bbox rule, geometryMeetsBox), not their boxes. */
  exact?: boolean;
}

export async function runP4(): Promise<FigureResult> {
  const folder = mkdtempSync(path.join(tmpdir(), 'jinxi-bench-p4-'));
  const file = path.join(folder, 'bench.sqlite');
  const db = openDatabase(file);
  try {
    const today = shanghaiDay();
    seedCampaign(db, loadCampaignConfig(), today);
    const { zones, boxes } = p4ZonesAndBoxes();
    let started = performance.now();
    db.transaction(() => insertZones(db, zones, today, new Date().toISOString()))();
    const insertMs = performance.now() - started;
    // The unindexed comparison: the same boxes (as the R*Tree stores them) in a plain table.
    db.exec(`CREATE TABLE bench_boxes_plain AS SELECT id, min_lon, max_lon, min_lat, max_lat FROM zones_rtree`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const sizeMiB = statSync(file).size / 1024 ** 2;
    const counts = db
      .prepare(
        'SELECT (SELECT count(*) FROM zones) AS zones, (SELECT count(*) FROM zones_rtree) AS boxes, ' +
          '(SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM zone_units) AS units',
      )
      .get() as { zones: number; boxes: number; tasks: number; units: number };
    console.log(
      `  inserted ${counts.zones} zones (${counts.boxes} R*Tree boxes, ${counts.tasks} tasks, ${counts.units} zone units) ` +
        `in ${(insertMs / 1000).toFixed(1)} s; database ${sizeMiB.toFixed(1)} MiB`,
    );

    const where = (alias = '') =>
      `${alias}max_lon >= @minLon AND ${alias}min_lon <= @maxLon AND ${alias}max_lat >= @minLat AND ${alias}min_lat <= @maxLat`;
    const rtreeCountSql = `SELECT count(*) AS n FROM zones_rtree WHERE ${where()}`;
    const rtreeRowsSql = `SELECT z.id, z.geometry_json FROM zones_rtree r JOIN zones z ON z.id = r.id WHERE ${where('r.')}`;
    const plainCountSql = `SELECT count(*) AS n FROM bench_boxes_plain WHERE ${where()}`;
    const plainRowsSql = `SELECT z.id, z.geometry_json FROM bench_boxes_plain b JOIN zones z ON z.id = b.id WHERE ${where('b.')}`;
    const rtreeCount = db.prepare<BoundingBox, { n: number }>(rtreeCountSql);
    const rtreeRows = db.prepare<BoundingBox>(rtreeRowsSql);
    const plainCount = db.prepare<BoundingBox, { n: number }>(plainCountSql);
    const plainRows = db.prepare<BoundingBox>(plainRowsSql);

    const prepared: string[] = [];
    const repository = createZoneRepository(recordingDb(db, prepared));
    // Only what listZones prepares for a bbox (the repository prepares other R*Tree statements up front, e.g. the
    // OGC API's outlines).
    prepared.length = 0;
    await repository.listZones({ bbox: boxes[0]! }, today);
    const repositorySql = prepared.find((sql) => sql.includes('zones_rtree'));
    if (!repositorySql) throw new Error('the repository prepared no statement using zones_rtree for a bbox query');
    const repositoryStatement = db.prepare(repositorySql);

    const variants: Variant[] = [
      { key: 'rtree-count', label: 'raw SQL: count via the R*Tree', run: (box) => rtreeCount.get(box)!.n, samples: [] },
      {
        key: 'rtree-rows',
        label: 'raw SQL: ids + geometry via the R*Tree',
        run: (box) => rtreeRows.all(box).length,
        samples: [],
      },
      {
        key: 'repository-sql',
        label: "repository's statement (rows, no JSON)",
        run: (box) => repositoryStatement.all({ ...box, today }).length,
        samples: [],
      },
      {
        key: 'repository',
        label: 'repository listZones (features built)',
        run: async (box) => (await repository.listZones({ bbox: box }, today)).length,
        samples: [],
        exact: true,
      },
      { key: 'plain-count', label: 'unindexed: count, full scan', run: (box) => plainCount.get(box)!.n, samples: [] },
      {
        key: 'plain-rows',
        label: 'unindexed: ids + geometry, full scan',
        run: (box) => plainRows.all(box).length,
        samples: [],
      },
    ];

    const hits: number[] = [];
    let boxOnly = 0;
    for (const [index, box] of boxes.entries()) {
      const answers = new Set<number>();
      const exactAnswers = new Set<number>();
      // Rotate the order so no variant always runs first (cold) or last (warm).
      for (let offset = 0; offset < variants.length; offset += 1) {
        const variant = variants[(index + offset) % variants.length]!;
        started = performance.now();
        const answer = await variant.run(box);
        const elapsed = performance.now() - started;
        (variant.exact ? exactAnswers : answers).add(answer);
        if (index >= WARMUP) variant.samples.push(elapsed);
      }
      if (answers.size !== 1) throw new Error(`variants disagree on box ${JSON.stringify(box)}: ${[...answers]}`);
      // Untimed: the zones among the box hits whose shape meets the box, which listZones must answer.
      const exact = (rtreeRows.all(box) as { geometry_json: string }[]).filter((row) =>
        geometryMeetsBox(JSON.parse(row.geometry_json) as ZoneGeometry, box),
      ).length;
      if (exactAnswers.size !== 1 || !exactAnswers.has(exact)) {
        throw new Error(
          `listZones answers ${[...exactAnswers]} zones for ${JSON.stringify(box)}, not the ${exact} it meets`,
        );
      }
      if (index >= WARMUP) boxOnly += [...answers][0]! - exact;
      if (index >= WARMUP) hits.push([...answers][0]!);
    }

    const byKey = (key: string) => variants.find((variant) => variant.key === key)!;
    const rtreeCountP95 = p95(byKey('rtree-count').samples);
    const rtreePlan = queryPlan(db, rtreeCountSql, boxes[0]!);
    const repositoryPlan = queryPlan(db, repositorySql, { ...boxes[0]!, today });
    const plainPlan = queryPlan(db, plainCountSql, boxes[0]!);
    const indexUsed = usesRtree(rtreePlan) && usesRtree(repositoryPlan);
    const cases = measureCases(db, boxes);
    const postgis = await measureP4Postgis();
    const pass = rtreeCountP95 <= TARGET_P95_MS && indexUsed && cases.pass && ('skipped' in postgis || postgis.pass);
    const countRatio = median(byKey('plain-count').samples) / median(byKey('rtree-count').samples);
    const rowsRatio = median(byKey('plain-rows').samples) / median(byKey('rtree-rows').samples);

    console.log('  EXPLAIN QUERY PLAN, raw bbox count:');
    for (const line of rtreePlan) console.log(`    ${line}`);
    console.log("  EXPLAIN QUERY PLAN, the repository's bbox statement:");
    for (const line of repositoryPlan) console.log(`    ${line}`);
    console.log('  EXPLAIN QUERY PLAN, unindexed comparison:');
    for (const line of plainPlan) console.log(`    ${line}`);

    const repositoryP95 = p95(byKey('repository').samples);
    const repositorySqlP95 = p95(byKey('repository-sql').samples);
    const rows: FigureResult['rows'] = [
      {
        measure: `zones per box (median, ${QUERIES} boxes)`,
        value: `${median(hits)} (p95 ${p95(hits)})`,
      },
      {
        measure: 'zones whose box meets the bbox but not their shape (left out by listZones)',
        value: `${boxOnly} in ${hits.length} boxes`,
      },
      ...variants.map((variant) => ({
        measure: variant.label,
        value: `median ${ms(median(variant.samples))}, p95 ${ms(p95(variant.samples))}`,
        ...(variant.key === 'rtree-count'
          ? { target: `p95 ≤ ${TARGET_P95_MS} ms`, pass: rtreeCountP95 <= TARGET_P95_MS }
          : variant.key.startsWith('repository')
            ? { target: `(info) p95 ≤ ${TARGET_P95_MS} ms`, pass: p95(variant.samples) <= TARGET_P95_MS }
            : {}),
      })),
      { measure: 'unindexed / R*Tree (count, medians)', value: ratio(countRatio) },
      { measure: 'unindexed / R*Tree (rows, medians)', value: ratio(rowsRatio) },
      { measure: 'plan uses the R*Tree (raw and repository)', value: indexUsed ? 'yes' : 'NO', pass: indexUsed },
      ...cases.rows,
      ...('skipped' in postgis ? [{ measure: 'PostgreSQL', value: `skipped: ${postgis.skipped}` }] : postgis.rows),
    ];

    const code = (lines: string[]) => ['```text', ...lines, '```'].join('\n');
    const markdown = [
      `A temporary database made as the server makes its own (\`openDatabase\`: migrations, WAL,`,
      `\`synchronous=FULL\`; \`seedCampaign\` with data/campaign.json), filled through the real \`insertZones\` with`,
      `${counts.zones.toLocaleString('en')} synthetic polygon zones (4–8 vertices, 20–200 m across, one task and up to`,
      `two responsible units each, seeded PRNG) spread evenly over 120.84–120.98 E, 31.13–31.24 N: ${counts.tasks.toLocaleString('en')}`,
      `tasks, ${counts.units.toLocaleString('en')} zone units, ${counts.boxes.toLocaleString('en')} R*Tree boxes, one transaction in`,
      `${(insertMs / 1000).toFixed(1)} s, ${sizeMiB.toFixed(1)} MiB on disk. Then ${QUERIES} random boxes 0.5–2 km wide`,
      `(${WARMUP} more as warm-up, not counted) run through every variant in rotating order; all box variants must return the`,
      `same number of zones for every box, and \`listZones\` those of them whose shape meets the box (the one bbox rule,`,
      `docs/gis.md: ${boxOnly} box-only hits left out in all). Zones per box: median ${median(hits)}, p95 ${p95(hits)}.`,
      '',
      markdownTable(
        ['query', 'median', 'p95', 'note'],
        [
          [
            byKey('rtree-count').label,
            ms(median(byKey('rtree-count').samples)),
            `**${ms(rtreeCountP95)}**`,
            `P4 figure (in the database): ${passText(rtreeCountP95 <= TARGET_P95_MS)}`,
          ],
          [
            byKey('rtree-rows').label,
            ms(median(byKey('rtree-rows').samples)),
            ms(p95(byKey('rtree-rows').samples)),
            'R*Tree join zones',
          ],
          [
            byKey('repository-sql').label,
            ms(median(byKey('repository-sql').samples)),
            ms(p95(byKey('repository-sql').samples)),
            'with units and task counts',
          ],
          [
            byKey('repository').label,
            ms(median(byKey('repository').samples)),
            ms(p95(byKey('repository').samples)),
            '`createZoneRepository(db).listZones({ bbox }, today)`',
          ],
          [
            byKey('plain-count').label,
            ms(median(byKey('plain-count').samples)),
            ms(p95(byKey('plain-count').samples)),
            `${ratio(countRatio)} the R*Tree count`,
          ],
          [
            byKey('plain-rows').label,
            ms(median(byKey('plain-rows').samples)),
            ms(p95(byKey('plain-rows').samples)),
            `${ratio(rowsRatio)} the R*Tree rows`,
          ],
        ],
      ),
      '',
      `Target p95 ≤ ${TARGET_P95_MS} ms in the database with the plan on the spatial index, zones: **${passText(rtreeCountP95 <= TARGET_P95_MS && indexUsed)}**`,
      `(R*Tree count p95 ${ms(rtreeCountP95)}; R*Tree ${indexUsed ? 'used' : 'NOT used'} by both plans below).`,
      '',
      `The whole read path is ${repositoryP95 <= TARGET_P95_MS ? 'also within' : '**over**'} ${TARGET_P95_MS} ms at p95: the`,
      `repository's statement takes p95 ${ms(repositorySqlP95)} and \`listZones\` p95 ${ms(repositoryP95)} for boxes`,
      `holding up to ~${p95(hits)} zones. The box search is not where that time goes (ids + geometry through the`,
      `R*Tree: p95 ${ms(p95(byKey('rtree-rows').samples))}); it grows with the zones returned, in the`,
      `${repositoryPlan.filter((line) => line.includes('CORRELATED SCALAR SUBQUERY')).length} correlated subqueries run`,
      `per zone (responsible units and counts, see the plan below), the columns read per row and the sort. Building`,
      `the features is cheap (the medians`,
      `of \`listZones\` and of its statement alone differ by`,
      `${ms(Math.abs(median(byKey('repository').samples) - median(byKey('repository-sql').samples)))}).`,
      '',
      '`EXPLAIN QUERY PLAN` of the raw bbox count:',
      '',
      code([rtreeCountSql, '', ...rtreePlan]),
      '',
      "`EXPLAIN QUERY PLAN` of the repository's bbox statement (src/server/modules/zones/zones.repo.ts, `buildZoneFilter`):",
      '',
      code(repositoryPlan),
      '',
      'The unindexed comparison (`bench_boxes_plain`, the same boxes in a plain table without an index):',
      '',
      code([plainCountSql, '', ...plainPlan]),
      '',
      ...cases.markdown,
      '',
      ...('skipped' in postgis ? [`PostgreSQL: skipped (${postgis.skipped}).`] : postgis.markdown),
    ].join('\n');

    return {
      id: 'P4',
      title: 'bbox query over 100k zones and 100k cases, SQLite and PostgreSQL',
      command: 'npm run bench -- p4',
      target: `bbox query over 100k features p95 ≤ ${TARGET_P95_MS} ms in the database, and the plan uses the spatial index (R*Tree in SQLite, GiST in PostGIS)`,
      pass,
      rows,
      markdown,
    };
  } finally {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
