import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, sendToRobot } from './senders';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testing/webhook-receiver';
import { DEFAULT_RULES_FILE, loadNotificationRules } from './notifier';
import { dingtalkSecretError, webhookUrlError } from '../../../shared/notifications/notification';
import { notifyFromEnvironment } from '../../platform/config';

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

const message = {
  title: '督办：市河（古镇段）河道整治',
  markdown: '> 三天内清完\n[在“一张图”中打开](https://map.example.org/?zone=1)',
};

describe('group robots', () => {
  it('posts the markdown body 企业微信 documents and accepts errcode 0', async () => {
    receiver.received.length = 0;
    await sendToRobot(
      { channel: 'wecom', url: `${receiver.url}/cgi-bin/webhook/send?key=abc`, secret: null },
      message,
      1_700_000_000_000,
    );
    expect(receiver.received).toEqual([
      {
        url: '/cgi-bin/webhook/send?key=abc',
        contentType: 'application/json; charset=utf-8',
        body: {
          msgtype: 'markdown',
          markdown: {
            content:
              '## 督办：市河（古镇段）河道整治\n> 三天内清完\n[在“一张图”中打开](https://map.example.org/?zone=1)',
          },
        },
      },
    ]);
  });

  it('posts 钉钉 markdown (title and text) on a URL signed with timestamp and HMAC-SHA256 of timestamp\\nsecret', async () => {
    receiver.received.length = 0;
    const secret = 'SECabcdef0123456789abcdef';
    const timestamp = 1_700_000_000_123;
    await sendToRobot(
      { channel: 'dingtalk', url: `${receiver.url}/robot/send?access_token=tok`, secret },
      message,
      timestamp,
    );
    const [got] = receiver.received;
    expect(got!.body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: '督办：市河（古镇段）河道整治',
        text: '## 督办：市河（古镇段）河道整治\n> 三天内清完\n[在“一张图”中打开](https://map.example.org/?zone=1)',
      },
    });
    const url = new URL(got!.url, receiver.url);
    expect(url.pathname).toBe('/robot/send');
    expect(url.searchParams.get('access_token')).toBe('tok');
    expect(url.searchParams.get('timestamp')).toBe(String(timestamp));
    // What the platform checks: base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)), URL-encoded.
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(got!.url).toContain(`&sign=${encodeURIComponent(expected)}`);
  });

  it('throws a DeliveryError naming only the errcode or status (never the URL or key)', async () => {
    receiver.answer = { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
    const robot = {
      channel: 'dingtalk' as const,
      url: `${receiver.url}/robot/send?access_token=secret-token`,
      secret: null,
    };
    const failure = await sendToRobot(robot, message, Date.now()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as Error).message).toBe('dingtalk: errcode 310000');
    receiver.answer = { status: 502, body: {} };
    expect(((await sendToRobot(robot, message, Date.now()).catch((error: unknown) => error)) as Error).message).toBe(
      'dingtalk: HTTP 502',
    );
    receiver.answer = { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    const closed = { channel: 'wecom' as const, url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=k', secret: null };
    const refused = (await sendToRobot(closed, message, Date.now()).catch((error: unknown) => error)) as Error;
    expect(refused.message).toBe('wecom: no connection');
    expect(refused.message).not.toContain('key');
  });
});

describe('webhook URLs and rule files get clear errors', () => {
  it('accepts the platforms’ URLs and refuses others with the reason', () => {
    expect(webhookUrlError('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6')).toBeNull();
    expect(webhookUrlError('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc')).toBeNull();
    expect(webhookUrlError('wecom', 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1')).toBe('not a URL');
    expect(webhookUrlError('wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1')).toBe(
      'must start with https://',
    );
    expect(webhookUrlError('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send')).toBe(
      'expected https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    );
    expect(webhookUrlError('dingtalk', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1')).toBe(
      'expected https://oapi.dingtalk.com/robot/send?access_token=…',
    );
    expect(webhookUrlError('wecom', 'https://u:p@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1')).toBe(
      'must not carry a user name or password',
    );
    // A relay on this machine may speak http.
    expect(webhookUrlError('wecom', 'http://127.0.0.1:8080/cgi-bin/webhook/send?key=1')).toBeNull();
    expect(dingtalkSecretError('SECabcdef0123456789abcdef')).toBeNull();
    expect(dingtalkSecretError('abc')).toMatch(/starts with SEC/);
    expect(() => notifyFromEnvironment({ NOTIFY_WECOM_WEBHOOK: 'https://example.org/hook?key=secret1' })).toThrow(
      'NOTIFY_WECOM_WEBHOOK is not usable: expected https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    );
    expect(() => notifyFromEnvironment({ NOTIFY_WECOM_WEBHOOK: 'https://example.org/hook?key=secret1' })).not.toThrow(
      /secret1/,
    );
  });

  it('loads data/notification-rules.json and names the file and each bad field of a bad one', () => {
    const rules = loadNotificationRules(DEFAULT_RULES_FILE);
    expect(rules.rules.find((rule) => rule.id === 'task-overdue-7')).toMatchObject({
      event: 'task_overdue',
      afterDays: 7,
      notify: ['office', 'leaders'],
    });
    const folder = mkdtempSync(path.join(tmpdir(), 'jinxi-rules-'));
    const bad = path.join(folder, 'rules.json');
    writeFileSync(
      bad,
      JSON.stringify({
        lookbackDays: 14,
        quietHours: { start: '25:00', end: '07:00' },
        digestAt: '08:00',
        rules: [{ id: 'x', event: 'task_late', notify: [], delivery: 'immediate' }],
      }),
    );
    expect(() => loadNotificationRules(bad)).toThrow(
      `${bad}: quietHours.start: expected a time HH:MM; rules.0.event: unknown event: use one of task_due_soon,`,
    );
    expect(() => loadNotificationRules(bad)).toThrow(/rules\.0\.notify: notify names at least one recipient/);
    writeFileSync(bad, '{ not json');
    expect(() => loadNotificationRules(bad)).toThrow(`${bad}: not readable JSON`);
  });
});
