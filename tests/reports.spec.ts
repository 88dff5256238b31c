import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import type { AssessmentReport, MonthlyReport } from '../src/shared/reports/assessment';

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

async function api<T>(path: string, username = 'admin'): Promise<T> {
  const cookie = await apiLogin(server.baseUrl, username);
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
  assert.equal(response.status, 200, path);
  return (await response.json()) as T;
}

const FIGURES = ['planned', 'started', 'finished', 'overdue', 'rework', 'photos', 'supervisions'] as const;

describe('月报告 and 年考核 in the browser', { timeout: 180_000 }, () => {
  let month = '';

  it('the monthly page shows the API’s figures for the water station and the town, reached from the user menu', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(server.baseUrl + '/');
    await page.getByLabel('用户菜单').click();
    await page.getByRole('link', { name: '年考核' }).waitFor();
    await page.getByRole('link', { name: '月报告' }).click();
    const table = page.getByTestId('monthly-table');
    await table.waitFor();
    month = await page.locator('input[type="month"]').inputValue();
    assert.match(month, /^\d{4}-\d{2}$/);
    const report = await api<MonthlyReport>(`/api/reports/monthly?month=${month}`, 'leader');
    const water = report.units.find((unit) => unit.unit === 'shuilizhan')!;
    const row = table.locator('tr[data-unit="shuilizhan"]');
    assert.equal(await row.locator('th').innerText(), '水利站');
    for (const figure of FIGURES) {
      assert.equal(await row.locator(`td[data-figure="${figure}"]`).innerText(), String(water[figure]), figure);
    }
    const town = page.getByTestId('town-summary');
    for (const figure of FIGURES) {
      assert.equal(await town.locator(`td[data-figure="${figure}"]`).innerText(), String(report.town[figure]), figure);
    }
    assert.ok(report.town.overdue > 0, 'the sample data has overdue tasks');
    assert.equal(await table.locator('tbody tr').count(), report.units.length);
    // The map snapshot draws every zone; a leader cannot edit the commentary.
    const zones = await api<{ features: unknown[] }>('/api/zones', 'leader');
    assert.equal(await page.getByTestId('zone-snapshot').locator('path, circle').count(), zones.features.length);
    assert.equal(await page.getByRole('button', { name: /编辑点评/ }).count(), 0);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('the campaign office edits a commentary in place; it persists, shown as text', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/reports/monthly?month=${month}`);
    await page.getByTestId('monthly-table').waitFor();
    const text = '水利站本月完成雨水口清掏 <b>加粗</b> =1+1';
    await page.getByRole('button', { name: '编辑点评：水利站' }).click();
    await page.getByRole('textbox', { name: '点评：水利站' }).fill(text);
    await page.getByRole('button', { name: '保存点评' }).click();
    const shown = page.getByTestId('commentary-text-shuilizhan');
    await shown.filter({ hasText: '水利站本月完成' }).waitFor();
    assert.equal(await shown.innerText(), text);
    assert.equal(await shown.locator('b').count(), 0, 'user text is never markup');
    await page.getByRole('button', { name: '编辑点评：全镇汇总' }).click();
    await page.getByRole('textbox', { name: '点评：全镇汇总' }).fill('全镇整治稳步推进');
    await page.getByRole('button', { name: '保存点评' }).click();
    await page.getByTestId('commentary-text-town').filter({ hasText: '全镇整治稳步推进' }).waitFor();

    await page.reload();
    await page.getByTestId('commentary-text-shuilizhan').filter({ hasText: '水利站本月完成' }).waitFor();
    const report = await api<MonthlyReport>(`/api/reports/monthly?month=${month}`);
    assert.equal(report.units.find((unit) => unit.unit === 'shuilizhan')!.commentary?.text, text);
    assert.equal(report.town.commentary?.text, '全镇整治稳步推进');
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('the annual page ranks the units in the API’s order', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'water');
    const year = Number(month.slice(0, 4));
    await page.goto(`${server.baseUrl}/reports/annual?year=${year}`);
    const table = page.getByTestId('annual-table');
    await table.locator('tbody tr').first().waitFor();
    const report = await api<AssessmentReport>(`/api/assessment?year=${year}`, 'water');
    const shown = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-unit')));
    assert.deepEqual(
      shown,
      report.units.map((unit) => unit.unit),
    );
    assert.ok(
      report.units.some((unit) => unit.rank !== null),
      'the sample data gives some units a score',
    );
    const first = report.units[0]!;
    const firstRow = table.locator(`tr[data-unit="${first.unit}"]`);
    assert.equal(await firstRow.locator('[data-field="rank"]').innerText(), '1');
    assert.equal(await firstRow.locator('[data-field="composite"]').innerText(), first.composite!.toFixed(1));
    assert.equal(await firstRow.locator('[data-field="grade"]').innerText(), first.grade);
    const unscored = report.units.find((unit) => unit.unranked === 'no-tasks');
    if (unscored) {
      assert.equal(
        await table.locator(`tr[data-unit="${unscored.unit}"] [data-field="composite"]`).innerText(),
        '无考核任务',
      );
    }
    // Units with too little work are not ranked with a made-up score: 不参与排名, with the threshold.
    const few = report.units.filter((unit) => unit.unranked === 'too-few-tasks');
    assert.ok(few.length > 0, 'the sample data has units with fewer than 3 tasks due');
    for (const unit of few) {
      assert.ok(unit.indicators.expected < report.config.minTasks!);
      const row = table.locator(`tr[data-unit="${unit.unit}"]`);
      assert.equal(await row.locator('[data-field="composite"]').innerText(), '不参与排名（应完成任务少于 3 项）');
      assert.equal(await row.locator('[data-field="rank"]').innerText(), '—');
    }
    await page.getByTestId('ranking-threshold').getByText('应完成任务少于 3 项的单位不参与排名').waitFor();
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('prints on A4 without the header and buttons', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/reports/monthly?month=${month}`);
    await page.getByTestId('zone-snapshot').waitFor();
    const header = page.locator('.app-header');
    assert.notEqual(await header.evaluate((node) => getComputedStyle(node).display), 'none');
    // Located before print media: hidden elements have no role.
    const print = page.locator('.report-toolbar button', { hasText: '打印' });
    await print.waitFor();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await header.evaluate((node) => getComputedStyle(node).display), 'none');
    assert.equal(await print.evaluate((node) => getComputedStyle(node).display), 'none');
    const rowBreak = await page
      .locator('.report-table tbody tr')
      .first()
      .evaluate((node) => getComputedStyle(node).breakInside);
    assert.equal(rowBreak, 'avoid');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000, `a PDF of ${pdf.length} bytes`);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${server.baseUrl}/reports/annual`);
    await page.getByTestId('annual-table').waitFor();
    await page.emulateMedia({ media: 'print' });
    assert.ok((await page.pdf({ format: 'A4' })).length > 5_000);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
