import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
export const BARE_OUT = path.join(ROOT, 'bench', 'out', 'bare');

function viteBuild(label: string, args: string[]): void {
  const started = performance.now();
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`vite build of ${label} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`  built ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Build the app into dist/ (what the server serves and P1 measures) so no stale build is measured. */
export function buildApp(): void {
  viteBuild('the app (dist/)', []);
}

/** Build the bare maplibre page (P2 baseline) into bench/out/bare/. */
export function buildBarePage(): void {
  viteBuild('the bare maplibre page (bench/out/bare/)', ['--config', 'bench/bare/vite.config.ts']);
}
