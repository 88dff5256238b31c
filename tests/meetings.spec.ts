import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import type { Meeting } from '../src/shared/meetings/meetings';
import type { Plan } from '../src/shared/plans/plans';
import type { Supervision } from '../src/shared/supervision/supervision';
import type { ZoneFeature } from '../src/shared/zones/zone';
import { shanghaiDay } from '../src/shared/time/dates';

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

const cookies = new Map<string, string>();
async function api<T>(username: string, method: string, path: string, body?: unknown, ifMatch?: number): Promise<T> {
  if (!cookies.has(username)) cookies.set(username, await apiLogin(server.baseUrl, username));
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      cookie: cookies.get(username)!,
      origin: server.baseUrl,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return (await response.json()) as T;
}

const DECISION = '市河沿岸垃圾限期清理，逐段销号';

describe('meetings and the 目标责任书 in the browser', { timeout: 120_000 }, () => {
  it('generates an agenda, turns a decision into a 督办, and prints a unit’s 责任书 on A4', async () => {
    // The water station's approved plan of this year: the sample one (示例数据), or one drafted and approved now.
    const year = Number(shanghaiDay().slice(0, 4));
    let [plan] = await api<Plan[]>('admin', 'GET', `/api/plans?year=${year}&unit=shuilizhan&state=approved`);
    if (!plan) {
      const zones = await api<{ features: ZoneFeature[] }>('water', 'GET', '/api/zones');
      const river = zones.features.find((zone) => zone.properties.leadUnit === 'shuilizhan')!;
      plan = await api<Plan>('water', 'POST', '/api/plans', {
        year,
        body: {
          note: '',
          projects: [
            {
              key: 'p1',
              item: river.properties.category,
              zoneId: river.id,
              place: '',
              carriedOver: false,
              tasks: '驳岸修复、清淤疏浚',
              person: '王工',
              responsibleUnits: [],
              budget: 88,
              funding: 'finance',
              due: `${year}-12-31`,
              milestones: [],
            },
          ],
        },
      });
      plan = await api<Plan>('water', 'POST', `/api/plans/${plan.id}/actions/submit`, {}, plan.version);
      plan = await api<Plan>('admin', 'POST', `/api/plans/${plan.id}/actions/approve`, {}, plan.version);
    }
    const target = plan.body.projects[0]!;

    const watched = await openPage(browser);
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/meetings`);
    // The sample meetings (示例数据) are listed; the office plans a new 例会, its agenda generated at once.
    await page.getByText('【示例数据】创建办工作例会').waitFor();
    await page.getByText('安排会议').click();
    await page.getByLabel('会议名称').fill('第12周创建办例会');
    await page.getByRole('button', { name: '创建并生成议程' }).click();
    await page.getByRole('heading', { name: '第12周创建办例会' }).waitFor();
    await page.getByRole('heading', { name: /^一、逾期任务（\d+ 项）$/ }).waitFor();
    const meetingId = new URL(page.url()).searchParams.get('id')!;
    const meeting = await api<Meeting>('admin', 'GET', `/api/meetings/${meetingId}`);
    // What the page lists is the stored snapshot: the first overdue task links to its zone and task.
    const late = meeting.agenda!.overdueByUnit[0]!.tasks[0]!;
    assert.ok(
      await page.locator(`a[href="/?zone=${late.zoneId}&task=${late.taskId}"]`).isVisible(),
      'the agenda links the overdue task',
    );

    // A decision, owned by the water station, becomes a 督办 on one of its zones.
    await page.getByLabel('决定事项').fill(DECISION);
    await page.getByLabel('责任单位').selectOption('shuilizhan');
    await page.getByRole('button', { name: '记录决定' }).click();
    const decision = page.locator('.decision', { hasText: DECISION });
    await decision.getByRole('button', { name: '转为督办' }).click();
    await decision.getByRole('button', { name: '发起督办' }).click();
    await decision.getByText('已转为督办').waitFor();
    const stored = (await api<Meeting>('admin', 'GET', `/api/meetings/${meetingId}`)).decisions[0]!;
    const supervision = await api<Supervision>('admin', 'GET', `/api/supervisions/${stored.supervisionId}`);
    assert.equal(supervision.unit, 'shuilizhan');
    assert.equal(supervision.note, DECISION);

    // The unit's 责任书: its targets on the page, then printed to PDF on A4.
    await page.goto(`${server.baseUrl}/reports/responsibility?year=${year}&unit=shuilizhan`);
    await page.getByRole('heading', { name: `锦溪镇${year}年度环境综合整治目标责任书` }).waitFor();
    const appendix = page.locator('.appendix-table');
    await appendix.getByText(target.tasks).waitFor();
    const rows = await appendix.innerText();
    assert.ok(rows.includes(target.person) && rows.includes(String(target.budget)), rows);
    await page.getByText('甲方：锦溪镇人民政府').first().waitFor();
    const pdf = await page.pdf({ format: 'A4' });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
    assert.ok(boxes.length >= 1, 'the PDF has pages');
    for (const [, width, height] of boxes) {
      // A4 is 595 × 842 points.
      assert.ok(Math.abs(Number(width) - 595) < 2 && Math.abs(Number(height) - 842) < 2, `${width} × ${height}`);
    }
    await watched.requestsSettled();
    assert.deepEqual(watched.problems, []);
  });
});
