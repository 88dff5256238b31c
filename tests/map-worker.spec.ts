import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';

// maplibre's worker script (issue 16, item 0): a map whose worker failed to load stayed grey, and switching
// pages tore the worker down while it loaded (requestfailed …maplibre-gl-worker-….mjs net::ERR_ABORTED).
const WORKER = /maplibre-gl-worker-[^/]*\.mjs/;

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

describe('the map worker', { timeout: 120_000 }, () => {
  it('recovers by itself when the worker fails to load once', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    let failures = 1;
    await page.route(WORKER, (route) => (failures-- > 0 ? route.abort('failed') : route.continue()));
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    const rendered = await page.evaluate(() => window.__jinxiMap!.queryRenderedFeatures({ layers: ['zones-fill'] }));
    assert.ok(rendered.length > 0, 'the zones are drawn after the retry');
    assert.equal(await page.locator('.map-failed').count(), 0);
    // Only the failure the test caused.
    assert.deepEqual(
      watched.problems.filter((problem) => !(problem.startsWith('requestfailed:') && WORKER.test(problem))),
      [],
    );
    await watched.context.close();
  });

  it('says so when the worker cannot load at all', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.route(WORKER, (route) => route.abort('failed'));
    await page.goto(server.baseUrl);
    await page.getByRole('alert').filter({ hasText: '地图未能加载' }).waitFor();
    await watched.context.close();
  });

  it('keeps its worker across page switches, so no worker request is ever aborted', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'admin');
    // A report page straight away (the map page must not mount while the campaign loads), then the map, then
    // away and back before the map has loaded.
    await page.goto(`${server.baseUrl}/reports/monthly`);
    await page.getByTestId('zone-snapshot').waitFor();
    const workerRequests: string[] = [];
    page.on('request', (request) => {
      if (WORKER.test(request.url())) workerRequests.push(request.url());
    });
    for (const path of ['/', '/reports/monthly', '/', '/reports/annual', '/']) {
      await page.evaluate((to) => {
        history.pushState(null, '', to);
        dispatchEvent(new PopStateEvent('popstate'));
      }, path);
    }
    await waitForMapIdle(page);
    assert.ok(workerRequests.length <= 1, `the worker script was requested ${workerRequests.length} times`);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
