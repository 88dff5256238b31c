/**
 * `npm run bench [-- p1 p2 p3 p4 r1p5 p6j p6r p7 r4 p8 p9 p10]`: the benchmark suite of docs/quality.md (P1–P4, R1/P5, P6 join,
 * P6 rendering (100k points in Chromium), P7, R4, P8 weak link, P9 a county's zones, P10). Prints a table, says which figures miss their target and writes docs/benchmarks.md. Never part of
 * `npm test`. The defaults take 11–18 minutes on 2 cores (with the machine's load), over the 10-minute budget the report checks (R4's
 * 100 crash cycles and P4's 100,000 zones take the most); the environment scales them.
 *
 * Options: `--no-build` measures the existing dist/ and bench/out/bare/ instead of building first.
 * Environment: BENCH_P2_RUNS (default 7), BENCH_P3_CASES (100000), BENCH_P4_ZONES (100000),
 * BENCH_P4_CASES (100000), BENCH_P4_QUERIES (200), BENCH_EDITORS (50), BENCH_EDITOR_ROUNDS (20),
 * BENCH_P6_POINTS (100000), BENCH_P6_ZONES (1000), BENCH_P6_TURF_SAMPLE (2000), BENCH_P6_RUNS (7),
 * BENCH_P6_PG_RUNS (3), BENCH_P7_UPLOADS (30), BENCH_R4_CYCLES (100), BENCH_R4_LANES (2), BENCH_R4_WRITERS (6), BENCH_P8_RUNS (3), BENCH_P9_RUNS (3), BENCH_P9_ZONES (11000),
 * BENCH_P10_FEATURES (1000), BENCH_P10_VERTICES (1751), BENCH_P10_RUNS (3),
 * CHROMIUM_PATH (/usr/bin/chromium). P6 (join) starts its own PostgreSQL + PostGIS cluster when Debian's
 * postgresql-15-postgis-3 is installed and reports "skipped" otherwise.
 */
import os from 'node:os';
import path from 'node:path';
import { buildApp, buildBarePage, ROOT } from './lib/build';
import { describeMachine } from './lib/machine';
import {
  FIGURES,
  missedTargets,
  printSummary,
  SUITE_BUDGET_SECONDS,
  writeBenchmarksDoc,
  type FigureId,
  type FigureResult,
} from './lib/report';
import { runP1 } from './p1-initial-js';
import { runP2 } from './p2-map-ready';
import { runP4 } from './p4-bbox-query';
import { runR1P5 } from './r1-p5-editors';
import { runP7 } from './p7-photo-upload';
import { runP6Render } from './p6-render';
import { runP3 } from './p3-layers';
import { runP6Join } from './p6-join';
import { runR4 } from './r4-crash';
import { runP8 } from './p8-weak-link';
import { runP9 } from './p9-county';
import { runP10 } from './p10-detailed-import';

const RUNNERS: Record<FigureId, () => FigureResult | Promise<FigureResult>> = {
  P1: runP1,
  P2: runP2,
  P3: runP3,
  P4: runP4,
  R1P5: runR1P5,
  P6J: runP6Join,
  P7: runP7,
  P6R: runP6Render,
  R4: runR4,
  P8: runP8,
  P9: runP9,
  P10: runP10,
};

function parseArguments(args: string[]): { figures: FigureId[]; build: boolean } {
  const figures: FigureId[] = [];
  let build = true;
  for (const arg of args) {
    if (arg === '--no-build') {
      build = false;
      continue;
    }
    const id = arg.toUpperCase() as FigureId;
    if (!FIGURES.includes(id)) {
      console.error(`unknown benchmark "${arg}": choose from ${FIGURES.map((f) => f.toLowerCase()).join(', ')}`);
      process.exit(2);
    }
    if (!figures.includes(id)) figures.push(id);
  }
  return { figures: figures.length ? FIGURES.filter((id) => figures.includes(id)) : [...FIGURES], build };
}

const { figures, build } = parseArguments(process.argv.slice(2));
const machine = describeMachine(ROOT);
const started = performance.now();
const loadBefore = os.loadavg();
console.log(`benchmarks ${figures.join(', ')} on ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}`);
console.log(`load average before: ${loadBefore.map((value) => value.toFixed(2)).join(', ')} (1, 5, 15 min)`);

if (build && (['P1', 'P2', 'P8', 'P9'] as FigureId[]).some((id) => figures.includes(id))) {
  console.log('build');
  buildApp();
  buildBarePage();
}

const results: FigureResult[] = [];
const seconds = new Map<FigureId, number>();
for (const id of figures) {
  const figureStarted = performance.now();
  console.log(`${id}`);
  try {
    results.push(await RUNNERS[id]());
  } catch (error) {
    // A figure that cannot be measured misses its target; the others still run and are written down.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`  ${id} failed: ${message}`);
    results.push({
      id,
      title: 'could not be measured',
      command: `npm run bench -- ${id.toLowerCase()}`,
      target: 'see docs/quality.md',
      pass: false,
      rows: [{ measure: 'error', value: message.split('\n')[0]!, pass: false }],
      markdown: ['The benchmark stopped with an error:', '', '```text', message, '```'].join('\n'),
    });
  }
  seconds.set(id, (performance.now() - figureStarted) / 1000);
  console.log(`  ${id} took ${seconds.get(id)!.toFixed(1)} s`);
}

printSummary(results);
const totalSeconds = (performance.now() - started) / 1000;
const doc = path.join(ROOT, 'docs', 'benchmarks.md');
await writeBenchmarksDoc(doc, machine, results, { loadBefore, loadAfter: os.loadavg(), seconds, totalSeconds });
console.log(
  `wrote ${path.relative(ROOT, doc)}; ${totalSeconds.toFixed(0)} s in all` +
    (totalSeconds > SUITE_BUDGET_SECONDS ? ` (OVER the ${SUITE_BUDGET_SECONDS / 60}-minute budget)` : ''),
);
const missed = missedTargets(results);
console.log(
  missed.length
    ? `MISSING THEIR TARGET:\n${missed.map((line) => `  ${line}`).join('\n')}`
    : 'every figure meets its target',
);
