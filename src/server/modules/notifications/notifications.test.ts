import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testing/webhook-receiver';
import { addDays, shanghaiDay } from '../../../shared/time/dates';
import type { Inbox } from '../../../shared/notifications/notification';
import type { Supervision } from '../../../shared/supervision/supervision';
import type { Task, ZoneFeature } from '../../../shared/zones/zone';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { RouteContext } from '../../platform/context';
import { createNotifier, type Notifier } from './notifier';
import { NOTIFICATION_SQL } from './notifications.rows';

/**
 * The inbox over HTTP (both engines), and the rules, quiet hours, the digest and delivery with a controllable clock
 * against real webhook receivers.
 */
let server: TestServer;
let wecom: WebhookReceiver;
let dingtalk: WebhookReceiver;
const cookies: Record<string, string> = {};
let zone: ZoneFeature;
let task: Task;
const ZONE_NAME = '通知测试片区';

beforeAll(async () => {
  server = await startTestServer();
  wecom = await startWebhookReceiver();
  dingtalk = await startWebhookReceiver();
  for (const name of ['admin', 'planner', 'leader', 'inspector', 'water', 'jianguan']) {
    cookies[name] = await server.login(name);
  }
  const created = await server.request('/api/zones', {
    method: 'POST',
    cookie: cookies.planner,
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.93, 31.16] },
      properties: {
        name: ZONE_NAME,
        category: 'R4',
        plannedStart: server.today,
        plannedEnd: addDays(server.today, 30),
      },
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  zone = (await created.json()) as ZoneFeature;
  const newTask = await server.request(`/api/zones/${zone.id}/tasks`, {
    method: 'POST',
    cookie: cookies.planner,
    json: { title: '清掏雨水井', measures: '', assignedUnit: 'jianguansuo', dueDate: server.today },
  });
  expect(newTask.status, await newTask.clone().text()).toBe(201);
  task = (await newTask.json()) as Task;
});
afterAll(async () => {
  await server?.close();
  await wecom?.close();
  await dingtalk?.close();
});

const inbox = async (as: string) => {
  const response = await server.request('/api/inbox', { cookie: cookies[as] });
  expect(response.status).toBe(200);
  return (await response.json()) as Inbox;
};

describe('the inbox', () => {
  it('tells the unit of a 督办, the issuer of the reply, and keeps read marks per person', async () => {
    const issued = await server.request('/api/supervisions', {
      method: 'POST',
      cookie: cookies.leader,
      json: { zoneId: zone.id, note: '汛前清掏完毕', deadline: addDays(server.today, 2) },
    });
    expect(issued.status).toBe(201);
    const supervision = (await issued.json()) as Supervision;
    const unitInbox = await inbox('water');
    const item = unitInbox.items.find(
      (entry) => entry.kind === 'supervision_issued' && entry.params.zone === ZONE_NAME,
    );
    expect(item).toMatchObject({
      read: false,
      link: `/?zone=${zone.id}`,
      params: { target: ZONE_NAME, note: '汛前清掏完毕', deadline: addDays(server.today, 2) },
    });
    expect(unitInbox.unread).toBeGreaterThan(0);
    // Newest first.
    const times = unitInbox.items.map((entry) => entry.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    // Another unit does not see it.
    expect((await inbox('jianguan')).items.some((entry) => entry.id === item!.id)).toBe(false);

    const read = await server.request('/api/inbox/read', {
      method: 'POST',
      cookie: cookies.water,
      json: { ids: [item!.id] },
    });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { unread: number }).unread).toBe(unitInbox.unread - 1);
    expect((await inbox('water')).items.find((entry) => entry.id === item!.id)?.read).toBe(true);
    const bad = await server.request('/api/inbox/read', { method: 'POST', cookie: cookies.water, json: {} });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);

    await server.request(`/api/supervisions/${supervision.id}/replies`, {
      method: 'POST',
      cookie: cookies.water,
      json: { progress: '已清掏 6 处' },
    });
    const leaderInbox = await inbox('leader');
    expect(leaderInbox.items.find((entry) => entry.kind === 'supervision_replied')).toMatchObject({
      params: { target: ZONE_NAME, note: '已清掏 6 处' },
      read: false,
    });
    const all = await server.request('/api/inbox/read', {
      method: 'POST',
      cookie: cookies.leader,
      json: { all: true },
    });
    expect(((await all.json()) as { unread: number }).unread).toBe(0);
  });
});

