import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import { makeTestPhoto } from '../src/testing/images';

/**
 * The residents' site at 390 × 844 (docs/public.md): a visitor reports with a photo, is offered the report nearby
 * and chooses 我也遇到; a reporter follows a closed report to its after-photo and answers 不满意, and the case is
 * back in 核查.
 */
let server: RunningServer;
let browser: Browser;
let photo: Buffer;
const PLACE = { lon: 120.9213, lat: 31.1709 };

before(async () => {
  server = await startServer({ PUBLIC_SITE: '1' });
  browser = await launchBrowser();
  photo = await makeTestPhoto({ width: 320, height: 240 });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A report sent through the API, as another resident's phone would. */
async function sendReport(category: string): Promise<{ token: string; id: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ category, lon: String(PLACE.lon), lat: String(PLACE.lat) })) {
    form.append(name, value);
  }
  form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
  const response = await fetch(`${server.baseUrl}/api/public/reports`, { method: 'POST', body: form });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as { token: string; id: string };
}

describe('the public site on a phone', () => {
  it('a visitor reports with a photo and chooses 我也遇到 for the report nearby', async () => {
    const existing = await sendReport('garbage');
    const { page, context, problems } = await openPage(browser, { width: 390, height: 844, isMobile: true });
    try {
      await page.goto(`${server.baseUrl}/public`);
      await page.getByRole('heading', { name: '全镇整治区域' }).waitFor();
      assert.ok(await page.locator('[data-zone]').count(), 'the zones are drawn');
      // From the front page to the form, the place filled in as a QR poster does.
      await page.goto(`${server.baseUrl}/public/report?lon=${PLACE.lon}&lat=${PLACE.lat}`);
      await page
        .getByLabel('照片（1–3 张）')
        .setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByLabel('什么问题').selectOption({ label: '垃圾没清' });
      await page.getByRole('heading', { name: '附近已有人报告了同类问题' }).waitFor();
      await page.getByRole('button', { name: '我也遇到' }).click();
      await page.getByText('这个问题现在有 1 人遇到').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);
      const followed = (await (await fetch(`${server.baseUrl}/api/public/reports/${existing.token}`)).json()) as {
        meToo: number;
      };
      assert.equal(followed.meToo, 1);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('a reporter follows a closed report to the after-photo and answers 不满意: the case is back in 核查', async () => {
    const { token, id } = await sendReport('flyer');
    const cookie = await apiLogin(server.baseUrl, 'admin');
    const office = (path: string, init: RequestInit = {}) =>
      fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        ...init,
        headers: { cookie, origin: server.baseUrl, ...(init.headers as Record<string, string>) },
      });
    // The office accepts it from the queue on the cases page.
    const desk = await openPage(browser, { width: 1280, height: 900 });
    try {
      await loginAs(desk, server.baseUrl, 'admin');
      await desk.page.goto(`${server.baseUrl}/cases`);
      await desk.page.getByTestId('triage-open').click();
      const item = desk.page.getByTestId('case-triage').locator('li').filter({ hasText: '小广告' });
      await item.getByRole('button', { name: '受理立案' }).click();
      // Decided: it leaves the queue.
      await item.waitFor({ state: 'detached' });
      assert.deepEqual(desk.problems, []);
    } finally {
      await desk.context.close();
    }
    const decided = (await (
      await fetch(`${server.baseUrl}/api/public-reports?status=accepted`, { headers: { cookie } })
    ).json()) as { reports: { id: string; caseId: string }[] };
    const caseId = decided.reports.find((report) => report.id === id)!.caseId;
    const act = async (action: string, body: object = {}) => {
      const current = (await (
        await fetch(`${server.baseUrl}/api/cases/${caseId}`, { headers: { cookie } })
      ).json()) as {
        version: number;
      };
      const response = await office(`/api/cases/${caseId}/actions/${action}`, {
        headers: { 'content-type': 'application/json', 'if-match': `"${current.version}"` },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200, await response.clone().text());
    };
    await act('register');
    await act('dispatch', { unitId: 'chengguanzhongdui' });
    await act('feedback');
    await act('verify');
    await act('close');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'after.jpg');
    assert.equal((await office(`/api/public-reports/${id}/after-photo`, { body: form })).status, 201);

    const { page, context, problems } = await openPage(browser, { width: 390, height: 844, isMobile: true });
    try {
      await page.goto(`${server.baseUrl}/public/reports/${token}`);
      await page.getByTestId('report-status').getByText('已办结').waitFor();
      await page.getByTestId('after-photo').waitFor();
      assert.ok(await page.getByTestId('after-photo').evaluate((image: HTMLImageElement) => image.naturalWidth > 0));
      await page.getByRole('radiogroup').first().getByLabel('否').check();
      await page.getByLabel('不满意').check();
      await page.getByLabel('不满意的原因').fill('小广告又贴回来了');
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByText('你的评价：未解决，不满意').waitFor();
      // Reopened: the report is being handled again.
      await page.getByTestId('report-status').getByText('已立案，正在处理').waitFor();
      const cityCase = (await (
        await fetch(`${server.baseUrl}/api/cases/${caseId}`, { headers: { cookie } })
      ).json()) as {
        status: string;
      };
      assert.equal(cityCase.status, 'feedback');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('prints a zone’s A4 QR poster as a one-page PDF', async () => {
    const zones = (await (await fetch(`${server.baseUrl}/api/public/zones`)).json()) as { features: { id: string }[] };
    const { page, context, problems } = await openPage(browser, { width: 390, height: 844 });
    try {
      await page.goto(`${server.baseUrl}/public/zones/${zones.features[0]!.id}/poster`);
      await page.getByTestId('poster').waitFor();
      assert.equal(await page.locator('.poster-qr').count(), 2);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length, 1);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
