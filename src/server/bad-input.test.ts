import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../testing/test-server';
import { AUTHORIZATION_MATRIX } from '../shared/campaign/authorization';

/**
 * R6 for the write routes that exist so far: generated bodies (any JSON, near-miss objects, raw
 * bytes) never produce a 5xx or a hang, and every rejection is a 4xx problem+json.
 */
let server: TestServer;
let admin: string;
let leader: string;
beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  leader = await server.login('leader');
});
afterAll(async () => {
  await server.close();
});

const nearMiss = fc.record(
  {
    username: fc.oneof(fc.string(), fc.constant('leader'), fc.integer(), fc.constant(null)),
    password: fc.oneof(fc.string(), fc.constant(''), fc.array(fc.string())),
    displayName: fc.string({ maxLength: 60 }),
    role: fc.oneof(fc.constantFrom('leader', 'admin', 'unit', 'root'), fc.string()),
    unit: fc.oneof(fc.constant(null), fc.constantFrom('shuilizhan', 'nope'), fc.string()),
    note: fc.string({ maxLength: 600 }),
    deadline: fc.oneof(fc.constantFrom('2026-02-30', '2099-01-01', '1e309'), fc.string()),
    taskId: fc.oneof(fc.constant('1'), fc.string(), fc.integer()),
    newPassword: fc.string({ maxLength: 220 }),
    currentPassword: fc.string(),
    disabled: fc.oneof(fc.boolean(), fc.string()),
    version: fc.integer(),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  nearMiss.map((value) => JSON.stringify(value)),
  fc.string().map((text) => `{"username": ${text}`),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

// Login is throttled after failures: fuzz it with bodies that cannot name a real account.
const writeRoutes = AUTHORIZATION_MATRIX.filter((rule) => rule.method !== 'GET' && rule.method !== 'DELETE');

describe('generated bad bodies (R6)', () => {
  it.each(writeRoutes.map((rule) => [`${rule.method} ${rule.url}`, rule] as const))(
    '%s answers 4xx problem+json, never 5xx',
    async (_name, rule) => {
      const cookie = rule.url.startsWith('/api/zones') ? leader : admin;
      const path = rule.url.replace(':id', rule.url.startsWith('/api/users') ? '3' : '2');
      await fc.assert(
        fc.asyncProperty(anyBody, async (body) => {
          const started = Date.now();
          const response = await server.request(path, {
            method: rule.method,
            cookie,
            headers: { 'content-type': 'application/json', 'if-match': '"1"' },
            body,
          });
          const text = await response.text();
          expect(Date.now() - started).toBeLessThan(2000);
          expect(response.status, text).toBeLessThan(500);
          if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/problem\+json/);
        }),
        { numRuns: 150 },
      );
    },
    60_000,
  );

  it('refuses a body over the size limit with 413', async () => {
    const response = await server.request('/api/users', {
      method: 'POST',
      cookie: admin,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'x'.repeat(2_000_000) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('refuses text holding the NUL character with 400 naming where, on every engine (PostgreSQL cannot store it)', async () => {
    // The case that fuzzing found: a note of "\u0000" on a case action answered 500 on PostgreSQL.
    const cases: [string, unknown, string][] = [
      ['/api/cases/1/actions/register', { note: '\u0000' }, 'note'],
      ['/api/zones/2/supervisions', { note: '督办\u0000', deadline: '2099-01-01' }, 'note'],
      ['/api/cases/1/actions/register', { data: [{ 'key\u0000': 1 }] }, 'data.0.key\u0000'],
    ];
    for (const [url, json, path] of cases) {
      const response = await server.request(url, {
        method: 'POST',
        cookie: admin,
        json,
        headers: { 'If-Match': '"1"' },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      const problem = (await response.json()) as { detail: string; errors: { path: string }[] };
      expect(problem.detail).toBe('Text may not contain the NUL character (U+0000)');
      expect(problem.errors).toEqual([{ path, message: 'contains U+0000' }]);
    }
    // Other control characters are text like any other (exports drop them where a format cannot hold them).
    const fine = await server.request('/api/zones/2/supervisions', {
      method: 'POST',
      cookie: leader,
      json: { note: '第一行\u0001', deadline: '2099-01-01' },
    });
    expect(fine.status).toBeLessThan(500);
    expect(fine.status).not.toBe(400);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await server.request('/api/zones/2/supervisions', {
      method: 'POST',
      cookie: leader,
      headers: { 'content-type': 'text/html' },
      body: '<script>alert(1)</script>',
    });
    expect(response.status).toBe(415);
  });
});
