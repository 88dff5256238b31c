import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { pointOnFeature } from '@turf/turf';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';
import type { ZoneCollection, ZoneFeature } from '../src/shared/zones/zone';
import { geometryBounds } from '../src/shared/geo/bounds';

// Issue 16, items 11, 12 and 14: what a leader sees of the map around the panels, the overdue marks and the way
// back to the whole town.

let server: RunningServer;
let browser: Browser;
let zones: ZoneFeature[];
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const cookie = await apiLogin(server.baseUrl, 'leader');
  zones = ((await (await fetch(`${server.baseUrl}/api/zones`, { headers: { cookie } })).json()) as ZoneCollection)
    .features;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Do the map's visible bounds hold every one of these zones? */
function showsAll(page: Page, shown: readonly ZoneFeature[]) {
  const boxes = shown.map((zone) => geometryBounds(zone.geometry));
  return page.evaluate((all) => {
    const bounds = window.__jinxiMap!.getBounds();
    return all.every(
      ([west, south, east, north]) =>
        west! >= bounds.getWest() &&
        east! <= bounds.getEast() &&
        south! >= bounds.getSouth() &&
        north! <= bounds.getNorth(),
    );
  }, boxes);
}

const zoom = (page: Page) => page.evaluate(() => window.__jinxiMap!.getZoom());

