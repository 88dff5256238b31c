import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { loadSampleData } from '../../platform/data-files';
import { inspectionOverviewSchema, monthOfDay, shiftMonth } from '../../../shared/checklists/inspections';
import { quarterOverviewSchema, quarterOf } from '../../../shared/checks/checks';
import { seedSampleInspections } from './sample-inspections';

/** The sample 月度自查 and 季检查 on the sheet (示例数据) seed on either engine and read back through the API. */
let server: TestServer;
const sample = loadSampleData();
beforeAll(async () => {
  server = await startTestServer({ sample });
});
afterAll(async () => {
  await server.close();
});

describe('sample inspections (示例数据)', () => {
  it('seeds R3, R5 and R6 self-inspections (one with failing 黑臭 readings) and a 季检查 scored on the sheet', async () => {
    expect(await seedSampleInspections(server.repos, server.today, sample.zones)).toBe(6);
    const cookie = await server.login('leader');
    const month = monthOfDay(server.today);
    const water = inspectionOverviewSchema.parse(
      await (await server.request(`/api/inspections?month=${month}&unit=shuilizhan`, { cookie })).json(),
    );
    const nantang = water.inspections.find((entry) => entry.zoneName.startsWith('南塘河'))!;
    // 透明度 轻度 7.5, 溶解氧 轻度 7.5, ORP 重度 0, 氨氮 重度 0, two of four yes/no: 35 of 100.
    expect(nantang).toMatchObject({ score: 35, unitId: 'shuilizhan' });
    expect(nantang.note).toContain('示例数据');
    const builder = inspectionOverviewSchema.parse(
      await (
        await server.request(`/api/inspections?month=${shiftMonth(month, -1)}&unit=jianguansuo`, { cookie })
      ).json(),
    );
    expect(builder.inspections.map((entry) => entry.zoneCategory)).toEqual(['R5', 'R5']);
    const checks = quarterOverviewSchema.parse(
      await (await server.request(`/api/checks?quarter=${quarterOf(server.today)}`, { cookie })).json(),
    );
    const onSheet = checks.checks.find((entry) => entry.answers !== null)!;
    expect(onSheet).toMatchObject({ zoneCategory: 'R6', passed: true, score: 90 });
  });
});
