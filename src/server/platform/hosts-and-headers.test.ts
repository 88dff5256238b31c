import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';

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
