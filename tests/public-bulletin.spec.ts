import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import type { Task, ZoneFeature } from '../src/shared/zones/zone';
import type { Photo } from '../src/shared/photos/photo';

/**
 * The office publishes (docs/public.md): a before/after pair from the zone panel and the month's 公开通报 under the
 * 月报告, at a desk; a visitor then sees both on /public at 390 × 844.
 */
let server: RunningServer;
let browser: Browser;
before(async () => {
  server = await startServer({ PUBLIC_SITE: '1' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the office publishes, residents see it', { timeout: 180_000 }, () => {
  it('a photo pair and the month’s bulletin appear on the public site', async () => {
    const cookie = await apiLogin(server.baseUrl, 'admin');
    const get = async <T>(path: string) =>
      (await (await fetch(`${server.baseUrl}${path}`, { headers: { cookie } })).json()) as T;
    // A task of the sample with a before/after pair (the sample photographs the tasks waiting for acceptance).
    let target: { zone: ZoneFeature; task: Task; after: Photo } | null = null;
    for (const zone of (await get<{ features: ZoneFeature[] }>('/api/zones')).features) {
      const task = (await get<Task[]>(`/api/zones/${zone.id}/tasks`)).find(
        (candidate) => candidate.status === 'pending_acceptance',
      );
      if (!task) continue;
      const { photos } = await get<{ photos: Photo[] }>(`/api/zones/${zone.id}/photos`);
      const pair = photos.find((photo) => photo.taskId === task.id && photo.phase === 'after' && photo.pairedWith);
      if (pair) {
        target = { zone, task, after: pair };
        break;
      }
    }
    assert.ok(target, 'the sample has a task with a before/after pair');
    const month = (await get<{ today: string }>('/api/campaign')).today.slice(0, 7);

    const desk = await openPage(browser, { width: 1280, height: 900 });
    try {
      await loginAs(desk, server.baseUrl, 'admin');
      await desk.page.goto(`${server.baseUrl}/?zone=${target.zone.id}&task=${target.task.id}`);
      const state = desk.page.getByTestId('task-photos').getByTestId('pair-publication').first();
      await state.getByText('未公开').waitFor();
      await state.getByRole('button', { name: '在公开页展示' }).click();
      await state.getByText('已公开：居民在公开页能看到这组对比照').waitFor();

      await desk.page.goto(`${server.baseUrl}/reports/monthly?month=${month}`);
      const editor = desk.page.getByTestId('bulletin-editor');
      await editor.getByRole('button', { name: '生成本月公开通报' }).click();
      await editor.getByTestId('bulletin-state').getByText('草稿：未公开，居民看不到').waitFor();
      await editor.getByLabel('标题').fill('本月整治工作通报（测试）');
      await editor.getByLabel('正文').fill('各单位按计划推进整治。');
      await editor.getByRole('button', { name: '保存' }).click();
      await editor.getByRole('button', { name: '发布到公开页' }).and(desk.page.locator(':enabled')).click();
      await editor
        .getByTestId('bulletin-state')
        .getByText(/^已发布/)
        .waitFor();
      assert.deepEqual(desk.problems, []);
    } finally {
      await desk.context.close();
    }

    const { page, context, problems } = await openPage(browser, { width: 390, height: 844, isMobile: true });
    try {
      await page.goto(`${server.baseUrl}/public`);
      await page.getByRole('link', { name: '本月整治工作通报（测试）' }).click();
      await page.getByRole('heading', { name: '本月整治工作通报（测试）' }).waitFor();
      await page.getByText('各单位按计划推进整治。').waitFor();
      await page.getByTestId('bulletin-residents').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);

      await page.goto(`${server.baseUrl}/public/zones/${target.zone.id}`);
      const images = page.getByRole('img', { name: '整治后' });
      await images.first().waitFor();
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.public-zone img')].every(
          (image) => image.complete && image.naturalWidth > 0,
        ),
      );
      assert.equal(
        await images.first().getAttribute('src'),
        `/api/public/photos/${target.after.id}`,
        'the pair the office published',
      );
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
