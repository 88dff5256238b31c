import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import {
  apiLogin,
  DEMO_ACCOUNT_PASSWORD,
  launchBrowser,
  loginAs,
  openPage,
  startServer,
  type RunningServer,
} from './helpers';
import { makeTestPhoto } from '../src/testing/images';
import type { Task } from '../src/shared/zones/zone';
import type { Photo } from '../src/shared/photos/photo';

// The offline field app (docs/field.md): a unit loads 我的工作, loses the network, reloads, works, comes back.

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

async function call<T>(username: string, method: string, path: string, body?: unknown, ifMatch?: number) {
  const cookie = await apiLogin(server.baseUrl, username);
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      cookie,
      origin: server.baseUrl,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

describe('the field app offline', { timeout: 240_000 }, () => {
  it('works through a reload without network, sends the outbox once when back, and shows a conflict', async () => {
    const mine = await call<{ tasks: Task[] }>('water', 'GET', '/api/my-tasks');
    const task = mine.tasks.find((candidate) => candidate.status === 'in_progress' && candidate.assignedUnit)!;
    assert.ok(task, 'the water station has a task in progress');
    // A second task of the unit, not started: the office will suspend it while the unit is offline.
    const other = await call<Task>('admin', 'POST', `/api/zones/${task.zoneId}/tasks`, {
      title: '清理岸边杂物（离线测试）',
      assignedUnit: task.assignedUnit,
      dueDate: '2027-06-30',
    });
    const spot = { lon: 120.9123, lat: 31.1801 };
    const beforeJpeg = await makeTestPhoto({ position: spot, bearing: 80, takenAt: '2026:11:02 09:15:00', noise: 20 });
    // The after-photo is larger than 2,560 px: the phone resizes it in a worker and sends its EXIF beside it.
    const afterJpeg = await makeTestPhoto({
      width: 2800,
      height: 2100,
      position: spot,
      bearing: 82,
      takenAt: '2026:11:28 15:40:00',
    });

    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true, serviceWorkers: 'allow' });
    const { page, context } = watched;
    await loginAs(watched, server.baseUrl, 'water');
    await page.goto(`${server.baseUrl}/work`);
    await page.getByTestId('work-list').waitFor();
    // The service worker controls the page and has kept the unit's own work (tasks, zones, photos lists).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    const cachedReads = async () =>
      page.evaluate(async () =>
        (await (await caches.open('jinxi-api')).keys()).map((request) => new URL(request.url).pathname),
      );
    const wanted = [
      '/api/session',
      '/api/my-tasks',
      `/api/tasks/${task.id}`,
      `/api/tasks/${other.id}`,
      `/api/zones/${task.zoneId}/photos`,
      `/api/zones/${task.zoneId}/tasks`,
    ];
    for (let tries = 0; ; tries += 1) {
      const kept = await cachedReads();
      if (wanted.every((path) => kept.includes(path))) break;
      assert.ok(tries < 120, `the service worker kept only ${kept.join(', ')}`);
      await page.waitForTimeout(500);
    }

    // Offline, then a reload: the app and 我的工作 come from the phone, saying plainly how old the data is.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('work-list').waitFor();
    // The banner comes with the header's end once the page has shown, and looks up the kept copies' age after.
    await page
      .getByTestId('field-banner')
      .filter({ hasText: /离线 · 数据更新于/ })
      .waitFor();

    // Open the task from the list; take the before- and after-photo (file input) and submit, all offline.
    await page.locator(`[data-task-id="${task.id}"]`).click();
    const detail = page.getByTestId('task-detail');
    await detail.waitFor();
    const photos = page.getByTestId('task-photos');
    // 水印 on (remembered on this phone): drawn by the server on the display image, the original kept clean.
    await photos.getByLabel(/加水印/).check();
    await photos.getByLabel('整治前').check();
    await photos.locator('input[name="referenceObject"]').fill('电杆编号 12');
    await photos
      .locator('input[name="file"]')
      .setInputFiles({ name: 'before-offline.jpg', mimeType: 'image/jpeg', buffer: beforeJpeg });
    await photos.getByRole('button', { name: '上传 1 张' }).click();
    await photos.getByTestId('queued-photos').getByText('before-offline.jpg').waitFor();
    await photos.getByLabel('整治后').check();
    await photos
      .locator('input[name="file"]')
      .setInputFiles({ name: 'after-offline.jpg', mimeType: 'image/jpeg', buffer: afterJpeg });
    await photos.getByRole('button', { name: '上传 1 张' }).click();
    await photos.getByTestId('queued-photos').getByText('after-offline.jpg').waitFor();
    await detail.getByRole('button', { name: '提交验收' }).click();
    await page.getByTestId('outbox-button').getByText('待上传 3').waitFor();
    // The task shows as it will be: 待验收, waiting to be sent.
    await detail.getByTestId('task-queued').waitFor();

    // The second task: started offline, while the office suspends it meanwhile.
    await page.goto(`${server.baseUrl}/?zone=${other.zoneId}&task=${other.id}`);
    await detail.waitFor();
    await detail.getByRole('button', { name: '开始整治' }).click();
    await page.getByTestId('outbox-button').getByText('待上传 4').waitFor();
    await call<Task>('admin', 'POST', `/api/tasks/${other.id}/actions/suspend`, { reason: '等待汛期结束' }, 1);

    // Nothing reached the server while offline.
    const during = await call<Task>('admin', 'GET', `/api/tasks/${task.id}`);
    assert.equal(during.status, 'in_progress');

    // Back online: sent in order, each once; the conflict is shown with both versions, not lost. Photos go in parts
    // (PUT /api/uploads/:id), then become photos by the upload's id, with the watermark asked for.
    const sentFields: string[] = [];
    const parts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().includes('/api/uploads/'))
        parts.push(request.headers()['content-range'] ?? '');
      if (request.method() === 'POST' && /\/api\/zones\/\d+\/photos$/.test(request.url()))
        sentFields.push(request.postData() ?? '');
    });
    await context.setOffline(false);
    await page
      .getByTestId('outbox-button')
      .getByText(/待上传 1/)
      .waitFor({ timeout: 60_000 });
    const sent = await call<Task>('admin', 'GET', `/api/tasks/${task.id}`);
    assert.equal(sent.status, 'pending_acceptance');
    const stored = (await call<{ photos: Photo[] }>('admin', 'GET', `/api/zones/${task.zoneId}/photos`)).photos;
    // Exactly one copy of each photo taken offline, paired, with the EXIF position of the phone's file.
    const beforePhoto = stored.filter((photo) => photo.originalName === 'before-offline.jpg');
    const afterPhoto = stored.filter((photo) => photo.originalName === 'after-offline.jpg');
    assert.equal(beforePhoto.length, 1);
    assert.equal(afterPhoto.length, 1);
    const after = afterPhoto[0]!;
    assert.equal(after.taskId, task.id);
    assert.equal(after.pairedWith, beforePhoto[0]!.id);
    assert.ok(after.position && Math.abs(after.position.lon - spot.lon) < 1e-5, 'the EXIF position is kept');
    assert.equal(after.positionSource, 'exif');
    assert.deepEqual([after.width, after.height], [2560, 1920], 'resized on the phone to 2,560 px');
    assert.equal(after.takenAt, '2026-11-28T15:40:00+08:00');
    assert.equal(after.bearing, 82);
    assert.ok(after.reported?.at, 'the phone’s clock is kept beside the EXIF time');
    assert.ok(parts.length >= 2 && parts.every((range) => /^bytes \d+-\d+\/\d+$/.test(range)), parts.join());
    assert.equal(sentFields.length, 2);
    for (const fields of sentFields) {
      assert.match(fields, /name="upload"\r\n\r\n[0-9a-f]{32}/);
      assert.match(fields, /name="watermark"\r\n\r\n1/);
      assert.doesNotMatch(fields, /name="file"/);
    }

    await page.getByTestId('outbox-button').click();
    const conflict = page.getByTestId('outbox-conflict');
    await conflict.waitFor();
    assert.match(await conflict.getByTestId('conflict-mine').innerText(), /开始整治.*未开始/);
    assert.match(await conflict.getByTestId('conflict-theirs').innerText(), /暂缓/);
    const untouched = await call<Task>('admin', 'GET', `/api/tasks/${other.id}`);
    assert.equal(untouched.status, 'suspended');
    // The unit keeps the office's version: the item goes, the task stays as the office left it.
    await conflict.getByRole('button', { name: '放弃我的，保留服务器版本' }).click();
    await page.getByTestId('outbox-item').waitFor({ state: 'detached' });
    assert.equal((await call<Task>('admin', 'GET', `/api/tasks/${other.id}`)).status, 'suspended');
    await context.close();
  });

  it('says so in plain words with a reload button, not a white page, when a part of the page is cut off', async () => {
    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true });
    const { page, context, problems } = watched;
    await loginAs(watched, server.baseUrl, 'water');
    // 我的工作 is a page loaded on first use: its script is cut off on the way, as on a weak link.
    let cut = true;
    await page.route(/\/assets\/other-pages-[^/]+\.js$/, (route) =>
      cut ? route.abort('connectionreset') : route.continue(),
    );
    await page.goto(`${server.baseUrl}/work`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /页面没能完整加载：网络可能中断了，或系统刚刚更新/);
    assert.ok(
      problems.some((problem) => /requestfailed: .*other-pages-.*ERR_CONNECTION_RESET/.test(problem)),
      problems.join('\n'),
    );
    // Back on the network, the button loads the page.
    cut = false;
    await alert.getByRole('button', { name: '重新加载' }).click();
    await page.getByTestId('work-list').waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
    await context.close();
  });

  it("loads 我的工作 in one go on a weak link: its parts and its tasks side by side, the map's reads after it", async () => {
    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true });
    const { page, context } = watched;
    await loginAs(watched, server.baseUrl, 'water');
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    // The page's first part (a lead unit's self-inspections due) is held on the way: the rest must not wait for it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/inspections-due-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const tasksAsked = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/my-tasks');
    const codeAsked = page.waitForRequest((request) => /\/assets\/work-page-[^/]+\.js$/.test(request.url()));
    await page.goto(`${server.baseUrl}/work`);
    await Promise.all([tasksAsked, codeAsked]);
    assert.ok(
      requested.some((path) => /\/assets\/inspections-due-/.test(path)),
      'the held part was asked for first or beside them',
    );
    release();
    await page.getByTestId('work-list').waitFor();
    // The map's zones come once the page has shown, ready for a tap on a task, not before its tasks.
    await page.waitForRequest((request) => new URL(request.url()).pathname === '/api/zones');
    assert.ok(requested.indexOf('/api/zones') > requested.indexOf('/api/my-tasks'), requested.join('\n'));
    await context.close();
  });

  it("names a task link's reads and the zone panel's code in the page's Link header, each answering", async () => {
    const cookie = await apiLogin(server.baseUrl, 'water');
    const { tasks } = await call<{ tasks: Task[] }>('water', 'GET', '/api/my-tasks');
    const task = tasks[0]!;
    const page = await fetch(`${server.baseUrl}/?zone=${task.zoneId}&task=${task.id}`, {
      headers: { cookie, 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' },
    });
    const links = (page.headers.get('link') ?? '').split(', ');
    const named = (rel: string) =>
      links.filter((link) => link.includes(rel)).map((link) => /^<([^>]+)>/.exec(link)![1]!);
    assert.ok(named('as=fetch').includes(`/api/tasks/${task.id}/updates`), links.join('\n'));
    const scripts = named('rel=modulepreload');
    // The panel's own chunk and the texts it speaks, from this build's manifest; nothing the HTML names already.
    assert.ok(
      scripts.some((url) => /^\/assets\/zone-panel-[^/]+\.js$/.test(url)),
      scripts.join('\n'),
    );
    assert.ok(
      scripts.some((url) => /^\/assets\/zh-CN\.more-[^/]+\.js$/.test(url)),
      scripts.join('\n'),
    );
    assert.ok(!scripts.some((url) => /^\/assets\/(index|maplibre|react)-/.test(url)), scripts.join('\n'));
    for (const url of [...scripts, ...named('as=style')]) {
      assert.equal((await fetch(`${server.baseUrl}${url}`)).status, 200, url);
    }
  });

  it('opens a task from its link (sent in a messenger) directly after sign-in', async () => {
    const mine = await call<{ tasks: Task[] }>('water', 'GET', '/api/my-tasks');
    const task = mine.tasks[0]!;
    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true });
    const { page, context } = watched;
    await page.goto(`${server.baseUrl}/?zone=${task.zoneId}&task=${task.id}`);
    await page.locator('input[name="username"]').fill('water');
    await page.locator('input[name="password"]').fill(DEMO_ACCOUNT_PASSWORD);
    await page.locator('button[type="submit"]').click();
    const detail = page.getByTestId('task-detail');
    await detail.waitFor();
    assert.match(await detail.innerText(), new RegExp(task.title));
    // The task's QR code (to show or print): the same link.
    await detail.getByRole('button', { name: '显示任务二维码' }).click();
    const qr = detail.getByTestId('task-qr').getByRole('img');
    await qr.waitFor();
    assert.match((await qr.getAttribute('aria-label')) ?? '', new RegExp(task.title));
    await context.close();
  });
});
