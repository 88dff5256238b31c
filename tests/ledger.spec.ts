import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';
import { makeTestPhoto, photoForm } from '../src/testing/images';
import type { Task, ZoneCollection } from '../src/shared/zones/zone';
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

async function api<T>(cookie: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: { cookie, origin: server.baseUrl, ...init.headers },
  });
  assert.ok(response.ok, `${path}: HTTP ${response.status} ${await response.clone().text()}`);
  return (await response.json()) as T;
}

/** Zone names in every sheet of a ledger workbook (the 整治区域 column below the header row 7). */
async function zoneNamesIn(bytes: Buffer): Promise<{ sheets: string[]; names: string[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const names: string[] = [];
  for (const sheet of workbook.worksheets) {
    const column = (sheet.getRow(7).values as unknown[]).indexOf('整治区域');
    assert.ok(column > 0, `${sheet.name} has the 整治区域 column`);
    for (let row = 8; row <= sheet.rowCount; row += 1) {
      const value = sheet.getCell(row, column).value;
      if (typeof value === 'string') names.push(value);
    }
  }
  return { sheets: workbook.worksheets.map((sheet) => sheet.name), names };
}

describe('the ledger and the case write-up in the browser', { timeout: 180_000 }, () => {
  it('exports the ledger with the map’s status filter: the link carries it and the workbook holds only those zones', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    await page.locator('.chips').getByRole('button', { name: '整治中', exact: true }).click();
    const link = page.getByRole('link', { name: '导出台帐', exact: true });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="ledger-xlsx"]')?.getAttribute('href')?.includes('status=in_progress'),
    );
    const href = (await link.getAttribute('href'))!;
    assert.equal(href, '/api/reports/ledger.xlsx?status=in_progress');
    assert.equal(
      await page.getByRole('link', { name: '导出台帐（CSV）' }).getAttribute('href'),
      '/api/reports/ledger.csv?status=in_progress',
    );
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^台帐-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const { names, sheets } = await zoneNamesIn(await readFile((await download.path())!));
    const cookie = await apiLogin(server.baseUrl, 'leader');
    const expected = (await api<ZoneCollection>(cookie, '/api/zones?status=in_progress')).features.map(
      (zone) => zone.properties.name,
    );
    const all = (await api<ZoneCollection>(cookie, '/api/zones')).features;
    assert.ok(expected.length > 0 && expected.length < all.length, 'the filter leaves some zones out');
    assert.deepEqual([...names].sort(), [...expected].sort());
    assert.ok(sheets.every((name) => /^[RSU]\d /.test(name)));
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('prints the case write-up of a zone with a before/after pair: both images, the distance, no app header in print', async () => {
    const admin = await apiLogin(server.baseUrl, 'admin');
    const zones = await api<ZoneCollection>(admin, '/api/zones?category=R4');
    const zone = zones.features.find((candidate) => candidate.properties.taskCount > 0)!;
    const [task] = await api<Task[]>(admin, `/api/zones/${zone.id}/tasks`);
    const upload = async (fields: Record<string, string>, position: { lon: number; lat: number }) =>
      (
        await api<{ photos: Photo[] }>(admin, `/api/zones/${zone.id}/photos`, {
          method: 'POST',
          body: photoForm(fields, [{ bytes: await makeTestPhoto({ position, takenAt: '2026:06:01 09:30:00' }) }]),
        })
      ).photos[0]!;
    const beforePhoto = await upload(
      { phase: 'before', taskId: task!.id, referenceObject: '泵站东侧墙' },
      {
        lon: 120.921,
        lat: 31.171,
      },
    );
    const afterPhoto = await upload(
      { phase: 'after', taskId: task!.id, referenceObject: '泵站东侧墙' },
      {
        lon: 120.92103,
        lat: 31.17103,
      },
    );
    assert.ok(afterPhoto.pairDistanceM !== null && afterPhoto.pairedWith === beforePhoto.id);

    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    // From the zone panel's link to the case page.
    await page.goto(`${server.baseUrl}/?zone=${zone.id}`);
    await page.getByTestId('zone-panel').getByRole('link', { name: '打印整治案件' }).click();
    await page.waitForURL(`**/reports/case?zone=${zone.id}`);
    const caseDocument = page.getByTestId('case-document');
    await caseDocument.waitFor();
    assert.equal(await caseDocument.getByRole('heading', { level: 2 }).innerText(), zone.properties.name);
    const pair = caseDocument
      .getByTestId('case-pair')
      .filter({ has: page.locator(`img[src="/api/photos/${afterPhoto.id}/display"]`) });
    await pair.waitFor();
    for (const photo of [beforePhoto, afterPhoto]) {
      const image = pair.locator(`img[src="/api/photos/${photo.id}/display"]`);
      await image.waitFor();
      await page.waitForFunction((src) => {
        const img = document.querySelector<HTMLImageElement>(`img[src="${src}"]`);
        return Boolean(img && img.complete && img.naturalWidth > 0);
      }, `/api/photos/${photo.id}/display`);
    }
    assert.match(await pair.locator('.case-distance').innerText(), new RegExp(`相距 ${afterPhoto.pairDistanceM} 米`));
    assert.match(await pair.innerText(), /泵站东侧墙/);
    assert.match(await pair.innerText(), /120\.921000, 31\.171000/);
    assert.match(await caseDocument.innerText(), /一、基本情况[\s\S]*整治低洼易淹易涝片区/);

    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() => ({
      header: getComputedStyle(document.querySelector('.app-header')!).display,
      toolbar: getComputedStyle(document.querySelector('.case-toolbar')!).display,
      pair: getComputedStyle(document.querySelector('.case-pair')!).breakInside,
    }));
    assert.deepEqual(hidden, { header: 'none', toolbar: 'none', pair: 'avoid' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 20_000, 'the PDF carries the images');
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.app-header')!).display), 'flex');
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
