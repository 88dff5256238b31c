import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import { startWebhookReceiver, type WebhookReceiver } from '../src/testing/webhook-receiver';
import type { NotificationRules } from '../src/shared/notifications/notification';

let server: RunningServer;
let browser: Browser;
let robot: WebhookReceiver;
before(async () => {
  robot = await startWebhookReceiver();
  server = await startServer({ NOTIFY_POLL_MS: '200' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await robot?.close();
});

const WIDTH = 390;

describe('the office’s notification settings and the weekly briefing (phone, 390 px)', { timeout: 180_000 }, () => {
  it('sets a unit’s group robot and tests it, edits a rule (a bad value is named, nothing lost), opens the 周报', async () => {
    const watched = await openPage(browser, { width: WIDTH, height: 800, isMobile: true });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/supervisions`);
    await page.locator('.user-menu summary').click();
    await page.getByRole('link', { name: '通知设置' }).click();
    await page.getByRole('heading', { name: '通知设置' }).waitFor();

    // The water station's 企业微信 robot: set, shown as set (never the key), and a test message arrives.
    const unit = page.locator('details[data-unit="shuilizhan"]');
    await unit.locator('summary').click();
    const wecom = unit.getByRole('form', { name: '水利站的企业微信群机器人' });
    await wecom.locator('input[name="robot-url"]').fill('https://example.org/hook');
    await wecom.getByRole('button', { name: '保存' }).click();
    await wecom.getByText('群机器人网址不正确').waitFor();
    await wecom.locator('input[name="robot-url"]').fill(`${robot.url}/cgi-bin/webhook/send?key=spec-key`);
    await wecom.getByRole('button', { name: '保存' }).click();
    await wecom.getByText('企业微信群机器人已保存。').waitFor();
    await wecom
      .getByTestId('robot-state')
      .getByText(/^已设置/)
      .waitFor();
    assert.doesNotMatch(await page.locator('main, body').first().innerText(), /spec-key/);
    await wecom.getByRole('button', { name: '发送测试消息' }).click();
    await wecom.getByText('测试消息已加入发送队列').waitFor();
    for (let wait = 0; wait < 50 && !robot.received.length; wait += 1) await page.waitForTimeout(100);
    assert.deepEqual(robot.received[0]?.body, {
      msgtype: 'markdown',
      markdown: {
        content: `## 测试消息：水利站\n> 这是“一张图”发给水利站群的测试消息，收到即说明群机器人设置正确。\n[在“一张图”中打开](/)`,
      },
    });

    // A rule: the 3-days-late rule emptied is refused by the server in words, the draft kept; then 2 days is saved.
    const rule = page.getByTestId('notify-rule').nth(2);
    const days = rule.locator('input[name="rule-after-days"]');
    assert.equal(await days.inputValue(), '3');
    await days.fill('');
    await page.getByRole('button', { name: '保存通知规则' }).click();
    await page.getByText('第 3 条规则（任务逾期）：逾期天数应为 0 到 365 之间的整数。').waitFor();
    assert.equal(await days.getAttribute('aria-invalid'), 'true');
    await days.fill('2');
    await page.getByRole('button', { name: '保存通知规则' }).click();
    await page.getByText('通知规则已保存。').waitFor();
    const cookie = await apiLogin(server.baseUrl, 'admin');
    const saved = (await (
      await fetch(`${server.baseUrl}/api/notifications/rules`, { headers: { cookie } })
    ).json()) as {
      source: string;
      rules: NotificationRules;
    };
    assert.equal(saved.source, 'office');
    assert.deepEqual(
      saved.rules.rules.filter((entry) => entry.event === 'task_overdue').map((entry) => entry.afterDays),
      [1, 2, 7],
    );
    if (process.env.SPEC_SHOTS) await page.screenshot({ path: '/tmp/u20-settings.png', fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= WIDTH, `the settings page is ${width}px wide on a ${WIDTH}px screen`);

    // The weekly briefing from the reports menu, printable.
    await page.locator('.user-menu summary').click();
    await page.getByRole('link', { name: '周报' }).click();
    await page.getByRole('heading', { name: /周报（\d{4}年第\d{1,2}周）/ }).waitFor();
    await page.getByTestId('weekly-ranking').waitFor();
    const overdue = await page.getByRole('heading', { name: /^逾期任务（\d+ 项）$/ }).innerText();
    const api = (await (await fetch(`${server.baseUrl}/api/reports/weekly`, { headers: { cookie } })).json()) as {
      overdueTotal: number;
    };
    assert.equal(overdue, `逾期任务（${api.overdueTotal} 项）`);
    const weeklyWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(weeklyWidth <= WIDTH, `the briefing is ${weeklyWidth}px wide on a ${WIDTH}px screen`);
    if (process.env.SPEC_SHOTS) await page.screenshot({ path: '/tmp/u20-weekly.png', fullPage: true });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('button', { name: '发送到领导群' }).isVisible(), false);
    assert.equal(await page.locator('.app-header').isVisible(), false);
    await page.emulateMedia({ media: 'screen' });
    // No town-wide group on this server: the office is told so in words.
    await page.getByRole('button', { name: '发送到领导群' }).click();
    await page.getByText('尚未设置全镇群机器人').waitFor();

    // The two refusals the test provoked, nothing else.
    assert.deepEqual(
      watched.problems
        .filter((problem) => !/^console: Failed to load resource: .* (400|409)/.test(problem))
        .map((problem) => problem.replace(/http:\/\/[\d.:]+/, '')),
      [
        'http 400: /api/notifications/webhooks/shuilizhan/wecom',
        'http 400: /api/notifications/rules',
        'http 409: /api/reports/weekly/send',
      ],
    );
    await watched.context.close();
  });
});
