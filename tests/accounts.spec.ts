import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';

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

/** Log in through the form, as a person would. */
async function logInWithForm(page: Page, username: string, password = 'jinxi-demo') {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

async function openUserMenu(page: Page) {
  await page.locator('.user-menu summary').click();
  await page.locator('.user-menu-body').waitFor();
}

describe('accounts and roles in the browser', { timeout: 180_000 }, () => {
  it('shows a visitor only the login page, then the map after logging in as the leader, who can 督办 but not administer', async () => {
    const { page, context, problems } = await openPage(browser);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${server.baseUrl}/?zone=2`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    assert.equal(await page.locator('.maplibregl-canvas').count(), 0, 'no map for visitors');
    assert.deepEqual(
      // The session, the client settings and the towns' names for the login form's choice: nothing protected.
      requests.filter(
        (path) => path.startsWith('/api/') && !['/api/session', '/api/config', '/api/towns'].includes(path),
      ),
      [],
      'a visitor’s page asks for no protected data',
    );

    await logInWithForm(page, 'leader', 'wrong-password');
    await page.getByText('用户名或密码错误。').waitFor();
    // That refused login is the one expected error response.
    assert.equal(problems.filter((problem) => /401/.test(problem)).length, 2);
    problems.length = 0;

    await logInWithForm(page, 'leader');
    await waitForMapIdle(page);
    // The deep link survives the login.
    await page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    assert.match(await page.locator('.user-menu summary').innerText(), /镇领导（演示）[\s\S]*镇领导/);
    await openUserMenu(page);
    const menu = await page.locator('.user-menu-body').innerText();
    assert.doesNotMatch(menu, /账号管理|操作日志/, 'no admin pages for a leader');
    await page.locator('.user-menu summary').click();

    // 督办: the leader marks the zone with a note and a deadline.
    await page.getByRole('button', { name: '发起督办', exact: true }).click();
    await page.locator('textarea[name="supervision-note"]').fill('汛前务必完成雨水箅子更换');
    const deadline = await page.locator('input[name="supervision-deadline"]').getAttribute('min');
    await page.locator('input[name="supervision-deadline"]').fill(deadline!);
    await page.getByRole('button', { name: '提交督办' }).click();
    await page.locator('.supervision-list li', { hasText: '汛前务必完成雨水箅子更换' }).waitFor();
    await page.locator('.zone-row[data-zone-id="2"] .supervision-flag').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('logs the water station in with its unit shown, without 督办 or admin controls', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${server.baseUrl}/?zone=1`);
    await logInWithForm(page, 'water');
    await waitForMapIdle(page);
    await page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    assert.match(await page.locator('.user-menu summary').innerText(), /水利站（演示）/);
    await openUserMenu(page);
    assert.match(await page.locator('.user-facts').innerText(), /责任单位 · 水利站\n登录名 water/);
    assert.doesNotMatch(await page.locator('.user-menu-body').innerText(), /账号管理|操作日志/);
    assert.equal(await page.getByRole('button', { name: '发起督办', exact: true }).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('lets admin create an account that can then log in, and logging out returns to the login page', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(server.baseUrl);
    await logInWithForm(page, 'admin');
    await waitForMapIdle(page);
    await openUserMenu(page);
    await page.getByRole('link', { name: '账号管理' }).click();
    await page.getByRole('heading', { name: '账号管理' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/accounts');
    // The heading shows before the accounts arrive; the rows come in one answer.
    await page.locator('.accounts-table tbody tr').first().waitFor();
    assert.equal(
      await page.locator('.accounts-table tbody tr').count(),
      8 + 23,
      'the eight demo accounts (county among them) and one for each of the 3 社区 and 20 村',
    );

    const form = page.getByRole('form', { name: '新建账号' });
    await form.locator('input[name="new-username"]').fill('zhou.min');
    await form.locator('input[name="new-display-name"]').fill('周敏');
    await form.locator('select[name="new-role"]').selectOption('unit');
    await form.locator('select[name="new-unit"]').selectOption('huanweisuo');
    await form.locator('input[name="new-password"]').fill('huanwei-2026-pass');
    await form.getByRole('button', { name: '创建' }).click();
    await page.getByText('已创建账号 zhou.min').waitFor();
    await page.locator('tr[data-username="zhou.min"]').waitFor();

    // The audit log shows the creation.
    await openUserMenu(page);
    await page.getByRole('link', { name: '操作日志' }).click();
    await page.locator('tr[data-action="user_created"]').first().waitFor();

    await openUserMenu(page);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    // The login page asks for the towns' names; leaving before the answer would cancel that request.
    await page.waitForLoadState('networkidle');
    await page.goto(server.baseUrl);
    await logInWithForm(page, 'zhou.min', 'huanwei-2026-pass');
    await waitForMapIdle(page);
    assert.match(await page.locator('.user-menu summary').innerText(), /周敏/);
    await openUserMenu(page);
    assert.match(await page.locator('.user-facts').innerText(), /环卫所/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('logs a village in on a phone from the folded 村 list, and its work list holds only its own tasks', async () => {
    const { page, context, problems } = await openPage(browser, { width: 360, height: 740, isMobile: true });
    await page.goto(server.baseUrl);
    // The 社区 and 村 accounts are folded in two groups under the departments' list.
    const villages = page.locator('details.demo-unit-accounts[data-kind="village"]');
    assert.match(await villages.locator('summary').innerText(), /村（20 个）/);
    assert.equal(await page.locator('button[data-username="qiuzecun"]').isVisible(), false, 'folded at first');
    await villages.locator('summary').click();
    await page.locator('button[data-username="qiuzecun"]', { hasText: '虬泽村' }).click();
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await waitForMapIdle(page);
    assert.match(await page.locator('.user-menu summary').innerText(), /虬泽村（演示）/);
    // The map page's lazy parts still arriving would be cancelled by leaving now.
    await page.waitForLoadState('networkidle');
    await page.goto(`${server.baseUrl}/work`);
    const rows = page.getByTestId('work-list').locator('.work-item');
    await rows.first().waitFor();
    const zonesOfRows = await page.getByTestId('work-list').locator('.work-zone').allInnerTexts();
    assert.ok(zonesOfRows.length >= 3, 'its tasks');
    for (const zone of zonesOfRows) assert.match(zone, /虬泽村长效管理责任区/, 'only its own zone’s tasks');
    const meta = await page.getByTestId('work-list').locator('.work-meta').allInnerTexts();
    for (const line of meta) assert.match(line, /虬泽村/);
    // Nothing sticks out of a 360 px screen.
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('shows the login page in English too', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(server.baseUrl);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    assert.ok(await page.getByText('Demo accounts').isVisible());
    assert.deepEqual(problems, []);
    await context.close();
  });
});
