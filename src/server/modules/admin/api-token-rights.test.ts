import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import type { SessionUser } from '../../../shared/admin/auth';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('L3 an API token acts with its issuer’s current rights', () => {
  it('is refused once its admin is demoted (403), and once disabled (401)', async () => {
    const admin = await server.login('admin');
    const created = await server.request('/api/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'office3', displayName: '第三管理员', role: 'admin', password: 'a-long-password-1' },
    });
    let issuer = (await created.json()) as SessionUser;
    const theirs = await server.login('office3', 'a-long-password-1');
    const issued = await server.request('/api/tokens', { method: 'POST', cookie: theirs, json: { name: 'QGIS' } });
    const { secret } = (await issued.json()) as { secret: string };
    expect((await server.request('/ogc/collections', { headers: bearer(secret) })).status).toBe(200);

    const change = async (json: Record<string, unknown>) => {
      const response = await server.request(`/api/users/${issuer.id}`, {
        method: 'PATCH',
        cookie: admin,
        headers: { 'if-match': `"${issuer.version}"` },
        json,
      });
      expect(response.status).toBe(200);
      issuer = (await response.json()) as SessionUser;
    };
    await change({ role: 'planner' });
    const demoted = await server.request('/ogc/collections', { headers: bearer(secret) });
    expect(demoted.status).toBe(403);
    expect(demoted.headers.get('content-type')).toMatch(/problem\+json/);
    // Never a way into the admin routes either.
    expect((await server.request('/api/users', { headers: bearer(secret) })).status).toBe(401);

    await change({ disabled: true });
    expect((await server.request('/ogc/collections', { headers: bearer(secret) })).status).toBe(401);
  });
});
