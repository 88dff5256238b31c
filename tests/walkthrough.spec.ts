import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  apiLogin,
  DEMO_ACCOUNT_PASSWORD,
  launchBrowser,
  loginAs,
  openPage,
  startServer,
  waitForMapIdle,
  type RunningServer,
} from './helpers';
import { makeTestPhoto, photoForm } from '../src/testing/images';
import type { Task, ZoneCollection } from '../src/shared/zones/zone';

// The two walk-throughs of issue 16 ("Done when"), through the UI only: a unit on a phone, a leader at a desk.
const SPOT = { lon: 120.9123, lat: 31.1801 };

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
  return (await (await fetch(`${server.baseUrl}${path}`, { headers: { cookie } })).json()) as T;
}

/** No sideways scrolling at the phone's width (a mobile browser would widen its layout viewport). */
async function fitsPhone(page: Page) {
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no sideways scrolling');
}

describe('walk-throughs', { timeout: 240_000 }, () => {
  it('a unit on a 390 × 844 phone: login → 我的工作 → task → before photo → after photo → submit', async () => {
    const { tasks } = await api<{ tasks: Task[] }>('water', '/api/my-tasks');
    const task = tasks.find(
      (candidate) =>
        (candidate.status === 'in_progress' || candidate.status === 'not_started') &&
        candidate.beforePhotoCount === 0 &&
        candidate.afterPhotoCount === 0,
    );
    assert.ok(task, 'the water station has an open task without photos');

    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true });
    const { page } = watched;
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('用户名').fill('water');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_ACCOUNT_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByLabel('用户菜单').click();
    await page.getByRole('link', { name: '我的工作' }).click();
    await page.getByTestId('work-list').waitFor();
    await fitsPhone(page);
    await page.locator(`.work-item[data-task-id="${task.id}"]`).click();

    const photos = page.getByTestId('task-photos');
    await photos.waitFor();
    await fitsPhone(page);
    for (const [phase, bearing] of [
      ['整治前', 80],
      ['整治后', 84],
    ] as const) {
      await photos.getByLabel(phase).check();
      await photos.locator('input[name="referenceObject"]').fill('电杆编号 12');
      await photos.locator('input[name="file"]').setInputFiles({
        name: `${phase}.jpg`,
        mimeType: 'image/jpeg',
        buffer: await makeTestPhoto({ position: SPOT, bearing, noise: 30 }),
      });
      await photos.getByRole('button', { name: '上传 1 张' }).click();
      await photos.getByTestId('upload-queue').getByText('已上传').first().waitFor();
    }
    await photos.getByTestId('photo-pairs').locator('.photo-pair').first().waitFor();

    const detail = page.getByTestId('task-detail');
    if (task.status === 'not_started') await detail.getByRole('button', { name: '开始整治' }).click();
    await detail.getByRole('button', { name: '提交验收' }).click();
    await detail.locator('.panel-badges', { hasText: '待验收' }).waitFor();
    await fitsPhone(page);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('a leader at 1920 × 1080: map → overdue → zone → photos → overview → /big', async () => {
    // An overdue zone whose task has a before/after pair (uploaded by the campaign office).
    const zones = (await api<ZoneCollection>('leader', '/api/zones')).features;
    const zone = zones.find((candidate) => candidate.properties.overdue);
    assert.ok(zone, 'the sample data has an overdue zone');
    const [task] = await api<Task[]>('leader', `/api/zones/${zone.id}/tasks`);
    assert.ok(task);
    const cookie = await apiLogin(server.baseUrl, 'admin');
    for (const phase of ['before', 'after']) {
      const response: globalThis.Response = await fetch(`${server.baseUrl}/api/zones/${zone.id}/photos`, {
        method: 'POST',
        headers: { cookie },
        body: photoForm({ phase, taskId: task.id, referenceObject: '电杆编号 12' }, [
          { bytes: await makeTestPhoto({ position: SPOT, bearing: 90, noise: 30 }), name: `${phase}.jpg` },
        ]),
      });
      assert.equal(response.status, 201, await response.text());
    }

    const watched = await openPage(browser, { width: 1920, height: 1080 });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);

    // Overdue: the list keeps only overdue zones.
    await page.locator('.summary-overdue').click();
    const rows = page.locator('.zone-list [data-zone-id]');
    assert.equal(
      await rows.count(),
      zones.filter((candidate) => candidate.properties.overdue).length,
      'the list shows the overdue zones',
    );

    // The zone, its task, its photos side by side.
    await page.locator(`.zone-list [data-zone-id="${zone.id}"]`).click();
    const panel = page.getByTestId('zone-panel');
    await panel.getByRole('heading', { name: zone.properties.name }).waitFor();
    await panel.locator(`.task-row[data-task-id="${task.id}"] .task-open`).click();
    const pair = page.getByTestId('photo-pairs').locator('.photo-pair').first();
    await pair.getByRole('button', { name: '对比查看' }).click();
    const compare = page.getByTestId('compare-dialog');
    await compare.waitFor();
    await page.keyboard.press('Escape');
    await compare.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');

    // The overview, and its overdue figure on the map.
    await page.getByRole('button', { name: '一张表（总览）' }).click();
    const overdue = page.locator('[data-kpi="overdue"]');
    await overdue.click();
    await page.getByTestId('selection-chip').waitFor();

    // The meeting-room screen.
    await page.goto(`${server.baseUrl}/big`);
    await page.getByTestId('big-screen').getByTestId('kpis').waitFor();
    await waitForMapIdle(page);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
