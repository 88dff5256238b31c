import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import type { Plan } from '../../../shared/plans/plans';
import type { AssessmentReport } from '../../../shared/reports/assessment';
import type { ZoneCollection } from '../../../shared/zones/zone';

/** The 年考核 over HTTP with the annual plans as its baseline (docs/assessment.md, "Annual plan"). */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'leader', 'jianguan']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server?.close();
});

const assessment = async () =>
  (await (await server.request('/api/assessment?year=2026', { cookie: cookies.leader })).json()) as AssessmentReport;
const unitOf = (report: AssessmentReport, unit: string) => report.units.find((entry) => entry.unit === unit)!;

describe('the plan baseline of the 年考核', () => {
  it('measures a unit with an approved plan against it, and costs late and missing plans', async () => {
    // No plan yet this year: every unit 无年度计划, nothing taken off (the town does not run plans this year).
    const before = await assessment();
    expect(before.units.every((entry) => entry.plan?.status === 'none' && entry.plan.penalty === 0)).toBe(true);
    expect(before.config.plan).toEqual({ late: 5, missing: 10 });

    const zones = (await (await server.request('/api/zones', { cookie: cookies.leader })).json()) as ZoneCollection;
    const market = zones.features.find((zone) => zone.properties.name === '锦溪农贸市场')!;
    expect(market.properties.status).toBe('accepted');
    const project = {
      carriedOver: false,
      tasks: '整治',
      person: '王五',
      responsibleUnits: [],
      budget: 10,
      funding: 'finance',
      due: '2026-12-31',
      milestones: [],
    };
    const created = await server.request('/api/plans', {
      method: 'POST',
      cookie: cookies.jianguan,
      json: {
        year: 2026,
        body: {
          note: '',
          projects: [
            { ...project, key: 'market', item: 'R6', zoneId: market.id, place: '' },
            { ...project, key: 'site', item: 'R5', zoneId: null, place: '尚未建档的工地' },
          ],
        },
      },
    });
    const plan = (await created.json()) as Plan;
    // Today (2026-06-15) is after the end of February: submitted late.
    const submit = await server.request(`/api/plans/${plan.id}/actions/submit`, {
      method: 'POST',
      cookie: cookies.jianguan,
      json: {},
      headers: { 'If-Match': '"1"' },
    });
    expect(((await submit.json()) as Plan).late).toBe(true);

    // Submitted, not approved: the tasks' 完成率 still, 5 points off for lateness; lead units without a plan: 10 off.
    const pending = await assessment();
    expect(unitOf(pending, 'jianguansuo').plan).toMatchObject({ status: 'pending', submission: 'late', penalty: 5 });
    expect(unitOf(pending, 'jianguansuo').indicators.completion).toBe(
      unitOf(before, 'jianguansuo').indicators.completion,
    );
    expect(unitOf(pending, 'shuilizhan').plan).toMatchObject({ status: 'none', submission: 'missing', penalty: 10 });
    // 环卫所 leads no item: 无年度计划, nothing off.
    expect(unitOf(pending, 'huanweisuo').plan).toMatchObject({ status: 'none', submission: null, penalty: 0 });

    await server.request(`/api/plans/${plan.id}/actions/approve`, {
      method: 'POST',
      cookie: cookies.admin,
      json: {},
      headers: { 'If-Match': '"2"' },
    });
    // Approved: 完成率 is the plan's, the market (accepted) done of two projects.
    const approved = await assessment();
    const jianguan = unitOf(approved, 'jianguansuo');
    expect(jianguan.plan).toMatchObject({ status: 'approved', projects: 2, done: 1, completion: 0.5, penalty: 5 });
    expect(jianguan.indicators.completion).toBe(0.5);
    // The composite arithmetic (penalty off a ranked unit's score) is the worked example of src/shared/plans/baseline.test.ts:
    // the fixture's units are too few tasks to rank.
    expect(unitOf(approved, 'shuilizhan').plan).toMatchObject({ submission: 'missing', penalty: 10 });
  });
});
