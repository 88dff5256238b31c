/**
 * `npm run test:browser`: every browser spec (tests/*.spec.ts), two at a time, with a folder for the run
 * (`JINXI_E2E_RUN_DIR`): the specs' servers start on copies of the sample data the first of them seeded there
 * (tests/helpers.ts `startServer`). The folder goes when the run ends. Arguments pass to node:test
 * (`npm run test:browser -- --test-name-pattern="past day"`). One spec alone: `node --import tsx --test tests/x.spec.ts`
 * (it seeds its own).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const specs = readdirSync(path.join(root, 'tests'))
  .filter((name) => name.endsWith('.spec.ts'))
  .map((name) => path.join('tests', name));
const runDir = mkdtempSync(path.join(tmpdir(), 'jinxi-e2e-run-'));
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...process.argv.slice(2), ...specs],
  { cwd: root, stdio: 'inherit', env: { ...process.env, JINXI_E2E_RUN_DIR: runDir } },
);
const code = await new Promise<number>((resolve) =>
  child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))),
);
rmSync(runDir, { recursive: true, force: true });
process.exit(code);
