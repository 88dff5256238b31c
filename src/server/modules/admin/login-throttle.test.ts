import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { THROTTLE } from './session.routes';

// The login throttles (docs/quality.md R13). The server trusts X-Forwarded-For from 127.0.0.1 only, so
// each test can speak from its own client addresses.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ app: { trustProxy: ['127.0.0.1'] } });
});
afterAll(async () => {
  await server.close();
});

const login = (username: string, password: string, address: string) =>
  server.request('/api/session', {
    method: 'POST',
    json: { username, password },
    headers: { 'x-forwarded-for': address },
  });

const statuses = (responses: Response[]) => {
  const count: Record<number, number> = {};
  for (const response of responses) count[response.status] = (count[response.status] ?? 0) + 1;
  return count;
};

describe('H1 parallel logins are throttled', () => {
  it('evaluates at most the allowed number of 60 concurrent wrong logins, and then refuses the right password', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 60 }, (_, index) => login('inspector', `wrong-${index}`, '10.1.0.1')),
    );
    // A 401 is an evaluated password; the rest were refused before any hash was computed.
    expect(statuses(attempts)).toEqual({ 401: THROTTLE.accountAddress.free, 429: 60 - THROTTLE.accountAddress.free });
    const right = await login('inspector', 'jinxi-demo', '10.1.0.1');
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(right.headers.getSetCookie()).toEqual([]);
  });
});

describe('M1 nobody can lock the owner out from another address', () => {
  it('lets the admin in from their own address after an attacker locked the account from another', async () => {
    for (let attempt = 0; attempt < 2 * THROTTLE.accountAddress.free; attempt += 1) {
      await login('admin', `guess-${attempt}`, '10.2.0.66');
    }
    expect((await login('admin', 'jinxi-demo', '10.2.0.66')).status).toBe(429);
    // The owner, elsewhere, is not locked out.
    expect((await login('admin', 'jinxi-demo', '10.2.0.7')).status).toBe(200);
  });

  it('slows a guesser with growing delays', async () => {
    const address = '10.3.0.66';
    for (let attempt = 0; attempt < THROTTLE.accountAddress.free; attempt += 1) {
      await login('planner', `guess-${attempt}`, address);
    }
    const key = `login-address:${address}|planner`;
    const row = async () =>
      (
        await server.sql<{ attempts: number; until: number }>(
          'SELECT attempts, blocked_until_ms AS until FROM auth_throttle WHERE key = ?',
          key,
        )
      )[0]!;
    const first = (await row()).until - Date.now();
    // Pretend the wait has passed: the next wrong password waits twice as long.
    await server.sql('UPDATE auth_throttle SET blocked_until_ms = 0 WHERE key = ?', key);
    expect((await login('planner', 'guess-again', address)).status).toBe(401);
    const second = (await row()).until - Date.now();
    expect(second).toBeGreaterThan(1.9 * first);
    expect(second).toBeLessThanOrEqual(THROTTLE.accountAddress.maxDelayMs);
  });

  it('caps the wrong logins of one address over all accounts', async () => {
    const address = '10.4.0.66';
    const names = Array.from({ length: THROTTLE.address.free + 5 }, (_, index) => `nobody-${index}`);
    const answers = [];
    for (const name of names) answers.push(await login(name, 'guess', address));
    expect(statuses(answers)).toEqual({ 401: THROTTLE.address.free, 429: 5 });
    // Another address is not affected.
    expect((await login('leader', 'jinxi-demo', '10.4.0.7')).status).toBe(200);
  });

  it('keeps a per-account ceiling against distributed guessing, and audits reaching it', async () => {
    // Stand in for many addresses having guessed: the account's count is one short of the ceiling.
    await server.sql(
      'INSERT INTO auth_throttle (key, attempts, last_attempt_ms, blocked_until_ms) VALUES (?, ?, ?, 0)',
      'login-account:water',
      THROTTLE.account.free - 1,
      Date.now(),
    );
    expect((await login('water', 'guess', '10.5.0.1')).status).toBe(401);
    expect((await login('water', 'jinxi-demo', '10.5.0.2')).status).toBe(429);
    const [audit] = await server.sql<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'login_ceiling_reached' AND actor_username = ?",
      'water',
    );
    expect(audit!.n).toBe(1);
  });
});

describe('L5 wrong current passwords are throttled like logins', () => {
  it('answers 429 after the allowed wrong attempts, even to the right password', async () => {
    const cookie = await server.login('chengguan');
    const change = (currentPassword: string) =>
      server.request('/api/session/password', {
        method: 'POST',
        cookie,
        json: { currentPassword, newPassword: 'a-brand-new-password-1' },
      });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => change(`wrong-${index}`)));
    expect(statuses(answers)).toEqual({ 400: THROTTLE.accountAddress.free, 429: 20 - THROTTLE.accountAddress.free });
    expect((await change('jinxi-demo')).status).toBe(429);
    expect((await server.login('chengguan')).startsWith('jinxi_session=')).toBe(true);
  });
});
