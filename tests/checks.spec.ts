import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import type { Task, ZoneFeature } from '../src/shared/zones/zone';
import type { QuarterlyCheck } from '../src/shared/checks/checks';
import { quarterOf } from '../src/shared/checks/checks';
import { addDays, shanghaiDay } from '../src/shared/time/dates';
import { formatQuarter } from '../src/lib/format';

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
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
  assert.equal(response.status, 200, path);
  return (await response.json()) as T;
}

const FINDINGS = '河岸仍有建筑垃圾，雨水口堵塞';

describe('quarterly checks in the browser', { timeout: 180_000 }, () => {
  let zoneId = '';
  let doneTask: Task;

  it('lets the inspector record a failed check: the zone’s done task goes back to rework (返工, 进行中)', async () => {
    // A sample zone with a finished task, of an item without a checklist (评分细则): its check takes a typed score
    // (tests/inspections.spec.ts scores one on the sheet).
    const zones = await api<{ features: ZoneFeature[] }>('inspector', '/api/zones');
    const sheets = new Set((await api<{ item: string }[]>('inspector', '/api/checklists')).map((sheet) => sheet.item));
    for (const zone of zones.features.filter((candidate) => !sheets.has(candidate.properties.category))) {
      const tasks = await api<Task[]>('inspector', `/api/zones/${zone.id}/tasks`);
      const done = tasks.find((task) => task.status === 'done');
      if (done) {
        zoneId = zone.id;
        doneTask = done;
        break;
      }
    }
    assert.ok(zoneId, 'the sample data has a zone with a done task');
    // The quarter as people write it (2026年第四季度), never the code 2026-Q4.
    const quarter = formatQuarter(quarterOf(shanghaiDay()), 'zh-CN');
    assert.match(quarter, /^\d{4}年第[一二三四]季度$/);
    const reworkDue = addDays(shanghaiDay(), 10);

    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'inspector');
    await page.goto(`${server.baseUrl}/?zone=${zoneId}`);
    const panel = page.getByTestId('zone-panel');
    const section = panel.getByRole('region', { name: '季检查' });
    await section.getByText('本区域尚无季检查记录。').waitFor();
    await section.getByRole('button', { name: `记录 ${quarter} 季检查` }).click();
    const form = section.getByRole('form', { name: `${quarter} 季检查` });
    await form.getByLabel('不通过').check();
    await form.locator('input[name="check-score"]').fill('45');
    await form.locator('textarea[name="check-findings"]').fill(FINDINGS);
    // The rework gets its own due date: 15 days by default, the inspector gives 10.
    const due = form.getByLabel('返工期限（默认 15 天后）');
    assert.equal(await due.inputValue(), addDays(shanghaiDay(), 15));
    await due.fill(reworkDue);
    await form.getByRole('button', { name: '保存检查结果' }).click();
    const confirm = form.getByRole('alertdialog', { name: '确认检查不通过' });
    await confirm.getByText(`将把本区域已提交和已完成的任务退回返工，返工期限为 ${reworkDue}`).waitFor();
    await confirm.getByRole('button', { name: '确认不通过' }).click();

    const entry = section.locator('.check-entry.is-failed');
    await entry.waitFor();
    assert.match(
      await entry.innerText(),
      new RegExp(`${quarter}[\\s\\S]*不通过[\\s\\S]*45 分[\\s\\S]*${FINDINGS}[\\s\\S]*返工期限：${reworkDue}`),
    );
    assert.equal(await section.getByRole('button', { name: `记录 ${quarter} 季检查` }).count(), 0, 'one per quarter');

    const row = panel.locator(`.task-row[data-task-id="${doneTask.id}"]`);
    await row.locator('.rework', { hasText: `返工 ${doneTask.reworkCount + 1} 次` }).waitFor();
    assert.match(await row.locator('.task-meta').innerText(), /进行中/);

    const after = await api<Task>('leader', `/api/tasks/${doneTask.id}`);
    assert.equal(after.status, 'in_progress');
    assert.equal(after.reworkCount, doneTask.reworkCount + 1);
    assert.equal(after.completedOn, null);
    assert.equal(after.dueDate, reworkDue, 'due on the rework date, not its first due date');
    assert.equal(after.overdue, false);
    // The thread names the check as the reason.
    await row.getByRole('button', { name: doneTask.title }).click();
    await page
      .getByTestId('task-thread')
      .locator('.thread-entry', { hasText: `季检查未通过：${FINDINGS}` })
      .waitFor();
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('lists the zone as checked (不通过) in the quarter overview, reached from the user menu', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'inspector');
    await page.goto(`${server.baseUrl}/work`);
    await page.locator('.user-menu summary').click();
    await page.locator('.user-menu-body').getByRole('link', { name: '季检查' }).click();
    await page.getByRole('heading', { name: '季检查', exact: true }).waitFor();
    const checked = page.getByTestId('checks-checked').locator(`li[data-zone-id="${zoneId}"]`);
    await checked.waitFor();
    assert.match(await checked.innerText(), /不通过[\s\S]*45 分/);
    const unchecked = page.getByTestId('checks-unchecked');
    assert.equal(await unchecked.locator(`li[data-zone-id="${zoneId}"]`).count(), 0);
    assert.ok((await unchecked.locator('li').count()) > 0, 'the other zones are still to check');
    // A zone link opens the zone on the map.
    await checked.getByRole('link').click();
    await page.getByTestId('zone-panel').getByRole('region', { name: '季检查' }).waitFor();
    assert.match(page.url(), new RegExp(`[?&]zone=${zoneId}`));
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('shows a leader the check but no form', async () => {
    const checks = await api<QuarterlyCheck[]>('leader', `/api/zones/${zoneId}/checks`);
    assert.equal(checks.length, 1);
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(`${server.baseUrl}/?zone=${zoneId}`);
    const section = page.getByTestId('zone-panel').getByRole('region', { name: '季检查' });
    await section.locator('.check-entry', { hasText: FINDINGS }).waitFor();
    assert.equal(await section.getByRole('button', { name: /季检查/ }).count(), 0);
    assert.equal(await section.locator('form').count(), 0);
    // The quarter's overview is open to the leader, read-only: the results, no form.
    await page.locator('.user-menu summary').click();
    await page.locator('.user-menu-body').getByRole('link', { name: '季检查' }).click();
    await page.getByRole('heading', { name: '季检查', exact: true }).waitFor();
    await page.locator('.check-entry', { hasText: FINDINGS }).waitFor();
    assert.equal(await page.locator('form').count(), 0);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
