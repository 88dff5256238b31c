import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';
import type { ZoneCollection } from '../src/shared/zone';

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

/** Screen position of a longitude/latitude on the page's map. */
async function screenPoint(page: Page, lon: number, lat: number) {
  return page.evaluate(
    ([lng, lat]) => {
      const map = window.__jinxiMap!;
      const point = map.project([lng!, lat!]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    },
    [lon, lat],
  );
}

async function zonesAs(username: string): Promise<ZoneCollection['features']> {
  const cookie = await apiLogin(server.baseUrl, username);
  return ((await (await fetch(`${server.baseUrl}/api/zones`, { headers: { cookie } })).json()) as ZoneCollection)
    .features;
}

describe('drawing and editing zones', { timeout: 180_000 }, () => {
  it('lets a planner draw a polygon by mouse, fill the form and save it; the map and list show it', async () => {
    const watched = await openPage(browser);
    const { page, context, problems } = watched;
    await loginAs(watched, server.baseUrl, 'planner');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    // Zoom to an empty corner of the town to draw in.
    await page.evaluate(() => {
      const map = window.__jinxiMap!;
      map.jumpTo({ center: [120.93, 31.215], zoom: 16 });
    });
    await waitForMapIdle(page);
    await page.getByRole('button', { name: '＋ 新建整治区域' }).click();
    await page.getByTestId('zone-editor').waitFor();
    await page.locator('.draw-toolbar [data-kind="polygon"]').click();
    const corners = [
      [120.9295, 31.2145],
      [120.9305, 31.2145],
      [120.9305, 31.2153],
      [120.9295, 31.2153],
    ] as const;
    for (const [lon, lat] of corners) {
      const point = await screenPoint(page, lon, lat);
      await page.mouse.click(point.x, point.y);
      await page.waitForTimeout(150);
    }
    const first = await screenPoint(page, corners[0][0], corners[0][1]);
    await page.mouse.click(first.x, first.y);
    await page.getByTestId('measure').waitFor();
    assert.match(await page.getByTestId('measure').innerText(), /面积 [\d,]+ m²（[\d.]+ 亩）/);

    const editor = page.getByTestId('zone-editor');
    await editor.locator('select[name="category"]').selectOption('R5');
    await editor.locator('input[name="name"]').fill('北管泾村新建工地（测试）');
    await editor.locator('textarea[name="measures"]').fill('封闭围挡施工，出入口设置冲洗设施。');
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByTestId('zone-panel').locator('.panel-title', { hasText: '北管泾村新建工地（测试）' }).waitFor();
    await page.locator('.zone-row', { hasText: '北管泾村新建工地（测试）' }).waitFor();
    const saved = (await zonesAs('planner')).find((zone) => zone.properties.name === '北管泾村新建工地（测试）')!;
    assert.equal(saved.properties.category, 'R5');
    assert.equal(saved.properties.leadUnit, 'jianguansuo');
    assert.equal(saved.geometry.type, 'Polygon');
    // It is on the map, as a feature of the zones source.
    await waitForMapIdle(page);
    const onMap = await page.evaluate(
      (id) => window.__jinxiMap!.querySourceFeatures('zones').some((feature) => feature.properties.zoneId === id),
      saved.id,
    );
    assert.ok(onMap, 'the new zone is drawn');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('shows a conflict when someone else saved first, and re-applies the change on top', async () => {
    const [target] = (await zonesAs('planner')).filter((zone) => zone.properties.category === 'R2');
    const first = await openPage(browser);
    await loginAs(first, server.baseUrl, 'planner');
    await first.page.goto(`${server.baseUrl}/?zone=${target!.id}`);
    await waitForMapIdle(first.page);
    await first.page.getByRole('button', { name: '编辑区域' }).click();
    const editor = first.page.getByTestId('zone-editor');
    await editor.locator('input[name="name"]').fill(`${target!.properties.name}（一号编辑）`);

    // Meanwhile the campaign office changes the progress through the API.
    const cookie = await apiLogin(server.baseUrl, 'admin');
    const changed = await fetch(`${server.baseUrl}/api/zones/${target!.id}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json', 'if-match': `"${target!.properties.version}"` },
      body: JSON.stringify({ properties: { progress: 77 } }),
    });
    assert.equal(changed.status, 200);

    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await first.page.getByTestId('conflict').waitFor();
    assert.match(await first.page.getByTestId('conflict').innerText(), /其他人已修改/);
    assert.equal(
      await editor.locator('input[name="name"]').inputValue(),
      `${target!.properties.name}（一号编辑）`,
      'nothing typed is lost',
    );
    await first.page.getByRole('button', { name: '在最新版本上应用我的修改' }).click();
    await first.page.getByTestId('zone-panel').locator('.panel-title', { hasText: '（一号编辑）' }).waitFor();
    const after = (await zonesAs('planner')).find((zone) => zone.id === target!.id)!;
    assert.equal(after.properties.progress, 77, 'the other change is kept');
    assert.equal(after.properties.name, `${target!.properties.name}（一号编辑）`);
    assert.equal(after.properties.version, target!.properties.version + 2);
    // The refused save is the one expected error response.
    assert.deepEqual(
      first.problems.filter((problem) => !/412/.test(problem)),
      [],
    );
    await first.context.close();
  });

  it('restores an earlier version from the history', async () => {
    const [target] = (await zonesAs('planner')).filter((zone) => zone.properties.name.endsWith('（一号编辑）'));
    const watched = await openPage(browser);
    await loginAs(watched, server.baseUrl, 'planner');
    await watched.page.goto(`${server.baseUrl}/?zone=${target!.id}`);
    await waitForMapIdle(watched.page);
    const panel = watched.page.getByTestId('zone-panel');
    await panel.locator('.history summary').click();
    const original = panel.locator('.history-list li[data-version="1"]');
    await original.waitFor();
    await original.getByRole('button', { name: '在地图上显示' }).click();
    await watched.page.waitForFunction(() => window.__jinxiMap!.querySourceFeatures('history-preview').length > 0);
    await original.getByRole('button', { name: '恢复此版本' }).click();
    await panel.locator('.panel-title', { hasText: target!.properties.name.replace('（一号编辑）', '') }).waitFor();
    await watched.page.waitForFunction(
      () => !document.querySelector('[data-testid="zone-panel"] .panel-title')?.textContent?.includes('一号编辑'),
    );
    const after = (await zonesAs('planner')).find((zone) => zone.id === target!.id)!;
    assert.equal(after.properties.version, target!.properties.version + 1);
    assert.doesNotMatch(after.properties.name, /一号编辑/);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('splits a zone along a drawn line into two zones in one save', async () => {
    const zones = await zonesAs('planner');
    const target = zones.find((zone) => zone.geometry.type === 'Polygon' && zone.properties.category === 'R1')!;
    const ring = (target.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const lons = ring.map((point) => point[0]!);
    const lats = ring.map((point) => point[1]!);
    const middle = (Math.min(...lats) + Math.max(...lats)) / 2;
    const watched = await openPage(browser);
    await loginAs(watched, server.baseUrl, 'planner');
    await watched.page.goto(`${server.baseUrl}/?zone=${target.id}`);
    await waitForMapIdle(watched.page);
    await watched.page.getByRole('button', { name: '编辑区域' }).click();
    await watched.page.getByTestId('measure').waitFor();
    await watched.page.getByRole('button', { name: '沿线分割' }).click();
    const span = Math.max(...lons) - Math.min(...lons);
    const from = await screenPoint(watched.page, Math.min(...lons) - span * 0.1, middle);
    const to = await screenPoint(watched.page, Math.max(...lons) + span * 0.1, middle);
    await watched.page.mouse.click(from.x, from.y);
    await watched.page.waitForTimeout(150);
    await watched.page.mouse.click(to.x, to.y);
    await watched.page.waitForTimeout(150);
    await watched.page.mouse.click(to.x, to.y);
    await watched.page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    const after = await zonesAs('planner');
    assert.equal(after.length, zones.length + 1);
    const added = after.find((zone) => zone.properties.name === `${target.properties.name}（二）`);
    assert.ok(added, 'the second part is a new zone');
    assert.equal(added!.properties.category, 'R1');
    assert.equal(after.find((zone) => zone.id === target.id)!.properties.version, target.properties.version + 1);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('lets the water station record flood data on a flood-prone area and create its flood-season checklist', async () => {
    const target = (await zonesAs('water')).find((zone) => zone.properties.category === 'R4')!;
    const watched = await openPage(browser);
    await loginAs(watched, server.baseUrl, 'water');
    await watched.page.goto(`${server.baseUrl}/?zone=${target.id}`);
    const section = watched.page.getByTestId('flood-section');
    await section.waitFor();
    await section.getByRole('button', { name: /填写防汛信息|修改防汛信息/ }).click();
    await section.locator('select[name="riskLevel"]').selectOption('high');
    await section.locator('input[name="maxDepthCm"]').fill('35');
    await section.locator('input[name="affectedHouseholds"]').fill('86');
    await section.locator('textarea[name="cause"]').fill('地势低洼，雨水管径偏小');
    await section.getByRole('button', { name: '保存', exact: true }).click();
    await section.getByText('35 厘米').waitFor();
    assert.match(await section.locator('.risk').innerText(), /高/);
    const tasksBefore = await watched.page.locator('.task-row').count();
    await section.getByRole('button', { name: '生成汛期检查清单' }).click();
    await section.getByText(/已生成 5 项任务/).waitFor();
    await watched.page.waitForFunction(
      (count) => document.querySelectorAll('.task-row').length === count + 5,
      tasksBefore,
    );
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('shows waterlogging points and how often each flood-prone area flooded', async () => {
    const target = (await zonesAs('water')).find((zone) => zone.properties.category === 'R4')!;
    const ring = (target.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const inside = [
      (Math.min(...ring.map((point) => point[0]!)) + Math.max(...ring.map((point) => point[0]!))) / 2,
      (Math.min(...ring.map((point) => point[1]!)) + Math.max(...ring.map((point) => point[1]!))) / 2,
    ];
    const cookie = await apiLogin(server.baseUrl, 'water');
    const recorded = await fetch(`${server.baseUrl}/api/flood-events`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        occurredOn: '2026-06-10',
        rainfallMm: 92,
        points: [{ coordinates: inside, depthCm: 32 }],
      }),
    });
    assert.equal(recorded.status, 201);
    const watched = await openPage(browser);
    await loginAs(watched, server.baseUrl, 'leader');
    await watched.page.goto(server.baseUrl);
    await waitForMapIdle(watched.page);
    const overlay = watched.page.getByTestId('flood-overlay');
    await overlay.getByRole('button', { name: '积水点' }).click();
    await overlay.getByText('已记录积水点 1 个').waitFor();
    const row = overlay.locator(`tr[data-zone-id="${target.id}"]`);
    assert.match(await row.innerText(), /1\s+32 cm\s+2026-06-10/);
    // Tiles may hold a point twice (buffers): count distinct points.
    await watched.page.waitForFunction(
      () =>
        new Set(window.__jinxiMap!.querySourceFeatures('waterlogging').map((feature) => feature.properties.pointId))
          .size === 1,
    );
    await row.getByRole('button').click();
    await watched.page.getByTestId('zone-panel').locator('.panel-title', { hasText: target.properties.name }).waitFor();
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('shows no editing controls to a leader', async () => {
    const watched = await openPage(browser);
    await loginAs(watched, server.baseUrl, 'leader');
    await watched.page.goto(`${server.baseUrl}/?zone=1`);
    await watched.page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    assert.equal(await watched.page.getByRole('button', { name: '＋ 新建整治区域' }).count(), 0);
    assert.equal(await watched.page.getByRole('button', { name: '编辑区域' }).count(), 0);
    await watched.context.close();
  });
});
