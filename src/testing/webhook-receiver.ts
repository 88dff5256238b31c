import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: the path with its query, the JSON body, the content type. */
export interface Received {
  url: string;
  body: unknown;
  contentType: string | undefined;
}

/** A real HTTP receiver standing in for a 企业微信/钉钉 group robot: records each request, answers as the platform. */
export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** What it answers (by default HTTP 200 `{"errcode":0,"errmsg":"ok"}`). */
  answer: { status: number; body: unknown };
  close(): Promise<void>;
}

export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const state = {
    received: [] as Received[],
    answer: { status: 200, body: { errcode: 0, errmsg: 'ok' } as unknown },
  };
  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (text += chunk));
      request.on('end', () => resolve(text));
    });
  const server = createServer((request, response) => {
    void read(request).then((text) => {
      state.received.push({
        url: request.url ?? '',
        body: JSON.parse(text),
        contentType: request.headers['content-type'],
      });
      response.writeHead(state.answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(state.answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    received: state.received,
    get answer() {
      return state.answer;
    },
    set answer(value) {
      state.answer = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
