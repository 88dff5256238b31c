import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { auditPageSchema } from '../../../shared/admin/audit';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const deniedRows = () =>
  (
    server.db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'denied_write' AND actor_user_id IS NULL")
      .get() as { n: number }
  ).n;

describe('M11 anonymous requests cannot fill the audit log', () => {
  it('tallies 500 denied anonymous writes in a few rows that carry the total count', async () => {
    const before = deniedRows();
    for (let batch = 0; batch < 10; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => server.request('/api/zones', { method: 'POST', json: {} })),
      );
      expect(answers.every((answer) => answer.status === 401)).toBe(true);
    }
    // One row per address, route and minute: the run may straddle a minute boundary or two.
    const rows = deniedRows() - before;
    expect(rows).toBeGreaterThanOrEqual(1);
    expect(rows).toBeLessThanOrEqual(3);
    const admin = await server.login('admin');
    const page = auditPageSchema.parse(
      await (await server.request('/api/audit?action=denied_write&limit=50', { cookie: admin })).json(),
    );
    const anonymous = page.entries.filter((entry) => entry.actorId === null && entry.targetId === 'POST /api/zones');
    expect(anonymous.reduce((sum, entry) => sum + Number(entry.detail?.count ?? 1), 0)).toBe(500);
    expect(anonymous[0]!.ip).toBe('127.0.0.1');
  });

  it('still records every denied write of a signed-in user as its own entry', async () => {
    const leader = await server.login('leader');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await server.request('/api/users', { method: 'POST', cookie: leader, json: {} })).status).toBe(403);
    }
    const rows = server.db
      .prepare("SELECT detail_json FROM audit_log WHERE action = 'denied_write' AND actor_username = 'leader'")
      .all() as { detail_json: string }[];
    expect(rows).toHaveLength(3);
  });
});
