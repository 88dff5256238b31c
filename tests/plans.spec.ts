import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import { campaignYearFor } from '../src/shared/campaign/campaign';
import { shanghaiDay } from '../src/shared/time/dates';

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

// The sample year's plans are seeded (示例数据); the flow drafts next year's, which nobody has yet.
const YEAR = campaignYearFor(shanghaiDay()) + 1;
const COMMENT = '请补充专人联系方式';

describe('the annual plan loop in the browser: unit (phone) → office → unit → office', { timeout: 120_000 }, () => {
  it('is drafted and submitted, returned with a comment, submitted again, approved and summarised', async () => {
    const unit = await openPage(browser, { width: 360, height: 740, isMobile: true });
    await loginAs(unit, server.baseUrl, 'water');
    await unit.page.goto(`${server.baseUrl}/plans?year=${YEAR}`);
    await unit.page.getByRole('button', { name: '起草年度计划' }).click();
    const detail = unit.page.getByTestId('plan-detail');
    await detail.getByTestId('plan-state').getByText('草稿').waitFor();
    // A project from one of the unit's zones, with its named person and funds.
    const pick = detail.locator('select[name="zone-pick"]');
    await pick.locator('option').nth(1).waitFor({ state: 'attached' });
    await pick.selectOption({ index: 1 });
    await detail.getByRole('button', { name: '添加区域' }).click();
    await detail.locator('input[name="person"]').fill('周工');
    await detail.locator('input[name="budget"]').fill('35.5');
    await detail.getByRole('button', { name: '报送创建办' }).click();
    await detail.getByTestId('plan-state').getByText('待审核').waitFor();
    const overflow = await unit.page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(overflow <= 360, `the plan page is ${overflow}px wide on a 360px screen`);

    // The office returns it with a comment.
    const office = await openPage(browser);
    await loginAs(office, server.baseUrl, 'admin');
    await office.page.goto(`${server.baseUrl}/plans?year=${YEAR}`);
    const row = office.page.getByTestId('plans-table').locator('tr[data-unit="shuilizhan"]');
    await row.getByText('待审核').waitFor();
    await row.getByRole('button').click();
    const review = office.page.getByTestId('plan-detail');
    await review.getByText('周工').waitFor();
    await review.locator('textarea[name="comment"]').fill(COMMENT);
    await review.getByRole('button', { name: '退回修改' }).click();
    await review.getByTestId('plan-state').getByText('已退回').waitFor();

    // The unit reads the comment, corrects the plan and submits it again.
    await unit.page.reload();
    await detail.getByTestId('plan-comment').getByText(COMMENT).waitFor();
    await detail.locator('input[name="person"]').fill('周工 13800000000');
    await detail.getByRole('button', { name: '报送创建办' }).click();
    await detail.getByTestId('plan-state').getByText('待审核').waitFor();
    await detail.getByTestId('plan-history').getByText('退回').waitFor();

    // The office approves it; the town plan shows it.
    await office.page.reload();
    await review.getByText('周工 13800000000').waitFor();
    await review.getByRole('button', { name: '审核通过' }).click();
    await review.getByTestId('plan-state').getByText('已审核通过').waitFor();
    await office.page.getByRole('link', { name: '计划汇总表（打印）' }).click();
    const summary = office.page.getByTestId('plan-summary');
    const line = summary.locator('tr[data-lead-unit="shuilizhan"]');
    await line.locator('td[data-field="person"]').getByText('周工 13800000000').waitFor();
    assert.equal(await line.locator('td[data-field="budget"]').textContent(), '35.5');
    assert.equal(await line.locator('td[data-field="leadUnit"]').textContent(), '水利站');

    assert.deepEqual(unit.problems, []);
    assert.deepEqual(office.problems, []);
    await unit.context.close();
    await office.context.close();
  });
});
