import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { quarterlyCheckBody } from '../../../testing/check-bodies';
import type { DeliverableStatus, PhaseDeliverables } from '../../../shared/campaign/deliverables';
import type { ZoneCollection } from '../../../shared/zones/zone';

/**
 * GET /api/campaign/deliverables on the frozen day 2026-06-15 (phase 2 of campaign year 2026): what each phase must
 * produce, computed from the records the product keeps, and `untracked` where it keeps none. Both engines.
 */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'leader', 'inspector', 'water']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server?.close();
});

async function deliverables(as = 'leader'): Promise<PhaseDeliverables> {
  const response = await server.request('/api/campaign/deliverables', { cookie: cookies[as] });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as PhaseDeliverables;
}
const byKind = (answer: PhaseDeliverables): Record<string, DeliverableStatus> =>
  Object.fromEntries(answer.phases.flatMap((phase) => phase.deliverables.map((entry) => [entry.kind, entry])));

describe('GET /api/campaign/deliverables', () => {
  it('lists the three phases with the plan’s dates and each one’s deliverables', async () => {
    const answer = await deliverables();
    expect(answer.year).toBe(2026);
    expect(answer.phases.map((phase) => [phase.seq, phase.startsOn, phase.endsOn])).toEqual([
      [1, '2026-01-01', '2026-02-20'],
      [2, '2026-02-21', '2026-12-31'],
      [3, '2027-01-01', '2027-06-30'],
    ]);
    expect(answer.phases.map((phase) => phase.deliverables.map((entry) => entry.kind))).toEqual([
      ['implementation_plan', 'leading_group', 'annual_plans'],
      ['monthly_reports', 'quarterly_checks', 'projects_progress', 'responsibility_letters'],
      ['annual_assessment', 'public_bulletin', 'commendation'],
    ]);
    const kinds = byKind(answer);
    // The plan's own date: the lead units' plans are due by the end of February.
    expect(kinds.annual_plans!.due).toBe('2026-02-28');
    expect(kinds.monthly_reports!.due).toBe('2026-12-31');
  });

  it('says plainly what the product keeps no record of', async () => {
    const kinds = byKind(await deliverables());
    for (const kind of ['implementation_plan', 'leading_group', 'commendation']) {
      expect(kinds[kind], kind).toMatchObject({ state: 'untracked', done: null, of: null });
    }
  });

  it('counts the lead units’ annual plans approved and submitted by 2月底; a late one is not done', async () => {
    // The lead units of the applicable items: 创建办, 水利站, 建管所, 城管中队.
    expect(byKind(await deliverables()).annual_plans).toMatchObject({ state: 'missing', done: 0, of: 4 });
    const send = async (path: string, as: string, json: unknown, version?: number) => {
      const response = await server.request(path, {
        method: 'POST',
        cookie: cookies[as],
        json,
        headers: version ? { 'if-match': `"${version}"` } : {},
      });
      expect(response.status, await response.clone().text()).toBeLessThan(300);
      return (await response.json()) as { id: string; version: number; late: boolean; state: string };
    };
    const project = {
      key: 'p1',
      item: 'R3',
      zoneId: null,
      place: '市河',
      carriedOver: false,
      tasks: '河道清淤',
      person: '张三',
      responsibleUnits: [],
      budget: 10,
      funding: 'finance',
      due: '2026-10-31',
      milestones: [],
    };
    let plan = await send('/api/plans', 'water', { year: 2026, body: { note: '', projects: [project] } });
    plan = await send(`/api/plans/${plan.id}/actions/submit`, 'water', {}, plan.version);
    plan = await send(`/api/plans/${plan.id}/actions/approve`, 'admin', {}, plan.version);
    // Approved, but submitted on 06-15, after 2026-02-28.
    expect(plan).toMatchObject({ state: 'approved', late: true });
    expect(byKind(await deliverables()).annual_plans).toMatchObject({ state: 'missing', done: 0, of: 4 });
  });

  it('counts the lead units’ 目标责任书 recorded as signed', async () => {
    // 水利站's plan was approved above (late, but approved: its letter can be signed). Due by the year's end.
    expect(byKind(await deliverables()).responsibility_letters).toMatchObject({ state: 'upcoming', done: 0, of: 4 });
    const signed = await server.request('/api/responsibility/2026/shuilizhan', {
      method: 'PUT',
      cookie: cookies.admin,
      json: { signed: true, signedOn: '2026-06-10' },
      headers: { 'if-match': '"0"' },
    });
    expect(signed.status, await signed.clone().text()).toBe(200);
    expect(byKind(await deliverables()).responsibility_letters).toMatchObject({ state: 'partial', done: 1, of: 4 });
  });

  it('counts the months reported on: missing until the office comments a month, then partial', async () => {
    // Months of phase 2 ended by 06-15: February (ends 02-28, inside the phase), March, April, May.
    expect(byKind(await deliverables()).monthly_reports).toMatchObject({ state: 'missing', done: 0, of: 4 });
    const saved = await server.request('/api/reports/monthly/2026-05/commentary/town', {
      method: 'PUT',
      cookie: cookies.admin,
      json: { text: '五月整治总体推进顺利。' },
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect(byKind(await deliverables()).monthly_reports).toMatchObject({ state: 'partial', done: 1, of: 4 });
  });

  it('counts a quarter as checked once every zone has its check', async () => {
    expect(byKind(await deliverables()).quarterly_checks).toMatchObject({ state: 'missing', done: 0, of: 1 });
    const zones = (await (await server.request('/api/zones', { cookie: cookies.leader })).json()) as ZoneCollection;
    for (const [index, zone] of zones.features.entries()) {
      const response = await server.request(`/api/zones/${zone.id}/checks`, {
        method: 'POST',
        cookie: cookies.inspector,
        json: quarterlyCheckBody(zone.properties.category, {
          quarter: '2026-Q1',
          checkedOn: '2026-03-20',
          passed: true,
          score: 90,
          findings: '整改到位',
        }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const expected = index === zones.features.length - 1 ? 'done' : 'missing';
      expect(byKind(await deliverables()).quarterly_checks!.state).toBe(expected);
    }
  });

  it('counts the zones under way and leaves phase 3 upcoming while the year runs', async () => {
    const kinds = byKind(await deliverables());
    const zones = (await (await server.request('/api/zones', { cookie: cookies.leader })).json()) as ZoneCollection;
    const counted = zones.features.filter((zone) => zone.properties.status !== 'suspended');
    expect(kinds.projects_progress).toMatchObject({
      done: counted.filter((zone) => zone.properties.status !== 'not_started').length,
      of: counted.length,
    });
    expect(kinds.annual_assessment).toMatchObject({ state: 'upcoming', done: 0, of: 1, due: '2027-06-30' });
    expect(kinds.public_bulletin).toMatchObject({ state: 'upcoming', done: 0, of: 1 });
  });

  it('answers any signed-in account and no visitor', async () => {
    await deliverables('water');
    const anonymous = await server.request('/api/campaign/deliverables');
    expect(anonymous.status).toBe(401);
  });
});
