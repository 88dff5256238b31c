import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import Papa from 'papaparse';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import { generateCases, generatorAreaFrom } from '../src/shared/cases/case-generator';
import { PLATFORM_CSV_HEADERS, platformCsvRow } from '../src/shared/cases/case-csv';
import { loadCampaignConfig, loadProblemCodes, loadSampleData } from '../src/server/platform/data-files';

/** 数字城管 cases in the browser: a few thousand imported cases filtered by 大类 and time, the workflow, reporting. */
let server: RunningServer;
let browser: Browser;
const IMPORTED = 3000;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Import a few thousand generated cases of 2025 through the platform-CSV import, as the office would.
  const codes = loadProblemCodes();
  const sample = loadSampleData();
  const cases = generateCases({
    count: IMPORTED,
    seed: 8,
    codes,
    area: generatorAreaFrom(sample.basemap, sample.places),
    from: '2025-01-01T00:00:00+08:00',
    to: '2026-01-01T00:00:00+08:00',
    now: '2026-01-01T00:00:00+08:00',
  });
  const unitNames = new Map(loadCampaignConfig().units.map((unit) => [unit.id, unit.name]));
  const codeMap = new Map(codes.map((code) => [code.code, code]));
  const csv = Papa.unparse({
    fields: [...PLATFORM_CSV_HEADERS],
    data: cases.map((cityCase) => platformCsvRow(cityCase, codeMap, unitNames)),
  });
  const form = new FormData();
  form.append('mode', 'commit');
  form.append('file', new Blob([csv]), 'export.csv');
  const cookie = await apiLogin(server.baseUrl, 'admin');
  const response = await fetch(`${server.baseUrl}/api/cases/import`, {
    method: 'POST',
    headers: { cookie, origin: server.baseUrl },
    body: form,
  });
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(((await response.json()) as { inserted: number }).inserted, IMPORTED);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function countOf(query: string): Promise<number> {
  const cookie = await apiLogin(server.baseUrl, 'leader');
  const response = await fetch(`${server.baseUrl}/api/cases?${query}&limit=1`, { headers: { cookie } });
  return ((await response.json()) as { total: number }).total;
}

