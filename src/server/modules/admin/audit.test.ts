import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { auditPageSchema } from '../../../shared/admin/audit';

let server: TestServer;
let inspector: string;
let zone: { id: number; name: string };
beforeAll(async () => {
  server = await startTestServer();
  inspector = await server.login('inspector');
  zone = (await server.sql<{ id: number; name: string }>('SELECT id, name FROM zones ORDER BY id LIMIT 1'))[0]!;
  const ids = new Map(
    (await server.sql<{ id: number; username: string }>('SELECT id, username FROM users')).map((row) => [
      row.username,
      row.id,
    ]),
  );
  const userId = (username: string) => ids.get(username)!;
  const rows: unknown[][] = [];
  const insert = { run: (...values: unknown[]) => rows.push(values) };
  // 2026-03-01 23:30 and 2026-03-02 00:30 in Asia/Shanghai: two different days there, the same UTC day.
  insert.run('2026-03-01T15:30:00.000Z', userId('water'), 'water', 'zone_update', 'zone', String(zone.id), null);
  insert.run(
    '2026-03-01T16:30:00.000Z',
    userId('planner'),
    'planner',
    'zone_update',
    'zone',
    String(zone.id),
    JSON.stringify({ before: { progress: 40 }, after: { progress: 60 } }),
  );
  insert.run('2026-03-01T16:40:00.000Z', userId('water'), 'water', 'photo_uploaded', 'photo', '9', null);
  insert.run(
    '2026-03-01T16:50:00.000Z',
    userId('admin'),
    'admin',
    'user_updated',
    'user',
    String(userId('water')),
    null,
  );
  for (const values of rows) {
    await server.sql(
      `INSERT INTO audit_log (at, actor_user_id, actor_username, action, target_type, target_id, outcome, ip, detail_json)
       VALUES (?, ?, ?, ?, ?, ?, 'ok', '127.0.0.1', ?)`,
      ...values,
    );
  }
});
afterAll(async () => {
  await server.close();
});

const list = async (search: string) => {
  const answer = await server.request(`/api/audit?${search}`, { cookie: inspector });
  expect(answer.status).toBe(200);
  return auditPageSchema.parse(await answer.json()).entries;
};

describe('the audit log filters (issue 16 item 10)', () => {
  it('finds a person by part of their name and keeps to Asia/Shanghai days', async () => {
    const day = await list(`actor=${encodeURIComponent('水利站')}&from=2026-03-02&to=2026-03-02`);
    expect(day.map((entry) => [entry.actorName, entry.action])).toEqual([['水利站（演示）', 'photo_uploaded']]);
    const dayBefore = await list(`actor=${encodeURIComponent('水利站')}&from=2026-03-01&to=2026-03-01`);
    expect(dayBefore.map((entry) => entry.at)).toEqual(['2026-03-01T15:30:00.000Z']);
  });

  it('filters by object type, by a zone named in part and by the acting unit', async () => {
    const photos = await list('targetType=photo&from=2026-03-01&to=2026-03-02');
    expect(photos.map((entry) => entry.action)).toEqual(['photo_uploaded']);
    const named = await list(`target=${encodeURIComponent(zone.name.slice(0, 2))}&from=2026-03-01&to=2026-03-02`);
    expect(named.map((entry) => entry.actorUsername)).toEqual(['planner', 'water']);
    expect(named.every((entry) => entry.targetName === zone.name)).toBe(true);
    const unit = await list('unit=shuilizhan&from=2026-03-01&to=2026-03-02');
    expect(unit.map((entry) => [entry.actorUnit, entry.action])).toEqual([
      ['shuilizhan', 'photo_uploaded'],
      ['shuilizhan', 'zone_update'],
    ]);
  });

  it('names an account by its person, not by its id', async () => {
    const accounts = await list('targetType=user&from=2026-03-02&to=2026-03-02');
    expect(accounts.map((entry) => [entry.actorName, entry.targetName])).toEqual([
      ['创建办管理员（演示）', '水利站（演示）'],
    ]);
  });

  it('answers 400 problem+json for a bad filter value', async () => {
    for (const search of ['targetType=planet', 'from=2026-13-01', 'action=DROP%20TABLE', 'unit=', 'colour=red']) {
      const answer = await server.request(`/api/audit?${search}`, { cookie: inspector });
      expect(answer.status, search).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
