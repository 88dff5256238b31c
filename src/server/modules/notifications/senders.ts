import { createHmac } from 'node:crypto';
import type { WebhookChannel } from '../../../shared/notifications/notification';

/** A message for a group: a title and markdown lines (Chinese, with a link into the product). */
export interface OutsideMessage {
  title: string;
  markdown: string;
}

/** A group robot: its webhook URL and, for 钉钉 with 加签, the signing secret. */
export interface GroupRobot {
  channel: WebhookChannel;
  url: string;
  secret: string | null;
}

/** SMS: a pluggable sender (none is built in; docs/notifications.md). `to` is a unit id the sender resolves. */
export interface SmsSender {
  send(to: string, text: string): Promise<void>;
}

/** The body 企业微信's group robot takes for markdown. */
export const wecomBody = (message: OutsideMessage) => ({
  msgtype: 'markdown',
  markdown: { content: `## ${message.title}\n${message.markdown}` },
});

/** The body 钉钉's custom robot takes for markdown (title shows in the notification, text in the chat). */
export const dingtalkBody = (message: OutsideMessage) => ({
  msgtype: 'markdown',
  markdown: { title: message.title, text: `## ${message.title}\n${message.markdown}` },
});

/**
 * 钉钉 加签: HMAC-SHA256 over `timestamp + "\n" + secret` keyed with the secret, base64, URL-encoded, appended as
 * `&timestamp=…&sign=…` (timestamp in milliseconds).
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(digest);
}

export function dingtalkSignedUrl(url: string, secret: string | null, timestampMs: number): string {
  if (!secret) return url;
  return `${url}&timestamp=${timestampMs}&sign=${dingtalkSign(secret, timestampMs)}`;
}

/** A failed send, described without the URL (its key or token) or the message. */
export class DeliveryError extends Error {}

/**
 * Post one message to a group robot. Both platforms answer HTTP 200 with `{"errcode":0,"errmsg":"ok"}` on success;
 * anything else throws a DeliveryError naming only the status or errcode.
 */
export async function sendToRobot(
  robot: GroupRobot,
  message: OutsideMessage,
  nowMs: number,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const url = robot.channel === 'dingtalk' ? dingtalkSignedUrl(robot.url, robot.secret, nowMs) : robot.url;
  const body = robot.channel === 'dingtalk' ? dingtalkBody(message) : wecomBody(message);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new DeliveryError(`${robot.channel}: no connection`);
  }
  if (!response.ok) throw new DeliveryError(`${robot.channel}: HTTP ${response.status}`);
  let answer: { errcode?: unknown } = {};
  try {
    answer = (await response.json()) as { errcode?: unknown };
  } catch {
    throw new DeliveryError(`${robot.channel}: the answer is not JSON`);
  }
  if (answer.errcode !== 0) throw new DeliveryError(`${robot.channel}: errcode ${String(answer.errcode).slice(0, 12)}`);
}
