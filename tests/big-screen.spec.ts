import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { bbox } from '@turf/turf';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';
import type { ZoneCollection } from '../src/shared/zones/zone';

// /big fits meeting-room screens (issue 16, item 15): nothing cut off, the whole town on the map, a legend,
// and what does not fit in a rotating panel.
const SCREENS = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
  { width: 3840, height: 2160 },
];
const shots = mkdtempSync(path.join(tmpdir(), 'big-screen-'));

let server: RunningServer;
let browser: Browser;
let town: [number, number, number, number];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const cookie = await apiLogin(server.baseUrl, 'leader');
  const zones = (await (await fetch(`${server.baseUrl}/api/zones`, { headers: { cookie } })).json()) as ZoneCollection;
  town = bbox(zones) as [number, number, number, number];
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the big screen', { timeout: 180_000 }, () => {
  for (const screen of SCREENS) {
    it(`fits ${screen.width} × ${screen.height}`, async () => {
      const watched = await openPage(browser, screen);
      const { page } = watched;
      await loginAs(watched, server.baseUrl, 'leader');
      await page.goto(`${server.baseUrl}/big`);
      await page.getByTestId('kpis').waitFor();
      await page.locator('.status-chart canvas').first().waitFor();
      await waitForMapIdle(page);

      // Key panels inside the window, the page itself not scrolling.
      const outside = await page.evaluate(
        ({ width, height }) =>
          ['.big-header', '[data-testid="kpis"]', '.status-chart', '[data-testid="big-rotation"]', '.big-map .legend']
            .map((selector) => {
              const element = document.querySelector(selector);
              if (!element) return `${selector} missing`;
              const rect = element.getBoundingClientRect();
              const inside = rect.left >= -1 && rect.top >= -1 && rect.right <= width + 1 && rect.bottom <= height + 1;
              return inside && rect.height > 0 ? null : `${selector} at ${JSON.stringify(rect)}`;
            })
            .filter(Boolean)
            .concat(
              document.documentElement.scrollWidth > width || document.documentElement.scrollHeight > height
                ? ['the page scrolls']
                : [],
            ),
        screen,
      );
      assert.deepEqual(outside, []);

      // The legend names the zone statuses.
      await page.locator('.big-map .legend').getByText('已验收').waitFor();

      // The whole town on the map.
      const shown = await page.evaluate(() => window.__jinxiMap!.getBounds().toArray());
      const [[west, south], [east, north]] = shown;
      assert.ok(
        west <= town[0] && south <= town[1] && east >= town[2] && north >= town[3],
        `map ${JSON.stringify(shown)} holds every zone ${JSON.stringify(town)}`,
      );

      // Each rotating page fits its box, nothing cut off at the bottom.
      const dots = page.locator('.big-rotation-dot');
      const pages = await dots.count();
      assert.ok(pages >= 3, 'overdue list, unit ranking and 红黑榜 rotate');
      for (let index = 0; index < pages; index += 1) {
        await dots.nth(index).click();
        assert.equal(await dots.nth(index).getAttribute('aria-pressed'), 'true');
        const fits = await page
          .locator('.big-rotation-page')
          .evaluate((element) => element.scrollHeight <= element.clientHeight + 1);
        const key = await page.getByTestId('big-rotation').getAttribute('data-page');
        assert.ok(fits, `the rotating page ${key} fits at ${screen.width} × ${screen.height}`);
        if (key === 'redBlack') await page.getByTestId('red-black').getByText('红榜').waitFor();
      }
      const panelFits = await page
        .locator('.dashboard-panel')
        .evaluate((element) => element.scrollHeight <= element.clientHeight + 1);
      assert.ok(panelFits, 'the figures panel is not cut off');

      const file = path.join(shots, `big-${screen.width}x${screen.height}.png`);
      await page.screenshot({ path: file });
      assert.ok(statSync(file).size > 20_000, `screenshot ${file}`);
      assert.deepEqual(watched.problems, []);
      await watched.context.close();
    });
  }
});
