import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { loadServerConfig } from './config';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
  'permissions-policy',
];

/** Send raw bytes and read the whole answer until the server closes the connection. */
function rawExchange(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('L6 every answer carries the security headers and never repeats raw input', () => {
  it('answers a malformed URL with the headers and a description, not the path', async () => {
    const response = await server.request('/api/%zz%3Cscript%3E');
    expect(response.status).toBe(400);
    for (const header of SECURITY_HEADERS) expect(response.headers.get(header), header).toBeTruthy();
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    const body = await response.text();
    expect(body).not.toMatch(/%zz|script/i);
    expect(JSON.parse(body)).toMatchObject({ status: 400, detail: 'The address is not valid' });
  });

  it('answers a 404 with the headers and without the path', async () => {
    const response = await server.request('/api/no-such-thing%3Cb%3Ehello');
    expect(response.status).toBe(404);
    for (const header of SECURITY_HEADERS) expect(response.headers.get(header), header).toBeTruthy();
    expect(await response.text()).not.toMatch(/no-such-thing|hello|%3C|<b>/i);
  });

  it('answers HTTP it cannot parse with the headers too', async () => {
    const port = Number(new URL(server.baseUrl).port);
    const answer = await rawExchange(port, 'GET /api/zones HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header<x>\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.toLowerCase()).toContain('content-security-policy:');
    expect(answer.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(answer).not.toContain('<x>');
  });
});

/** A request with any Host header (fetch sets its own). */
function withHost(
  baseUrl: string,
  path: string,
  host: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: { host, ...options.headers },
      },
      (incoming) => {
        let body = '';
        incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
        incoming.on('end', () => resolve({ status: incoming.statusCode!, headers: incoming.headers, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('L1 only allowed Host names are answered (DNS rebinding)', () => {
  it('answers the local names on any port and refuses others with 421', async () => {
    for (const host of ['localhost', 'localhost:5173', '127.0.0.1:1', '[::1]:8080', 'LOCALHOST']) {
      expect((await withHost(server.baseUrl, '/api/config', host)).status, host).toBe(200);
    }
    for (const host of ['evil.example', 'evil.example:8080', '127.0.0.1.evil.example']) {
      const answer = await withHost(server.baseUrl, '/api/config', host);
      expect(answer.status, host).toBe(421);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
      expect(answer.headers['content-security-policy']).toBeTruthy();
    }
  });

  it('refuses a request without a Host', async () => {
    const answer = await rawExchange(Number(new URL(server.baseUrl).port), 'GET /api/config HTTP/1.0\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.[01] 421 /);
  });

  it('refuses a rebound page’s write, whose Origin matches its Host', async () => {
    const answer = await withHost(server.baseUrl, '/api/session', 'rebound.example:80', {
      method: 'POST',
      headers: { origin: 'http://rebound.example:80', 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'jinxi-demo' }),
    });
    expect(answer.status).toBe(421);
  });

  it('answers the configured hosts and the public origin, and takes writes from that origin', async () => {
    const configured = await startTestServer({
      app: { allowedHosts: ['map.example.org', 'intranet.local:8443'], publicOrigin: 'https://jinxi.example.gov.cn' },
    });
    try {
      const status = async (host: string) => (await withHost(configured.baseUrl, '/api/config', host)).status;
      expect(await status('map.example.org:8080')).toBe(200);
      expect(await status('intranet.local:8443')).toBe(200);
      expect(await status('intranet.local:8444')).toBe(421);
      expect(await status('jinxi.example.gov.cn')).toBe(200);
      expect(await status('other.example.org')).toBe(421);
      // Behind a proxy that passes another Host, a write from the public origin is still same-origin.
      const login = (origin: string) =>
        configured.request('/api/session', {
          method: 'POST',
          headers: { origin },
          json: { username: 'leader', password: 'jinxi-demo' },
        });
      expect((await login('https://jinxi.example.gov.cn')).status).toBe(200);
      expect((await login('https://evil.example')).status).toBe(403);
    } finally {
      await configured.close();
    }
    const any = await startTestServer({ app: { allowedHosts: '*' } });
    try {
      expect((await withHost(any.baseUrl, '/api/config', 'whatever.example')).status).toBe(200);
    } finally {
      await any.close();
    }
  });
});

describe('L2 X-Forwarded-For is believed from the listed proxies only', () => {
  const failedLoginAddress = async (target: TestServer, forwardedFor: string) => {
    await target.request('/api/session', {
      method: 'POST',
      headers: { 'x-forwarded-for': forwardedFor },
      json: { username: 'nobody-l2', password: 'wrong' },
    });
    const row = target.db
      .prepare(
        "SELECT ip FROM audit_log WHERE action = 'login_failed' AND actor_username = 'nobody-l2' ORDER BY id DESC",
      )
      .get() as { ip: string };
    return row.ip;
  };

  it('takes TRUST_PROXY as a list of addresses and CIDRs, and refuses a bare flag at start-up', () => {
    const config = (TRUST_PROXY: string) => loadServerConfig({ TRUST_PROXY });
    expect(config('127.0.0.1, 10.0.0.0/8,::1').trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    for (const flag of ['1', 'true', 'yes']) expect(() => config(flag)).toThrow(/addresses of the reverse proxies/);
    expect(() => config('10.0.0.0/33')).toThrow(/TRUST_PROXY must list/);
    expect(() => config('proxy.example')).toThrow(/TRUST_PROXY must list/);
    expect(loadServerConfig({}).trustProxy).toEqual([]);
  });

  it('ignores a forged header from an address that is not a listed proxy', async () => {
    const untrusted = await startTestServer({ app: { trustProxy: ['10.0.0.0/8'] } });
    try {
      expect(await failedLoginAddress(untrusted, '203.0.113.9')).toBe('127.0.0.1');
    } finally {
      await untrusted.close();
    }
    const trusted = await startTestServer({ app: { trustProxy: ['127.0.0.1'] } });
    try {
      expect(await failedLoginAddress(trusted, '203.0.113.9')).toBe('203.0.113.9');
    } finally {
      await trusted.close();
    }
  });
});
