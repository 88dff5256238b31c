import { createServer } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { apiLogin, startServer, type RunningServer } from '../../../testing/server-process';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testing/webhook-receiver';

/**
 * The delivery outbox survives kill -9: a 督办's message the town-wide robot could not take (nothing listening yet)
 * is in the database; the server is killed; the next process delivers it, once.
 */
const servers: RunningServer[] = [];
let receiver: WebhookReceiver | null = null;
afterAll(async () => {
  for (const server of servers) await server.stop();
  await receiver?.close();
});

/** A port nothing listens on (taken and given back). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

it('delivers a message written before kill -9 once, from the next process', async () => {
  const port = await freePort();
  const env = {
    NOTIFY_WECOM_WEBHOOK: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=town-key`,
    NOTIFY_POLL_MS: '200',
  };
  const first = await startServer(env, { timeoutMs: 60_000 });
  servers.push(first);
  const leader = await apiLogin(first.baseUrl, 'leader');
  const water = await apiLogin(first.baseUrl, 'water');
  const zones = (await (
    await fetch(`${first.baseUrl}/api/zones?unit=shuilizhan`, { headers: { cookie: leader } })
  ).json()) as { features: { id: string; properties: { name: string; leadUnit: string } }[] };
  const zone = zones.features.find((feature) => feature.properties.leadUnit === 'shuilizhan')!;
  const write = (cookie: string, path: string, body: unknown) =>
    fetch(`${first.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: first.baseUrl },
      body: JSON.stringify(body),
    });
  const issued = await write(leader, '/api/supervisions', {
    zoneId: zone.id,
    note: '重启测试',
    deadline: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
  });
  expect(issued.status).toBe(201);
  const { id } = (await issued.json()) as { id: string };
  // The unit's reply tells the issuer (a person: the town-wide group).
  expect((await write(water, `/api/supervisions/${id}/replies`, { progress: '正在清理' })).status).toBe(201);
  const admin = await apiLogin(first.baseUrl, 'admin');
  // The worker has tried and failed (nothing listens): the message waits for its back-off.
  await expect
    .poll(
      async () => {
        const rows = (await (
          await fetch(`${first.baseUrl}/api/notifications/outbox?status=pending`, { headers: { cookie: admin } })
        ).json()) as { title: string; attempts: number; lastError: string | null }[];
        return rows.some((row) => row.title.startsWith('督办已答复') && row.attempts >= 1 && row.lastError !== null);
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);

  first.process.kill('SIGKILL');
  await first.exited;
  receiver = await startWebhookReceiver(port);

  const second = await startServer(env, { dataDir: first.dataDir, timeoutMs: 60_000 });
  servers.push(second);
  const replied = () => receiver!.received.filter((entry) => JSON.stringify(entry.body).includes('督办已答复'));
  await expect.poll(() => replied().length, { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(replied()).toHaveLength(1);
  const body = replied()[0]!.body as { msgtype: string; markdown: { content: string } };
  expect(body.msgtype).toBe('markdown');
  expect(body.markdown.content).toContain(zone.properties.name);
  // Without PUBLIC_ORIGIN the link is the path (with it, an absolute link: notifications.test.ts).
  expect(body.markdown.content).toContain(`(/?zone=${zone.id})`);
  expect(replied()[0]!.url).toBe('/cgi-bin/webhook/send?key=town-key');
}, 150_000);
