import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { sessionResponseSchema, sessionUserSchema } from '../../../shared/admin/auth';
import { auditPageSchema } from '../../../shared/admin/audit';
import { THROTTLE } from './session.routes';
import { hashToken } from '../../platform/auth/guard';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const whoAmI = async (cookie?: string) =>
  sessionResponseSchema.parse(await (await server.request('/api/session', cookie ? { cookie } : {})).json()).user;
const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  server.request('/api/session', { method: 'POST', json: { username, password }, headers });
const auditActions = async (username: string) =>
  (
    await server.sql<{ action: string; outcome: string }>(
      'SELECT action, outcome FROM audit_log WHERE actor_username = ? ORDER BY id',
      username,
    )
  ).map((row) => `${row.action}:${row.outcome}`);

describe('login and sessions (R9)', () => {
  it('sets an HttpOnly, SameSite session cookie holding ≥128 random bits', async () => {
    const response = await login('planner', 'jinxi-demo');
    expect(response.status).toBe(200);
    const user = sessionUserSchema.parse(((await response.json()) as { user: unknown }).user);
    expect(user).toMatchObject({ username: 'planner', role: 'planner', unit: null });
    expect(JSON.stringify(user)).not.toMatch(/scrypt|passwordHash/);
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('jinxi_session='))!;
    const token = /^jinxi_session=([^;]+)/.exec(cookie)![1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/); // 32 random bytes, base64url
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // plain http here
    expect((await whoAmI(`jinxi_session=${token}`))?.username).toBe('planner');
    // The login is audited under the account that logged in (the request itself had no user yet).
    expect(await auditActions('planner')).toContain('login:ok');
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const secure = await startTestServer({ auth: { secureCookies: true } });
    try {
      const response = await secure.request('/api/session', {
        method: 'POST',
        json: { username: 'leader', password: 'jinxi-demo' },
      });
      expect(response.headers.getSetCookie().join(';')).toMatch(/Secure/i);
    } finally {
      await secure.close();
    }
  });

  it('rotates the token at login: the old one stops working', async () => {
    const first = await server.login('inspector');
    const response = await server.request('/api/session', {
      method: 'POST',
      cookie: first,
      json: { username: 'inspector', password: 'jinxi-demo' },
    });
    const second = response.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(second).not.toBe(first);
    expect(await whoAmI(first)).toBeNull();
    expect((await whoAmI(second))?.username).toBe('inspector');
  });

  it('ends the session at logout, for the next request', async () => {
    const cookie = await server.login('leader');
    expect((await server.request('/api/zones', { cookie })).status).toBe(200);
    const response = await server.request('/api/session', { method: 'DELETE', cookie });
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie().join(';')).toMatch(/jinxi_session=;/);
    expect((await server.request('/api/zones', { cookie })).status).toBe(401);
    expect(await auditActions('leader')).toContain('logout:ok');
  });

  it('ends sessions after the idle timeout and after the absolute limit', async () => {
    const idle = await server.login('jianguan');
    const absolute = await server.login('chengguan');
    const hash = (cookie: string) => hashToken(cookie.split('=')[1]!);
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    await server.sql('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?', hoursAgo(3), hash(idle));
    await server.sql(
      'UPDATE sessions SET created_at = ?, last_seen_at = ? WHERE token_hash = ?',
      hoursAgo(13),
      hoursAgo(0.01),
      hash(absolute),
    );
    expect((await server.request('/api/zones', { cookie: idle })).status).toBe(401);
    expect((await server.request('/api/zones', { cookie: absolute })).status).toBe(401);
  });

  it('gives unknown users and wrong passwords the same answer, and audits both', async () => {
    const wrong = await login('water', 'not-the-password');
    const unknown = await login('nobody-here', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(await auditActions('water')).toContain('login_failed:failed');
    expect(await auditActions('nobody-here')).toContain('login_failed:failed');
  });

  it(`throttles after ${THROTTLE.accountAddress.free} failures: even the right password then waits`, async () => {
    for (let attempt = 0; attempt < THROTTLE.accountAddress.free; attempt += 1) {
      expect((await login('jianguan', `wrong-${attempt}`)).status).toBe(401);
    }
    const locked = await login('jianguan', 'jinxi-demo');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await auditActions('jianguan')).toContain('login_throttled:denied');
    // Unknown usernames are throttled the same way, so the answer does not reveal which exist.
    for (let attempt = 0; attempt < THROTTLE.accountAddress.free; attempt += 1)
      await login('ghost', `wrong-${attempt}`);
    expect((await login('ghost', 'whatever')).status).toBe(429);
  });

  it('refuses writes from another origin (CSRF), and accepts same-origin ones', async () => {
    const evil = await login('admin', 'jinxi-demo', { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    const crossSite = await login('admin', 'jinxi-demo', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const same = await login('admin', 'jinxi-demo', { origin: server.baseUrl, 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(200);
  });

  it('stores passwords as scrypt hashes only', async () => {
    const hashes = await server.sql<{ hash: string }>('SELECT password_hash AS hash FROM users');
    for (const { hash } of hashes) {
      expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
      expect(hash).not.toContain('jinxi-demo');
    }
  });
});

describe('what a visitor learns', () => {
  it('gets the login page’s configuration but no tile URLs', async () => {
    const keyed = await startTestServer({
      basemaps: [
        { id: 'osm', tiles: ['https://tile.example.org/{z}/{x}/{y}.png?key=secret'], attribution: 'x', maxZoom: 19 },
      ],
    });
    try {
      const anonymous = (await (await keyed.request('/api/config')).json()) as { basemaps: unknown[] };
      expect(anonymous.basemaps).toEqual([]);
      const cookie = await keyed.login('leader');
      const signedIn = (await (await keyed.request('/api/config', { cookie })).json()) as { basemaps: unknown[] };
      expect(signedIn.basemaps).toHaveLength(1);
    } finally {
      await keyed.close();
    }
  });
});

describe('account administration', () => {
  it('lets admin create an account that can then log in, disable it (effective at once) and re-enable it', async () => {
    const admin = await server.login('admin');
    const created = await server.request('/api/users', {
      method: 'POST',
      cookie: admin,
      json: {
        username: 'wang.li',
        displayName: '王力',
        role: 'unit',
        unit: 'huanweisuo',
        password: 'a-long-password-1',
      },
    });
    expect(created.status).toBe(201);
    const user = sessionUserSchema.parse(await created.json());
    expect(created.headers.get('location')).toBe(`/api/users/${user.id}`);
    const session = await server.login('wang.li', 'a-long-password-1');
    expect((await whoAmI(session))?.unit).toBe('huanweisuo');

    const disable = await server.request(`/api/users/${user.id}`, {
      method: 'PATCH',
      cookie: admin,
      headers: { 'if-match': created.headers.get('etag')! },
      json: { disabled: true },
    });
    expect(disable.status).toBe(200);
    expect(await whoAmI(session)).toBeNull();
    expect((await login('wang.li', 'a-long-password-1')).status).toBe(401);

    const enable = await server.request(`/api/users/${user.id}`, {
      method: 'PATCH',
      cookie: admin,
      headers: { 'if-match': disable.headers.get('etag')! },
      json: { disabled: false },
    });
    expect(enable.status).toBe(200);
    expect((await login('wang.li', 'a-long-password-1')).status).toBe(200);
    const actions = (
      await server.sql<{ action: string }>(
        "SELECT action FROM audit_log WHERE target_type = 'user' AND target_id = ?",
        user.id,
      )
    ).map((row) => row.action);
    expect(actions).toEqual(['user_created', 'user_disabled', 'user_enabled']);
  });

  it('needs If-Match to change an account: missing 428, stale 412, garbage 400, and nothing changes', async () => {
    const admin = await server.login('admin');
    const target = (await server.repos.users.findByUsername('planner'))!;
    const patch = (headers: Record<string, string>) =>
      server.request(`/api/users/${target.id}`, {
        method: 'PATCH',
        cookie: admin,
        headers,
        json: { displayName: 'X' },
      });
    expect((await patch({})).status).toBe(428);
    expect((await patch({ 'if-match': `"${target.version + 1}"` })).status).toBe(412);
    expect((await patch({ 'if-match': 'garbage' })).status).toBe(400);
    expect((await server.repos.users.findById(Number(target.id)))!.displayName).toBe(target.displayName);
    const ok = await patch({ 'if-match': `"${target.version}"` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe(`"${target.version + 1}"`);
  });

  it('refuses protected fields and invalid role/unit combinations', async () => {
    const admin = await server.login('admin');
    const target = (await server.repos.users.findByUsername('inspector'))!;
    for (const body of [{ version: 99 }, { username: 'root' }, { id: '1' }, { passwordHash: 'x' }, { role: 'unit' }]) {
      const response = await server.request(`/api/users/${target.id}`, {
        method: 'PATCH',
        cookie: admin,
        headers: { 'if-match': `"${target.version}"` },
        json: body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await server.repos.users.findById(Number(target.id)))!.version).toBe(target.version);
    const noUnit = await server.request('/api/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'x.y', displayName: 'x', role: 'unit', password: 'a-long-password-1' },
    });
    expect(noUnit.status).toBe(400);
    const weak = await server.request('/api/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'x.z', displayName: 'x', role: 'leader', password: 'short' },
    });
    expect(weak.status).toBe(400);
  });

  it('keeps an admin from locking themselves out', async () => {
    const admin = await server.login('admin');
    const me = (await server.repos.users.findByUsername('admin'))!;
    const response = await server.request(`/api/users/${me.id}`, {
      method: 'PATCH',
      cookie: admin,
      headers: { 'if-match': `"${me.version}"` },
      json: { disabled: true },
    });
    expect(response.status).toBe(409);
  });

  it('resets a password (ending the account’s sessions) and lets a user change their own', async () => {
    const admin = await server.login('admin');
    const target = (await server.repos.users.findByUsername('chengguan'))!;
    const old = await server.login('chengguan');
    const reset = await server.request(`/api/users/${target.id}/password`, {
      method: 'POST',
      cookie: admin,
      json: { newPassword: 'reset-by-admin-1' },
    });
    expect(reset.status).toBe(204);
    expect(await whoAmI(old)).toBeNull();
    const mine = await server.login('chengguan', 'reset-by-admin-1');
    const wrong = await server.request('/api/session/password', {
      method: 'POST',
      cookie: mine,
      json: { currentPassword: 'nope', newPassword: 'my-own-password-1' },
    });
    expect(wrong.status).toBe(400);
    const change = await server.request('/api/session/password', {
      method: 'POST',
      cookie: mine,
      json: { currentPassword: 'reset-by-admin-1', newPassword: 'my-own-password-1' },
    });
    expect(change.status).toBe(204);
    expect((await login('chengguan', 'my-own-password-1')).status).toBe(200);
  });
});

describe('audit log (R12)', () => {
  it('is readable with filters by admin and append-only in the database', async () => {
    const admin = await server.login('admin');
    const page = auditPageSchema.parse(
      await (await server.request('/api/audit?action=login_failed&limit=5', { cookie: admin })).json(),
    );
    expect(page.entries.length).toBeGreaterThan(0);
    expect(page.entries.every((entry) => entry.action === 'login_failed' && entry.outcome === 'failed')).toBe(true);
    expect(page.entries[0]!.at).toMatch(/Z$/); // UTC
    const bad = await server.request('/api/audit?limit=0', { cookie: admin });
    expect(bad.status).toBe(400);
    await expect(server.sql('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(server.sql("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
  });

  it('records denied writes with who and what', async () => {
    const leader = await server.login('leader');
    await server.request('/api/users', { method: 'POST', cookie: leader, json: {} });
    const [row] = await server.sql<{ target_id: string; outcome: string; at: string }>(
      "SELECT * FROM audit_log WHERE action = 'denied_write' AND actor_username = 'leader' ORDER BY id DESC",
    );
    expect(row).toMatchObject({ target_id: 'POST /api/users', outcome: 'denied' });
  });
});

describe('督办 (supervision marks)', () => {
  it('lets a leader mark a zone or its task, shows it on the zone, and refuses bad input', async () => {
    const leader = await server.login('leader');
    const zoneId = '2';
    const tasks = (await (await server.request(`/api/zones/${zoneId}/tasks`, { cookie: leader })).json()) as {
      id: string;
    }[];
    const created = await server.request(`/api/zones/${zoneId}/supervisions`, {
      method: 'POST',
      cookie: leader,
      json: { note: '请尽快更换雨水箅子', deadline: server.today, taskId: tasks[0]!.id },
    });
    expect(created.status).toBe(201);
    const list = (await (await server.request(`/api/zones/${zoneId}/supervisions`, { cookie: leader })).json()) as {
      note: string;
      createdByName: string;
    }[];
    expect(list[0]).toMatchObject({ note: '请尽快更换雨水箅子', createdByName: '镇领导（演示）' });
    const zone = (await (await server.request(`/api/zones/${zoneId}`, { cookie: leader })).json()) as {
      properties: { supervisionCount: number };
    };
    expect(zone.properties.supervisionCount).toBe(1);
    const past = await server.request(`/api/zones/${zoneId}/supervisions`, {
      method: 'POST',
      cookie: leader,
      json: { note: 'x', deadline: '2020-01-01' },
    });
    expect(past.status).toBe(400);
    const foreignTask = await server.request(`/api/zones/1/supervisions`, {
      method: 'POST',
      cookie: leader,
      json: { note: 'x', deadline: server.today, taskId: tasks[0]!.id },
    });
    expect(foreignTask.status).toBe(400);
    expect((await server.sql<{ n: number }>('SELECT count(*) AS n FROM supervisions'))[0]!.n).toBe(1);
  });
});

describe('audit log, readable (操作日志 for 纪委)', () => {
  it('names the person and the zone, not the username and "zone 30"', async () => {
    const planner = await server.login('planner');
    const created = await server.request('/api/zones', {
      method: 'POST',
      cookie: planner,
      json: {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [120.912, 31.176] },
        properties: { name: '操作日志测试片区', category: 'R4', plannedStart: '2026-03-01', plannedEnd: '2026-06-30' },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const zoneId = ((await created.json()) as { id: string }).id;
    const admin = await server.login('admin');
    const page = auditPageSchema.parse(
      await (await server.request('/api/audit?action=zone_create&limit=50', { cookie: admin })).json(),
    );
    const entry = page.entries.find((candidate) => candidate.targetId === zoneId)!;
    // The planner's display name as it is now (a test above renames the account).
    const [{ name }] = (await server.sql<{ name: string }>(
      "SELECT display_name AS name FROM users WHERE username = 'planner'",
    )) as [{ name: string }];
    expect(name).not.toBe('planner');
    expect(entry).toMatchObject({
      actorUsername: 'planner',
      actorName: name,
      targetType: 'zone',
      targetName: '操作日志测试片区',
    });
  });
});
