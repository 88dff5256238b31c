import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';
import type { Dashboard } from '../src/shared/dashboard/dashboard';
import { addDays } from '../src/shared/time/dates';

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

async function dashboardAs(username: string, query = ''): Promise<Dashboard> {
  const cookie = await apiLogin(server.baseUrl, username);
  return (await (await fetch(`${server.baseUrl}/api/dashboard${query}`, { headers: { cookie } })).json()) as Dashboard;
}

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

describe('the leadership dashboard', { timeout: 180_000 }, () => {
  it('shows the same figures as the API; a figure shows its zones on the map; the slider looks back in time', async () => {
    const api = await dashboardAs('leader');
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    await page.getByRole('button', { name: '一张表（总览）' }).click();
    const panel = page.getByTestId('dashboard-panel');
    const kpis = panel.getByTestId('kpis');
    await kpis.waitFor();
    const value = async (key: string) => (await kpis.locator(`[data-kpi="${key}"] .kpi-value`).innerText()).trim();
    assert.equal(await value('zones'), String(api.totals.zones));
    assert.equal(await value('accepted'), String(api.totals.accepted));
    assert.equal(await value('overdue'), String(api.totals.overdueZones));
    assert.equal(await value('rework'), String(api.totals.reworkEvents));
    assert.equal(await value('completion'), percent(api.totals.completionRate));
    assert.equal(await value('evidence'), percent(api.totals.evidenceRate));
    // Units table: one row per lead unit, with the API's counts.
    const rows = panel.getByTestId('unit-table').locator('tbody tr');
    assert.equal(await rows.count(), api.units.length);
    const firstUnit = await rows.first().getAttribute('data-unit');
    const first = api.units.find((unit) => unit.unit === firstUnit)!;
    assert.match(await rows.first().innerText(), new RegExp(`\\b${first.zones}\\b`));
    // The chart is drawn (ECharts, lazily loaded).
    await panel.locator('[data-testid="status-chart"][data-ready="true"] canvas').first().waitFor();
    // Phases with today marked.
    await panel.getByTestId('phase-timeline').locator('.is-current .today-mark').waitFor();
    // Under each phase what it must produce and whether it has: computed where the product keeps a record, said
    // plainly where it keeps none.
    const timeline = panel.getByTestId('phase-timeline');
    await timeline.locator('.deliverable[data-kind="monthly_reports"]').waitFor();
    assert.match(await timeline.locator('.deliverable[data-kind="commendation"]').innerText(), /系统未跟踪/);
    assert.match(
      await timeline.locator('.deliverable[data-kind="annual_plans"]').innerText(),
      /各牵头部门年度整治计划[\s\S]*期限 \d{4}-02-28/,
    );

    // The overdue figure: only those zones in the list and on the map.
    await kpis.locator('[data-kpi="overdue"]').click();
    await page.getByTestId('selection-chip').waitFor();
    assert.match(
      await page.getByTestId('selection-chip').innerText(),
      new RegExp(`超期区域（${api.totals.overdueZones}）`),
    );
    const listed = await page
      .locator('.zone-row')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-zone-id')));
    assert.deepEqual(new Set(listed), new Set(api.links.overdue));
    await waitForMapIdle(page);
    const drawn = await page.evaluate(
      () =>
        new Set(
          window
            .__jinxiMap!.queryRenderedFeatures(undefined, {
              layers: ['zones-fill', 'zones-line', 'zones-point'].filter((id) => window.__jinxiMap!.getLayer(id)),
            })
            .map((feature) => String(feature.properties.zoneId)),
        ).size,
    );
    assert.ok(drawn > 0 && drawn <= api.links.overdue.length, `the map shows only the overdue zones (${drawn})`);
    await page.getByRole('button', { name: '显示全部区域' }).click();
    await page.getByTestId('selection-chip').waitFor({ state: 'detached' });

    // Look back 120 days: fewer zones existed, the map and figures follow, the URL keeps the day.
    const day = addDays(api.today, -120);
    const earlier = await dashboardAs('leader', `?asOf=${day}`);
    await panel.getByLabel('回看日期').fill(day);
    await panel.getByText(`历史回看：${day} 的情况`).waitFor();
    await page.waitForFunction(
      (expected) => document.querySelector('[data-kpi="zones"] .kpi-value')?.textContent?.trim() === expected,
      String(earlier.totals.zones),
    );
    assert.ok(earlier.totals.zones < api.totals.zones, 'the sample history starts on the zones’ planned start days');
    await page.getByText(`地图显示 ${day} 的情况`).waitFor();
    await page.waitForFunction(
      (count) => document.querySelectorAll('.zone-row').length === count,
      earlier.totals.zones,
    );
    assert.match(page.url(), new RegExp(`asof=${day}`));
    await panel.getByRole('button', { name: '回到今天' }).click();
    await page.waitForFunction((count) => document.querySelectorAll('.zone-row').length === count, api.totals.zones);

    // One definition of a zone's overdue days: the overview's hot list and the zone's panel say the same.
    const hot = api.hotZones[0]!;
    const hotRow = panel.getByTestId('hot-zones').locator('li', { hasText: hot.name });
    assert.match(await hotRow.innerText(), new RegExp(`超期 ${hot.daysLate} 天`));
    await hotRow.getByRole('button').click();
    const zonePanel = page.getByTestId('zone-panel');
    await zonePanel.getByRole('heading', { name: hot.name }).waitFor();
    assert.match(await zonePanel.locator('.overdue-reason').innerText(), new RegExp(`^超期 ${hot.daysLate} 天`));
    assert.equal(await zonePanel.getByText(/已超过计划完成日期/).count(), 0);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('has a dark big-screen mode with large figures that refreshes by itself', async () => {
    const api = await dashboardAs('leader');
    const watched = await openPage(browser, { width: 1920, height: 1080 });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    const requests: number[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/dashboard') requests.push(Date.now());
    });
    await page.clock.install();
    await page.goto(`${server.baseUrl}/big`);
    const screen = page.getByTestId('big-screen');
    await screen.locator('[data-kpi="zones"] .kpi-value').waitFor();
    assert.equal(await screen.locator('[data-kpi="zones"] .kpi-value').innerText(), String(api.totals.zones));
    const background = await screen.evaluate((element) => getComputedStyle(element).backgroundColor);
    assert.equal(background, 'rgb(11, 22, 34)', 'dark');
    const fontSize = await screen
      .locator('[data-kpi="zones"] .kpi-value')
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    assert.ok(fontSize >= 36, `large type (${fontSize}px)`);
    await waitForMapIdle(page);
    const before = requests.length;
    await page.clock.runFor(61_000);
    await page.waitForFunction(() => true);
    await page.waitForTimeout(300);
    assert.ok(requests.length > before, 'the figures were fetched again after a minute');
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
