import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testing/webhook-receiver';
import { addDays, daysBetween, shanghaiDay } from '../../../shared/time/dates';
import type { AssessmentReport, MonthlyReport } from '../../../shared/reports/assessment';
import { isoWeekOf, weekRange, weeklyMessage, type WeeklyBriefing } from '../../../shared/reports/weekly';
import type { Supervision } from '../../../shared/supervision/supervision';
import type { CampaignResponse } from '../../../shared/campaign/campaign';

/**
 * 周报 over real HTTP (both engines): the figures against facts the test writes and reads back by other routes, bad
 * input, and the message arriving at real 企业微信/钉钉 receivers through the delivery outbox.
 */
let server: TestServer;
let wecom: WebhookReceiver;
let dingtalk: WebhookReceiver;
const cookies: Record<string, string> = {};
const SECRET = 'SECweekly0123456789abcdef';

beforeAll(async () => {
  wecom = await startWebhookReceiver();
  dingtalk = await startWebhookReceiver();
  // Today is 2026-06-15, a Monday: this week is 2026-W25, the last one 2026-W24.
  server = await startTestServer({
    app: { publicOrigin: 'https://map.example.org' },
    notify: {
      wecomWebhook: `${wecom.url}/cgi-bin/webhook/send?key=town-key`,
      dingtalkWebhook: `${dingtalk.url}/robot/send?access_token=town-token`,
      dingtalkSecret: SECRET,
      pollMs: 50,
    },
  });
  for (const name of ['admin', 'leader', 'water']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server?.close();
  await wecom?.close();
  await dingtalk?.close();
});

async function get<T>(path: string, as = 'leader'): Promise<T> {
  const response = await server.request(path, { cookie: cookies[as] });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}
const weekly = (week: string) => get<WeeklyBriefing>(`/api/reports/weekly?week=${week}`);

async function insertTask(unit: string, due: string, status: string, completedOn: string | null): Promise<number> {
  const [zone] = await server.sql<{ id: number }>('SELECT id FROM zones ORDER BY id LIMIT 1');
  const [row] = await server.sql<{ id: number }>(
    `INSERT INTO tasks (zone_id, title, measures, assigned_unit_id, due_date, original_due_date, status, completed_on,
                        sort, created_at, updated_at)
     VALUES (?, '周报测试任务', '', ?, ?, ?, ?, ?, 99, '2026-06-01T02:00:00.000Z', '2026-06-01T02:00:00.000Z')
     RETURNING id`,
    zone!.id,
    unit,
    due,
    due,
    status,
    completedOn,
  );
  return Number(row!.id);
}

describe('GET /api/reports/weekly', () => {
  it('knows ISO weeks', () => {
    expect(isoWeekOf(server.today)).toBe('2026-W25');
    expect(weekRange('2026-W25')).toEqual({ from: '2026-06-15', to: '2026-06-21' });
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(weekRange('2025-W53')).toBeNull();
  });

  it('counts the week’s changes, overdue tasks, 督办 and ranks the units as the other reports do', async () => {
    const before = await weekly('2026-W24');
    const lastWeek = weekRange('2026-W24')!;
    const late = [
      await insertTask('jianguansuo', addDays(lastWeek.from, 2), 'in_progress', null),
      await insertTask('jianguansuo', addDays(lastWeek.from, 3), 'not_started', null),
    ];
    await insertTask('shuilizhan', addDays(lastWeek.to, 6), 'done', addDays(lastWeek.from, 4));
    await server.sql(
      "INSERT INTO task_updates (task_id, kind, action, note, at) VALUES (?, 'action', 'start', '', ?)",
      late[0],
      `${addDays(lastWeek.from, 1)}T02:00:00.000Z`,
    );

    const after = await weekly('2026-W24');
    expect(after).toMatchObject({ week: '2026-W24', ...lastWeek, asOf: lastWeek.to });
    expect(after.changes.finished).toBe(before.changes.finished + 1);
    expect(after.changes.started).toBe(before.changes.started + 1);
    expect(after.overdueTotal).toBe(before.overdueTotal + 2);
    for (const id of late) {
      const listed = after.overdueTasks.find((task) => task.taskId === String(id));
      expect(listed).toMatchObject({ unit: 'jianguansuo', title: '周报测试任务' });
      // Judged on the Monday after a past week.
      expect(listed!.daysLate).toBe(daysBetween(listed!.dueDate, addDays(lastWeek.to, 1)));
    }
    const days = after.overdueTasks.map((task) => task.dueDate);
    expect(days).toEqual([...days].sort());

    // This week, running: overdue as the running month counts it today, the ranking as the 年考核 has it today.
    const now = await weekly('2026-W25');
    expect(now.asOf).toBe(server.today);
    const month = await get<MonthlyReport>('/api/reports/monthly?month=2026-06');
    expect(now.overdueTotal).toBe(month.town.overdue);
    const assessment = await get<AssessmentReport>('/api/assessment?year=2026');
    expect(now.ranking.map(({ unit, rank, composite, grade }) => ({ unit, rank, composite, grade }))).toEqual(
      assessment.units.map(({ unit, rank, composite, grade }) => ({ unit, rank, composite, grade })),
    );
    const jianguan = now.ranking.find((entry) => entry.unit === 'jianguansuo')!;
    expect(jianguan.overdue).toBe(month.units.find((entry) => entry.unit === 'jianguansuo')!.overdue);
  });

  it('counts 督办 issued and closed in the week, open and overdue as they stand', async () => {
    const [zone] = await server.sql<{ id: number; name: string }>(
      "SELECT id, name FROM zones WHERE lead_unit_id = 'shuilizhan' AND deleted_at IS NULL ORDER BY id LIMIT 1",
    );
    const issue = async (note: string) => {
      const response = await server.request('/api/supervisions', {
        method: 'POST',
        cookie: cookies.leader,
        json: { zoneId: String(zone!.id), note, deadline: addDays(server.today, 3) },
      });
      expect(response.status, await response.clone().text()).toBe(201);
      return (await response.json()) as Supervision;
    };
    const late = await issue('周报：逾期未答复');
    const answered = await issue('周报：已答复待审核');
    const closed = await issue('周报：本周办结');
    // History is stamped by the database clock; put the 督办 in this week, the first one past its deadline.
    await server.sql(
      'UPDATE supervisions SET created_at = ?, deadline = ? WHERE id = ?',
      '2026-06-15T01:00:00.000Z',
      addDays(server.today, -2),
      late.id,
    );
    await server.sql(
      'UPDATE supervisions SET created_at = ? WHERE id IN (?, ?)',
      '2026-06-15T01:30:00.000Z',
      answered.id,
      closed.id,
    );
    for (const entry of [answered, closed]) {
      const reply = await server.request(`/api/supervisions/${entry.id}/replies`, {
        method: 'POST',
        cookie: cookies.water,
        json: { progress: '已处理' },
      });
      expect(reply.status, await reply.clone().text()).toBe(201);
    }
    const current = await get<Supervision>(`/api/supervisions/${closed.id}`);
    const close = await server.request(`/api/supervisions/${closed.id}/actions/close`, {
      method: 'POST',
      cookie: cookies.leader,
      headers: { 'If-Match': `"${current.version}"` },
      json: { note: '同意办结' },
    });
    expect(close.status, await close.clone().text()).toBe(200);
    await server.sql('UPDATE supervisions SET resolved_at = ? WHERE id = ?', '2026-06-15T03:00:00.000Z', closed.id);

    const briefing = await weekly('2026-W25');
    const all = await get<Supervision[]>('/api/supervisions');
    const { from, to } = weekRange('2026-W25')!;
    const inWeek = (instant: string | null) =>
      instant !== null && shanghaiDay(new Date(instant)) >= from && shanghaiDay(new Date(instant)) <= to;
    expect(briefing.supervisions).toEqual({
      issued: all.filter((entry) => inWeek(entry.createdAt)).length,
      closed: all.filter((entry) => entry.status === 'closed' && inWeek(entry.resolvedAt)).length,
      open: all.filter((entry) => entry.status !== 'closed').length,
      replied: all.filter((entry) => entry.status === 'replied').length,
      overdue: all.filter((entry) => entry.overdue).length,
    });
    expect(briefing.supervisions.issued).toBeGreaterThanOrEqual(3);
    expect(briefing.overdueSupervisions).toContainEqual({
      id: late.id,
      target: zone!.name,
      unit: 'shuilizhan',
      deadline: addDays(server.today, -2),
      daysLate: 2,
      link: `/?zone=${zone!.id}`,
    });
    // By any day of the week, the same briefing.
    expect(await get<WeeklyBriefing>(`/api/reports/weekly?date=${addDays(server.today, 3)}`)).toEqual(briefing);
  });

  it('answers bad input with 400 problem+json naming what is wrong', async () => {
    for (const [query, field] of [
      ['week=2026-25', 'week'],
      ['week=2026-W60', 'week'],
      ['week=2025-W53', 'week'],
      ['week=2026-W27', 'week'],
      ['date=2026-02-30', 'date'],
      ['week=2026-W25&date=2026-06-15', '(root)'],
      ['month=2026-06', '(root)'],
    ] as const) {
      const response = await server.request(`/api/reports/weekly?${query}`, { cookie: cookies.leader });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await response.json()) as { errors?: { path: string }[]; detail: string };
      expect(problem.errors?.[0]?.path, `${query}: ${problem.detail}`).toBe(field);
    }
  });
});

