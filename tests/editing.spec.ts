import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
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

describe('drawing and editing zones', { timeout: 300_000 }, () => {
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
    // 责任单位: the plan's units for R5, every one a visible chip, said to come from the plan; nothing hidden.
    const picker = editor.getByTestId('unit-picker');
    const chips = picker.locator('.unit-chip');
    assert.deepEqual(await chips.evaluateAll((items) => items.map((item) => item.getAttribute('data-unit'))), [
      'paichusuo',
      'jiaojingzhongdui',
      'chengguanzhongdui',
      'shuilizhan',
      'jiaoguansuo',
    ]);
    assert.match(await picker.innerText(), /按实施方案中该项目的责任单位预填/);
    assert.equal(await picker.locator('input[type="checkbox"]').count(), 0);
    for (const chip of await chips.all()) assert.ok(await chip.isVisible());
    await picker.getByRole('button', { name: '移除 派出所' }).click();
    await picker.getByRole('button', { name: '＋ 添加责任单位' }).click();
    await picker.getByLabel('搜索单位名称').fill('环卫');
    await picker.getByRole('button', { name: '＋ 环卫所' }).click();
    assert.equal(await chips.count(), 5);
    // 村（社区）: left empty, it is set from the village areas on save.
    assert.equal(
      await editor.locator('input[name="village"]').getAttribute('placeholder'),
      '留空：保存时按村界自动判定',
    );
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByTestId('zone-panel').locator('.panel-title', { hasText: '北管泾村新建工地（测试）' }).waitFor();
    await page.locator('.zone-row', { hasText: '北管泾村新建工地（测试）' }).waitFor();
    const saved = (await zonesAs('planner')).find((zone) => zone.properties.name === '北管泾村新建工地（测试）')!;
    assert.equal(saved.properties.category, 'R5');
    assert.equal(saved.properties.leadUnit, 'jianguansuo');
    assert.equal(saved.geometry.type, 'Polygon');
    assert.deepEqual(saved.properties.responsibleUnits, [
      'jiaojingzhongdui',
      'chengguanzhongdui',
      'shuilizhan',
      'jiaoguansuo',
      'huanweisuo',
    ]);
    assert.ok(saved.properties.village, 'the village is derived');
    assert.match(await page.getByTestId('zone-panel').innerText(), new RegExp(saved.properties.village));
    // The planner corrects it in the form.
    await page.getByRole('button', { name: '编辑区域' }).click();
    const village = page.getByTestId('zone-editor').locator('input[name="village"]');
    assert.equal(await village.inputValue(), saved.properties.village);
    await village.fill('长云村');
    await page.getByTestId('zone-editor').getByRole('button', { name: '保存', exact: true }).click();
    await page.getByTestId('zone-panel').locator('dd', { hasText: '长云村' }).waitFor();
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

  it('edits a vertex by dragging it; a second session that saved first shows both changes, and mine re-applies on top', async () => {
    const [target] = (await zonesAs('planner')).filter(
      (zone) => zone.properties.category === 'R2' && zone.geometry.type === 'Polygon',
    );
    assert.ok(target, 'a polygon zone of R2 in the sample data');
    const ring = (target.geometry as { coordinates: [number, number][][] }).coordinates[0]!;

    // The first planner starts renaming the zone.
    const first = await openPage(browser);
    await loginAs(first, server.baseUrl, 'planner');
    await first.page.goto(`${server.baseUrl}/?zone=${target.id}`);
    await waitForMapIdle(first.page);
    await first.page.getByRole('button', { name: '编辑区域' }).click();
    const editor = first.page.getByTestId('zone-editor');
    await editor.locator('input[name="name"]').fill(`${target.properties.name}（一号编辑）`);

    // Meanwhile the campaign office, in a second browser, drags a corner of the same zone and saves.
    const second = await openPage(browser);
    await loginAs(second, server.baseUrl, 'admin');
    await second.page.goto(`${server.baseUrl}/?zone=${target.id}`);
    await waitForMapIdle(second.page);
    await second.page.getByRole('button', { name: '编辑区域' }).click();
    const secondEditor = second.page.getByTestId('zone-editor');
    await secondEditor.getByTestId('measure').waitFor();
    await secondEditor.getByLabel('吸附').uncheck();
    const areaBefore = await secondEditor.getByTestId('measure').innerText();
    await waitForMapIdle(second.page);
    const [vertexLon, vertexLat] = ring[0]!;
    const from = await screenPoint(second.page, vertexLon, vertexLat);
    await second.page.mouse.move(from.x, from.y);
    await second.page.mouse.down();
    for (let step = 1; step <= 8; step += 1) {
      await second.page.mouse.move(from.x - step * 4, from.y - step * 4);
      await second.page.waitForTimeout(30);
    }
    await second.page.mouse.up();
    await second.page.waitForFunction(
      (before) => document.querySelector('[data-testid="measure"]')?.textContent !== before,
      areaBefore,
    );
    await secondEditor.getByRole('button', { name: '保存', exact: true }).click();
    await second.page.getByTestId('zone-panel').waitFor();
    const moved = (await zonesAs('planner')).find((zone) => zone.id === target.id)!;
    assert.equal(moved.properties.version, target.properties.version + 1);
    const movedRing = (moved.geometry as { coordinates: [number, number][][] }).coordinates[0]!;
    assert.equal(movedRing.length, ring.length, 'a vertex moved, none added');
    const movedVertex = movedRing.find(
      (position) => !ring.some(([lon, lat]) => lon === position[0] && lat === position[1]),
    );
    assert.ok(movedVertex, 'one corner has new coordinates');
    assert.ok(movedVertex[0] < vertexLon && movedVertex[1] > vertexLat, 'dragged up and to the left');
    assert.deepEqual(second.problems, []);

    // The first planner's save is refused as stale: the other shape is shown beside the typed change.
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    const conflict = first.page.getByTestId('conflict');
    await conflict.waitFor();
    assert.match(await conflict.innerText(), /其他人已修改/);
    assert.match(await conflict.locator('tr[data-field="geometry"]').innerText(), /对方改了范围.*\s*未改/s);
    assert.match(await conflict.locator('tr[data-field="name"]').innerText(), /（一号编辑）/);
    await waitForMapIdle(first.page);
    const theirsOnMap = await first.page.evaluate(() =>
      window.__jinxiMap!.querySourceFeatures('draft').some((feature) => feature.geometry.type === 'Polygon'),
    );
    assert.ok(theirsOnMap, "the other person's shape is drawn on the map");
    assert.equal(
      await editor.locator('input[name="name"]').inputValue(),
      `${target.properties.name}（一号编辑）`,
      'nothing typed is lost',
    );
    await first.page.getByRole('button', { name: '在最新版本上应用我的修改' }).click();
    await first.page.getByTestId('zone-panel').locator('.panel-title', { hasText: '（一号编辑）' }).waitFor();
    const after = (await zonesAs('planner')).find((zone) => zone.id === target.id)!;
    assert.deepEqual(after.geometry, moved.geometry, "the other person's shape is kept");
    assert.equal(after.properties.name, `${target.properties.name}（一号编辑）`);
    assert.equal(after.properties.version, target.properties.version + 2);
    // The refused save is the one expected error response.
    assert.deepEqual(
      first.problems.filter((problem) => !/412/.test(problem)),
      [],
    );
    await first.context.close();
    await second.context.close();
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

  it('splits a zone with the zone and the parts on view, saves on confirm, and merges the halves back (issue 16)', async () => {
    const zones = await zonesAs('planner');
    const target = zones.find((zone) => zone.geometry.type === 'Polygon' && zone.properties.category === 'R1')!;
    const ring = (target.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const lons = ring.map((point) => point[0]!);
    const lats = ring.map((point) => point[1]!);
    const middle = (Math.min(...lats) + Math.max(...lats)) / 2;
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'planner');
    await page.goto(`${server.baseUrl}/?zone=${target.id}`);
    await waitForMapIdle(page);
    await page.getByRole('button', { name: '编辑区域' }).click();
    await page.getByTestId('measure').waitFor();
    await page.getByRole('button', { name: '沿线分割' }).click();
    const span = Math.max(...lons) - Math.min(...lons);
    const from = await screenPoint(page, Math.min(...lons) - span * 0.1, middle);
    const to = await screenPoint(page, Math.max(...lons) + span * 0.1, middle);
    await page.mouse.click(from.x, from.y);
    await page.waitForTimeout(150);
    // While the cut is drawn the zone stays on the map (it used to vanish).
    await waitForMapIdle(page);
    const drafts = () =>
      page.evaluate(() =>
        window.__jinxiMap!.querySourceFeatures('draft').map((feature) => ({
          type: feature.geometry.type,
          color: feature.properties.color as string,
        })),
      );
    // The draft layers' style arrives with the first draft (a lazy chunk): on a busy machine after the map's idle.
    const outlined = await page
      .waitForFunction(
        () => window.__jinxiMap!.querySourceFeatures('draft').some((feature) => feature.geometry.type === 'Polygon'),
        undefined,
        { timeout: 10_000 },
      )
      .then(() => true)
      .catch(() => false);
    assert.equal(outlined, true, 'the zone is outlined while the cut is drawn');
    await page.mouse.click(to.x, to.y);
    await page.waitForTimeout(150);
    await page.mouse.click(to.x, to.y);
    // The parts are previewed, each in its own colour; nothing is saved yet.
    const preview = page.getByTestId('split-preview');
    await preview.waitFor();
    assert.equal(await preview.locator('li').count(), 2);
    assert.match(await preview.innerText(), new RegExp(`${target.properties.name}（二）：[\\d,]+ m²`));
    await waitForMapIdle(page);
    assert.equal(new Set((await drafts()).filter((draft) => draft.type === 'Polygon').map((d) => d.color)).size, 2);
    assert.equal((await zonesAs('planner')).length, zones.length);
    await preview.getByRole('button', { name: '确认分割并保存' }).click();
    await page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    const after = await zonesAs('planner');
    assert.equal(after.length, zones.length + 1);
    const added = after.find((zone) => zone.properties.name === `${target.properties.name}（二）`);
    assert.ok(added, 'the second part is a new zone');
    assert.equal(added!.properties.category, 'R1');
    assert.equal(after.find((zone) => zone.id === target.id)!.properties.version, target.properties.version + 1);

    // Merging the halves back works: they share the cut exactly (a 5 cm gap made it "两个区域不相邻").
    await page.getByRole('button', { name: '编辑区域' }).click();
    await page.getByTestId('measure').waitFor();
    await page.getByLabel('与相邻区域合并…').selectOption(added!.id);
    await page.getByRole('button', { name: '合并', exact: true }).click();
    await page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    const merged = await zonesAs('planner');
    assert.equal(merged.length, zones.length);
    assert.equal(
      merged.find((zone) => zone.id === added!.id),
      undefined,
    );
    assert.equal(merged.find((zone) => zone.id === target.id)!.geometry.type, 'Polygon');
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('names the zone a new shape overlaps and marks it on the map, without a failure message (issue 16)', async () => {
    const target = (await zonesAs('planner')).find(
      (zone) => zone.geometry.type === 'Polygon' && zone.properties.category === 'R2',
    )!;
    const ring = (target.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const lons = ring.map((point) => point[0]!);
    const lats = ring.map((point) => point[1]!);
    const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'planner');
    await page.goto(`${server.baseUrl}/?zone=${target.id}`);
    await waitForMapIdle(page);
    await page.getByTestId('zone-panel').locator('.panel-title').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '＋ 新建整治区域' }).click();
    const editor = page.getByTestId('zone-editor');
    await editor.waitFor();
    await page.locator('.draw-toolbar [data-kind="polygon"]').click();
    // A square over the middle of the zone, reaching a little beyond it.
    const [midLon, midLat] = [(west + east) / 2, (south + north) / 2];
    const corners = [
      [midLon, midLat],
      [east + (east - west) * 0.1, midLat],
      [east + (east - west) * 0.1, north + (north - south) * 0.1],
      [midLon, north + (north - south) * 0.1],
    ] as const;
    for (const [lon, lat] of corners) {
      const point = await screenPoint(page, lon, lat);
      await page.mouse.click(point.x, point.y);
      await page.waitForTimeout(150);
    }
    const first = await screenPoint(page, corners[0][0], corners[0][1]);
    await page.mouse.click(first.x, first.y);
    await page.getByTestId('measure').waitFor();
    await editor.locator('select[name="category"]').selectOption('R2');
    await editor.locator('input[name="name"]').fill('重叠测试区域');
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    const notice = editor.getByTestId('overlap-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), new RegExp(`区域重叠：${target.properties.name}`));
    // Nothing failed: no "保存失败，请稍后重试" beside the reason prompt.
    assert.doesNotMatch(await editor.innerText(), /保存失败/);
    await waitForMapIdle(page);
    const marked = await page.evaluate(() =>
      window.__jinxiMap!.querySourceFeatures('draft').some((feature) => feature.properties.color === '#e8710a'),
    );
    assert.ok(marked, 'the overlapped zone is marked on the map');
    await notice.locator('input[name="overlapReason"]').fill('同一地块两期整治');
    await notice.getByRole('button', { name: '说明原因并保存' }).click();
    await page.getByTestId('zone-panel').locator('.panel-title', { hasText: '重叠测试区域' }).waitFor();
    // Saved zones hand their conflicts to the server: a 409 is the answer the test expects.
    assert.deepEqual(
      watched.problems.filter((problem) => !/409/.test(problem)),
      [],
    );
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
    // Its tasks roll the zone's status up: the unit sees status and progress read-only (only the office sets them
    // by hand), while the fields it may change stay open.
    await watched.page.getByRole('button', { name: '编辑区域' }).click();
    await watched.page.getByTestId('measure').waitFor();
    assert.equal(await watched.page.locator('select[name="status"]').isDisabled(), true);
    assert.equal(await watched.page.locator('input[name="progress"]').isDisabled(), true);
    assert.equal(await watched.page.locator('textarea[name="measures"]').isDisabled(), false);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('shows waterlogging points and how often each flood-prone area flooded', async () => {
    // The sample flood season (示例数据) has recorded events already: an R4 area none of them touched, and the count.
    const cookie = await apiLogin(server.baseUrl, 'water');
    const events = (await (await fetch(`${server.baseUrl}/api/flood-events`, { headers: { cookie } })).json()) as {
      pointCount: number;
      zoneIds: string[];
    }[];
    const touched = new Set(events.flatMap((event) => event.zoneIds));
    const pointsBefore = events.reduce((sum, event) => sum + event.pointCount, 0);
    const target = (await zonesAs('water')).find(
      (zone) => zone.properties.category === 'R4' && !touched.has(String(zone.id)),
    )!;
    const ring = (target.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const inside = [
      (Math.min(...ring.map((point) => point[0]!)) + Math.max(...ring.map((point) => point[0]!))) / 2,
      (Math.min(...ring.map((point) => point[1]!)) + Math.max(...ring.map((point) => point[1]!))) / 2,
    ];
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
    await overlay.getByText(`已记录积水点 ${pointsBefore + 1} 个`).waitFor();
    const row = overlay.locator(`tr[data-zone-id="${target.id}"]`);
    assert.match(await row.innerText(), /1\s+32 cm\s+2026-06-10/);
    // The new point is drawn (the sample event's points may lie outside the view; tiles may hold a point twice).
    await watched.page.waitForFunction(
      ([lon, lat]) =>
        window.__jinxiMap!.querySourceFeatures('waterlogging').some((feature) => {
          const [x, y] = (feature.geometry as { coordinates: number[] }).coordinates;
          return Math.abs(x! - lon!) < 1e-4 && Math.abs(y! - lat!) < 1e-4;
        }),
      inside,
    );
    await row.getByRole('button').click();
    await watched.page.getByTestId('zone-panel').locator('.panel-title', { hasText: target.properties.name }).waitFor();
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('lets the water station record a rainfall event by clicking waterlogging points on the map, and place a facility', async () => {
    const target = (await zonesAs('water')).find((zone) => zone.properties.category === 'R4')!;
    const ring = (target.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const center = [
      (Math.min(...ring.map((point) => point[0]!)) + Math.max(...ring.map((point) => point[0]!))) / 2,
      (Math.min(...ring.map((point) => point[1]!)) + Math.max(...ring.map((point) => point[1]!))) / 2,
    ] as const;
    const cookie = await apiLogin(server.baseUrl, 'water');
    const eventsBefore = (await (
      await fetch(`${server.baseUrl}/api/flood-events`, { headers: { cookie } })
    ).json()) as {
      id: string;
    }[];

    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'water');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    await page.evaluate(([lon, lat]) => window.__jinxiMap!.jumpTo({ center: [lon!, lat!], zoom: 16 }), center);
    await waitForMapIdle(page);
    const overlay = page.getByTestId('flood-overlay');
    await overlay.getByRole('button', { name: '积水点' }).click();
    await overlay.getByRole('button', { name: '＋ 记录降雨积水事件' }).click();
    await overlay.locator('input[name="rainfallMm"]').fill('68.5');
    await overlay.locator('textarea[name="notes"]').fill('午后雷阵雨');
    await overlay.getByTestId('pick-points').click();
    const inside = await screenPoint(page, center[0], center[1]);
    await page.mouse.click(inside.x, inside.y);
    await page.mouse.click(inside.x + 40, inside.y + 25);
    await overlay.getByText('积水点 2 个').waitFor();
    // Placing a point does not open the zone under it.
    assert.equal(await page.getByTestId('zone-panel').count(), 0);
    await overlay.getByTestId('pick-points').click();
    await overlay.getByLabel('第 1 个积水点的深度（厘米）').fill('25');
    await overlay.getByLabel('第 1 个积水点的时间').fill('14:30');
    await overlay.getByLabel('第 2 个积水点的深度（厘米）').fill('12');
    await overlay.getByRole('button', { name: '保存事件' }).click();
    await overlay.getByRole('button', { name: '＋ 记录降雨积水事件' }).waitFor();
    const events = (await (await fetch(`${server.baseUrl}/api/flood-events`, { headers: { cookie } })).json()) as {
      id: string;
      rainfallMm: number;
      notes: string;
      pointCount: number;
      maxDepthCm: number;
      zoneIds: string[];
    }[];
    assert.equal(events.length, eventsBefore.length + 1);
    const recorded = events.find((event) => !eventsBefore.some((before) => before.id === event.id))!;
    assert.equal(recorded.rainfallMm, 68.5);
    assert.equal(recorded.notes, '午后雷阵雨');
    assert.equal(recorded.pointCount, 2);
    assert.equal(recorded.maxDepthCm, 25);
    assert.ok(recorded.zoneIds.includes(target.id), 'the point inside the area is joined to it');
    await overlay.locator('.events-table', { hasText: '68.5 mm' }).waitFor();

    // A pump station placed on the map from the area's panel (after the field app's read-ahead of the unit's work
    // has finished: leaving the page would abort it).
    await page.waitForLoadState('networkidle');
    await page.goto(`${server.baseUrl}/?zone=${target.id}`);
    const section = page.getByTestId('flood-section');
    await section.waitFor();
    await waitForMapIdle(page);
    await section.getByRole('button', { name: '添加设施' }).click();
    await section.locator('select[name="componentCode"]').selectOption('01072');
    await section.locator('input[name="facilityName"]').fill('上塘泵站（测试）');
    const spot = await screenPoint(page, center[0], center[1]);
    await page.mouse.click(spot.x, spot.y);
    await section.getByText('已放置，可再次点击地图移动位置。').waitFor();
    await section.getByRole('button', { name: '保存', exact: true }).click();
    await section.getByTestId('facility-list').getByText('上塘泵站（测试）').waitFor();
    const flood = (await (
      await fetch(`${server.baseUrl}/api/zones/${target.id}/flood`, { headers: { cookie } })
    ).json()) as {
      facilities: { name: string; componentCode: string; geometry: { type: string; coordinates: number[] } }[];
    };
    const facility = flood.facilities.find((candidate) => candidate.name === '上塘泵站（测试）')!;
    assert.equal(facility.componentCode, '01072');
    assert.equal(facility.geometry.type, 'Point');
    assert.ok(Math.abs(facility.geometry.coordinates[0]! - center[0]) < 0.0002, 'placed where clicked');
    assert.ok(Math.abs(facility.geometry.coordinates[1]! - center[1]) < 0.0002, 'placed where clicked');
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
