/**
 * Generate SYNTHETIC 数字城管 cases (生成的示例数据) for tests, benchmarks and demos:
 *
 *   tsx scripts/generate-cases.ts --count 100000 [--seed 1] [--from 2025-01-01] [--to 2026-01-01] [--now ISO]
 *                                 (--csv out.csv [--bom] | --db var/data/jinxi.sqlite [--replace])
 *
 * --csv writes a platform-style export (Chinese headers: 案件编号, 问题来源, 问题类型, 大类, 小类, 问题编码, …) in
 * UTF-8; --db inserts straight into a database (migrated first) in one transaction, joined to zones and grid,
 * every row flagged synthetic; --replace first deletes the synthetic cases already there (never a real one), e.g.
 * the sample database's few hundred. Same seed → same cases.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { generateCases, generatorAreaFrom } from '../src/shared/cases/case-generator';
import { PLATFORM_CSV_HEADERS, platformCsvRow } from '../src/shared/cases/case-csv';
import { loadCampaignConfig, loadProblemCodes, loadSampleData } from '../src/server/platform/data-files';
import { openDatabase } from '../src/server/platform/db/connection';
import { seedCampaign } from '../src/server/platform/db/seed';
import { insertCasesSync } from '../src/server/modules/cases/cases.repo';
import { shanghaiDay } from '../src/shared/time/dates';

const { values } = parseArgs({
  options: {
    count: { type: 'string' },
    seed: { type: 'string', default: '1' },
    from: { type: 'string' },
    to: { type: 'string' },
    now: { type: 'string' },
    csv: { type: 'string' },
    db: { type: 'string' },
    bom: { type: 'boolean', default: false },
    replace: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || (!values.csv && !values.db) || (values.csv && values.db)) {
  console.error(
    'usage: generate-cases.ts --count N [--seed S] [--from DAY] [--to DAY] (--csv out.csv | --db path [--replace])',
  );
  process.exit(2);
}
const now = values.now ? new Date(values.now) : new Date();
const to = values.to ? new Date(`${values.to}T00:00:00+08:00`) : now;
const from = values.from ? new Date(`${values.from}T00:00:00+08:00`) : new Date(to.getTime() - 365 * 24 * 3_600_000);
const codes = loadProblemCodes();
const sample = loadSampleData();
const started = performance.now();
const cases = generateCases({
  count,
  seed: Number(values.seed),
  codes,
  area: generatorAreaFrom(sample.basemap, sample.places),
  from: from.toISOString(),
  to: to.toISOString(),
  now: now.toISOString(),
});
const generated = performance.now();

if (values.csv) {
  const campaign = loadCampaignConfig();
  const codeMap = new Map(codes.map((code) => [code.code, code]));
  const unitNames = new Map(campaign.units.map((unit) => [unit.id, unit.name]));
  const csv = Papa.unparse(
    { fields: [...PLATFORM_CSV_HEADERS], data: cases.map((cityCase) => platformCsvRow(cityCase, codeMap, unitNames)) },
    { newline: '\r\n' },
  );
  writeFileSync(values.csv, `${values.bom ? '\uFEFF' : ''}${csv}\r\n`);
  console.log(`${cases.length} synthetic cases written to ${values.csv}`);
} else {
  const db = openDatabase(values.db!);
  seedCampaign(db, loadCampaignConfig(), shanghaiDay(now));
  // Steps go with their case (ON DELETE CASCADE), the R*Tree entry by trigger.
  const removed = values.replace ? db.prepare('DELETE FROM cases WHERE synthetic = 1').run().changes : 0;
  if (removed) console.log(`${removed} synthetic cases deleted first (--replace)`);
  const result = insertCasesSync(db, cases);
  db.close();
  console.log(`${result.inserted} synthetic cases inserted into ${values.db} (${result.existing} already there)`);
}
console.log(
  `generated in ${(generated - started).toFixed(0)} ms, written in ${(performance.now() - generated).toFixed(0)} ms`,
);
