import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
export const BARE_OUT = path.join(ROOT, 'bench', 'out', 'bare');

function viteBuild(label: string, args: string[], env: Record<string, string> = {}): void {
  const started = performance.now();
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    throw new Error(`vite build of ${label} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`  built ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Build the app so no stale build is measured: dist/ (the production build P1 measures) and dist-test/ (the same
 * app with the test hooks, `window.__jinxiMap` among them, which the harness's server serves and P2/P6R read).
 */
export function buildApp(): void {
  viteBuild('the app (dist/)', []);
  viteBuild('the test build (dist-test/)', ['--outDir', 'dist-test'], { VITE_TEST_HOOKS: '1' });
}

/** Build the bare maplibre page (P2 baseline) into bench/out/bare/. */
export function buildBarePage(): void {
  viteBuild('the bare maplibre page (bench/out/bare/)', ['--config', 'bench/bare/vite.config.ts']);
}
