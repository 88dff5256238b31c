import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { compareUnitRanks, type CountyOverview } from '../../../shared/county/county';
import type { Dashboard } from '../../../shared/dashboard/dashboard';

// On either engine (TEST_BACKEND): one town. Several towns on PostgreSQL: src/server/towns.pg.test.ts.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('the county overview with one town', () => {
  it('lists the one town by name', async () => {
    const response = await server.request('/api/towns');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ towns: [{ code: 'jinxi', name: '锦溪镇' }] });
  });

  it("shows the town's dashboard figures, overdue work and lead units ranked, by name", async () => {
    const county = await server.login('county');
    const response = await server.request('/api/county/overview', { cookie: county });
    expect(response.status).toBe(200);
    const overview = (await response.json()) as CountyOverview;
    const dashboard = (await (
      await server.request('/api/dashboard', { cookie: await server.login('leader') })
    ).json()) as Dashboard;
    expect(overview.asOf).toBe(server.today);
    expect(overview.towns).toHaveLength(1);
    const [town] = overview.towns;
    expect(town!.name).toBe('锦溪镇');
    const { zones, accepted, overdueZones, tasks, overdueTasks, completionRate, onTimeRate } = dashboard.totals;
    expect(town!.totals).toEqual({ zones, accepted, overdueZones, tasks, overdueTasks, completionRate, onTimeRate });
    expect(town!.overdueZones.map((zone) => zone.id)).toEqual(dashboard.hotZones.slice(0, 5).map((zone) => zone.id));
    expect(town!.units).toHaveLength(dashboard.units.length);
    expect([...town!.units].sort(compareUnitRanks)).toEqual(town!.units);
    // Unit names, never their ids.
    const campaign = (await (await server.request('/api/campaign', { cookie: county })).json()) as {
      units: { id: string; name: string }[];
    };
    const names = new Set(campaign.units.map((unit) => unit.name));
    for (const unit of town!.units) expect(names.has(unit.name)).toBe(true);
    for (const task of town!.overdueTasks) expect(names.has(task.unitName)).toBe(true);
  });

  it('reads the town but changes nothing, and is not for the town roles', async () => {
    const county = await server.login('county');
    expect((await server.request('/api/zones', { cookie: county })).status).toBe(200);
    const zones = (await (await server.request('/api/zones', { cookie: county })).json()) as {
      features: { id: string }[];
    };
    const patched = await server.request(`/api/zones/${zones.features[0]!.id}`, {
      method: 'PATCH',
      cookie: county,
      headers: { 'if-match': '"1"' },
      json: { properties: { notes: '县级修改' } },
    });
    expect(patched.status).toBe(403);
    for (const username of ['leader', 'admin', 'water']) {
      const cookie = await server.login(username);
      expect((await server.request('/api/county/overview', { cookie })).status).toBe(403);
    }
  });
});
