import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiLogin, startServer } from '../testing/server-process';

/*
 * The server loads its heavy libraries when first needed, not at start-up (docs/architecture.md "Loading"):
 * the real server (src/server/main.ts) runs with a module hook that writes down every file of turf, sharp and
 * exceljs it resolves.
 */
const work = mkdtempSync(path.join(tmpdir(), 'jinxi-start-up-'));
const log = path.join(work, 'resolved.txt');
writeFileSync(
  path.join(work, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const heavy = /node_modules\\/(@turf\\/turf|sharp|exceljs)\\//.exec(result.url);
  if (heavy) appendFileSync(log, heavy[1] + '\\n');
  return result;
}
`,
);
writeFileSync(
  path.join(work, 'register.mjs'),
  `import { register } from 'node:module';
register('./hooks.mjs', import.meta.url, { data: { log: ${JSON.stringify(log)} } });
`,
);
const resolved = () => (existsSync(log) ? new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean)) : new Set());

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('server start-up', () => {
  it('loads neither turf, sharp nor exceljs until a request needs turf', async () => {
    // The first start seeds a fresh data folder (the sample photos need sharp and turf); the second is an ordinary start.
    const first = await startServer({}, { timeoutMs: 60_000 });
    await first.stop(true);
    rmSync(log, { force: true });
    const server = await startServer(
      { NODE_OPTIONS: `--import ${path.join(work, 'register.mjs')}` },
      { dataDir: first.dataDir, timeoutMs: 60_000 },
    );
    try {
      expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
      expect([...resolved()]).toEqual([]);
      // A bbox filter tests each zone's exact shape (turf): loaded now.
      const cookie = await apiLogin(server.baseUrl, 'planner');
      const zones = await fetch(`${server.baseUrl}/api/zones?bbox=120.8,31.1,121,31.3`, { headers: { cookie } });
      expect(zones.status).toBe(200);
      expect([...resolved()]).toEqual(['@turf/turf']);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
