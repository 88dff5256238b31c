import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';

// The county overview (县（市）级总览, /county) on the SQLite default: the one town, by name, on a desktop and a phone;
// a town opens read-only on the map. Several towns: src/server/towns.pg.test.ts.
let server: RunningServer;
let browser: Browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the county overview page', { timeout: 120_000 }, () => {
  for (const [width, height, isMobile] of [
    [1440, 900, false],
    [390, 844, true],
  ] as const) {
    it(`shows the town by name, its figures and units, without raw codes, at ${width} px`, async () => {
      const watched = await openPage(browser, { width, height, isMobile });
      const { page } = watched;
      await loginAs(watched, server.baseUrl, 'county');
      await page.goto(`${server.baseUrl}/county`);
      await page.getByRole('heading', { name: '锦溪镇', exact: true }).waitFor();
      const text = await page.locator('.county-page').innerText();
      assert.match(text, /县（市）级总览/);
      assert.match(text, /整治区域/);
      assert.match(text, /牵头单位排名/);
      // Names, never codes or usernames.
      for (const raw of ['jinxi', 'shuilizhan', 'county', 'undefined', 'null']) assert.ok(!text.includes(raw), raw);
      assert.ok((await page.locator('.county-units tbody tr').count()) > 0);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `scrollWidth ${scrollWidth} at ${width}`);

      // The town opens on the map, where the county account changes nothing: no drawing tools.
      await page.getByRole('button', { name: '查看该镇一张图（只读）' }).click();
      await page.waitForURL(`${server.baseUrl}/`);
      await page.locator('.maplibregl-canvas').waitFor();
      assert.equal(await page.getByRole('button', { name: /新建区域|绘制/ }).count(), 0);
      assert.deepEqual(watched.problems, []);
      await watched.context.close();
    });
  }
});
