import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';

/** The source (问题来源) of a case reported in the app follows the reporter's role. */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'inspector', 'water', 'leader', 'planner']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

const report = (as: string, source?: string) =>
  server.request('/api/cases', {
    method: 'POST',
    cookie: cookies[as],
    json: { code: '06010', lon: 120.9205, lat: 31.1705, description: '路边暴露垃圾', ...(source ? { source } : {}) },
  });
const count = async (sql: string) => (await server.sql<{ n: number }>(sql))[0]!.n;
const cases = () => count('SELECT count(*) AS n FROM cases');
const denials = () =>
  count("SELECT count(*) AS n FROM audit_log WHERE action = 'denied_write' AND target_id = 'POST /api/cases'");

async function expectSource(as: string, requested: string | undefined, stored: string) {
  const response = await report(as, requested);
  expect(response.status, await response.clone().text()).toBe(201);
  expect(((await response.json()) as { source: string }).source).toBe(stored);
}

/** 403 problem naming the source, audited, no case stored. */
async function expectRefused(as: string, requested: string) {
  const [before, deniedBefore] = [await cases(), await denials()];
  const response = await report(as, requested);
  expect(response.status, await response.clone().text()).toBe(403);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(((await response.json()) as { detail: string }).detail).toContain(`source ${requested}`);
  expect(await cases()).toBe(before);
  expect(await denials()).toBe(deniedBefore + 1);
}

describe('L4 a unit can report a case with any source', () => {
  it('a unit reports as 巡查发现: by default or when it says so; 领导交办 and the other sources are refused', async () => {
    await expectSource('water', undefined, 'patrol');
    await expectSource('water', 'patrol', 'patrol');
    for (const source of ['leader', 'inspector', 'hotline', 'public', 'media', 'import'])
      await expectRefused('water', source);
  });

  it('an inspector reports as 监督员上报 only', async () => {
    await expectSource('inspector', undefined, 'inspector');
    await expectSource('inspector', 'inspector', 'inspector');
    await expectRefused('inspector', 'leader');
    await expectRefused('inspector', 'hotline');
  });

  it('the campaign office chooses any channel (巡查发现 by default), but not 平台导入', async () => {
    await expectSource('admin', undefined, 'patrol');
    for (const source of ['leader', 'hotline', 'public', 'media', 'inspector'])
      await expectSource('admin', source, source);
    await expectRefused('admin', 'import');
  });

  it('leaders and planners do not report cases in the app (the authorization matrix)', async () => {
    const before = await cases();
    expect((await report('leader', 'leader')).status).toBe(403);
    expect((await report('planner')).status).toBe(403);
    expect(await cases()).toBe(before);
  });
});
