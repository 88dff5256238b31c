import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import type { ZoneCollection } from '../src/shared/zones/zone';

const HAS_GDAL = spawnSync('ogr2ogr', ['--version']).status === 0;

let server: RunningServer;
let browser: Browser;
let work: string;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  work = mkdtempSync(path.join(tmpdir(), 'jinxi-import-e2e-'));
});
after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const square = (lon: number, lat: number, size = 0.0008) => [
  [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ],
];

/**
 * A Shapefile as Chinese desktop GIS writes it: attributes in GBK, no .cpg, language byte 0 (GDAL
 * with ENCODING=GBK, the .cpg then removed): nothing in the file says how its text is encoded.
 */
async function gbkShapefileWithoutCpg(): Promise<Buffer> {
  const source = path.join(work, 'source.geojson');
  writeFileSync(
    source,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { 名称: '南塘河东岸', 项目: 'R3', 状态: '整治中' },
          geometry: { type: 'Polygon', coordinates: square(120.9035, 31.1785) },
        },
        {
          type: 'Feature',
          properties: { 名称: '菱塘湾停车场', 项目: 'S2', 状态: '未开始' },
          geometry: { type: 'Polygon', coordinates: square(120.9075, 31.1825) },
        },
        {
          type: 'Feature',
          properties: { 名称: '镇外的区域', 项目: 'R3', 状态: '未开始' },
          geometry: { type: 'Polygon', coordinates: square(121.4, 31.6) },
        },
      ],
    }),
  );
  const shp = path.join(work, 'zones.shp');
  execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK', shp, source]);
  const zip = new JSZip();
  for (const extension of ['shp', 'shx', 'dbf', 'prj']) {
    const bytes = readFileSync(path.join(work, `zones.${extension}`));
    if (extension === 'dbf') bytes[29] = 0; // no language driver id either
    zip.file(`整治区域.${extension}`, bytes);
  }
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('GIS import in the browser', { timeout: 240_000 }, () => {
  it(
    'a planner imports a GBK shapefile: picks the encoding, maps fields, reads the report, commits, finds the zones',
    { skip: HAS_GDAL ? false : 'ogr2ogr missing (apt-get install gdal-bin)' },
    async () => {
      const zip = await gbkShapefileWithoutCpg();
      const watched = await openPage(browser);
      const { page } = watched;
      await loginAs(watched, server.baseUrl, 'planner');
      await page.goto(server.baseUrl);
      const link = page.getByTestId('gis-import-link');
      await link.waitFor();
      assert.equal(await link.innerText(), '导入 GIS');
      await link.click();
      await page.getByRole('heading', { name: '导入 GIS 数据（整治区域）' }).waitFor();

      await page
        .getByLabel('选择文件')
        .setInputFiles({ name: '整治区域.zip', mimeType: 'application/zip', buffer: zip });
      const note = page.getByTestId('import-encoding-note');
      await note.waitFor();
      assert.match(await note.innerText(), /没有说明文字编码/);
      const rows = page.getByTestId('import-rows');
      assert.doesNotMatch(await rows.innerText(), /南塘河东岸/, 'not decoded before the user chooses');
      const candidates = page.getByTestId('import-encoding-candidates');
      assert.match(await candidates.innerText(), /GBK \/ GB2312\s+南塘河东岸/);
      assert.match(await page.getByTestId('import-count').innerText(), /3 个/);

      await page.getByLabel('文字编码').selectOption('gbk');
      await rows.getByText('南塘河东岸').waitFor();
      assert.match(await rows.innerText(), /菱塘湾停车场/);
      assert.match(await page.getByTestId('import-crs-note').innerText(), /WGS 84/);

      // The Chinese column names are guessed once decoded: 名称 → name, 项目 → item, 状态 → status.
      assert.equal(await page.getByTestId('import-map-name').inputValue(), '名称');
      assert.equal(await page.getByTestId('import-map-category').inputValue(), '项目');
      assert.equal(await page.getByTestId('import-map-status').inputValue(), '状态');
      await page.getByTestId('import-accept-overlaps').check();
      await page.getByRole('button', { name: '校验' }).click();
      const summary = page.getByTestId('import-report-summary');
      await summary.waitFor();
      assert.equal(await summary.innerText(), '2 个有效，1 个无效（共 3 个）。');
      const report = page.getByTestId('import-report');
      assert.match(await report.locator('tr', { hasText: '镇外的区域' }).innerText(), /超出镇域边界/);
      assert.ok(await page.getByTestId('import-skip-invalid').isChecked());

      await page.getByRole('button', { name: '导入 2 个整治区域' }).click();
      const result = page.getByTestId('import-result');
      await result.waitFor();
      assert.match(await result.innerText(), /已导入 2 个整治区域/);

      const cookie = await apiLogin(server.baseUrl, 'planner');
      const zones = (await (
        await fetch(`${server.baseUrl}/api/zones?q=${encodeURIComponent('南塘河')}`, { headers: { cookie } })
      ).json()) as ZoneCollection;
      const imported = zones.features.find((zone) => zone.properties.name === '南塘河东岸');
      assert.ok(imported, 'the zone exists with its Chinese name');
      assert.equal(imported.properties.category, 'R3');
      assert.equal(imported.properties.status, 'in_progress');
      const history = (await (
        await fetch(`${server.baseUrl}/api/zones/${imported.id}/history`, { headers: { cookie } })
      ).json()) as { reason: string }[];
      assert.equal(history[0]!.reason, '导入自 整治区域.zip');

      // The import page may still be fetching (its preview's drawing layers, on a busy machine): leaving it at once
      // would cancel that script, which the test counts as a failed request.
      await watched.requestsSettled();
      await result.getByRole('link', { name: '在地图上查看' }).click();
      // The map page opens on the new zone: it is in the list (the zone cache was refreshed by the import).
      await page.locator('.zone-list').getByText('南塘河东岸').first().waitFor();
      assert.match(page.url(), new RegExp(`zone=${imported.id}`));
      assert.deepEqual(watched.problems, []);
      await watched.context.close();
    },
  );

  it('a file over the feature limit is said so at the preview; keeping the first 5,000 lets it be checked', async () => {
    const file = path.join(work, '5001个点.geojson');
    const features = Array.from({ length: 5001 }, (_, index) => ({
      type: 'Feature',
      properties: { 名称: `点${index}` },
      geometry: {
        type: 'Point',
        coordinates: [120.86 + (index % 100) * 0.001, 31.14 + Math.floor(index / 100) * 0.001],
      },
    }));
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'planner');
    await page.goto(`${server.baseUrl}/import`);
    await page.getByLabel('选择文件').setInputFiles(file);
    const tooMany = page.getByTestId('import-too-many');
    await tooMany.getByText('该文件有 5001 个要素，一次最多导入 5000 个').waitFor();
    assert.ok(await page.getByTestId('import-validate').isDisabled());
    await tooMany.getByRole('button', { name: '只导入前 5000 个' }).click();
    await tooMany.getByText('已勾选 5000 个').waitFor();
    assert.ok(await page.getByTestId('import-validate').isEnabled());
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('is not offered to a unit account, and the page refuses it', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'water');
    await page.goto(`${server.baseUrl}/import`);
    await page.getByText('您的账号不能查看此页面。').waitFor();
    // The refused page still has its header's end (the user menu), loaded once the page has shown: let it come
    // before leaving, or the browser cancels its scripts.
    await page.locator('.user-menu summary').waitFor();
    await watched.requestsSettled();
    await page.goto(server.baseUrl);
    await page.locator('.zone-list').waitFor();
    assert.equal(await page.getByTestId('gis-import-link').count(), 0);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
