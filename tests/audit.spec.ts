import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';

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

interface ZoneFeature {
  id: number;
  properties: { name: string; progress: number; version: number };
}

describe('操作日志 for 纪委 (issue 16 item 10)', { timeout: 120_000 }, () => {
  it('on a 390 px phone: filters by person and day, reads before → after in Chinese, exports the filtered log (XLSX, CSV)', async () => {
    // The campaign office sets a zone's progress by hand: the log's newest zone edit.
    const cookie = await apiLogin(server.baseUrl, 'admin');
    const zones = (await (await fetch(`${server.baseUrl}/api/zones`, { headers: { cookie } })).json()) as {
      features: ZoneFeature[];
    };
    const zone = zones.features[0]!;
    const progress = zone.properties.progress === 35 ? 36 : 35;
    const patched = await fetch(`${server.baseUrl}/api/zones/${zone.id}`, {
      method: 'PATCH',
      headers: {
        cookie,
        origin: server.baseUrl,
        'content-type': 'application/json',
        'if-match': `"${zone.properties.version}"`,
      },
      body: JSON.stringify({ properties: { progress } }),
    });
    assert.equal(patched.status, 200, await patched.text());
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'inspector');
    await page.goto(`${server.baseUrl}/admin/audit`);
    await page.getByRole('heading', { name: '操作日志' }).waitFor();
    const search = page.getByRole('search');
    await search.locator('input[name="actor"]').fill('管理员');
    await search.locator('input[name="from"]').fill(today);
    await search.locator('input[name="to"]').fill(today);
    await search.locator('select[name="targetType"]').selectOption('zone');
    const change = `进度（%）：${zone.properties.progress} → ${progress}`;
    const row = page.locator('.audit-table tbody tr', { hasText: change });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /创建办管理员（演示）/);
    assert.match(text, /修改整治区域/);
    assert.ok(text.includes(zone.properties.name), 'the zone by its name');
    const table = await page.locator('.audit-table').innerText();
    assert.doesNotMatch(table, /admin|zone_update|\{|"/, 'no username, code or JSON');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no sideways scrolling');

    // 导出 downloads what the filters select, from the server: a workbook by default, CSV on request.
    const exportLink = page.getByRole('link', { name: '导出', exact: true });
    const [workbook] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    assert.equal(workbook.suggestedFilename(), `操作日志-${today}.xlsx`);
    const xlsx = await readFile((await workbook.path())!);
    assert.ok(xlsx.length > 1000 && xlsx.subarray(0, 2).toString() === 'PK', 'a workbook (zip)');
    await page.locator('select[name="exportFormat"]').selectOption('csv');
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    assert.equal(download.suggestedFilename(), `操作日志-${today}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    assert.ok(csv.startsWith('\uFEFF时间,操作人,单位,操作,对象,结果,变更,理由\r\n'), 'BOM and Chinese columns');
    const lines = csv.trim().split('\r\n').slice(1);
    assert.ok(lines.length >= 1);
    assert.ok(
      lines.every((line) => line.startsWith(`${today} `) && line.includes('创建办管理员（演示）')),
      'only the filtered person and day',
    );
    assert.ok(lines.some((line) => line.includes(change)));
    assert.doesNotMatch(csv, /admin|zone_update/);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