describe('rules with a controllable clock, quiet hours, the digest and delivery', () => {
  let clock: Date;
  let notifier: Notifier;
  const at = (days: number, time: string) => new Date(`${addDays(server.today, days)}T${time}:00+08:00`);
  const toldOf = async () =>
    (
      await server.sql<{ recipient_unit: string | null; recipient_role: string | null }>(
        `SELECT recipient_unit, recipient_role FROM notifications
          WHERE kind = 'task_overdue' AND subject_type = 'task' AND subject_id = ? ORDER BY id`,
        task.id,
      )
    ).map((row) => row.recipient_unit ?? `role:${row.recipient_role}`);

  beforeAll(async () => {
    const campaign = (await (
      await server.request('/api/campaign', { cookie: cookies.admin })
    ).json()) as CampaignResponse;
    clock = new Date();
    const context = {
      repos: server.repos,
      now: () => clock,
      today: () => shanghaiDay(clock),
      campaign: async () => campaign,
    } as unknown as RouteContext;
    notifier = createNotifier(context, { linkBase: 'https://map.example.org' });
    const put = (unit: string, channel: string, json: unknown) =>
      server.request(`/api/notifications/webhooks/${unit}/${channel}`, { method: 'PUT', cookie: cookies.admin, json });
    expect((await put('shuilizhan', 'wecom', { url: `${wecom.url}/cgi-bin/webhook/send?key=water-key` })).status).toBe(
      204,
    );
    expect(
      (
        await put('jianguansuo', 'dingtalk', {
          url: `${dingtalk.url}/robot/send?access_token=jg-token`,
          secret: 'SEC0123456789abcdef0123',
        })
      ).status,
    ).toBe(204);
  });

  it('refuses bad webhook URLs and never answers the key or secret', async () => {
    const bad = await server.request('/api/notifications/webhooks/shuilizhan/wecom', {
      method: 'PUT',
      cookie: cookies.admin,
      json: { url: 'https://evil.example.org/send?token=1' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toBe(
      'The webhook URL is not usable: expected https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    );
    expect(
      (
        await server.request('/api/notifications/webhooks/nobody/wecom', {
          method: 'PUT',
          cookie: cookies.admin,
          json: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await server.request('/api/notifications/webhooks/shuilizhan/wecom', {
          method: 'PUT',
          cookie: cookies.water,
          json: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1' },
        })
      ).status,
    ).toBe(403);
    const listed = await (await server.request('/api/notifications/webhooks', { cookie: cookies.admin })).text();
    expect(listed).toContain('jianguansuo');
    expect(listed).toContain('"signed":true');
    expect(listed).not.toContain('water-key');
    expect(listed).not.toContain('SEC0123456789abcdef0123');
  });

  it('tells the responsible unit at 1 day late, the lead unit at 3, the office and leaders at 7, each once', async () => {
    clock = at(2, '09:00');
    await notifier.evaluate(clock);
    expect(await toldOf()).toEqual(['jianguansuo']);
    clock = at(3, '22:30');
    await notifier.evaluate(clock);
    expect(await toldOf()).toEqual(['jianguansuo', 'shuilizhan']);
    await notifier.evaluate(clock);
    expect(await toldOf()).toEqual(['jianguansuo', 'shuilizhan']);
  });

  it('holds immediate messages in quiet hours but not a 督办, then sends the digest once at its time', async () => {
    // 22:30 is in the quiet hours (21:00–07:30): the lead unit's 3-day message waits; a 督办 issued now does not.
    await server.sql(
      "UPDATE notifications SET dispatched_at = ? WHERE kind LIKE 'supervision_%' AND dispatched_at IS NULL",
      clock.toISOString(),
    );
    const issued = await server.request('/api/supervisions', {
      method: 'POST',
      cookie: cookies.leader,
      json: { taskId: task.id, note: '今晚必须安排人手', deadline: addDays(server.today, 5) },
    });
    expect(issued.status).toBe(201);
    await notifier.dispatch(clock);
    const titles = async () =>
      (
        await server.sql<{ title: string; target: string }>('SELECT title, target FROM delivery_outbox ORDER BY id')
      ).map((row) => `${row.target} ${row.title}`);
    expect(await titles()).toEqual([`unit:jianguansuo 督办：${ZONE_NAME} · 清掏雨水井`]);

    clock = at(4, '07:45');
    await notifier.dispatch(clock);
    expect((await titles()).filter((title) => title.includes('清掏雨水井'))).toEqual([
      `unit:jianguansuo 督办：${ZONE_NAME} · 清掏雨水井`,
      'unit:shuilizhan 任务逾期 4 天：清掏雨水井'.replace('4 天', '3 天'),
    ]);
    expect((await titles()).some((title) => title.includes('每日提醒汇总'))).toBe(false);

    clock = at(4, '08:05');
    await notifier.dispatch(clock);
    await notifier.dispatch(clock);
    const digests = (await titles()).filter((title) => title.includes('每日提醒汇总'));
    expect(digests.filter((title) => title.startsWith('unit:jianguansuo'))).toEqual([
      expect.stringMatching(
        new RegExp(`^unit:jianguansuo 每日提醒汇总 ${addDays(server.today, 4)}（建管所，\\d+ 条）$`),
      ),
    ]);
    expect(new Set(digests).size).toBe(digests.length);
    const [digest] = await server.sql<{ body: string }>(
      "SELECT body FROM delivery_outbox WHERE target = 'unit:jianguansuo' AND title LIKE '每日提醒汇总%'",
    );
    expect(digest!.body.split('\n')).toContain(
      `- [任务逾期 2 天：清掏雨水井](https://map.example.org/?zone=${zone.id}&task=${task.id})`,
    );

    // Delivery: the wecom robot fails once (errcode), then succeeds after the back-off; each message once.
    wecom.answer = { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } };
    await notifier.deliver(clock);
    const failed = await server.sql<{ status: string; attempts: number; last_error: string }>(
      "SELECT status, attempts, last_error FROM delivery_outbox WHERE target = 'unit:shuilizhan' ORDER BY id LIMIT 1",
    );
    expect(failed[0]).toEqual({ status: 'pending', attempts: 1, last_error: 'wecom: errcode 93000' });
    wecom.answer = { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    const before = wecom.received.length;
    expect(await notifier.deliver(clock)).toBe(0);
    expect(wecom.received.length).toBe(before);
    clock = new Date(clock.getTime() + 6_000);
    await notifier.deliver(clock);
    await notifier.deliver(clock);
    const pending = await server.sql<{ n: number }>(
      "SELECT count(*) AS n FROM delivery_outbox WHERE status <> 'delivered' AND target IN ('unit:shuilizhan', 'unit:jianguansuo')",
    );
    expect(Number(pending[0]!.n)).toBe(0);
    const supervisionMessage = dingtalk.received.find((entry) =>
      JSON.stringify(entry.body).includes('今晚必须安排人手'),
    )!;
    expect(supervisionMessage.body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: `督办：${ZONE_NAME} · 清掏雨水井`,
        text: `## 督办：${ZONE_NAME} · 清掏雨水井\n> 今晚必须安排人手\n> 办结期限 ${addDays(server.today, 5)}\n[在“一张图”中打开](https://map.example.org/?zone=${zone.id}&task=${task.id})`,
      },
    });
    expect(supervisionMessage.url).toMatch(/^\/robot\/send\?access_token=jg-token&timestamp=\d+&sign=/);
    const texts = dingtalk.received.map((entry) => JSON.stringify(entry.body));
    expect(new Set(texts).size).toBe(texts.length);

    const outbox = await server.request('/api/notifications/outbox?status=delivered', { cookie: cookies.admin });
    const rows = (await outbox.json()) as { title: string; lastError: string | null }[];
    expect(rows.some((row) => row.title.includes('任务逾期 3 天：清掏雨水井'))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('water-key');
  });

  it('sends a test message to one robot through the outbox, and sends a failed message again on request', async () => {
    const test = await server.request('/api/notifications/webhooks/shuilizhan/wecom/test', {
      method: 'POST',
      cookie: cookies.admin,
    });
    expect(test.status, await test.clone().text()).toBe(202);
    expect(await test.json()).toEqual({ queued: 1 });
    expect(
      (
        await server.request('/api/notifications/webhooks/shuilizhan/dingtalk/test', {
          method: 'POST',
          cookie: cookies.admin,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await server.request('/api/notifications/webhooks/shuilizhan/wecom/test', {
          method: 'POST',
          cookie: cookies.water,
        })
      ).status,
    ).toBe(403);
    const [queued] = await server.sql<{ id: number; body: string }>(
      "SELECT id, body FROM delivery_outbox WHERE title = '测试消息：水利站' ORDER BY id DESC",
    );
    expect(queued!.body).toBe(
      '> 这是“一张图”发给水利站群的测试消息，收到即说明群机器人设置正确。\n[在“一张图”中打开](/)',
    );

    // It fails for good (every back-off spent): the office sees it, sends it again, and it arrives once.
    await server.sql(
      "UPDATE delivery_outbox SET status = 'failed', attempts = 9, last_error = 'wecom: HTTP 502' WHERE id = ?",
      queued!.id,
    );
    const failed = (await (await server.request('/api/notifications/outbox', { cookie: cookies.admin })).json()) as {
      id: string;
      title: string;
      lastError: string;
    }[];
    expect(failed.find((row) => row.id === String(queued!.id))).toMatchObject({
      title: '测试消息：水利站',
      lastError: 'wecom: HTTP 502',
    });
    const retry = () =>
      server.request(`/api/notifications/outbox/${queued!.id}/retry`, { method: 'POST', cookie: cookies.admin });
    expect((await retry()).status).toBe(204);
    expect((await retry()).status).toBe(404);
    expect(
      (await server.request('/api/notifications/outbox/abc/retry', { method: 'POST', cookie: cookies.admin })).status,
    ).toBe(400);
    const before = wecom.received.length;
    await notifier.deliver(clock);
    expect(wecom.received.slice(before).map((entry) => entry.body)).toEqual([
      { msgtype: 'markdown', markdown: { content: `## 测试消息：水利站\n${queued!.body}` } },
    ]);
    const [after] = await server.sql<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM delivery_outbox WHERE id = ?',
      queued!.id,
    );
    expect(after).toEqual({ status: 'delivered', attempts: 1 });
  });

  it('tells the office and leaders at 7 days late, once', async () => {
    clock = at(7, '10:00');
    await notifier.evaluate(clock);
    await notifier.evaluate(at(8, '10:00'));
    expect(await toldOf()).toEqual(['jianguansuo', 'shuilizhan', 'role:admin', 'role:leader']);
  });

  it("writes a county's digest of thousands of items in pieces, other work answered in between, and sends it once", async () => {
    // 2,400 digest items for one unit, made the evening before (a county's overdue tasks).
    const evening = at(9, '19:00').toISOString();
    const items = Array.from({ length: 2400 }, (_, index) => ({
      dedupeKey: `county-digest-test:${index}`,
      recipient: { unit: 'jianguansuo' },
      kind: 'task_overdue' as const,
      subjectType: 'task' as const,
      subjectId: String(task.id),
      params: { task: `合成任务 ${index}`, days: 2 },
      link: `/?zone=${zone.id}`,
      immediate: false,
      createdAt: evening,
    }));
    // The event loop's turns while the writing runs: one piece per turn, not one transaction holding the thread.
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    expect(await server.repos.notifications.insert(items)).toBe(2400);
    const afterInsert = turns;
    expect(afterInsert).toBeGreaterThanOrEqual(4);

    clock = at(10, '08:30');
    await notifier.dispatch(clock);
    counting = false;
    expect(turns - afterInsert).toBeGreaterThanOrEqual(4);
    const digests = await server.sql<{ title: string }>(
      "SELECT title FROM delivery_outbox WHERE target = 'unit:jianguansuo' AND title LIKE ?",
      `每日提醒汇总 ${addDays(server.today, 10)}%`,
    );
    expect(digests).toHaveLength(1);
    expect(digests[0]!.title).toMatch(/（建管所，24\d\d 条）$/);
    // One group-robot message holds at most 4,096 bytes (企业微信): the first items listed, the rest counted.
    const [sent] = await server.sql<{ title: string; body: string }>(
      "SELECT title, body FROM delivery_outbox WHERE target = 'unit:jianguansuo' AND title LIKE ?",
      `每日提醒汇总 ${addDays(server.today, 10)}%`,
    );
    expect(Buffer.byteLength(`## ${sent!.title}\n${sent!.body}`)).toBeLessThanOrEqual(4096);
    const listed = sent!.body.split('\n').filter((line) => line.startsWith('- ['));
    const total = Number(/（建管所，(\d+) 条）/.exec(sent!.title)![1]);
    expect(listed.length).toBeGreaterThan(10);
    expect(sent!.body.split('\n').at(-1)).toBe(
      `…… 另有 ${total - listed.length} 条，[在“一张图”中查看](https://map.example.org/)`,
    );
    const [left] = await server.sql<{ n: number }>(
      "SELECT count(*) AS n FROM notifications WHERE dedupe_key LIKE 'county-digest-test:%' AND digested_at IS NULL",
    );
    expect(Number(left!.n)).toBe(0);
    // A second pass finds nothing left to send.
    await notifier.dispatch(clock);
    expect(
      await server.sql(
        'SELECT title FROM delivery_outbox WHERE target = ? AND title LIKE ?',
        'unit:jianguansuo',
        `每日提醒汇总 ${addDays(server.today, 10)}%`,
      ),
    ).toHaveLength(1);
  });

  it('finds the notifications still to send through their own index, not by reading every notification', async () => {
    // After the county's digest above: thousands sent, none waiting; the planner has the table's figures.
    await server.sql('ANALYZE notifications');
    const before = at(10, '08:30').toISOString();
    for (const statement of [NOTIFICATION_SQL.undispatched, NOTIFICATION_SQL.dueDigest]) {
      const text = statement.replace('@before', '?');
      const params = statement.includes('@before') ? [before] : [];
      const plan =
        server.backend === 'sqlite'
          ? (await server.sql<{ detail: string }>(`EXPLAIN QUERY PLAN ${text}`, ...params)).map((row) => row.detail)
          : (await server.sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, ...params)).map((row) => row['QUERY PLAN']);
      expect(plan.join('\n'), statement).toMatch(/notifications_undispatched/);
      expect(plan.join('\n'), statement).not.toMatch(/Seq Scan on notifications|SCAN notifications(?! USING)/);
    }
  });
});
