import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import type { Plan, PlanVersion } from '../../../shared/plans/plans';
import type { PlanSummary } from '../../../shared/plans/summary';
import type { AssessmentReport } from '../../../shared/reports/assessment';
import { SAMPLE_PLAN_LABEL, seedSamplePlans } from './sample-plans';

/** The sample annual plans (示例数据) seeded with the sample town. */
let server: TestServer;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer();
  await seedSamplePlans(server.repos, new Date(`${server.today}T04:00:00Z`));
  cookie = await server.login('admin');
});
afterAll(async () => {
  await server?.close();
});

const get = async <T>(path: string) => (await (await server.request(path, { cookie })).json()) as T;

describe('the sample plans', () => {
  it('holds approved, late, returned and draft plans of the sample year, labelled 示例数据', async () => {
    const plans = await get<Plan[]>('/api/plans?year=2026');
    const byUnit = Object.fromEntries(plans.map((plan) => [plan.unit, plan]));
    expect(Object.fromEntries(plans.map((plan) => [plan.unit, plan.state]))).toEqual({
      chuangjianban: 'approved',
      shuilizhan: 'approved',
      jianguansuo: 'approved',
      chengguanzhongdui: 'returned',
      lvguansuo: 'draft',
    });
    expect(byUnit.jianguansuo!.late).toBe(true);
    expect(byUnit.shuilizhan!.late).toBe(false);
    expect(byUnit.chengguanzhongdui!.comment).toMatch(/^示例数据/);
    for (const plan of plans) {
      expect(plan.body.note).toMatch(new RegExp(`^${SAMPLE_PLAN_LABEL}`));
      expect(plan.body.projects.length).toBeGreaterThan(0);
    }
    // The water station's plan holds its fixture zones, carried over, and a new place.
    expect(byUnit.shuilizhan!.body.projects.filter((project) => project.zoneId)).toHaveLength(2);
    const versions = await get<PlanVersion[]>(`/api/plans/${byUnit.chengguanzhongdui!.id}/versions`);
    expect(versions.map((version) => version.action)).toEqual(['return', 'submit', 'create']);

    const summary = await get<PlanSummary>('/api/plans/summary?year=2026');
    expect(new Set(summary.rows.map((row) => row.leadUnit))).toEqual(
      new Set(['chuangjianban', 'shuilizhan', 'jianguansuo']),
    );
    const report = await get<AssessmentReport>('/api/assessment?year=2026');
    expect(report.units.find((entry) => entry.unit === 'jianguansuo')!.plan).toMatchObject({
      status: 'approved',
      submission: 'late',
      penalty: 5,
    });
  });

  it('is seeded once', async () => {
    await seedSamplePlans(server.repos, new Date(`${server.today}T04:00:00Z`));
    expect(await get<Plan[]>('/api/plans?year=2026')).toHaveLength(5);
  });
});
