import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';

/** A 256×256 PNG of one colour, to stand in for tiles (this machine has no internet). */
function solidPng([r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(256, 0);
  header.writeUInt32BE(256, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(256 * 3, Buffer.from([r, g, b]))]);
  const pixels = Buffer.concat(Array.from({ length: 256 }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let server: RunningServer;
let browser: Browser;
before(async () => {
  server = await startServer({ TIANDITU_KEY: 'test-key-not-real', OSM_TILE_URL: 'default' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('online basemaps when configured', { timeout: 90_000 }, () => {
  it('offers 天地图 vector, imagery and OpenStreetMap, and draws the chosen one under the zones', async () => {
    const watched = await openPage(browser);
    const { page, context, problems } = watched;
    await loginAs(watched, server.baseUrl, 'planner');
    const tileRequests: string[] = [];
    // Tiles are answered locally: the test never reaches the real tile servers.
    await context.route(/tianditu\.gov\.cn|tile\.openstreetmap\.org/, (route) => {
      tileRequests.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: solidPng([200, 30, 200]) });
    });
    const response = await page.goto(server.baseUrl);
    const csp = response!.headers()['content-security-policy'] ?? '';
    assert.match(csp, /img-src[^;]*https:\/\/t0\.tianditu\.gov\.cn/);
    await waitForMapIdle(page);
    const picker = page.getByRole('combobox', { name: '底图' });
    const options = await picker.locator('option').allInnerTexts();
    assert.deepEqual(options, ['离线示意底图', '天地图 矢量', '天地图 影像', 'OpenStreetMap']);

    await picker.selectOption('tianditu-img');
    await page.waitForFunction(() => Boolean(window.__jinxiMap!.getLayer('raster-basemap')));
    await waitForMapIdle(page);
    assert.ok(tileRequests.some((url) => url.includes('LAYER=img') && url.includes('tk=test-key-not-real')));
    assert.ok(
      tileRequests.some((url) => url.includes('LAYER=cia')),
      'the label overlay is requested too',
    );
    const order = await page.evaluate(() => window.__jinxiMap!.getStyle().layers.map((layer) => layer.id));
    assert.ok(order.indexOf('raster-basemap') < order.indexOf('zones-fill'), 'the basemap sits under the zones');
    assert.equal(order.includes('base-lake'), false, 'the hand-drawn water is hidden over a real basemap');
    assert.equal(new URL(page.url()).searchParams.get('basemap'), 'tianditu-img');

    await picker.selectOption('offline');
    await page.waitForFunction(
      () => !window.__jinxiMap!.getLayer('raster-basemap') && Boolean(window.__jinxiMap!.getLayer('base-lake')),
    );
    assert.deepEqual(problems, []);
    await context.close();
  });
});
