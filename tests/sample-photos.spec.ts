import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';
import type { Task, ZoneFeature } from '../src/shared/zones/zone';

let server: RunningServer;
let browser: Browser;
before(async () => {
  server = await startServer({}, { firstStart: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the sample photos on first start', { timeout: 180_000 }, () => {
  it('a newcomer sees before/after pairs marked 示例照片, compares them, and the photo-evidence rate is above 0 %', async () => {
    const cookie = await apiLogin(server.baseUrl, 'leader');
    const get = async <T>(path: string) =>
      (await (await fetch(`${server.baseUrl}${path}`, { headers: { cookie } })).json()) as T;
    // A task waiting for acceptance: the sample photographs every one of them.
    let target: { zone: ZoneFeature; task: Task } | null = null;
    for (const zone of (await get<{ features: ZoneFeature[] }>('/api/zones')).features) {
      const task = (await get<Task[]>(`/api/zones/${zone.id}/tasks`)).find(
        (candidate) => candidate.status === 'pending_acceptance',
      );
      if (task) {
        target = { zone, task };
        break;
      }
    }
    assert.ok(target, 'the sample has a task waiting for acceptance');

    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(`${server.baseUrl}/?zone=${target.zone.id}&task=${target.task.id}`);
    const pair = page.getByTestId('task-photos').getByTestId('photo-pairs').locator('.photo-pair').first();
    await pair.waitFor();
    assert.match(await pair.innerText(), /参照物：/);
    assert.match(await pair.innerText(), /与整治前拍摄点相距 \d+ 米/);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.photo-pair img')].every(
        (image) => image.complete && image.naturalWidth > 0,
      ),
    );

    await pair.getByRole('button', { name: '对比查看' }).click();
    const dialog = page.getByTestId('compare-dialog');
    await dialog.waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-testid="compare-dialog"] img')].every(
        (image) => image.complete && image.naturalWidth >= 600,
      ),
    );
    assert.equal(await dialog.locator('img').count(), 2);
    assert.match(await dialog.innerText(), /示例照片/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The printable 整治案件 of the zone carries the pair as evidence (the map page's later parts loaded first: a
    // page left while they load cancels them).
    await watched.requestsSettled();
    await page.goto(`${server.baseUrl}/reports/case?zone=${target.zone.id}`);
    const printed = page.getByTestId('case-pair').first();
    await printed.waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-testid="case-pair"] img')].some(
        (image) => image.complete && image.naturalWidth > 0,
      ),
    );
    assert.ok((await printed.locator('img').count()) >= 2);

    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    await page.getByRole('button', { name: '一张表（总览）' }).click();
    const evidence = page.getByTestId('kpis').locator('[data-kpi="evidence"] .kpi-value');
    await evidence.waitFor();
    const rate = Number((await evidence.innerText()).replace('%', ''));
    assert.ok(rate > 0, `照片佐证率 ${rate}%`);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
