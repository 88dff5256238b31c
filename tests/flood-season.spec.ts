import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, waitForMapIdle, type RunningServer } from './helpers';

// Issue 23: the water station runs a rainstorm from the 汛期 view: starts a level-IV response, sees a station over
// its warning level, sets a pump station to 故障, changes the latest rainfall event and today's duty roster, and opens
// the after-event report to print.

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

describe('the flood season view', { timeout: 180_000 }, () => {
  it('starts a level-IV response, shows a station over its warning level, sets a pump to 故障, edits an event and the roster, opens the report', async () => {
    // A reading over the sample station's 警戒水位 (3.2 m), sent as a gateway would.
    const cookie = await apiLogin(server.baseUrl, 'water');
    const stations = (await (await fetch(`${server.baseUrl}/api/sensors`, { headers: { cookie } })).json()) as {
      id: string;
      kind: string;
      warningLevelM: number | null;
    }[];
    const river = stations.find((station) => station.kind === 'water_level' && station.warningLevelM !== null)!;
    const sent = await fetch(`${server.baseUrl}/api/sensors/${river.id}/readings`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: server.baseUrl },
      body: JSON.stringify({
        readings: [{ observedAt: new Date().toISOString(), waterLevelM: river.warningLevelM! + 0.3 }],
      }),
    });
    assert.equal(sent.status, 201);

    const watched = await openPage(browser, { width: 360, height: 740 });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'water');
    await page.goto(server.baseUrl);
    await waitForMapIdle(page);
    await page.getByTestId('flood-overlay').getByRole('button', { name: '积水点' }).click();
    const panel = page.getByTestId('season-panel');
    await panel.waitFor();
    // The station over its warning level: marked in the list and in the open alerts.
    await page.locator(`[data-sensor-id="${river.id}"][data-over="true"]`).waitFor();
    await page.getByTestId('flood-alerts').waitFor();

    await panel.locator('.start-response input').fill('锦溪河水位超警戒');
    await panel.locator('.start-response button[type="submit"]').click();
    await page.locator('[data-testid="flood-response"][data-level="IV"]').waitFor();

    const pump = panel.getByTestId('pump-list').locator('select').first();
    await pump.selectOption('fault');
    await page.getByTestId('response-timeline').locator('li', { hasText: '故障' }).waitFor();

    // The latest event's panel: a point made deeper, saved with If-Match; its history says who changed what.
    await page.getByRole('button', { name: '查看或修改此次降雨' }).click();
    const eventPanel = page.getByTestId('event-panel');
    await eventPanel.getByTestId('event-point').first().getByLabel('积水深度（cm）').fill('55');
    await eventPanel.getByRole('button', { name: '保存修改' }).click();
    await eventPanel.getByTestId('event-history').locator('li li', { hasText: '→ 55 cm' }).waitFor();

    // Today's roster: one more person on duty, shown as on duty today.
    await panel.getByRole('button', { name: '编辑值班表' }).click();
    const roster = page.getByTestId('duty-editor');
    await roster.getByRole('button', { name: '＋ 添加值班人员' }).click();
    const added = roster.getByTestId('duty-person').last();
    await added.getByLabel('姓名').fill('测试值班员');
    await added.getByLabel('电话').fill('13900001111');
    await roster.getByRole('button', { name: '保存值班表' }).click();
    await panel.getByTestId('duty-today').locator('li', { hasText: '测试值班员' }).waitFor();

    const report = await panel.locator('a[href*="doc=report"]').getAttribute('href');
    assert.ok(report);
    // /flood alone offers the documents: the 预案 and a report per event, this one among them.
    await page.goto(`${server.baseUrl}/flood`);
    await page.getByRole('link', { name: '防汛预案' }).waitFor();
    await page.locator(`a[href="${report}"]`).click();
    await page.getByTestId('flood-report').waitFor();
    assert.match((await page.getByTestId('flood-report').textContent()) ?? '', /积水点/);
    // The report reads the event as changed.
    await page.getByTestId('report-point').filter({ hasText: '55 cm' }).first().waitFor();
    assert.deepEqual(watched.problems, []);
  });
});
