import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_BYTES, precompressDirectory } from '../../../scripts/precompress';
import { COMPRESS_MIN_BYTES, pickEncoding } from './compression';
import { MAP_PAGE_READS, taskReads, zoneReads } from '../../shared/http/map-page-reads';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { rawGet } from '../../testing/raw-get';

/** About 50 KB of script-like text, like a bundle chunk. */
function sampleScript(): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 50_000; i += 1) {
    lines.push(`export function zone${i}(feature){return feature.properties.score*${(i * 37) % 101}+${i};}`);
  }
  return lines.join('\n');
}

const INDEX_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>锦溪镇环境综合整治 一张图</title>
<script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div>${'<!-- shell -->'.repeat(100)}</body></html>`;

describe('precompressDirectory (build step)', () => {
  it('writes .br and .gz beside compressible files that decode to the originals, and skips small or binary files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jinxi-precompress-'));
    try {
      mkdirSync(path.join(dir, 'assets'));
      const script = Buffer.from(sampleScript());
      const css = Buffer.from('.map-panel{display:flex;color:#123456}\n'.repeat(200));
      writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), script);
      writeFileSync(path.join(dir, 'assets', 'style-def456.css'), css);
      writeFileSync(path.join(dir, 'assets', 'tiny-0001.js'), 'export const a = 1;');
      writeFileSync(path.join(dir, 'assets', 'logo-0002.png'), Buffer.alloc(4096, 7));
      writeFileSync(path.join(dir, 'index.html'), INDEX_HTML);

      const result = await precompressDirectory(dir);

      expect(result.files.map((file) => file.file).sort()).toEqual(
        [path.join('assets', 'app-abc123.js'), path.join('assets', 'style-def456.css'), 'index.html'].sort(),
      );
      for (const [file, original] of [
        ['assets/app-abc123.js', script],
        ['assets/style-def456.css', css],
        ['index.html', Buffer.from(INDEX_HTML)],
      ] as const) {
        const br = readFileSync(path.join(dir, `${file}.br`));
        const gz = readFileSync(path.join(dir, `${file}.gz`));
        expect(br.length).toBeLessThan(original.length);
        expect(brotliDecompressSync(br).equals(original)).toBe(true);
        expect(gunzipSync(gz).equals(original)).toBe(true);
      }
      const written = readdirSync(path.join(dir, 'assets'));
      expect('export const a = 1;'.length).toBeLessThan(MIN_BYTES);
      expect(written).not.toContain('tiny-0001.js.br');
      expect(written).not.toContain('tiny-0001.js.gz');
      expect(written).not.toContain('logo-0002.png.br');
      expect(written).not.toContain('logo-0002.png.gz');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('static assets: pre-compressed, cached by content hash', () => {
  let server: TestServer;
  let staticDir: string;
  const script = Buffer.from(sampleScript());
  const html = Buffer.from(INDEX_HTML);

  beforeAll(async () => {
    staticDir = mkdtempSync(path.join(tmpdir(), 'jinxi-static-'));
    mkdirSync(path.join(staticDir, 'assets'));
    writeFileSync(path.join(staticDir, 'assets', 'app-abc123.js'), script);
    writeFileSync(path.join(staticDir, 'index.html'), html);
    writeFileSync(path.join(staticDir, 'sw.js'), "self.addEventListener('fetch', () => undefined);\n");
    mkdirSync(path.join(staticDir, '.vite'));
    writeFileSync(
      path.join(staticDir, '.vite', 'manifest.json'),
      JSON.stringify({ 'src/app/main.tsx': { file: 'assets/app-abc123.js', isEntry: true } }),
    );
    writeFileSync(path.join(staticDir, 'manifest.webmanifest'), JSON.stringify({ name: '锦溪镇', start_url: '/work' }));
    await precompressDirectory(staticDir);
    server = await startTestServer({ staticDir });
  });

  afterAll(async () => {
    await server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('sends brotli to a browser that accepts br, decoding to the exact file', async () => {
    const answer = await rawGet(server.baseUrl, '/assets/app-abc123.js', 'br, gzip');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers.vary?.toLowerCase()).toContain('accept-encoding');
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(answer.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(answer.body).equals(script)).toBe(true);
  });

  it('sends gzip to a browser that accepts only gzip', async () => {
    const answer = await rawGet(server.baseUrl, '/assets/app-abc123.js', 'gzip');
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers.vary?.toLowerCase()).toContain('accept-encoding');
    expect(gunzipSync(answer.body).equals(script)).toBe(true);
  });

  it('sends the file as it is when no encoding is accepted', async () => {
    const answer = await rawGet(server.baseUrl, '/assets/app-abc123.js');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers.vary?.toLowerCase()).toContain('accept-encoding');
    expect(answer.body.equals(script)).toBe(true);
  });

  it('marks content-hashed assets immutable for a year, in every encoding', async () => {
    for (const encoding of ['br', 'gzip', undefined]) {
      const answer = await rawGet(server.baseUrl, '/assets/app-abc123.js', encoding);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('revalidates the HTML shell at / and at client routes, compressed too', async () => {
    for (const url of ['/', '/cases']) {
      const answer = await rawGet(server.baseUrl, url, 'br, gzip');
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(answer.body).equals(html)).toBe(true);

      const plain = await rawGet(server.baseUrl, url);
      expect(plain.headers['cache-control']).toBe('no-cache');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.equals(html)).toBe(true);
    }
  });

  // The static routes are made from the files found at start, dot folders left out (`wildcard: false`).
  it("does not serve the build's manifest (it names the source files)", async () => {
    const answer = await rawGet(server.baseUrl, '/.vite/manifest.json');
    expect(answer.body.toString('utf8')).not.toContain('src/app/');
    expect(answer.headers['content-type']).not.toMatch(/json/);
  });

  it('answers a built file that is not there (a chunk of an earlier build) with 404, not the HTML shell', async () => {
    const answer = await rawGet(server.baseUrl, '/assets/app-old999.js', 'br, gzip');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ status: 404 });
    // Client routes still get the shell.
    expect((await rawGet(server.baseUrl, '/work')).status).toBe(200);
  });

  it('serves the service worker and the web app manifest revalidated on every load, with their types', async () => {
    // A cached sw.js would keep phones on an old app: the browser must ask each time (docs/field.md).
    const worker = await rawGet(server.baseUrl, '/sw.js');
    expect(worker.status).toBe(200);
    expect(worker.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(worker.headers['cache-control']).toBe('no-cache');
    const manifest = await rawGet(server.baseUrl, '/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers['cache-control']).toBe('no-cache');
    expect(JSON.parse(manifest.body.toString('utf8'))).toMatchObject({ start_url: '/work' });
  });

  it('keeps API answers out of shared caches unless a route chose its own Cache-Control', async () => {
    const health = await rawGet(server.baseUrl, '/api/health', 'br, gzip');
    expect(health.status).toBe(200);
    expect(health.headers['cache-control']).toBe('private, no-cache');
    const missing = await rawGet(server.baseUrl, '/api/no-such-thing', 'br, gzip');
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBe('private, no-cache');
    const cookie = await server.login('admin');
    const zones = await server.request('/api/zones', { cookie });
    expect(zones.status).toBe(200);
    expect(zones.headers.get('cache-control')).toBe('private, no-cache');
    const { features } = (await zones.json()) as { features: { id?: number | string }[] };
    const zone = await server.request(`/api/zones/${features[0]!.id}`, { cookie });
    expect(zone.status).toBe(200);
    expect(zone.headers.get('cache-control')).toBe('no-cache');
    expect(zone.headers.get('etag')).toBeTruthy();
    expect(zone.headers.get('cache-control')).not.toMatch(/public|immutable/);
  });

  it('compresses JSON reads above 1 KiB for a browser that accepts it, decoding to the same answer', async () => {
    const cookie = await server.login('admin');
    const plain = await rawGet(server.baseUrl, '/api/zones', undefined, cookie);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body.length).toBeGreaterThan(COMPRESS_MIN_BYTES);
    const answer = JSON.parse(plain.body.toString('utf8')) as unknown;

    const br = await rawGet(server.baseUrl, '/api/zones', 'gzip, deflate, br, zstd', cookie);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(answer);

    const gzip = await rawGet(server.baseUrl, '/api/zones', 'br;q=0, gzip', cookie);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.body).toString('utf8'))).toEqual(answer);

    // Small answers go as they are.
    const health = await rawGet(server.baseUrl, '/api/health', 'br, gzip');
    expect(health.body.length).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(health.headers['content-encoding']).toBeUndefined();
  });

  it('picks brotli, then gzip, never an encoding refused with q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
});

describe("the map page's first reads, preloaded with its HTML", () => {
  let server: TestServer;
  let publicServer: TestServer;
  let staticDir: string;
  const navigate = { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' };
  const preloadOf = (read: string) => `<${read}>; rel=preload; as=fetch; crossorigin=anonymous`;
  const links = (answer: Response) =>
    (answer.headers.get('link') ?? '')
      .split(',')
      .filter(Boolean)
      .map((link) => link.trim());

  beforeAll(async () => {
    staticDir = mkdtempSync(path.join(tmpdir(), 'jinxi-preload-'));
    writeFileSync(path.join(staticDir, 'index.html'), INDEX_HTML);
    server = await startTestServer({ staticDir });
    publicServer = await startTestServer({ staticDir, auth: { publicRead: true } });
  });

  afterAll(async () => {
    await server.close();
    await publicServer.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('names the zones, the campaign and the base map in a Link header for a signed-in browser opening the map', async () => {
    const cookie = await server.login('leader');
    const answer = await server.request('/', { cookie, headers: navigate });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(INDEX_HTML);
    expect(links(answer)).toEqual(Object.values(MAP_PAGE_READS).map(preloadOf));
    // Each named address answers this user (a preload answered 401 or 403 would be an error in the console).
    for (const read of Object.values(MAP_PAGE_READS)) {
      expect((await server.request(read, { cookie })).status).toBe(200);
    }
  });

  it("names a linked zone's and task's reads too (a 督办 or a reminder opened in a messenger), each answering", async () => {
    const cookie = await server.login('water');
    const { tasks } = (await (await server.request('/api/my-tasks', { cookie })).json()) as {
      tasks: { id: string; zoneId: string }[];
    };
    const { id, zoneId } = tasks[0]!;
    const zone = zoneReads(zoneId);
    const task = taskReads(id);
    const answer = await server.request(`/?zone=${zoneId}&task=${id}&items=R3`, { cookie, headers: navigate });
    expect(links(answer)).toEqual(
      [...Object.values(MAP_PAGE_READS), zone.zone, zone.tasks, zone.photos, task.task, task.updates].map(preloadOf),
    );
    for (const read of [zone.zone, zone.tasks, zone.photos, task.task, task.updates]) {
      expect((await server.request(read, { cookie })).status).toBe(200);
    }
    // A zone without a task: the zone's three.
    expect(links(await server.request(`/?zone=${zoneId}`, { cookie, headers: navigate }))).toEqual(
      [...Object.values(MAP_PAGE_READS), zone.zone, zone.tasks, zone.photos].map(preloadOf),
    );
  });

  it('names nothing for a visitor, another page, a stale session or a fetch of the shell', async () => {
    const cookie = await server.login('leader');
    expect(links(await server.request('/', { headers: navigate }))).toEqual([]);
    expect(links(await server.request('/', { cookie: 'jinxi_session=no-such-session', headers: navigate }))).toEqual(
      [],
    );
    expect(links(await server.request('/login', { cookie, headers: navigate }))).toEqual([]);
    expect(links(await server.request('/cases', { cookie, headers: navigate }))).toEqual([]);
    // The service worker caches the shell with a fetch: its copy must not carry one user's preloads to the next.
    expect(links(await server.request('/', { cookie, headers: { 'sec-fetch-dest': 'empty' } }))).toEqual([]);
    expect(links(await server.request('/', { cookie }))).toEqual([]);
  });

  it('names the public reads for a visitor where the map is public', async () => {
    const answer = await publicServer.request('/', { headers: navigate });
    expect(links(answer)).toHaveLength(Object.values(MAP_PAGE_READS).length);
    for (const read of Object.values(MAP_PAGE_READS)) expect((await publicServer.request(read)).status).toBe(200);
    // A linked zone: its shape and tasks are public there, its photos are not.
    const zone = zoneReads('1');
    expect(links(await publicServer.request('/?zone=1', { headers: navigate }))).toEqual(
      [...Object.values(MAP_PAGE_READS), zone.zone, zone.tasks].map(preloadOf),
    );
    expect((await publicServer.request(zone.photos)).status).toBe(401);
  });
});
