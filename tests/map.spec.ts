import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { pointOnFeature } from '@turf/turf';
import {
  apiLogin,
  launchBrowser,
  loginAs,
  openPage,
  startServer,
  waitForMapIdle,
  type RunningServer,
  type TrackedPage,
} from './helpers';
import { GEOJSON_MAX_FEATURES, type ZoneCollection, type ZoneFeature } from '../src/shared/zones/zone';
import type { CampaignResponse } from '../src/shared/campaign/campaign';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareScaledDataDir } from '../src/testing/synthetic-zones';
import { sortZonesForList, VIRTUAL_LIST_FROM } from '../src/features/zones/zone-filter';
import { geometryBounds } from '../src/shared/geo/bounds';
import type { Dashboard } from '../src/shared/dashboard/dashboard';
import { addDays, shanghaiDay } from '../src/shared/time/dates';

let server: RunningServer;
let browser: Browser;
let zones: ZoneFeature[];
let campaign: CampaignResponse;
let tasksOf: (zoneId: string) => Promise<unknown[]>;

/** A new page logged in as the town leader. */
async function leaderPage(options: Parameters<typeof openPage>[1] = {}): Promise<TrackedPage> {
  const watched = await openPage(browser, options);
  await loginAs(watched, server.baseUrl, 'leader');
  return watched;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const cookie = await apiLogin(server.baseUrl, 'leader');
  const get = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
  zones = ((await (await get('/api/zones')).json()) as ZoneCollection).features;
  campaign = (await (await get('/api/campaign')).json()) as CampaignResponse;
  tasksOf = async (id) => (await (await get(`/api/zones/${id}/tasks`)).json()) as unknown[];
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const hexToRgb = (hex: string) => [1, 3, 5].map((index) => Number.parseInt(hex.slice(index, index + 2), 16));

describe('the town map', { timeout: 240_000 }, () => {
  it('paints every zone status in its colour, with no console errors', async () => {
    const { page, context, problems } = await leaderPage();
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    // One polygon zone per status that has one; sample pixels well inside it.
    const statuses = [...new Set(zones.map((zone) => zone.properties.status))];
    let checked = 0;
    for (const status of statuses) {
      const polygons = zones.filter(
        (candidate) => candidate.properties.status === status && candidate.geometry.type === 'Polygon',
      );
      const zone = polygons.find((candidate) => !candidate.properties.overdue) ?? polygons[0];
      if (!zone) continue;
      const expected = hexToRgb(campaign.zoneStatuses.find((entry) => entry.code === status)!.color);
      const ring = (zone.geometry as { coordinates: number[][][] }).coordinates[0]!;
      const bounds = [
        [Math.min(...ring.map((point) => point[0]!)), Math.min(...ring.map((point) => point[1]!))],
        [Math.max(...ring.map((point) => point[0]!)), Math.max(...ring.map((point) => point[1]!))],
      ] as [[number, number], [number, number]];
      const pixel = await page.evaluate(
        async ({ zoneId, bounds }) => {
          const map = window.__jinxiMap!;
          map.fitBounds(bounds, { padding: 120, animate: false, maxZoom: 16 });
          // Hide labels so only the fill is sampled.
          for (const id of [
            'zones-label',
            'places-label',
            'places-dot',
            'base-road-label',
            'base-river-label',
            'base-lake-label',
          ]) {
            if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'none');
          }
          await new Promise((resolve) => map.once('idle', resolve));
          const canvas = map.getCanvas();
          const ratio = canvas.width / canvas.clientWidth;
          const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl'))!;
          // Find points where only this zone's fill is rendered (no outline, no other zone).
          const samples: number[][] = [];
          for (let y = 10; y < canvas.clientHeight; y += 14) {
            for (let x = 10; x < canvas.clientWidth; x += 14) {
              const hits = map.queryRenderedFeatures([x, y]);
              const zoneHits = hits.filter((hit) => hit.source === 'zones');
              const onlyFill =
                zoneHits.length === 1 &&
                zoneHits[0]!.layer.id === 'zones-fill' &&
                zoneHits[0]!.properties.zoneId === zoneId;
              const nearEdge = map
                .queryRenderedFeatures(
                  [
                    [x - 6, y - 6],
                    [x + 6, y + 6],
                  ],
                  {},
                )
                .some((hit) => hit.layer.type === 'line' || hit.layer.type === 'circle' || hit.layer.type === 'symbol');
              if (!onlyFill || nearEdge) continue;
              const data = new Uint8Array(4);
              gl.readPixels(
                Math.round(x * ratio),
                Math.round(canvas.height - y * ratio),
                1,
                1,
                gl.RGBA,
                gl.UNSIGNED_BYTE,
                data,
              );
              samples.push([data[0]!, data[1]!, data[2]!]);
              if (samples.length >= 9) break;
            }
            if (samples.length >= 9) break;
          }
          for (const id of [
            'zones-label',
            'places-label',
            'places-dot',
            'base-road-label',
            'base-river-label',
            'base-lake-label',
          ]) {
            if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'visible');
          }
          if (!samples.length) return null;
          samples.sort((a, b) => a[0]! + a[1]! + a[2]! - (b[0]! + b[1]! + b[2]!));
          return samples[Math.floor(samples.length / 2)]!;
        },
        { zoneId: zone.id, bounds },
      );
      assert.ok(pixel, `found interior pixels of zone ${zone.id} (${status})`);
      // Fill opacity 0.5 over the land colour: the pixel must be the status colour blended, not another status.
      const land = [0xf6, 0xf4, 0xee];
      const blend = (rgb: number[]) => rgb.map((channel, index) => channel * 0.5 + land[index]! * 0.5);
      const distance = (a: number[], b: number[]) => Math.hypot(...a.map((value, index) => value - b[index]!));
      const own = distance(pixel!, blend(expected));
      assert.ok(
        own < 30,
        `zone ${zone.id} (${status}) pixel ${pixel} is far from its status colour (${own.toFixed(1)})`,
      );
      for (const other of campaign.zoneStatuses.filter((entry) => entry.code !== status)) {
        assert.ok(own < distance(pixel!, blend(hexToRgb(other.color))), `zone ${status} is closer to ${other.code}`);
      }
      checked += 1;
    }
    assert.ok(checked >= 3, `checked the colours of ${checked} statuses`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('paints the frame and a skeleton list before any script has arrived, then replaces it; the list never moves', async () => {
    const { page, context } = await leaderPage();
    // Where the zone list's first row is when it first appears (the sidebar's figures and filters above it must not
    // arrive later and push it down), and which sources the map's first frame had (the map is created with its
    // zones and base map, not empty: an empty map's frames held the main thread back from the data, P2).
    await page.addInitScript(() => {
      const seen = window as unknown as { firstRowTop: number };
      new MutationObserver((_records, observer) => {
        const row = document.querySelector('.zone-row');
        if (!row) return;
        seen.firstRowTop = row.getBoundingClientRect().top;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    // A string, not a function: tsx would wrap the setter in a helper that does not exist in the page.
    await page.addInitScript(`(() => {
      let map;
      Object.defineProperty(window, '__jinxiMap', {
        configurable: true,
        get() { return map; },
        set(created) {
          map = created;
          if (created) created.once('render', () => { window.firstFrameSources ??= Object.keys(created.getStyle().sources); });
        },
      });
    })();`);
    // Hold every script back, as a weak link does: only the HTML and the stylesheets arrive.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(server.baseUrl, { waitUntil: 'commit' });
    await page.locator('.boot').waitFor();
    const painted = await page.evaluate(() => ({
      header: getComputedStyle(document.querySelector('.boot-header')!).backgroundColor,
      map: getComputedStyle(document.querySelector('.boot-map')!).backgroundColor,
      rows: document.querySelectorAll('.boot-list i').length,
    }));
    assert.notEqual(painted.map, 'rgb(255, 255, 255)', 'the map area is not white');
    assert.ok(painted.rows >= 4, 'a skeleton list');
    release();
    await waitForMapIdle(page);
    assert.equal(await page.locator('.boot').count(), 0, 'the app replaced the skeleton');
    const header = await page.evaluate(() => getComputedStyle(document.querySelector('.app-header')!).backgroundColor);
    assert.equal(painted.header, header, "the skeleton's header bar is the app's header colour");
    const rowTops = await page.evaluate(() => ({
      first: (window as unknown as { firstRowTop?: number }).firstRowTop,
      now: document.querySelector('.zone-row')!.getBoundingClientRect().top,
    }));
    assert.equal(rowTops.first, rowTops.now, 'the list stayed where it first appeared');
    const firstFrame = await page.evaluate(
      () => (window as unknown as { firstFrameSources?: string[] }).firstFrameSources,
    );
    for (const source of ['zones', 'basemap']) {
      assert.ok(firstFrame?.includes(source), `the map's first frame had the ${source} source (had: ${firstFrame})`);
    }
    await context.close();
  });

  it('lists the zones, shows not-applicable items as such, and filters the map by item', async () => {
    const { page, context, problems } = await leaderPage();
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    assert.equal(await page.locator('.zone-row').count(), zones.length);
    for (const code of ['R7', 'R8', 'R9', 'S3']) {
      const row = page.locator(`.item-row[data-item="${code}"]`);
      assert.equal(await row.locator('.na-badge').innerText(), '不适用');
      assert.doesNotMatch(await row.innerText(), /0%/);
    }
    await page.locator('.item-row[data-item="R3"] .item-button').click();
    const r3 = zones.filter((zone) => zone.properties.category === 'R3');
    await page.waitForFunction((count) => document.querySelectorAll('.zone-row').length === count, r3.length);
    const filter = await page.evaluate(() => JSON.stringify(window.__jinxiMap!.getFilter('zones-line')));
    for (const zone of r3) assert.ok(filter.includes(`"${zone.id}"`), 'the map filter holds the R3 zones');
    assert.ok(new URL(page.url()).searchParams.get('items') === 'R3', 'the filter is in the URL');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('opens a zone from the list with its tasks, and the link reopens it', async () => {
    const { page, context, problems } = await leaderPage();
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    const zone = zones.find((candidate) => candidate.properties.overdueTaskCount > 0) ?? zones[0]!;
    const tasks = await tasksOf(zone.id);
    await page.locator(`.zone-row[data-zone-id="${zone.id}"]`).click();
    const panel = page.getByTestId('zone-panel');
    await panel.locator('.panel-title').waitFor();
    assert.equal(await panel.locator('.panel-title').innerText(), zone.properties.name);
    await page.waitForFunction((count) => document.querySelectorAll('.task-row').length === count, tasks.length);
    if (zone.properties.overdueTaskCount > 0) {
      assert.ok((await panel.locator('.task-row.is-overdue').count()) >= 1, 'overdue tasks are flagged');
    }
    assert.equal(new URL(page.url()).searchParams.get('zone'), zone.id);

    const link = page.url();
    const second = await leaderPage();
    await second.page.goto(link);
    await second.page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    assert.equal(await second.page.locator('.panel-title').innerText(), zone.properties.name);
    // The map flew to the zone.
    await waitForMapIdle(second.page);
    const zoom = await second.page.evaluate(() => window.__jinxiMap!.getZoom());
    assert.ok(zoom > 13, `zoomed in to the zone (zoom ${zoom})`);
    assert.deepEqual([...problems, ...second.problems], []);
    await second.context.close();
    await context.close();
  });

  it('opens a zone clicked on the map, and Escape closes it', async () => {
    const { page, context, problems, requestsSettled } = await leaderPage();
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    const zone = zones.find((candidate) => candidate.geometry.type === 'Polygon')!;
    const inside = pointOnFeature(zone).geometry.coordinates as [number, number];
    const ring = (zone.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const point = await page.evaluate(
      async ({ inside, ring }) => {
        const map = window.__jinxiMap!;
        const lons = ring.map((position) => position[0]!);
        const lats = ring.map((position) => position[1]!);
        map.fitBounds(
          [
            [Math.min(...lons), Math.min(...lats)],
            [Math.max(...lons), Math.max(...lats)],
          ],
          { padding: 150, animate: false },
        );
        await new Promise((resolve) => map.once('idle', resolve));
        const projected = map.project(inside);
        const box = map.getCanvas().getBoundingClientRect();
        return { x: box.left + projected.x, y: box.top + projected.y };
      },
      { inside, ring },
    );
    await page.mouse.click(point.x, point.y);
    const panel = page.getByTestId('zone-panel');
    await panel.locator('.panel-title').waitFor();
    assert.equal(await panel.locator('.panel-title').innerText(), zone.properties.name);
    assert.equal(new URL(page.url()).searchParams.get('zone'), zone.id);
    // Closed once its sections have loaded: closing earlier cancels their requests (seen on a busy machine).
    await requestsSettled();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).searchParams.get('zone'), null);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('highlights a zone on the map when its list row is hovered', async () => {
    const { page, context } = await leaderPage();
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    const zone = zones[0]!;
    await page.locator(`.zone-row[data-zone-id="${zone.id}"]`).hover();
    await page.waitForFunction(
      (id) => window.__jinxiMap!.getFeatureState({ source: 'zones', id }).hover === true,
      zone.id,
    );
    await context.close();
  });

  it('switches the interface to English and back, and remembers the choice', async () => {
    const { page, context, problems } = await leaderPage();
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    assert.equal(
      await page.locator('.app-title').evaluate((node) => node.firstChild?.textContent),
      '锦溪镇环境综合整治 一张图',
    );
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await page.locator('.app-title').innerText(), /Jinxi Environmental Remediation Map/);
    assert.match(await page.locator('.item-row[data-item="R7"]').innerText(), /Urban villages[\s\S]*N\/A/);
    await page.reload();
    await waitForMapIdle(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('works at phone width: list in a drawer, zone in a bottom sheet, map still usable', async () => {
    const { page, context, problems } = await leaderPage({ width: 390, height: 844, isMobile: true });
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    const sidebar = page.locator('#sidebar');
    const hiddenBox = await sidebar.boundingBox();
    assert.ok(hiddenBox && hiddenBox.x + hiddenBox.width <= 1, 'the list starts off-screen');
    const canvas = await page.locator('.maplibregl-canvas').boundingBox();
    assert.ok(canvas && canvas.width >= 380 && canvas.height > 600, 'the map fills the screen');
    await page.locator('.drawer-toggle').click();
    await page.waitForFunction(() => document.querySelector('#sidebar')!.getBoundingClientRect().x >= 0);
    const zone = zones[1] ?? zones[0]!;
    await page.locator(`.zone-row[data-zone-id="${zone.id}"]`).click();
    const panel = page.getByTestId('zone-panel');
    await panel.locator('.panel-title').waitFor();
    const sheet = await panel.boundingBox();
    assert.ok(
      sheet && sheet.y > 844 * 0.4 && sheet.width >= 380,
      `the panel is a bottom sheet (${JSON.stringify(sheet)})`,
    );
    await page.waitForFunction(() => document.querySelector('#sidebar')!.getBoundingClientRect().right <= 1);
    // The map above the sheet still takes gestures: a drag pans it.
    const before = await page.evaluate(() => window.__jinxiMap!.getCenter().toArray());
    await page.mouse.move(200, 150);
    await page.mouse.down();
    await page.mouse.move(120, 220, { steps: 5 });
    await page.mouse.up();
    const moved = await page.evaluate(() => window.__jinxiMap!.getCenter().toArray());
    assert.notDeepEqual(moved, before, 'the map pans above the sheet');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('offers no online basemap when none is configured and makes no request off this server', async () => {
    const { page, context, problems } = await leaderPage();
    const hosts = new Set<string>();
    page.on('request', (request) => hosts.add(new URL(request.url()).host));
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    assert.equal(await page.locator('.basemap-picker').count(), 0);
    assert.deepEqual(
      [...hosts].filter((host) => host !== new URL(server.baseUrl).host),
      [],
    );
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("a county's zones", { timeout: 240_000 }, () => {
  // More zones than one GeoJSON answer may hold (P3): read in pages, drawn from vector tiles (docs/quality.md P9).
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jinxi-county-'));
  let county: RunningServer;
  let all: ZoneFeature[];
  before(async () => {
    prepareScaledDataDir(dataDir, GEOJSON_MAX_FEATURES + 100);
    county = await startServer({}, { dataDir, timeoutMs: 120_000 });
    const cookie = await apiLogin(county.baseUrl, 'leader');
    all = ((await (await fetch(`${county.baseUrl}/api/zones`, { headers: { cookie } })).json()) as ZoneCollection)
      .features;
  });
  after(async () => {
    await county?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a constant number of rows in the page, scrolls through them all and brings a linked zone into view', async () => {
    {
      assert.ok(all.length > VIRTUAL_LIST_FROM, `${all.length} zones, more than a virtual list's threshold`);
      const last = sortZonesForList(all).at(-1)!;

      const watched = await openPage(browser);
      await loginAs(watched, county.baseUrl, 'leader');
      const { page, problems } = watched;
      await page.goto(`${county.baseUrl}/?zone=${last.id}`);
      await page.getByTestId('zone-panel').locator('.panel-title').waitFor();
      // The figures and filters above the list have arrived (they load just after the first paint).
      await page.locator('.filters').waitFor();
      // The last zone of the list is in the page, marked, and inside the sidebar's visible part.
      const row = page.locator(`.zone-row[data-zone-id="${last.id}"]`);
      await row.waitFor();
      assert.equal(await row.getAttribute('aria-current'), 'true');
      // The map has flown to it, from the box the county's list holds instead of its shape (P9).
      const [west, south, east, north] = geometryBounds(last.geometry);
      await page.waitForFunction(
        ([lon, lat]) => {
          const map = window.__jinxiMap;
          return !!map && map.getZoom() >= 15 && map.getBounds().contains([lon!, lat!]);
        },
        [(west + east) / 2, (south + north) / 2],
        { timeout: 15_000 },
      );
      // In the list's own scrolling box, and that box in the window (the sidebar scrolled to it), once the layout
      // has settled.
      const visible = await page
        .waitForFunction(
          (id) => {
            const element = document.querySelector(`.zone-row[data-zone-id="${id}"]`);
            const scroller = element?.closest('.zone-list-scroll');
            if (!element || !scroller) return false;
            const box = element.getBoundingClientRect();
            const view = scroller.getBoundingClientRect();
            return box.top >= view.top - 1 && box.bottom <= view.bottom + 1 && view.top < window.innerHeight - 100;
          },
          last.id,
          { timeout: 15_000, polling: 100 },
        )
        .then(
          () => true,
          () => false,
        );
      assert.ok(visible, 'the linked zone is scrolled into the list view');
      const rowsAtEnd = await page.locator('.zone-row').count();
      assert.ok(rowsAtEnd < 80, `${rowsAtEnd} rows in the page for ${all.length} zones`);

      // Back to the top: the first zone of the list is there, and the page still holds few rows.
      const first = sortZonesForList(all)[0]!;
      await page.locator('.zone-list-scroll').evaluate((list) => list.scrollTo(0, 0));
      await page.locator(`.zone-row[data-zone-id="${first.id}"]`).waitFor();
      assert.ok((await page.locator('.zone-row').count()) < 80);
      // The rows not yet drawn are given the first row's measured height (in whole pixels, as the list places its
      // rows), so the list is as long as its rows from the start and a row measured later moves no other.
      const [listHeight, rowHeight] = await page
        .locator('.zone-list-virtual')
        .evaluate((list) => [list.getBoundingClientRect().height, list.querySelector('li')!.offsetHeight]);
      assert.ok(
        Math.abs(listHeight! - all.length * rowHeight!) < rowHeight!,
        `the list is ${listHeight} px long for ${all.length} rows of ${rowHeight} px`,
      );
      assert.deepEqual(problems, []);
      await watched.context.close();
    }
  });

  it('lists them from pages under the P3 limit, draws them from vector tiles, filters without refetching and opens a zone on a click', async () => {
    const watched = await openPage(browser);
    await loginAs(watched, county.baseUrl, 'leader');
    const { page, problems } = watched;
    const answers: { url: string; features: number; bytes: number }[] = [];
    const tiles: { status: number; type: string | undefined }[] = [];
    page.on('response', async (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.startsWith('/api/zones/tiles/')) {
        tiles.push({ status: response.status(), type: response.headers()['content-type'] });
      }
      if (pathname !== '/api/zones') return;
      const body = await response.body();
      const features = (JSON.parse(body.toString()) as ZoneCollection).features.length;
      answers.push({ url: response.url(), features, bytes: body.length });
    });
    await page.goto(county.baseUrl);
    await page.locator('.filters .chip').first().waitFor();
    // The zones' source is the server's vector tiles, drawn by the town's zone layers once the tiles in view came.
    await page.waitForFunction(
      () => {
        const map = window.__jinxiMap;
        return map?.getSource('zones')?.type === 'vector' && map.getLayer('zones-fill') && map.isSourceLoaded('zones');
      },
      undefined,
      { timeout: 60_000 },
    );
    assert.ok(answers.length > 1, `${answers.length} zone answers`);
    // The first page as a town's, with geometry; past the P3 limit the others without (P9).
    const light = answers.map((answer) => new URL(answer.url).searchParams.get('geometry'));
    assert.deepEqual(light, [null, ...answers.slice(1).map(() => 'none')]);
    for (const answer of answers) {
      assert.ok(answer.features <= GEOJSON_MAX_FEATURES, `${answer.url}: ${answer.features} features`);
      assert.ok(answer.bytes < 2 * 1024 * 1024, `${answer.url}: ${answer.bytes} bytes`);
    }
    assert.equal(
      answers.reduce((sum, answer) => sum + answer.features, 0),
      all.length,
    );
    assert.ok(
      tiles.some((tile) => tile.status === 200 && tile.type === 'application/vnd.mapbox-vector-tile'),
      JSON.stringify(tiles),
    );

    /**
     * The map canvas's pixels once the map is idle, kept in the page under `name`; then how many of them differ
     * from those kept under `than` (counted in the page: 1440 × 900 pixels sent to the test took 15 s each time).
     */
    const keepPixels = (name: string, than?: string) =>
      page.evaluate(
        ([name, than]) =>
          new Promise<{ pixels: number; changed: number }>((resolve) => {
            const map = window.__jinxiMap!;
            map.once('idle', () => {
              const canvas = map.getCanvas();
              const copy = document.createElement('canvas');
              copy.width = canvas.width;
              copy.height = canvas.height;
              const context = copy.getContext('2d')!;
              context.drawImage(canvas, 0, 0);
              const kept = window as unknown as Record<string, Uint8ClampedArray>;
              const data = context.getImageData(0, 0, copy.width, copy.height).data;
              kept[name!] = data;
              const other = than ? kept[than] : undefined;
              let changed = 0;
              if (other) {
                for (let index = 0; index < data.length; index += 4) {
                  if (Math.abs(other[index]! - data[index]!) + Math.abs(other[index + 1]! - data[index + 1]!) > 30)
                    changed += 1;
                }
              }
              resolve({ pixels: data.length / 4, changed });
            });
            map.triggerRepaint();
          }),
        [name, than] as const,
      );
    await keepPixels('beforeFilter');
    const requests = answers.length;
    const header = await page.locator('.zone-list-header').textContent();
    // Only the zones in the first status are left.
    await page.locator('.filters .chip').first().click();
    await page.waitForFunction((text) => document.querySelector('.zone-list-header')?.textContent !== text, header);
    const { pixels, changed } = await keepPixels('afterFilter', 'beforeFilter');
    assert.ok(changed > pixels / 100, `${changed} of ${pixels} pixels changed by the filter`);
    assert.equal(answers.length, requests, 'the filter fetched no zones again');
    // The filter is an expression over the tiles' properties, not a list of thousands of ids.
    const filter = await page.evaluate(() => JSON.stringify(window.__jinxiMap!.getFilter('zones-fill')));
    assert.ok(filter.length < 500, filter);

    // A click on a drawn zone opens it, named as in the list.
    const target = await page.evaluate(() => {
      const map = window.__jinxiMap!;
      const canvas = map.getCanvas();
      const box = canvas.getBoundingClientRect();
      for (let y = 40; y < box.height - 40; y += 20) {
        for (let x = 40; x < box.width - 40; x += 20) {
          const [feature] = map.queryRenderedFeatures([x, y], { layers: ['zones-fill', 'zones-point'] });
          const id = feature?.properties?.zoneId;
          if (typeof id === 'string') return { id, x: box.left + x, y: box.top + y };
        }
      }
      return null;
    });
    assert.ok(target, 'a zone is drawn in the view');
    await page.mouse.click(target.x, target.y);
    const panel = page.getByTestId('zone-panel');
    await panel.locator('.panel-title').waitFor();
    assert.equal(
      await panel.locator('.panel-title').innerText(),
      all.find((zone) => zone.id === target.id)!.properties.name,
    );
    assert.deepEqual(problems, []);
    await watched.context.close();
  });

  it('draws the zones as they stood on a past day, as the overview shows them that day', async () => {
    const cookie = await apiLogin(county.baseUrl, 'leader');
    const day = addDays(shanghaiDay(new Date()), -40);
    const then = (await (
      await fetch(`${county.baseUrl}/api/dashboard?asOf=${day}`, { headers: { cookie } })
    ).json()) as Dashboard;
    const existed = Object.keys(then.statuses).length;
    assert.ok(existed > 0 && existed < all.length, `${existed} of ${all.length} zones existed on ${day}`);
    const watched = await openPage(browser);
    await loginAs(watched, county.baseUrl, 'leader');
    const { page, problems } = watched;
    // The day becomes known while today's tiles are on their way (the map starts with today's list): its answer waits
    // until they are asked for, and they take a moment.
    let todaysTilesAsked!: () => void;
    const asked = new Promise<void>((resolve) => (todaysTilesAsked = resolve));
    // The day's tiles take longer still (cutting a county's past day is slow on a busy server).
    await watched.context.route(/\/api\/zones\/tiles\//, async (route) => {
      const pastDay = route.request().url().includes('asOf=');
      if (!pastDay) todaysTilesAsked();
      await new Promise((resolve) => setTimeout(resolve, pastDay ? 1500 : 600));
      await route.continue();
    });
    await watched.context.route(/\/api\/dashboard\?/, async (route) => {
      await asked;
      await route.continue();
    });
    await page.goto(`${county.baseUrl}/?view=dashboard&asof=${day}`);
    // The day's tiles, all in view come.
    await page.waitForFunction(
      (day) => {
        const map = window.__jinxiMap;
        const source = map?.getSource('zones') as { tiles?: string[] } | undefined;
        return !!source?.tiles?.[0]?.endsWith(`&asOf=${day}`) && map!.isSourceLoaded('zones') && map!.loaded();
      },
      day,
      { timeout: 60_000 },
    );
    const drawn = await page.evaluate(() =>
      window.__jinxiMap!.querySourceFeatures('zones', { sourceLayer: 'zones' }).map((feature) => ({
        id: String(feature.properties.zoneId),
        status: String(feature.properties.status),
        overdue: Boolean(feature.properties.overdue),
      })),
    );
    assert.ok(drawn.length > 0, 'zones drawn');
    const overdue = new Set(then.links.overdue);
    for (const zone of drawn) {
      assert.equal(zone.status, then.statuses[zone.id], `zone ${zone.id} as on ${day}`);
      assert.equal(zone.overdue, overdue.has(zone.id), `zone ${zone.id} overdue on ${day}`);
    }
    assert.deepEqual(problems, []);
    await watched.context.close();
  });
});
