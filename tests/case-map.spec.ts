import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  loginAs,
  openPage,
  runCommand,
  startServer,
  waitForMapIdle,
  type RunningServer,
} from './helpers';
import { generateCases, generatorAreaFrom } from '../src/shared/cases/case-generator';
import { loadProblemCodes, loadSampleData } from '../src/server/platform/data-files';
import { shanghaiDay } from '../src/shared/time/dates';

/** The same options the script gets below: the test knows every case it generated. */
const COUNT = 3000;
const SEED = 7;
const FROM = '2026-01-01';
const TO = '2026-06-01';
const NOW = '2026-06-10T12:00:00+08:00';

let server: RunningServer;
let browser: Browser;
const sample = loadSampleData();
const cases = generateCases({
  count: COUNT,
  seed: SEED,
  codes: loadProblemCodes(),
  area: generatorAreaFrom(sample.basemap, sample.places),
  from: new Date(`${FROM}T00:00:00+08:00`).toISOString(),
  to: new Date(`${TO}T00:00:00+08:00`).toISOString(),
  now: new Date(NOW).toISOString(),
});

before(async () => {
  server = await startServer();
  const generated = await runCommand(
    [
      'scripts/generate-cases.ts',
      ...['--count', String(COUNT), '--seed', String(SEED), '--from', FROM, '--to', TO, '--now', NOW],
      // --replace: the sample data's own generated cases go, so the map shows exactly these.
      ...['--db', path.join(server.dataDir, 'jinxi.sqlite'), '--replace'],
    ],
    {},
  );
  assert.equal(generated.code, 0, generated.output);
  assert.match(generated.output, new RegExp(`${COUNT} synthetic cases inserted`));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const shownCount = async (page: Page) => Number(await page.getByTestId('case-count').getAttribute('data-shown'));
async function waitForShown(page: Page, expected: number) {
  await page.waitForFunction(
    (value) => document.querySelector('[data-testid="case-count"]')?.getAttribute('data-shown') === String(value),
    expected,
  );
  assert.equal(await shownCount(page), expected);
}
/** Wait until the map (with the deck.gl overlay) has drawn the last change. */
const mapIdle = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__jinxiMap!;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );

describe('cases on the map', { timeout: 240_000 }, () => {
  it('shows the generated cases, filters them by 大类 and days to the exact count, switches to hexagons and opens a hot spot as a zone', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'planner');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);

    await page.getByRole('button', { name: '案件', exact: true }).click();
    const card = page.getByRole('region', { name: '数字城管案件' });
    await card.getByTestId('case-count').waitFor();
    await waitForShown(page, COUNT);
    await card.getByText('生成的示例数据').waitFor();
    await mapIdle(page);

    // 大类 06 (市容环境类, matters) only.
    await card.getByRole('button', { name: '06 市容环境类（事项）' }).click();
    const group06 = cases.filter((cityCase) => cityCase.code.startsWith('06'));
    assert.ok(group06.length > 300 && group06.length < COUNT);
    await waitForShown(page, group06.length);
    assert.match(
      await card.getByTestId('case-count').innerText(),
      new RegExp(`显示 ${group06.length} 件，共 ${COUNT} 件`),
    );

    // And reported in March 2026 (Asia/Shanghai days, both ends included).
    await card.getByLabel('开始日期').fill('2026-03-01');
    await card.getByLabel('结束日期').fill('2026-03-31');
    const march = group06.filter((cityCase) => {
      const day = shanghaiDay(new Date(cityCase.reportedAt));
      return day >= '2026-03-01' && day <= '2026-03-31';
    });
    assert.ok(march.length > 20 && march.length < group06.length);
    await waitForShown(page, march.length);
    await mapIdle(page);

    // A click on a shown case tells what it is, and only that: a case inside a zone does not open the zone too.
    const target = march.find((cityCase) =>
      sample.zones.some(
        (zone) =>
          zone.geometry.type === 'Polygon' && booleanPointInPolygon([cityCase.lon, cityCase.lat], zone.geometry),
      ),
    )!;
    assert.ok(target, 'a case of March inside a zone');
    const point = await page.evaluate(
      ([lon, lat]) => {
        const map = window.__jinxiMap!;
        map.jumpTo({ center: [lon, lat], zoom: 17 });
        const projected = map.project([lon, lat]);
        const box = map.getCanvas().getBoundingClientRect();
        return { x: box.left + projected.x, y: box.top + projected.y };
      },
      [target.lon, target.lat] as const,
    );
    await mapIdle(page);
    const detail = card.getByTestId('case-detail');
    // deck.gl picks from the frame it drew last: click again until that frame is the zoomed-in one.
    for (let attempt = 0; attempt < 10 && !(await detail.isVisible()); attempt++) {
      await page.mouse.click(point.x, point.y);
      await detail.waitFor({ timeout: 1500 }).catch(() => undefined);
    }
    await detail.waitFor();
    assert.equal(await page.getByTestId('zone-panel').count(), 0, 'no zone panel beside the case (issue 16)');
    assert.match(await detail.innerText(), /上报时间\s*2026-03-\d\d \d\d:\d\d/);
    assert.match(await detail.innerText(), /06\d{3} /);
    // The link to the case's page names the same case as the API knows it.
    const href = await detail.getByRole('link', { name: '查看详情与办理' }).getAttribute('href');
    const caseId = new URL(href!, server.baseUrl).searchParams.get('case');
    const answer = await page.request.get(`${server.baseUrl}/api/cases/${caseId}`);
    assert.equal(answer.status(), 200);
    const shownCode = /(06\d{3}) /.exec(await detail.innerText())![1];
    const known = (await answer.json()) as { code: string; caseNo: string; status: string };
    assert.equal(known.code, shownCode);
    // The case is named by its case number, and its status in the cases page's words (one place for them).
    await detail.getByText(`案件 ${known.caseNo}`).waitFor();
    const statusWords = (await import('../src/lib/locales/zh-CN.more.json', { with: { type: 'json' } })).default
      .casesPage.status as Record<string, string>;
    assert.match(await detail.innerText(), new RegExp(statusWords[known.status]!));

    // Hexagon density instead of points: the same filters.
    await card.getByLabel('六边形密度').check();
    await mapIdle(page);
    assert.equal(await shownCount(page), march.length);

    // Hot spots of every case: clear the filters.
    await card.getByRole('button', { name: '06 市容环境类（事项）' }).click();
    await card.getByLabel('开始日期').fill('');
    await card.getByLabel('结束日期').fill('');
    await waitForShown(page, COUNT);
    const hotspots = card.getByTestId('hotspot-list').getByRole('button');
    assert.ok((await hotspots.count()) > 0, 'the generated cases have hot spots no zone covers');
    const first = hotspots.first();
    const firstText = await first.innerText();
    assert.match(firstText, /第 1 名 · \d+ 件 · /);
    await first.click();
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    await card.getByRole('button', { name: '在此划定整治区域' }).click();

    // The zone editor opens with the hot spot's hexagon drawn: name it and save it.
    const editor = page.locator('.zone-panel', { hasText: '新建整治区域' });
    await editor.waitFor();
    await editor.getByText(/面积 [\d,.]+ m²/).waitFor();
    // One panel at a time: the case panel has closed, and the hexagon is framed in the map beside the editor
    // (it used to lie under the case panel).
    assert.equal(await page.locator('.map-dock').count(), 0);
    await waitForMapIdle(page);
    const framed = await page.evaluate(() => {
      const map = window.__jinxiMap!;
      const canvas = map.getCanvas().getBoundingClientRect();
      type Drawn = { geometry: { type: string; coordinates: [number, number][][] } };
      const draw = (window as unknown as { __terraDraw: { getSnapshot(): Drawn[] } }).__terraDraw;
      const ring = draw.getSnapshot().find((feature) => feature.geometry.type === 'Polygon')!.geometry.coordinates[0]!;
      const panel = document.querySelector('.zone-panel')!.getBoundingClientRect();
      return ring.every(([lon, lat]) => {
        const point = map.project([lon, lat]);
        const x = canvas.left + point.x;
        const y = canvas.top + point.y;
        const inMap = x > canvas.left && x < canvas.right && y > canvas.top && y < canvas.bottom;
        const underPanel = x >= panel.left && x <= panel.right && y >= panel.top && y <= panel.bottom;
        return inMap && !underPanel;
      });
    });
    assert.ok(framed, 'the new shape is in the visible part of the map');
    await editor.getByLabel('区域名称').fill('案件热点整治区域');
    await editor.getByRole('button', { name: '保存' }).click();
    await page.locator('.zone-panel', { hasText: '案件热点整治区域' }).waitFor();
    // A zone now covers it: it is no hot spot any more.
    await page.getByRole('button', { name: '案件', exact: true }).click();
    await card.getByTestId('hotspot-list').waitFor();
    await page.waitForFunction(
      (text) =>
        ![...document.querySelectorAll('[data-testid="hotspot-list"] button')].some(
          (button) => (button as HTMLElement).innerText === text,
        ),
      firstText,
    );
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