describe('cases in the browser', { timeout: 180_000 }, () => {
  it('lists thousands of cases, labels generated ones, and filters by 大类 and report time', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(`${server.baseUrl}/cases`);
    await page.getByTestId('cases-page').waitFor();
    const total = page.getByTestId('cases-total');
    await total.filter({ hasText: /共 \d+ 件/ }).waitFor();
    const all = await countOf('');
    assert.ok(all >= IMPORTED, `at least the ${IMPORTED} imported cases (${all})`);
    assert.equal(await total.innerText(), `共 ${all} 件`);
    assert.equal(await page.getByTestId('case-row').count(), 50);
    assert.ok((await page.locator('.synthetic-badge', { hasText: '生成的示例数据' }).count()) >= 50);
    // 街面秩序 (09) in March 2025.
    await page.getByLabel('大类').selectOption('09');
    await page.getByLabel('上报日期起').fill('2025-03-01');
    await page.getByLabel('上报日期止').fill('2025-03-31');
    const expected = await countOf('major=09&from=2025-03-01&to=2025-03-31');
    assert.ok(expected > 10 && expected < IMPORTED / 4, `a real subset (${expected})`);
    await total.filter({ hasText: `共 ${expected} 件` }).waitFor();
    const codes = await page.getByTestId('case-row').locator('td:nth-child(2)').allInnerTexts();
    assert.ok(codes.length > 0 && codes.every((text) => text.startsWith('09')), 'only 街面秩序 codes');
    const times = await page.getByTestId('case-row').locator('td:nth-child(5)').allInnerTexts();
    assert.ok(
      times.every((text) => text >= '2025-03-01' && text <= '2025-03-31 23:59'),
      'only March 2025',
    );
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('lets an inspector report a case on a phone and the office and the unit take it through the workflow', async () => {
    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'inspector');
    await page.goto(`${server.baseUrl}/cases`);
    await page.getByRole('button', { name: '上报案件' }).click();
    const form = page.getByTestId('case-report');
    await form.getByLabel('搜索问题类型').fill('积水');
    await form.locator('select[name="code"]').selectOption('10001');
    const map = form.getByTestId('case-tap-map');
    await map.click({ position: { x: 200, y: 120 } });
    assert.match(await form.getByTestId('case-point').innerText(), /^120\.\d+, 31\.\d+$/);
    await form.getByLabel('问题描述').fill('长寿路桥下道路积水约 20 厘米');
    await form.getByRole('button', { name: '提交' }).click();
    const detail = page.getByTestId('case-detail');
    await detail.getByTestId('case-status').filter({ hasText: '待受理' }).waitFor();
    const caseNo = (await detail.locator('h2').innerText()).trim();
    assert.match(caseNo, /^JX\d{12}$/);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();

    const office = await openPage(browser);
    await loginAs(office, server.baseUrl, 'admin');
    await office.page.goto(`${server.baseUrl}/cases`);
    await office.page.getByRole('button', { name: caseNo }).click();
    const officeDetail = office.page.getByTestId('case-detail');
    await officeDetail.getByRole('button', { name: '立案' }).click();
    await officeDetail.getByTestId('case-status').filter({ hasText: '已立案' }).waitFor();
    await officeDetail.getByRole('button', { name: '派遣' }).click();
    await officeDetail.locator('select[name="unitId"]').selectOption('shuilizhan');
    await officeDetail.getByRole('button', { name: '确定' }).click();
    await officeDetail.getByTestId('case-status').filter({ hasText: '已派遣' }).waitFor();
    const steps = await officeDetail.getByTestId('case-steps').locator('li').allInnerTexts();
    assert.deepEqual(
      steps.map((text) => text.replace(/^\S+ \S+ /, '').split(' ')[0]),
      ['上报', '立案', '派遣'],
    );
    assert.deepEqual(office.problems, []);
    await office.context.close();
  });

  it('lets the office import a platform export: preview with mapping and row problems, then commit the valid rows', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/cases`);
    await page.getByRole('button', { name: '导入平台案件' }).click();
    const panel = page.getByTestId('case-import');
    const csv = [
      '案件编号,问题来源,大类,小类,问题编码,问题描述,经度,纬度,上报时间,处置部门,案件状态',
      'UI-0001,监督员上报,市容环境,暴露垃圾,06010,桥头垃圾,120.905,31.178,2025-05-06 08:30,环卫所,已派遣',
      'UI-0002,公众举报,街面秩序,占道经营,09006,早市占道,120.906,31.179,2025/5/6 7:05,,待受理',
      'UI-0003,公众举报,其他,不存在,99999,未知问题,120.906,31.179,2025/5/6 7:05,,待受理',
    ].join('\r\n');
    await panel.locator('input[type="file"]').setInputFiles({
      name: 'export.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${csv}`, 'utf8'),
    });
    await panel.getByRole('button', { name: '预览' }).click();
    const report = panel.getByTestId('case-import-report');
    await report.filter({ hasText: '共 3 行：有效 2 行，有问题 1 行' }).waitFor();
    assert.equal(await panel.getByLabel('案件编号').inputValue(), '案件编号');
    assert.match(await panel.getByTestId('case-import-errors').innerText(), /第 4 行：unknown problem code 99999/);
    await panel.getByLabel('跳过有问题的行，只导入有效行').check();
    await panel.getByRole('button', { name: '导入 2 行' }).click();
    await panel.getByText('已导入 2 件，已存在 0 件，跳过 1 行').waitFor();
    assert.equal(await countOf('status=dispatched&from=2025-05-06&to=2025-05-06&code=06010'), 1);
    // The office edits a code's 处置时限.
    await page.getByRole('button', { name: '处置时限', exact: true }).click();
    const limits = page.getByTestId('case-time-limits');
    await limits.getByLabel('06011 处置时限（小时）').fill('6');
    await limits.locator('tr', { hasText: '06011' }).getByRole('button', { name: '保存' }).click();
    await limits
      .locator('tr', { hasText: '06011' })
      .getByRole('button', { name: '保存' })
      .and(page.locator(':disabled'))
      .waitFor();
    const cookie = await apiLogin(server.baseUrl, 'admin');
    const codes = (await (await fetch(`${server.baseUrl}/api/case-codes`, { headers: { cookie } })).json()) as {
      codes: { code: string; timeLimitHours: number }[];
    };
    assert.equal(codes.codes.find((code) => code.code === '06011')!.timeLimitHours, 6);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('shows the cases inside a zone in its panel and flags a new case in an accepted zone as 复发', async () => {
    const cookie = await apiLogin(server.baseUrl, 'inspector');
    const zones = (await (
      await fetch(`${server.baseUrl}/api/zones?status=accepted`, { headers: { cookie } })
    ).json()) as {
      features: { id: string; geometry: { type: string; coordinates: number[][][] } }[];
    };
    const area = zones.features.find((feature) => feature.geometry.type === 'Polygon')!;
    const ring = area.geometry.coordinates[0]!;
    const lon = ring.reduce((sum, position) => sum + position[0]!, 0) / ring.length;
    const lat = ring.reduce((sum, position) => sum + position[1]!, 0) / ring.length;
    const response = await fetch(`${server.baseUrl}/api/cases`, {
      method: 'POST',
      headers: { cookie, origin: server.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ code: '06010', lon, lat, description: '验收后又出现暴露垃圾' }),
    });
    assert.equal(response.status, 201);
    const cityCase = (await response.json()) as { zoneId: string | null };
    assert.equal(cityCase.zoneId, area.id, 'joined to the zone on write');
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(`${server.baseUrl}/?zone=${area.id}`);
    const section = page.getByTestId('zone-panel').getByTestId('zone-cases');
    await section.waitFor();
    assert.match(await section.getByTestId('zone-relapse').innerText(), /复发：验收后新增 \d+ 件案件/);
    assert.match(await section.innerText(), /待受理 \d+/);
    // The new case's problem code comes with its name, never the bare code.
    await section.getByText('06010 暴露垃圾').first().waitFor();
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