describe('the map around its panels', { timeout: 180_000 }, () => {
  it('fits an overview figure to its zones, goes back to the whole town with 全镇, and names a zone on hover', async () => {
    const overdue = zones.filter((zone) => zone.properties.overdue);
    assert.ok(overdue.length > 1, 'the sample data has overdue zones');
    // The smallest zone, opened by a link: the map zooms right in on it.
    const small = [...zones].sort((a, b) => {
      const [aw, as, ae, an] = geometryBounds(a.geometry);
      const [bw, bs, be, bn] = geometryBounds(b.geometry);
      return (ae - aw) * (an - as) - (be - bw) * (bn - bs);
    })[0]!;
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(`${server.baseUrl}/?zone=${small.id}`);
    await page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    await waitForMapIdle(page);
    const zoneZoom = await zoom(page);
    assert.equal(await showsAll(page, overdue), false, 'zoomed in on one zone');

    // The overview's 超期 figure fits the map to the overdue zones (it stayed on the last zone).
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '一张表（总览）' }).click();
    await page.getByTestId('kpis').locator('[data-kpi="overdue"]').click();
    await page.getByTestId('selection-chip').waitFor();
    await page.waitForFunction((before) => window.__jinxiMap!.getZoom() < before - 0.5, zoneZoom);
    await waitForMapIdle(page);
    assert.ok(await showsAll(page, overdue), 'every overdue zone is in view');

    // Back to one zone from the list, then 全镇: the whole town again.
    await page.getByRole('button', { name: '一张表（总览）' }).click();
    await page.locator('.zone-row', { hasText: small.properties.name }).first().click();
    await page.waitForFunction((before) => Math.abs(window.__jinxiMap!.getZoom() - before) < 0.5, zoneZoom);
    await waitForMapIdle(page);
    await page.getByRole('button', { name: '全镇' }).click();
    await page.waitForFunction((before) => window.__jinxiMap!.getZoom() < before - 2, zoneZoom);
    await waitForMapIdle(page);
    assert.ok(await showsAll(page, zones), 'every zone of the town is in view');

    // Overdue marks: thin rings under the names and photo markers, and only on zones small on screen.
    await page.waitForFunction(() => window.__jinxiMap!.getLayer('zones-label'));
    const order = await page.evaluate(() => window.__jinxiMap!.getStyle().layers.map((layer) => layer.id));
    const ring = order.indexOf('zones-overdue-ring');
    assert.ok(ring >= 0, 'the overdue rings are a map layer');
    assert.ok(ring < order.indexOf('zones-label'), 'names are drawn above the rings');
    for (const id of order.filter((layer) => layer.startsWith('photo')))
      assert.ok(ring < order.indexOf(id), `${id} is drawn above the rings`);
    assert.equal(
      await page.evaluate(() => window.__jinxiMap!.getPaintProperty('zones-overdue-ring', 'circle-opacity')),
      0,
      'a ring has no fill',
    );
    const townZoom = await zoom(page);
    const rings = await page.evaluate(() =>
      window.__jinxiMap!.querySourceFeatures('overdue-rings').map((feature) => ({
        id: feature.properties.zoneId as string,
        until: feature.properties.ringMaxZoom as number,
      })),
    );
    const ringed = new Set(rings.filter((entry) => entry.until > Math.floor(townZoom)).map((entry) => entry.id));
    assert.ok(ringed.size > 0, 'small overdue zones are ringed at the town view');
    assert.ok(ringed.size < overdue.length, 'large overdue zones show their outline, without a ring');

    // Hovering a zone names it.
    const [lon, lat] = pointOnFeature(small).geometry.coordinates as [number, number];
    await page.evaluate(([lng, lt]) => window.__jinxiMap!.jumpTo({ center: [lng!, lt!], zoom: 16 }), [lon, lat]);
    await waitForMapIdle(page);
    const point = await page.evaluate(
      ([lng, lt]) => {
        const map = window.__jinxiMap!;
        const projected = map.project([lng!, lt!]);
        const box = map.getCanvas().getBoundingClientRect();
        return { x: box.left + projected.x, y: box.top + projected.y };
      },
      [lon, lat],
    );
    await page.mouse.move(point.x - 3, point.y - 3);
    await page.mouse.move(point.x, point.y);
    const tooltip = page.locator('.map-tooltip');
    await tooltip.waitFor();
    assert.equal((await tooltip.innerText()).trim(), small.properties.name);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('keeps one floating panel at a time, docked on the right, with the map centred in the rest', async () => {
    const zone = zones[0]!;
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(`${server.baseUrl}/?zone=${zone.id}`);
    await page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    await waitForMapIdle(page);

    // 积水点 closes the zone panel and docks on the right, a narrow column (it covered a third of the town).
    await page.getByTestId('flood-overlay').getByRole('button', { name: '积水点' }).click();
    await page
      .getByTestId('flood-overlay')
      .getByText(/已记录积水点/)
      .waitFor();
    assert.equal(await page.getByTestId('zone-panel').count(), 0);
    const dock = page.locator('.map-dock');
    assert.equal(await dock.count(), 1);
    const [dockBox, mapBox] = [await dock.boundingBox(), await page.locator('.map-area').boundingBox()];
    assert.ok(dockBox!.width <= 400 && dockBox!.x > mapBox!.x + mapBox!.width / 2, JSON.stringify(dockBox));
    // The map keeps its centre in the part left free.
    const padding = await page.evaluate(() => window.__jinxiMap!.getPadding());
    assert.ok(Math.abs(padding.right! - (mapBox!.x + mapBox!.width - dockBox!.x)) <= 2, JSON.stringify(padding));

    // 案件 replaces it: still one panel.
    await page.getByRole('button', { name: '案件', exact: true }).click();
    await page.getByRole('region', { name: '数字城管案件' }).waitFor();
    assert.equal(await dock.count(), 1);
    assert.equal(
      await page
        .getByTestId('flood-overlay')
        .getByText(/已记录积水点/)
        .count(),
      0,
    );

    // A zone from the list closes the floating panel, and the map takes back its whole width.
    await page.locator('.zone-row').first().click();
    await page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    assert.equal(await dock.count(), 0);
    assert.equal((await page.evaluate(() => window.__jinxiMap!.getPadding())).right, 0);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('puts the floating panel in a bottom sheet on a phone, with the map centred above it', async () => {
    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    await page.getByTestId('flood-overlay').getByRole('button', { name: '积水点' }).tap();
    const dock = page.locator('.map-dock');
    await dock.waitFor();
    const [dockBox, mapBox] = [await dock.boundingBox(), await page.locator('.map-area').boundingBox()];
    assert.ok(Math.abs(dockBox!.width - mapBox!.width) <= 1, 'as wide as the map');
    assert.ok(Math.abs(dockBox!.y + dockBox!.height - (mapBox!.y + mapBox!.height)) <= 1, 'at its bottom');
    assert.ok(dockBox!.height <= mapBox!.height / 2 + 1, 'over at most half of it');
    const padding = await page.evaluate(() => window.__jinxiMap!.getPadding());
    assert.ok(Math.abs(padding.bottom! - dockBox!.height) <= 2, JSON.stringify(padding));
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
