/**
 * `npm run bench [-- p1 p2 p4 r1p5 p7]`: the benchmark suite of docs/quality.md (P1, P2, P4, R1/P5, P7). Prints a
 * table and writes docs/benchmarks.md. Never part of `npm test`.
 *
 * Options: `--no-build` measures the existing dist/ and bench/out/bare/ instead of building first.
 * Environment: BENCH_P2_RUNS (default 7), BENCH_P4_ZONES (100000), BENCH_P4_QUERIES (200),
 * BENCH_P7_UPLOADS (30), CHROMIUM_PATH (/usr/bin/chromium).
 */
import path from 'node:path';
import { buildApp, buildBarePage, ROOT } from './lib/build';
import { describeMachine } from './lib/machine';
import { FIGURES, printSummary, writeBenchmarksDoc, type FigureId, type FigureResult } from './lib/report';
import { runP1 } from './p1-initial-js';
import { runP2 } from './p2-map-ready';
import { runP4 } from './p4-bbox-query';
import { runR1P5 } from './r1-p5-editors';
import { runP7 } from './p7-photo-upload';
import { runP6Render } from './p6-render';

const RUNNERS: Record<FigureId, () => FigureResult | Promise<FigureResult>> = {
  P1: runP1,
  P2: runP2,
  P4: runP4,
  R1P5: runR1P5,
  P7: runP7,
  P6R: runP6Render,
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
console.log(`benchmarks ${figures.join(', ')} on ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}`);

if (build && (figures.includes('P1') || figures.includes('P2'))) {
  console.log('build');
  buildApp();
  buildBarePage();
}

const results: FigureResult[] = [];
for (const id of figures) {
  const figureStarted = performance.now();
  console.log(`${id}`);
  results.push(await RUNNERS[id]());
  console.log(`  ${id} took ${((performance.now() - figureStarted) / 1000).toFixed(1)} s`);
}

printSummary(results);
const doc = path.join(ROOT, 'docs', 'benchmarks.md');
await writeBenchmarksDoc(doc, machine, results);
console.log(`wrote ${path.relative(ROOT, doc)} in ${((performance.now() - started) / 1000).toFixed(0)} s total`);
const failed = results.filter((result) => !result.pass).map((result) => result.id);
if (failed.length) console.log(`below target: ${failed.join(', ')}`);
