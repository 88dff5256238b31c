import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import type { Task } from '../src/shared/zones/zone';

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

async function taskAs(username: string, id: string): Promise<Task> {
  const cookie = await apiLogin(server.baseUrl, username);
  return (await (await fetch(`${server.baseUrl}/api/tasks/${id}`, { headers: { cookie } })).json()) as Task;
}

describe('tasks in the browser', { timeout: 180_000 }, () => {
  let taskId = '';

  it('gives the water station its work list, overdue first; a task opens in the zone panel and takes an extension request', async () => {
    const watched = await openPage(browser, { width: 390, height: 844, isMobile: true });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'water');
    await page.goto(`${server.baseUrl}/work`);
    const list = page.getByTestId('work-list');
    await list.waitFor();
    const items = list.locator('.work-item');
    assert.ok((await items.count()) > 3, 'the water station has several tasks');
    const overdue = await items.evaluateAll((nodes) => nodes.map((node) => node.classList.contains('is-overdue')));
    assert.ok(overdue[0], 'the most urgent (overdue) task comes first');
    assert.deepEqual(
      overdue,
      [...overdue].sort((a, b) => Number(b) - Number(a)),
      'overdue tasks before the others',
    );
    // Pick an open task (not awaiting acceptance) to ask for more time.
    const open = items.filter({ hasText: /进行中|未开始/ }).first();
    taskId = (await open.getAttribute('data-task-id'))!;
    const before = await taskAs('water', taskId);
    await open.click();
    const detail = page.getByTestId('task-detail');
    await detail.waitFor();
    assert.match(page.url(), new RegExp(`task=${taskId}`));
    assert.equal(await detail.locator('.panel-title').innerText(), before.title);
    await detail.getByRole('button', { name: '申请延期' }).click();
    await detail.locator('input[name="dueDate"]').fill('2027-03-31');
    await detail.locator('textarea[name="reason"]').fill('管材供应延迟，需顺延施工');
    await detail.getByRole('button', { name: '提交延期申请' }).click();
    await detail.locator('.extension-request', { hasText: '申请延至 2027-03-31' }).waitFor();
    await detail.getByTestId('task-thread').locator('.thread-entry', { hasText: '管材供应延迟' }).waitFor();
    const after = await taskAs('water', taskId);
    assert.deepEqual(after.extensionRequest, { dueDate: '2027-03-31', reason: '管材供应延迟，需顺延施工' });
    assert.equal(after.dueDate, before.dueDate, 'the due date waits for the decision');
    // Back to the zone's tasks, and from there the browser's back button returns to the task.
    await detail.getByRole('button', { name: '← 返回整治区域' }).click();
    await page.getByTestId('zone-panel').locator(`.task-row[data-task-id="${taskId}"]`).waitFor();
    assert.doesNotMatch(page.url(), /task=/);
    await page.goBack();
    await page.getByTestId('task-detail').waitFor();
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('lets the campaign office approve the extension from its work list; the original date stays beside the new one', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/work`);
    await page.getByText(/等待创建办处理的任务/).waitFor();
    const item = page.locator(`.work-item[data-task-id="${taskId}"]`);
    await item.locator('.extension-flag').waitFor();
    const before = await taskAs('admin', taskId);
    await item.click();
    const detail = page.getByTestId('task-detail');
    await detail.getByRole('button', { name: '批准延期', exact: true }).click();
    await detail.getByText(`（原定 ${before.originalDueDate}，已延期）`).waitFor();
    const after = await taskAs('admin', taskId);
    assert.equal(after.dueDate, '2027-03-31');
    assert.equal(after.originalDueDate, before.originalDueDate);
    assert.equal(after.extensionRequest, null);
    assert.equal(after.extensionCount, before.extensionCount + 1);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });

  it('lets a leader read a task’s thread from the zone panel and leave a note, but not act on it', async () => {
    const task = await taskAs('leader', taskId);
    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(`${server.baseUrl}/?zone=${task.zoneId}`);
    const panel = page.getByTestId('zone-panel');
    await panel.getByRole('button', { name: task.title }).click();
    const detail = page.getByTestId('task-detail');
    await detail.getByTestId('task-thread').waitFor();
    assert.equal(await detail.locator('.task-actions').count(), 0, 'no workflow buttons for a leader');
    await detail.locator('textarea[name="note"]').fill('请水利站按新期限倒排工期');
    await detail.getByRole('button', { name: '发送留言' }).click();
    await detail.locator('.thread-note', { hasText: '请水利站按新期限倒排工期' }).waitFor();
    const entries = await detail.locator('.thread-entry').allInnerTexts();
    assert.ok(
      entries.some((entry) => /批准延期/.test(entry)),
      'the approval is in the thread',
    );
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
