import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';
import { makeTestPhoto } from '../src/testing/images';
import type { Task, ZoneFeature } from '../src/shared/zones/zone';
import type { Photo } from '../src/shared/photos/photo';

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

describe('photo evidence in the browser', { timeout: 180_000 }, () => {
  it('uploads a before and an after photo of the same spot; they pair on the task; the compare slider opens; the task goes to acceptance', async () => {
    // A task of a flood-prone area (the water station leads R4) that is in progress.
    const zones = (await api<{ features: ZoneFeature[] }>('water', '/api/zones')).features;
    const zone = zones.find(
      (candidate) => candidate.properties.category === 'R4' && candidate.geometry.type === 'Polygon',
    )!;
    const tasks = await api<Task[]>('water', `/api/zones/${zone.id}/tasks`);
    const task = tasks.find((candidate) => candidate.status === 'in_progress') ?? tasks[0]!;
    const spot = { lon: 120.9123, lat: 31.1801 };
    const beforeJpeg = await makeTestPhoto({ position: spot, bearing: 80, takenAt: '2026:11:02 09:15:00', noise: 30 });
    // Four metres east: the same position as far as a phone's GPS can tell.
    const afterJpeg = await makeTestPhoto({
      position: { lon: spot.lon + 0.00004, lat: spot.lat },
      bearing: 84,
      takenAt: '2026:11:28 15:40:00',
      noise: 30,
    });

    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'water');
    await page.goto(`${server.baseUrl}/?zone=${zone.id}&task=${task.id}`);
    const photos = page.getByTestId('task-photos');
    await photos.waitFor();

    // Before: chosen from the album with a reference object.
    await photos.getByLabel('整治前').check();
    await photos.locator('input[name="referenceObject"]').fill('电杆编号 12');
    await photos
      .locator('input[name="file"]')
      .setInputFiles({ name: 'IMG_0412.jpg', mimeType: 'image/jpeg', buffer: beforeJpeg });
    await photos.getByRole('button', { name: '上传 1 张' }).click();
    await photos.getByTestId('upload-queue').getByText('已上传').waitFor();
    await photos.locator('.photo-grid .photo-thumb').first().waitFor();

    // After: the reference object is offered from the before-photo.
    await photos.getByLabel('整治后').check();
    assert.equal(await photos.locator('input[name="referenceObject"]').inputValue(), '电杆编号 12');
    await photos
      .locator('input[name="file"]')
      .setInputFiles({ name: 'IMG_0877.jpg', mimeType: 'image/jpeg', buffer: afterJpeg });
    await photos.getByRole('button', { name: '上传 1 张' }).click();
    const pair = photos.getByTestId('photo-pairs').locator('.photo-pair').first();
    await pair.waitFor();
    assert.match(await pair.innerText(), /参照物：电杆编号 12/);
    assert.match(await pair.innerText(), /与整治前拍摄点相距 4 米/);
    assert.equal(await pair.locator('img').count(), 2);
    // The thumbnails are served (and decoded) by the browser.
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.photo-pair img')].every(
        (image) => image.complete && image.naturalWidth > 0,
      ),
    );

    const stored = (await api<{ photos: Photo[] }>('water', `/api/zones/${zone.id}/photos`)).photos.filter(
      (photo) => photo.taskId === task.id,
    );
    const afterPhoto = stored.find((photo) => photo.phase === 'after')!;
    const beforePhoto = stored.find((photo) => photo.phase === 'before')!;
    assert.equal(afterPhoto.pairedWith, beforePhoto.id);
    assert.equal(afterPhoto.pairFlagged, false);

    // The photos are on the map, with the open task's stronger.
    await waitForMapIdle(page);
    const onMap = await page.evaluate(
      () =>
        window.__jinxiMap!.querySourceFeatures('photos').filter((feature) => feature.properties.kind === 'point')
          .length,
    );
    assert.ok(onMap >= 2, 'both photos are on the map');

    // Compare: slider first, side by side on request.
    await pair.getByRole('button', { name: '对比查看' }).click();
    const dialog = page.getByTestId('compare-dialog');
    await dialog.waitFor();
    const slider = dialog.getByLabel('拖动对比整治前后');
    await slider.fill('80');
    assert.match(
      (await dialog.locator('.compare-after').getAttribute('style')) ?? '',
      /inset\(0(px)? 0(px)? 0(px)? 80%\)/,
    );
    await dialog.getByRole('button', { name: '并排' }).click();
    assert.equal(await dialog.locator('.compare-side img').count(), 2);
    assert.match(await dialog.innerText(), /两张照片相距 4 米/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // With an after-photo the task can go to acceptance.
    const detail = page.getByTestId('task-detail');
    if (task.status === 'not_started') await detail.getByRole('button', { name: '开始整治' }).click();
    await detail.getByRole('button', { name: '提交验收' }).click();
    await detail.locator('.panel-badges', { hasText: '待验收' }).waitFor();
    const thread = await detail.getByTestId('task-thread').innerText();
    assert.match(thread, /上传了 1 张整治前照片/);
    assert.match(thread, /上传了 1 张整治后照片/);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
