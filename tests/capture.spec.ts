/**
 * The after-photo capture view (src/features/photos/components/capture-view.tsx) in the real app.
 *
 * UI names this spec relies on:
 * - `拍摄整治后照片`: a button in the task panel (?zone=…&task=…) that opens CaptureView for the
 *   task's before-photo (wired in the task panel, not by CaptureView itself);
 * - CaptureView's own: the dialog `拍摄整治后照片`, the image `整治前照片（半透明叠加）`, the slider
 *   `整治前照片透明度`, the toggle button `叠加整治前照片`, the buttons `拍照` and `取消`, the file
 *   input `拍照或选择照片` (fallback without a camera).
 *
 * What it expects of the wiring: `onCapture` uploads the blob to `POST /api/zones/:id/photos` with
 * `phase=after`, the task's `taskId`, and `lon`/`lat` from the position it is given (the canvas JPEG
 * has no EXIF), so the server pairs it with the before-photo and measures the distance.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { apiLogin, CHROMIUM_ARGS, openPage, startServer, type RunningServer, type WatchedPage } from './helpers';
import { makeTestPhoto, photoForm } from '../src/testing/images';
import { photoUploadResponseSchema, type Photo } from '../src/shared/photos/photo';
import type { Task } from '../src/shared/zones/zone';

/** Where the before-photo was taken (EXIF GPS). */
const BEFORE_AT = { lon: 120.921, lat: 31.171 };
/** Where the browser says the phone is: 0.0002° north, about 22 m away (more than the default 15 m). */
const PHONE_AT = { longitude: 120.921, latitude: 31.1712, accuracy: 5 };

