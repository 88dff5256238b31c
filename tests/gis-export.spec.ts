import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';
import type { ZoneCollection } from '../src/shared/zones/zone';

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

describe('GIS export and API tokens in the browser', { timeout: 180_000 }, () => {
  it('exports the zones of the map’s filters as GIS files from the 导出 GIS menu', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    await page.locator('.chips').getByRole('button', { name: '整治中', exact: true }).click();
    const menu = page.getByTestId('gis-export-menu');
    await menu.locator('summary', { hasText: '导出 GIS' }).click();
    const links = {
      GeoJSON: 'geojson',
      'Shapefile（zip）': 'shp.zip',
      KML: 'kml',
      GeoPackage: 'gpkg',
      'CSV（含 WKT）': 'csv',
    };
    for (const [name, format] of Object.entries(links)) {
      const link = menu.getByRole('link', { name, exact: true });
      assert.equal(await link.getAttribute('href'), `/api/export/zones.${format}?status=in_progress`);
    }
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      menu.getByRole('link', { name: 'GeoJSON', exact: true }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^整治区域-\d{4}-\d{2}-\d{2}\.geojson$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      features: { id: number; properties: { name: string; statusName: string } }[];
    };
    const cookie = await apiLogin(server.baseUrl, 'leader');
    const expected = (
      (await (
        await fetch(`${server.baseUrl}/api/zones?status=in_progress`, { headers: { cookie } })
      ).json()) as ZoneCollection
    ).features;
    assert.ok(expected.length > 0);
    assert.deepEqual(
      exported.features.map((feature) => feature.properties.name),
      expected.map((zone) => zone.properties.name),
    );
    assert.ok(exported.features.every((feature) => feature.properties.statusName === '整治中'));
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('issues an API token once with the QGIS/GDAL connection, lists it without the secret, and revokes it', async () => {
    const watched = await openPage(browser);
    const { page, context } = watched;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    await loginAs(watched, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/admin/accounts`);
    const section = page.getByRole('region', { name: 'API 令牌（桌面 GIS）' });
    await section.getByText('还没有签发 API 令牌。').waitFor();
    await section.getByLabel('名称').fill('规划办 QGIS <b>');
    await section.getByLabel('有效期').selectOption({ label: '90 天' });
    await section.getByRole('button', { name: '签发令牌' }).click();

    const issued = page.getByRole('region', { name: '新令牌' });
    const secret = await issued.getByTestId('api-token-secret').inputValue();
    assert.match(secret, /^jxt_[\w-]{43}$/);
    assert.equal(await issued.getByTestId('api-token-oapif').inputValue(), `OAPIF:${server.baseUrl}/ogc`);
    assert.equal(await issued.getByTestId('api-token-header').inputValue(), `Authorization: Bearer ${secret}`);
    assert.equal(
      await issued.getByTestId('api-token-gdal').inputValue(),
      `ogrinfo --config GDAL_HTTP_HEADERS "Authorization: Bearer ${secret}" OAPIF:${server.baseUrl}/ogc`,
    );
    await issued.getByRole('button', { name: '复制令牌' }).click();
    await issued.getByText('已复制').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);

    // The token reads the OGC API (and nothing else).
    const ogc = await fetch(`${server.baseUrl}/ogc/collections`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(ogc.status, 200);

    // The list has its name (as text) and its first characters, never the secret; done hides the secret for good.
    const table = section.getByTestId('api-token-table');
    await table.getByRole('cell', { name: '规划办 QGIS <b>', exact: true }).waitFor();
    await table.getByText(`${secret.slice(0, 8)}…`).waitFor();
    await issued.getByRole('button', { name: '完成（不再显示令牌）' }).click();
    assert.equal(await page.getByRole('region', { name: '新令牌' }).count(), 0);
    assert.ok(!(await page.content()).includes(secret), 'the secret is gone from the page');

    page.once('dialog', (dialog) => void dialog.accept());
    await table.getByRole('button', { name: '撤销令牌“规划办 QGIS <b>”' }).click();
    await section.getByText('还没有签发 API 令牌。').waitFor();
    const refused = await fetch(`${server.baseUrl}/ogc/collections`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(refused.status, 401);
    assert.deepEqual(watched.problems, []);
    await context.close();
  });
});