describe('POST /api/reports/weekly/send', () => {
  it('queues the briefing for the leaders’ groups once; 企业微信 and 钉钉 receive the documented bodies', async () => {
    expect(
      (
        await server.request('/api/reports/weekly/send', {
          method: 'POST',
          cookie: cookies.leader,
          json: { week: '2026-W25' },
        })
      ).status,
    ).toBe(403);
    const bad = await server.request('/api/reports/weekly/send', {
      method: 'POST',
      cookie: cookies.admin,
      json: { week: 'this week' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);

    const briefing = await weekly('2026-W25');
    const send = () =>
      server.request('/api/reports/weekly/send', { method: 'POST', cookie: cookies.admin, json: { week: '2026-W25' } });
    const sent = await send();
    expect(sent.status, await sent.clone().text()).toBe(202);
    expect(await sent.json()).toEqual({ queued: 2, channels: ['wecom', 'dingtalk'] });
    expect(await (await send()).json()).toEqual({ queued: 0, channels: ['wecom', 'dingtalk'] });

    const isBriefing = (body: unknown) => JSON.stringify(body).includes('周报（2026年第25周）');
    for (let wait = 0; wait < 100; wait += 1) {
      if (
        wecom.received.some((entry) => isBriefing(entry.body)) &&
        dingtalk.received.some((entry) => isBriefing(entry.body))
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const campaign = await get<CampaignResponse>('/api/campaign');
    const unitName = (id: string | null) => campaign.units.find((unit) => unit.id === id)?.name ?? '—';
    const link = 'https://map.example.org/reports/weekly?week=2026-W25';
    const message = weeklyMessage(briefing, campaign.campaign.name, unitName, link);
    expect(message.title).toBe(`${campaign.campaign.name} 周报（2026年第25周）`);
    const lines = message.markdown.split('\n');
    expect(lines[0]).toBe(`> 2026-06-15 至 2026-06-21，截至 ${server.today}`);
    expect(lines).toContain(`**逾期任务**：${briefing.overdueTotal} 项`);
    expect(lines).toContain(
      `**督办**：未办结 ${briefing.supervisions.open} 件（待审核 ${briefing.supervisions.replied} 件，逾期未答复 ${briefing.supervisions.overdue} 件），本周办结 ${briefing.supervisions.closed} 件`,
    );
    const first = briefing.ranking.find((entry) => entry.rank === 1)!;
    expect(lines).toContain(`1. ${unitName(first.unit)} ${first.composite} 分（${first.grade}）`);
    expect(lines.at(-1)).toBe(`[在“一张图”中查看周报](${link})`);

    const atWecom = wecom.received.filter((entry) => isBriefing(entry.body));
    expect(atWecom).toEqual([
      {
        url: '/cgi-bin/webhook/send?key=town-key',
        contentType: 'application/json; charset=utf-8',
        body: { msgtype: 'markdown', markdown: { content: `## ${message.title}\n${message.markdown}` } },
      },
    ]);
    const atDingtalk = dingtalk.received.filter((entry) => isBriefing(entry.body));
    expect(atDingtalk.map((entry) => entry.body)).toEqual([
      { msgtype: 'markdown', markdown: { title: message.title, text: `## ${message.title}\n${message.markdown}` } },
    ]);
    expect(atDingtalk[0]!.url).toMatch(/^\/robot\/send\?access_token=town-token&timestamp=\d+&sign=/);
  });

  it('says so when no leaders’ group is set', async () => {
    const bare = await startTestServer();
    try {
      const response = await bare.request('/api/reports/weekly/send', {
        method: 'POST',
        cookie: await bare.login('admin'),
        json: { week: isoWeekOf(bare.today) },
      });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/NOTIFY_WECOM_WEBHOOK/);
    } finally {
      await bare.close();
    }
  });
});

describe('the weekly briefing on schedule (the rules’ weeklyBriefing)', () => {
  it('is sent once the weekday and time have come, once a week, by the delivery worker', async () => {
    const briefings = () =>
      wecom.received.filter((entry) => JSON.stringify(entry.body).includes('周报（2026年第25周）')).length;
    const before = briefings();
    const rules = await server.request('/api/notifications/rules', { cookie: cookies.admin });
    const current = (await rules.json()) as { rules: Record<string, unknown> };
    const put = async (weeklyBriefing: unknown, etag: string | null) => {
      const response = await server.request('/api/notifications/rules', {
        method: 'PUT',
        cookie: cookies.admin,
        headers: etag ? { 'If-Match': etag } : {},
        json: { ...current.rules, weeklyBriefing },
      });
      expect(response.status, await response.clone().text()).toBe(200);
      return response.headers.get('ETag');
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

    // Today is Monday 12:00: Wednesday 09:00 has not come.
    const etag = await put({ weekday: 3, at: '09:00' }, null);
    await settle();
    expect(briefings()).toBe(before);
    const bad = await server.request('/api/notifications/rules', {
      method: 'PUT',
      cookie: cookies.admin,
      headers: { 'If-Match': etag! },
      json: { ...current.rules, weeklyBriefing: { weekday: 8, at: '25:00' } },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((entry) => entry.path)).toEqual([
      'weeklyBriefing.weekday',
      'weeklyBriefing.at',
    ]);

    // Monday 08:30 has: sent once, however many passes the worker makes.
    await put({ weekday: 1, at: '08:30' }, etag);
    for (let wait = 0; wait < 60 && briefings() === before; wait += 1) await settle();
    await settle();
    expect(briefings()).toBe(before + 1);
    const [row] = await server.sql<{ n: number }>(
      "SELECT count(*) AS n FROM delivery_outbox WHERE dedupe_key LIKE 'weekly-scheduled:2026-W25:%'",
    );
    expect(Number(row!.n)).toBe(2);
  });
});