let server: RunningServer;
let browser: Browser;
before(async () => {
  server = await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // A synthetic camera that getUserMedia opens without asking.
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A phone with location and camera granted, watched like every page (`openPage` in helpers), signed in as the water station. */
async function openPhonePage(): Promise<WatchedPage> {
  const watched = await openPage(browser, {
    width: 390,
    height: 844,
    isMobile: true,
    geolocation: PHONE_AT,
    permissions: ['geolocation', 'camera'],
  });
  const { context } = watched;
  const response = await context.request.post(`${server.baseUrl}/api/session`, {
    data: { username: 'water', password: 'jinxi-demo' },
    headers: { origin: server.baseUrl },
  });
  assert.equal(response.status(), 200, 'water logs in');
  return watched;
}

/**
 * The `index`-th open task of the water station without photos, with one before-photo uploaded for
 * it through the API (each test takes its own task, so the after-photo's pair is that photo).
 */
async function taskWithBeforePhoto(index: number): Promise<{ task: Task; before: Photo }> {
  const cookie = await apiLogin(server.baseUrl, 'water');
  const { tasks } = (await (await fetch(`${server.baseUrl}/api/my-tasks`, { headers: { cookie } })).json()) as {
    tasks: Task[];
  };
  const task = tasks.filter(
    (candidate) =>
      (candidate.status === 'in_progress' || candidate.status === 'not_started') &&
      candidate.beforePhotoCount === 0 &&
      candidate.afterPhotoCount === 0,
  )[index];
  assert.ok(task, `the water station has an open task without photos (#${index + 1})`);
  const response = await fetch(`${server.baseUrl}/api/zones/${task.zoneId}/photos`, {
    method: 'POST',
    headers: { cookie },
    body: photoForm({ phase: 'before', taskId: task.id, referenceObject: '电杆编号 12', note: '整治前' }, [
      {
        bytes: await makeTestPhoto({ position: BEFORE_AT, bearing: 90, takenAt: '2026:06:01 08:00:00', noise: 30 }),
        name: 'before.jpg',
      },
    ]),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  const [photo] = photoUploadResponseSchema.parse(JSON.parse(text)).photos;
  assert.ok(photo?.position, 'the before-photo has its EXIF position');
  return { task, before: photo };
}

const isPhotoUpload = (zoneId: string) => (response: Response) =>
  response.request().method() === 'POST' && new URL(response.url()).pathname === `/api/zones/${zoneId}/photos`;

async function openCaptureView(page: Page, task: Task) {
  await page.goto(`${server.baseUrl}/?zone=${task.zoneId}&task=${task.id}`);
  await page.getByRole('button', { name: '拍摄整治后照片', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '拍摄整治后照片' });
  await dialog.waitFor();
  return dialog;
}

/** An `after` photo of the task, paired with its before-photo about 22 m away (flagged). */
async function assertAfterPhoto(response: Response, task: Task, before: Photo) {
  assert.equal(response.status(), 201, await response.text());
  const [photo] = photoUploadResponseSchema.parse(await response.json()).photos;
  assert.ok(photo);
  assert.equal(photo.phase, 'after');
  assert.equal(photo.taskId, task.id);
  assert.equal(photo.pairedWith, before.id);
  assert.ok(photo.position, 'the after-photo carries the phone’s position');
  assert.ok(Math.abs(photo.pairDistanceM! - 22.2) < 1, `paired ~22 m apart, got ${photo.pairDistanceM}`);
  assert.equal(photo.pairFlagged, true);
}

describe('capturing an after-photo', { timeout: 180_000 }, () => {
  it('lines the live camera up with the before-photo (ghost, reference object, distance, direction) and uploads the shot', async () => {
    const { task, before } = await taskWithBeforePhoto(0);
    const watched = await openPhonePage();
    const { page } = watched;
    const dialog = await openCaptureView(page, task);

    // The ghost: the before-photo over the camera, half transparent, with its slider.
    const ghost = dialog.getByRole('img', { name: '整治前照片（半透明叠加）' });
    await ghost.waitFor();
    assert.equal(await ghost.getAttribute('src'), before.urls.display);
    await page.waitForFunction(
      (element) => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth > 0,
      await ghost.elementHandle(),
    );
    const slider = dialog.getByRole('slider', { name: '整治前照片透明度' });
    assert.equal(await slider.inputValue(), '0.5');
    assert.equal(await ghost.evaluate((element) => getComputedStyle(element).opacity), '0.5');
    await slider.fill('0.8');
    assert.equal(await ghost.evaluate((element) => getComputedStyle(element).opacity), '0.8');
    const toggle = dialog.getByRole('button', { name: '叠加整治前照片' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await toggle.click();
    await ghost.waitFor({ state: 'detached' });
    await toggle.click();
    await ghost.waitFor();

    // The live camera is playing.
    await page.waitForFunction(() => {
      const video = document.querySelector<HTMLVideoElement>('.capture-video');
      return Boolean(video && video.videoWidth > 0 && !video.paused);
    });

    // What to frame, and how far from the before-photo's spot the phone is.
    await dialog.getByText('参照物：电杆编号 12').waitFor();
    await dialog.getByText(/距离整治前拍摄点 22 米，超过 15 米/).waitFor();
    await dialog.getByText(/定位精度 ±5 米/).waitFor();

    // A compass reading facing 60° against the before-photo's 90°: turn right by 30°.
    await page.evaluate(() =>
      window.dispatchEvent(
        new DeviceOrientationEvent('deviceorientationabsolute', { alpha: 300, beta: 90, gamma: 0, absolute: true }),
      ),
    );
    await dialog.getByText('方向相差 30°，请向右转').waitFor();

    const upload = page.waitForResponse(isPhotoUpload(task.zoneId));
    await dialog.getByRole('button', { name: '拍照', exact: true }).click();
    await assertAfterPhoto(await upload, task, before);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('owns the whole phone screen with 取消 and 拍照 on top, and Back closes it on the task', async () => {
    const { task } = await taskWithBeforePhoto(2);
    const watched = await openPhonePage();
    const { page } = watched;
    const dialog = await openCaptureView(page, task);
    const taskUrl = page.url();
    const box = await dialog.boundingBox();
    assert.deepEqual(box, { x: 0, y: 0, width: 390, height: 844 }, 'the camera covers the whole screen');
    // Each control is what a tap at its centre hits (not the app header or the language toggle above it).
    for (const name of ['取消', '拍照']) {
      const button = dialog.getByRole('button', { name, exact: true });
      const hit = await button.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        const top = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
        return Boolean(top && element.contains(top)) && rect.bottom <= window.innerHeight;
      });
      assert.ok(hit, `${name} is on top and on screen`);
    }
    await page.goBack();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(page.url(), taskUrl, 'Back stays on the task');
    await page.getByRole('button', { name: '拍摄整治后照片', exact: true }).waitFor();
    // Closed by 取消, the camera leaves no history entry behind: Back then leaves the task as usual.
    await page.getByRole('button', { name: '拍摄整治后照片', exact: true }).click();
    await dialog.getByRole('button', { name: '取消', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => !(history.state as { dialogEntry?: number } | null)?.dialogEntry);
    assert.equal(page.url(), taskUrl);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('closes on Escape, and without a camera falls back to the system camera (file picker)', async () => {
    const { task, before } = await taskWithBeforePhoto(1);
    const watched = await openPhonePage();
    const { page } = watched;
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });

    let dialog = await openCaptureView(page, task);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Open it again on the same page (a second navigation would abort the first page's loads).
    await page.getByRole('button', { name: '拍摄整治后照片', exact: true }).click();
    dialog = page.getByRole('dialog', { name: '拍摄整治后照片' });
    await dialog.getByText(/未获准使用摄像头/).waitFor();
    assert.equal(await dialog.getByRole('button', { name: '拍照', exact: true }).count(), 0);
    await dialog.getByText(/距离整治前拍摄点 22 米/).waitFor();
    const upload = page.waitForResponse(isPhotoUpload(task.zoneId));
    await dialog.getByLabel('拍照或选择照片').setInputFiles({
      name: 'after.jpg',
      mimeType: 'image/jpeg',
      buffer: await makeTestPhoto({ noise: 30 }),
    });
    await assertAfterPhoto(await upload, task, before);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
