import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';

const run = promisify(execFile);

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

describe('registers (台账) in the browser', { timeout: 120_000 }, () => {
  it('the 城管中队 adds an outdoor ad on the map; it shows in the layer and the list, and exports', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'chengguan');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);

    // Switch the layer on in the legend: the sample ads (示例数据) load as a map source.
    await page.getByTestId('register-layers-toggle').click();
    await page.getByTestId('register-layer-outdoor-ads').check();
    await page.waitForFunction(() => {
      const map = window.__jinxiMap;
      return Boolean(map?.getLayer('registers-outdoor-ads-point') && map.isSourceLoaded('registers-outdoor-ads'));
    });
    const row = page.locator('.register-legend-row', { hasText: '户外广告设施' });
    await row.getByRole('button', { name: '新增' }).click();
    const card = page.getByTestId('register-card');
    await card.getByText('在地图上点选位置').waitFor();
    // Its position: a point inside a zone (the middle of the first area drawn there), so a click on the ad later
    // shows that the ad, not the zone under it, gets the click.
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const spot = await page.evaluate(() => {
      const map = window.__jinxiMap!;
      for (const zone of map.querySourceFeatures('zones')) {
        if (zone.geometry.type !== 'Polygon') continue;
        const ring = zone.geometry.coordinates[0]!;
        const lon = ring.reduce((sum, corner) => sum + corner[0]!, 0) / ring.length;
        const lat = ring.reduce((sum, corner) => sum + corner[1]!, 0) / ring.length;
        const point = map.project([lon, lat]);
        const inside = map.queryRenderedFeatures(point, { layers: ['zones-fill'] }).length > 0;
        const shown = point.x > 40 && point.y > 40 && point.x < map.getCanvas().clientWidth - 40;
        if (inside && shown && point.y < map.getCanvas().clientHeight - 40) return { x: point.x, y: point.y };
      }
      return null;
    });
    assert.ok(spot, 'a zone area in view');
    await page.mouse.click(box.x + spot.x, box.y + spot.y);
    await card.getByRole('button', { name: '重画' }).waitFor();
    await card.getByLabel('名称').fill('测试单立柱广告');
    await card.getByLabel('审批编号').fill('昆城管广审2026-001');
    await card.getByLabel('状态 *').selectOption({ label: '完好' });
    await card.getByRole('button', { name: '保存' }).click();

    // The card shows the saved object in plain words; the layer has it.
    const detail = page.getByTestId('register-detail');
    await detail.getByText('测试单立柱广告').waitFor();
    await detail.getByText('完好').waitFor();
    await detail.getByText('城管中队').waitFor();
    await page.waitForFunction(() =>
      window
        .__jinxiMap!.querySourceFeatures('registers-outdoor-ads')
        .some((feature) => feature.properties?.name === '测试单立柱广告'),
    );

    // Closed and clicked again on the map: the ad's card opens; the zone under it does not open as well.
    await detail.getByRole('button', { name: '关闭' }).click();
    await detail.waitFor({ state: 'detached' });
    await page.mouse.click(box.x + spot.x, box.y + spot.y);
    await detail.getByText('测试单立柱广告').waitFor();
    await watched.requestsSettled();
    assert.equal(new URL(page.url()).searchParams.get('zone'), null);
    assert.equal(await page.locator('.zone-panel').count(), 0);

    // Folding the legend hides its list, not the layer switched on in it.
    await page.getByRole('button', { name: '图例', exact: true }).click();
    assert.equal(await page.locator('.legend > ul').isVisible(), false);
    assert.ok(await page.evaluate(() => Boolean(window.__jinxiMap!.getLayer('registers-outdoor-ads-point'))));

    // The list page has it; the register's GeoJSON export holds it with its attributes.
    await page.goto(`${server.baseUrl}/registers?kind=outdoor-ads`);
    const list = page.getByTestId('registers-page');
    await list.getByRole('button', { name: '测试单立柱广告' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      list.getByTestId('register-export-geojson').click(),
    ]);
    assert.match(download.suggestedFilename(), /^户外广告设施-\d{4}-\d{2}-\d{2}\.geojson$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      features: { properties: Record<string, unknown> }[];
    };
    const ad = exported.features.find((feature) => feature.properties.name === '测试单立柱广告');
    assert.ok(ad, 'the new ad is in the export');
    assert.equal(ad.properties.state, '完好');
    assert.equal(ad.properties.approvalNumber, '昆城管广审2026-001');
    assert.ok(exported.features.length > 1, 'with the sample ads');

    // 导入: a tiny GeoJSON (one good ad, one without its 状态): the preview names the bad row, the import adds the good one.
    const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
    const file = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: point(120.9201, 31.1702), properties: { 名称: '示例 导入的广告', 状态: '完好' } },
        { type: 'Feature', geometry: point(120.9203, 31.1704), properties: { 名称: '示例 缺状态的广告' } },
      ],
    };
    await list.getByTestId('register-import-open').click();
    await list.getByTestId('register-import-file').setInputFiles({
      name: '广告.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await list.getByRole('button', { name: '预览' }).click();
    const preview = list.getByTestId('register-import-preview');
    await preview.getByText('文件中共 2 个对象：1 个可以导入，1 个有问题。').waitFor();
    await preview.getByText('状态：必须填写').waitFor();
    await preview.getByTestId('register-import-confirm').click();
    await list.getByText('已导入 1 个对象；跳过有问题的 1 个。').waitFor();
    await list.getByRole('button', { name: '示例 导入的广告' }).click();
    const imported = list.getByTestId('register-detail');
    await imported.getByRole('button', { name: '变更记录' }).click();
    await imported.getByText('导入自 广告.geojson').waitFor();

    // A GeoPackage with two layers of ads (written by GDAL): the preview reads the first and offers the other.
    const dir = await mkdtemp(path.join(tmpdir(), 'jinxi-layers-'));
    const gpkg = path.join(dir, '广告.gpkg');
    for (const [index, names] of [['示例 2025年广告甲', '示例 2025年广告乙'], ['示例 2026年广告']].entries()) {
      const layer = path.join(dir, `${index}.geojson`);
      const features = names.map((name, at) => ({
        type: 'Feature',
        geometry: point(120.921 + at * 0.0002, 31.171),
        properties: { 名称: name, 状态: '完好' },
      }));
      await writeFile(layer, JSON.stringify({ type: 'FeatureCollection', features }));
      const update = index === 0 ? [] : ['-update'];
      await run('ogr2ogr', ['-f', 'GPKG', ...update, gpkg, layer, '-nln', index === 0 ? '2025年' : '2026年']);
    }
    await list.getByTestId('register-import-file').setInputFiles(gpkg);
    await list.getByRole('button', { name: '预览' }).click();
    await preview.getByText('文件中共 2 个对象：2 个可以导入，0 个有问题。').waitFor();
    await list.getByText('文件有 2 个图层，预览的是').waitFor();
    await list.getByTestId('register-import-layer').selectOption('2026年');
    await preview.getByText('文件中共 1 个对象：1 个可以导入，0 个有问题。').waitFor();
    await rm(dir, { recursive: true, force: true });
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
