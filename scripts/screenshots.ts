/**
 * README screenshots of the main views, taken with the same Debian Chromium the browser tests use,
 * against the real server with a fresh sample-data folder. Run: npm run screenshots (after a build).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle } from '../tests/helpers';
import type { Page } from 'playwright-core';
import type { ZoneCollection } from '../src/shared/zone';

interface Shot {
  name: string;
  url: string;
  width: number;
  height: number;
  mobile?: boolean;
  language?: string;
  /** Demo account to log in as; none shows the login page. */
  as?: string;
  map?: boolean;
  /** Open the zone editor on the selected zone. */
  edit?: boolean;
  /** Steps after the map is ready (open a tool, fill a form). */
  prepare?: (page: Page) => Promise<void>;
}

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  const cookie = await apiLogin(server.baseUrl, 'leader');
  const response = await fetch(`${server.baseUrl}/api/zones`, { headers: { cookie } });
  const zones = ((await response.json()) as ZoneCollection).features;
  const showcase =
    zones.find(
      (zone) => zone.properties.overdue && zone.geometry.type === 'Polygon' && zone.properties.overdueTaskCount > 0,
    ) ?? zones[0]!;

  const floodArea = zones.find((zone) => zone.properties.category === 'R4' && zone.geometry.type === 'Polygon')!;
  const ring = (floodArea.geometry as { coordinates: number[][][] }).coordinates[0]!;
  const floodCenter: [number, number] = [
    (Math.min(...ring.map((point) => point[0]!)) + Math.max(...ring.map((point) => point[0]!))) / 2,
    (Math.min(...ring.map((point) => point[1]!)) + Math.max(...ring.map((point) => point[1]!))) / 2,
  ];
  /** The water station recording a rainfall event: two waterlogging points clicked on the map. */
  const recordFloodEvent = async (page: Page) => {
    await page.evaluate((center) => window.__jinxiMap!.jumpTo({ center, zoom: 15.5 }), floodCenter);
    await waitForMapIdle(page);
    const overlay = page.getByTestId('flood-overlay');
    await overlay.getByRole('button', { name: '积水点' }).click();
    await overlay.getByRole('button', { name: '＋ 记录降雨积水事件' }).click();
    await overlay.locator('input[name="rainfallMm"]').fill('86');
    await overlay.locator('textarea[name="notes"]').fill('梅雨期强降雨（示例）');
    await overlay.getByTestId('pick-points').click();
    const box = await page.locator('.maplibregl-canvas').boundingBox();
    const at = await page.evaluate((center) => window.__jinxiMap!.project(center), floodCenter);
    await page.mouse.click(box!.x + at.x, box!.y + at.y);
    await page.mouse.click(box!.x + at.x + 60, box!.y + at.y + 30);
    await overlay.getByLabel('第 1 个积水点的深度（厘米）').fill('30');
    await overlay.getByLabel('第 1 个积水点的时间').fill('15:20');
    await overlay.getByLabel('第 2 个积水点的深度（厘米）').fill('15');
  };

  const shots: Shot[] = [
    { name: 'login', url: '/', width: 1440, height: 900, map: false },
    { name: 'town-map', url: '/', width: 1440, height: 900, as: 'leader' },
    { name: 'zone-panel', url: `/?zone=${showcase.id}`, width: 1440, height: 900, as: 'leader' },
    { name: 'overdue-filter-en', url: '/?overdue=1', width: 1440, height: 900, language: 'en', as: 'water' },
    { name: 'phone-sheet', url: `/?zone=${showcase.id}`, width: 390, height: 844, mobile: true, as: 'leader' },
    { name: 'accounts', url: '/admin/accounts', width: 1440, height: 900, as: 'admin', map: false },
    { name: 'editor', url: `/?zone=${showcase.id}`, width: 1440, height: 900, as: 'planner', edit: true },
    { name: 'flood-record', url: '/', width: 1440, height: 900, as: 'water', prepare: recordFloodEvent },
  ];
  for (const shot of shots) {
    const watched = await openPage(browser, { width: shot.width, height: shot.height, isMobile: shot.mobile });
    const { page } = watched;
    if (shot.as) await loginAs(watched, server.baseUrl, shot.as);
    if (shot.language)
      await page.addInitScript((language) => localStorage.setItem('jinxi.language', language), shot.language);
    await page.goto(`${server.baseUrl}${shot.url}`);
    if (shot.map === false) {
      await page.locator('h2').first().waitFor();
      await page.waitForTimeout(300);
    } else {
      await waitForMapIdle(page);
      if (shot.url.includes('zone=')) await page.getByTestId('zone-panel').locator('.task-row').first().waitFor();
      if (shot.edit) {
        await page.getByRole('button', { name: '编辑区域' }).click();
        await page.getByTestId('measure').waitFor();
      }
      if (shot.prepare) await shot.prepare(page);
      // Let the fly-to and the lazily loaded deck.gl rings finish.
      await page.waitForTimeout(1500);
      await waitForMapIdle(page);
    }
    await page.screenshot({ path: `${out}${shot.name}.png` });
    console.log(`docs/screenshots/${shot.name}.png`);
    await watched.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
