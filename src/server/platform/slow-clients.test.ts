import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';

// Short limits so each case takes a second or two (the defaults are in config.ts).
const LIMITS = {
  headersTimeoutMs: 1500,
  bodyTimeoutMs: 1000,
  bodyMinBytesPerSecond: 1024,
  checkIntervalMs: 100,
  maxConnectionsPerAddress: 4,
};

let server: TestServer;
let port: number;
beforeAll(async () => {
  server = await startTestServer({ app: { limits: LIMITS } });
  port = Number(new URL(server.baseUrl).port);
});
afterAll(async () => {
  await server.close();
});

const open = () =>
  new Promise<Socket>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => {});
    socket.once('error', reject);
  });

/** Milliseconds until the server closes the socket (or `limit`, if it does not). */
const closedAfter = (socket: Socket, limit: number) =>
  new Promise<number>((resolve) => {
    const started = Date.now();
    const timer = setTimeout(() => resolve(limit), limit);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });

describe('M9 slow clients are cut off, and one address cannot hold every connection', () => {
  it('closes a connection trickling its headers', async () => {
    const socket = await open();
    socket.write('GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
    }, 200);
    const closed = await closedAfter(socket, 5000);
    clearInterval(trickle);
    socket.destroy();
    expect(closed).toBeLessThan(3500);
  });

  it('closes a connection trickling a login body', async () => {
    const socket = await open();
    const body = JSON.stringify({ username: 'admin', password: 'x'.repeat(40) });
    socket.write(
      `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    let sent = 0;
    const trickle = setInterval(() => {
      if (!socket.destroyed && sent < body.length) socket.write(body[sent++]!);
    }, 200);
    const closed = await closedAfter(socket, 5000);
    clearInterval(trickle);
    socket.destroy();
    expect(closed).toBeLessThan(3000);
    expect(sent).toBeLessThan(body.length);
  });

  it('closes connections past the cap per address at once, and serves again when they are gone', async () => {
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnectionsPerAddress }, open));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const extra = await open();
      expect(await closedAfter(extra, 1000)).toBeLessThan(1000);
      expect(held.every((socket) => !socket.destroyed)).toBe(true);
    } finally {
      for (const socket of held) socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await server.request('/api/config')).status).toBe(200);
  });

  it('still takes a body that arrives at a reasonable pace', async () => {
    const response = await server.request('/api/session', {
      method: 'POST',
      json: { username: 'leader', password: 'jinxi-demo' },
    });
    expect(response.status).toBe(200);
  });
});
