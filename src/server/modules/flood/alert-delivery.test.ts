import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testing/webhook-receiver';
import type { Inbox } from '../../../shared/notifications/notification';

/**
 * A threshold alert reaches people (both engines): the inbox of who is on duty and of the water station, and their
 * group robots through the outbox (a real HTTP receiver), once per crossing.
 */
let server: TestServer;
let robot: WebhookReceiver;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  robot = await startWebhookReceiver();
  server = await startTestServer({
    notify: { wecomWebhook: `${robot.url}/cgi-bin/webhook/send?key=town`, pollMs: 50 },
  });
  for (const name of ['admin', 'water', 'leader', 'planner']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server?.close();
  await robot?.close();
});

const inboxAlerts = async (as: string) => {
  const inbox = (await (await server.request('/api/inbox', { cookie: cookies[as] })).json()) as Inbox;
  return inbox.items.filter((item) => item.kind === 'flood_alert');
};
/** The flood alert messages the robot got, once at least `count` have arrived (the worker sends them within its poll). */
async function robotMessages(count: number) {
  const floodMessages = () =>
    robot.received
      .map((entry) => ({
        key: new URL(entry.url, robot.url).searchParams.get('key'),
        content: (entry.body as { markdown: { content: string } }).markdown.content,
      }))
      // Other rules may tell the water station of other things meanwhile (the fixture's tasks).
      .filter((message) => message.content.includes('水情告警'));
  await expect.poll(() => floodMessages().length, { timeout: 20_000, interval: 50 }).toBeGreaterThanOrEqual(count);
  return floodMessages();
}

describe('flood threshold alerts reach the inbox and the group robots', () => {
  it('tells the person on duty and the water station once per crossing, with the value, threshold and link', async () => {
    const put = await server.request('/api/notifications/webhooks/shuilizhan/wecom', {
      method: 'PUT',
      cookie: cookies.admin,
      json: { url: `${robot.url}/cgi-bin/webhook/send?key=water` },
    });
    expect(put.status, await put.clone().text()).toBeLessThan(300);
    const leader = (await (await server.request('/api/session', { cookie: cookies.leader })).json()) as {
      user: { displayName: string };
    };
    const duty = await server.request('/api/flood/duty', {
      method: 'PUT',
      cookie: cookies.water,
      json: { date: server.today, people: [{ name: leader.user.displayName, phone: '13800000001', role: '带班' }] },
    });
    expect(duty.status, await duty.clone().text()).toBeLessThan(300);
    const created = await server.request('/api/sensors', {
      method: 'POST',
      cookie: cookies.water,
      json: {
        kind: 'water_level',
        name: '告警测试水位站',
        code: null,
        position: [120.92, 31.17],
        river: '市河',
        warningLevelM: 3,
        guaranteeLevelM: null,
        rain1hMm: null,
        rain24hMm: null,
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const station = ((await created.json()) as { id: string }).id;
    const send = async (...levels: [string, number][]) => {
      const response = await server.request(`/api/sensors/${station}/readings`, {
        method: 'POST',
        cookie: cookies.water,
        json: {
          readings: levels.map(([time, waterLevelM]) => ({
            observedAt: `${server.today}T${time}:00+08:00`,
            waterLevelM,
          })),
        },
      });
      expect(response.status, await response.clone().text()).toBeLessThan(300);
    };

    // Over the warning level twice in a row: one crossing, one alert.
    await send(['06:00', 2.6], ['07:00', 3.25], ['08:00', 3.4]);
    const [item] = await inboxAlerts('water');
    expect(await inboxAlerts('water')).toHaveLength(1);
    expect(item).toMatchObject({
      params: { station: '告警测试水位站', value: 3.25, limit: 3, unit: 'm' },
      link: `/?view=flood&sensor=${station}`,
    });
    expect(await inboxAlerts('leader')).toHaveLength(1);
    expect(await inboxAlerts('planner')).toEqual([]);
    const first = await robotMessages(2);
    expect(first.map((message) => message.key).sort()).toEqual(['town', 'water']);
    for (const message of first) {
      expect(message.content).toContain('水情告警：告警测试水位站超警戒水位');
      expect(message.content).toContain('实测 3.25 m，阈值 3 m');
      expect(message.content).toContain(`(/?view=flood&sensor=${station})`);
    }

    // Still over, and the same readings sent again: nothing new.
    await send(['07:00', 3.25], ['09:00', 3.5]);
    expect(await inboxAlerts('water')).toHaveLength(1);
    // Back under, then over again: a second crossing.
    await send(['10:00', 2.8], ['11:00', 3.1]);
    expect((await inboxAlerts('water')).map((entry) => entry.params.value)).toEqual([3.1, 3.25]);
    const all = await robotMessages(4);
    expect(all).toHaveLength(4);
    expect(all.filter((message) => message.content.includes('实测 3.1 m'))).toHaveLength(2);
    // The worker marks an item delivered once the robot has answered: the mark can follow the message by a moment.
    const delivered = async () =>
      Number(
        (
          await server.sql<{ n: number }>(
            "SELECT count(*) AS n FROM delivery_outbox WHERE status = 'delivered' AND title LIKE '水情告警%'",
          )
        )[0]!.n,
      );
    await expect.poll(delivered, { timeout: 20_000, interval: 50 }).toBe(4);
  });
});
