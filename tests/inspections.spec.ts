import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import { makeTestPhoto } from '../src/testing/images';
import type { InspectionOverview, MonthlyInspection } from '../src/shared/checklists/inspections';
import { monthOfDay } from '../src/shared/checklists/inspections';
import type { QuarterlyCheck } from '../src/shared/checks/checks';
import { quarterOf } from '../src/shared/checks/checks';
import { shanghaiDay } from '../src/shared/time/dates';
import { formatMonth, formatQuarter } from '../src/lib/format';

/** 月度自查 on a phone (360 px): the R5 lead unit fills the checklist with a photo; the inspector scores a 季检查 on it. */
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

async function api<T>(username: string, path: string): Promise<T> {
  const cookie = await apiLogin(server.baseUrl, username);
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
  assert.equal(response.status, 200, path);
  return (await response.json()) as T;
}

const R5_MET = ['hoarding', 'soil-covered', 'roads-hardened', 'wash-facility', 'materials-stacked'];

describe('monthly self-inspection and the 季检查 on the same sheet, on a phone', { timeout: 120_000 }, () => {
  it('the R5 lead unit inspects a site with a photo, then the inspector scores the quarter on the sheet', async () => {
    const today = shanghaiDay();
    const month = monthOfDay(today);
    const overview = await api<InspectionOverview>('jianguan', `/api/inspections?month=${month}`);
    const zone = overview.uninspected.find((entry) => entry.zoneCategory === 'R5');
    assert.ok(zone, 'the sample data has an R5 site not inspected this month');

    const watched = await openPage(browser, { width: 360, height: 780, isMobile: true });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'jianguan');
    // From the unit's work list: the zones still to self-inspect this month.
    await page.goto(`${server.baseUrl}/work`);
    await page.getByTestId('inspections-due').locator('button', { hasText: zone.zoneName }).click();
    await page.waitForURL(new RegExp(`[?&]zone=${zone.zoneId}`));
    const section = page.getByTestId('zone-panel').getByRole('region', { name: '月度自查' });
    await section.getByRole('button', { name: `月度自查（${formatMonth(month, 'zh-CN')}）` }).click();
    const form = section.getByRole('form', { name: `${formatMonth(month, 'zh-CN')} 月度自查` });
    const sheet = form.getByTestId('checklist-sheet');
    for (const id of R5_MET)
      await sheet.locator(`[data-check="${id}"]`).getByRole('button', { name: '符合', exact: true }).click();
    await sheet.locator('[data-check="settling-tank"]').getByRole('button', { name: '不符合' }).click();
    // 沉淀池 (15) not met, 渣土运输 left as 不适用: 80 of 95 → 84, shown before sending.
    await sheet.getByText('当前得分 84 分').waitFor();
    const overflow = await form.evaluate((element) => element.scrollWidth - element.clientWidth);
    assert.ok(overflow <= 0, `the form fits 360 px (overflows by ${overflow} px)`);
    const tap = await sheet
      .locator('[data-check="hoarding"]')
      .getByRole('button', { name: '符合', exact: true })
      .boundingBox();
    assert.ok(tap && tap.height >= 44, 'a toggle is a big tap target');
    await form.locator('input[type="file"]').setInputFiles({
      name: 'site.jpg',
      mimeType: 'image/jpeg',
      buffer: await makeTestPhoto({ width: 320, height: 240 }),
    });
    await form.getByRole('img', { name: '自查照片 1' }).waitFor();
    await form.locator('textarea[name="inspection-note"]').fill('沉淀池未建');
    await form.getByRole('button', { name: '提交自查' }).click();
    const entry = section.locator('.check-entry');
    await entry.getByText('84 分').waitFor();
    await entry.getByText('未达要求：设置排水沟、沉淀池').waitFor();
    await entry.getByRole('img', { name: '自查照片 1' }).waitFor();
    const [inspection] = await api<MonthlyInspection[]>('leader', `/api/zones/${zone.zoneId}/inspections`);
    assert.equal(inspection?.score, 84);
    assert.equal(inspection?.photoIds.length, 1);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();

    const inspector = await openPage(browser, { width: 360, height: 780, isMobile: true });
    await loginAs(inspector, server.baseUrl, 'inspector');
    await inspector.page.goto(`${server.baseUrl}/?zone=${zone.zoneId}`);
    const checks = inspector.page.getByTestId('zone-panel').getByRole('region', { name: '季检查' });
    const quarter = formatQuarter(quarterOf(today), 'zh-CN');
    await checks.getByRole('button', { name: `记录 ${quarter} 季检查` }).click();
    const checkForm = checks.getByRole('form', { name: `${quarter} 季检查` });
    assert.equal(await checkForm.locator('input[name="check-score"]').count(), 0, 'no typed score on a sheet');
    const checkSheet = checkForm.getByTestId('checklist-sheet');
    for (const id of [...R5_MET, 'settling-tank'])
      await checkSheet.locator(`[data-check="${id}"]`).getByRole('button', { name: '符合', exact: true }).click();
    await checkSheet.getByText('当前得分 100 分').waitFor();
    await checkForm.getByLabel('通过', { exact: true }).check();
    await checkForm.getByRole('button', { name: '保存检查结果' }).click();
    await checks.locator('.check-entry').getByText('100 分').waitFor();
    await checks.locator('.check-entry').getByText('各检查项均符合。').waitFor();
    const [check] = await api<QuarterlyCheck[]>('leader', `/api/zones/${zone.zoneId}/checks`);
    assert.equal(check?.score, 100);
    assert.equal(check?.answers?.['settling-tank'], true);
    assert.deepEqual(inspector.problems, []);
    await inspector.context.close();
  });
});
