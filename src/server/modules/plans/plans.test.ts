import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import type { Plan, PlanBody, PlanVersion } from '../../../shared/plans/plans';
import type { PlanSummary } from '../../../shared/plans/summary';
import type { Inbox } from '../../../shared/notifications/notification';
import type { ZoneCollection } from '../../../shared/zones/zone';

/** The plan loop over HTTP: draft → submit → return → submit → approve, with If-Match, 412/428 and permissions. */
let server: TestServer;
const cookies: Record<string, string> = {};
let riverZone: string;
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'leader', 'water', 'jianguan']) cookies[name] = await server.login(name);
  const zones = (await (await server.request('/api/zones', { cookie: cookies.leader })).json()) as ZoneCollection;
  riverZone = zones.features.find((zone) => zone.properties.name === '市河（古镇段）河道整治')!.id;
});
afterAll(async () => {
  await server?.close();
});

const send = (method: string, path: string, as: string, json?: unknown, headers: Record<string, string> = {}) =>
  server.request(path, { method, cookie: cookies[as], ...(json !== undefined ? { json } : {}), headers });
const problem = async (response: Response) => {
  expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  return (await response.json()) as { detail: string; errors?: { path: string; message: string }[] };
};

const body = (zoneId: string): PlanBody => ({
  note: '示例',
  projects: [
    {
      key: 'p1',
      item: 'R3',
      zoneId,
      place: '',
      carriedOver: true,
      tasks: '清淤、驳岸修复',
      person: '张三',
      responsibleUnits: ['huanweisuo'],
      budget: 120.5,
      funding: 'finance',
      due: '2027-10-31',
      milestones: [{ phase: 2, text: '完成清淤', due: '2027-06-30' }],
    },
    {
      key: 'p2',
      item: 'R4',
      zoneId: null,
      place: '长白荡村河塘',
      carriedOver: false,
      tasks: '河塘整治',
      person: '李四',
      responsibleUnits: [],
      budget: 30,
      funding: 'social',
      due: '2027-12-31',
      milestones: [],
    },
  ],
});

describe('the plan loop', () => {
  it('drafts, submits, is returned with a comment, resubmits and is approved, every step with If-Match', async () => {
    const created = await send('POST', '/api/plans', 'water', { year: 2027 });
    expect(created.status, await created.clone().text()).toBe(201);
    let plan = (await created.json()) as Plan;
    expect(plan).toMatchObject({ unit: 'shuilizhan', year: 2027, state: 'draft', version: 1, due: '2027-02-28' });
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/plans/${plan.id}`);

    // One plan per unit and year.
    expect((await send('POST', '/api/plans', 'water', { year: 2027 })).status).toBe(409);

    // PATCH without If-Match: 428; stale: 412 with the current version.
    expect((await send('PATCH', `/api/plans/${plan.id}`, 'water', { body: body(riverZone) })).status).toBe(428);
    const stale = await send(
      'PATCH',
      `/api/plans/${plan.id}`,
      'water',
      { body: body(riverZone) },
      { 'If-Match': '"9"' },
    );
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { currentVersion: number }).currentVersion).toBe(1);

    const edited = await send(
      'PATCH',
      `/api/plans/${plan.id}`,
      'water',
      { body: body(riverZone) },
      { 'If-Match': '"1"' },
    );
    expect(edited.status, await edited.clone().text()).toBe(200);
    plan = (await edited.json()) as Plan;
    expect(plan.version).toBe(2);
    expect(plan.body.projects.map((project) => project.person)).toEqual(['张三', '李四']);

    const action = (name: string, as: string, version: number | null, json: unknown = {}) =>
      send('POST', `/api/plans/${plan.id}/actions/${name}`, as, json, version ? { 'If-Match': `"${version}"` } : {});

    expect((await action('submit', 'water', null)).status).toBe(428);
    expect((await action('submit', 'water', 1)).status).toBe(412);
    const submitted = await action('submit', 'water', 2);
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    plan = (await submitted.json()) as Plan;
    expect(plan).toMatchObject({ state: 'submitted', version: 3, late: false });
    expect(plan.submittedAt).toBe(new Date('2026-06-15T04:00:00Z').toISOString());

    // Submitted: the unit cannot edit it now.
    const locked = await send(
      'PATCH',
      `/api/plans/${plan.id}`,
      'water',
      { body: body(riverZone) },
      { 'If-Match': '"3"' },
    );
    expect(locked.status).toBe(409);

    // Returning needs a comment; the unit cannot return or approve.
    expect((await problem(await action('return', 'admin', 3))).detail).toMatch(/comment/);
    expect((await action('approve', 'water', 3)).status).toBe(403);
    const returned = await action('return', 'admin', 3, { comment: '请补充资金来源说明' });
    expect(returned.status).toBe(200);
    plan = (await returned.json()) as Plan;
    expect(plan).toMatchObject({ state: 'returned', comment: '请补充资金来源说明', version: 4 });
    // The unit is told in its inbox, with the comment and a link to its plans.
    const inbox = (await (await send('GET', '/api/inbox', 'water')).json()) as Inbox;
    expect(inbox.items.find((item) => item.kind === 'plan_returned')).toMatchObject({
      params: { plan: '2027年度计划', note: '请补充资金来源说明' },
      link: '/plans?year=2027',
    });

    // The unit reads the comment, edits and submits again; the first submission time stays.
    const again = await send(
      'PATCH',
      `/api/plans/${plan.id}`,
      'water',
      { body: { ...body(riverZone), note: '已补充' } },
      { 'If-Match': '"4"' },
    );
    expect(again.status).toBe(200);
    const resubmitted = (await (await action('submit', 'water', 5)).json()) as Plan;
    expect(resubmitted).toMatchObject({ state: 'submitted', version: 6, submittedAt: plan.submittedAt });

    const approved = await action('approve', 'admin', 6);
    expect(approved.status).toBe(200);
    plan = (await approved.json()) as Plan;
    expect(plan).toMatchObject({ state: 'approved', version: 7, approvedByName: '创建办管理员（演示）' });
    expect(plan.approvedAt).not.toBeNull();
    expect((await action('return', 'admin', 7, { comment: 'x' })).status).toBe(409);
    const told = (await (await send('GET', '/api/inbox', 'water')).json()) as Inbox;
    expect(told.items.filter((item) => item.kind === 'plan_approved')).toHaveLength(1);

    const versions = (await (await send('GET', `/api/plans/${plan.id}/versions`, 'water')).json()) as PlanVersion[];
    expect(versions.map((version) => [version.version, version.action, version.state])).toEqual([
      [7, 'approve', 'approved'],
      [6, 'submit', 'submitted'],
      [5, 'edit', 'returned'],
      [4, 'return', 'returned'],
      [3, 'submit', 'submitted'],
      [2, 'edit', 'draft'],
      [1, 'create', 'draft'],
    ]);
    expect(versions[3]).toMatchObject({ comment: '请补充资金来源说明', actorName: '创建办管理员（演示）' });
    expect(versions[5]!.body.projects).toHaveLength(2);
    expect(versions[6]!.body.projects).toHaveLength(0);

    // Audit entries like other modules.
    const audit = await server.sql<{ action: string }>(
      "SELECT action FROM audit_log WHERE target_type = 'plan' AND target_id = ? ORDER BY id",
      plan.id,
    );
    expect(audit.map((row) => row.action)).toEqual([
      'plan_create',
      'plan_edit',
      'plan_submit',
      // The unit's attempt to approve, refused and recorded.
      'denied_write',
      'plan_return',
      'plan_edit',
      'plan_submit',
      'plan_approve',
    ]);
  });

  it('keeps units to their own plans and the office to its steps', async () => {
    const created = (await (await send('POST', '/api/plans', 'jianguan', { year: 2028 })).json()) as Plan;
    // Another unit neither reads nor edits it; its list leaves it out.
    expect((await send('GET', `/api/plans/${created.id}`, 'water')).status).toBe(403);
    expect((await send('GET', `/api/plans/${created.id}/versions`, 'water')).status).toBe(403);
    expect(
      (await send('PATCH', `/api/plans/${created.id}`, 'water', { body: body(riverZone) }, { 'If-Match': '"1"' }))
        .status,
    ).toBe(403);
    const mine = (await (await send('GET', '/api/plans?year=2028', 'water')).json()) as Plan[];
    expect(mine).toEqual([]);
    // Asking for another unit's list is refused, not answered with an empty one.
    const asked = await send('GET', '/api/plans?year=2028&unit=jianguansuo', 'water');
    expect(asked.status).toBe(403);
    expect((await problem(asked)).detail).toBe("A unit reads its own unit's plans only");
    // The office and leaders see every unit's; the office does not edit a unit's plan.
    const all = (await (await send('GET', '/api/plans?year=2028', 'leader')).json()) as Plan[];
    expect(all.map((plan) => plan.unit)).toEqual(['jianguansuo']);
    expect(
      (
        await send(
          'PATCH',
          `/api/plans/${created.id}`,
          'admin',
          { body: { projects: [], note: '' } },
          { 'If-Match': '"1"' },
        )
      ).status,
    ).toBe(403);
    // A leader may not approve; a plan without projects cannot be submitted.
    expect(
      (await send('POST', `/api/plans/${created.id}/actions/approve`, 'leader', {}, { 'If-Match': '"1"' })).status,
    ).toBe(403);
    const empty = await send('POST', `/api/plans/${created.id}/actions/submit`, 'jianguan', {}, { 'If-Match': '"1"' });
    expect(empty.status).toBe(400);
    // A unit plans its own zones only.
    const foreign = await send(
      'PATCH',
      `/api/plans/${created.id}`,
      'jianguan',
      { body: { ...body(riverZone), projects: [{ ...body(riverZone).projects[0]!, item: 'R3' }] } },
      { 'If-Match': '"1"' },
    );
    expect(foreign.status).toBe(400);
    expect((await problem(foreign)).errors?.[0]).toMatchObject({ path: 'body.projects.0.zoneId' });
  });

  it('answers bad input with problem+json', async () => {
    expect((await send('POST', '/api/plans', 'water', { year: 1999 })).status).toBe(400);
    expect((await send('GET', '/api/plans?state=lost', 'admin')).status).toBe(400);
    expect((await send('GET', '/api/plans/abc', 'admin')).status).toBe(400);
    expect((await send('GET', '/api/plans/999999', 'admin')).status).toBe(404);
    expect((await send('POST', '/api/plans/1/actions/burn', 'admin', {}, { 'If-Match': '"1"' })).status).toBe(400);
    const bad = await send('POST', '/api/plans', 'water', {
      year: 2029,
      body: { note: '', projects: [{ ...body(riverZone).projects[1]!, place: '', budget: -1, funding: 'loan' }] },
    });
    expect(bad.status).toBe(400);
    const paths = ((await problem(bad)).errors ?? []).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['body.projects.0.budget', 'body.projects.0.funding']));
  });

  it('marks a plan submitted after the end of February late', async () => {
    const created = (await (await send('POST', '/api/plans', 'water', { year: 2026 })).json()) as Plan;
    expect(created).toMatchObject({ due: '2026-02-28', late: true });
    const patched = (await (
      await send('PATCH', `/api/plans/${created.id}`, 'water', { body: body(riverZone) }, { 'If-Match': '"1"' })
    ).json()) as Plan;
    const submitted = (await (
      await send('POST', `/api/plans/${created.id}/actions/submit`, 'water', {}, { 'If-Match': `"${patched.version}"` })
    ).json()) as Plan;
    expect(submitted).toMatchObject({ state: 'submitted', late: true });
    const listed = (await (await send('GET', '/api/plans?year=2026&state=submitted', 'admin')).json()) as Plan[];
    expect(listed.map((plan) => plan.id)).toEqual([created.id]);
  });
});

describe('the town plan (汇总)', () => {
  it('aggregates approved plans only, in item order, with totals and every lead unit state', async () => {
    // 建管所 submits a 2027 plan that is not approved: it is listed with its state, its projects are not rows.
    const other = (await (
      await send('POST', '/api/plans', 'jianguan', {
        year: 2027,
        body: { note: '', projects: [{ ...body(riverZone).projects[1]!, item: 'R5', place: '工地围挡', budget: 99 }] },
      })
    ).json()) as Plan;
    expect(
      (await send('POST', `/api/plans/${other.id}/actions/submit`, 'jianguan', {}, { 'If-Match': '"1"' })).status,
    ).toBe(200);

    const response = await send('GET', '/api/plans/summary?year=2027', 'leader');
    expect(response.status).toBe(200);
    const summary = (await response.json()) as PlanSummary;
    expect(summary.due).toBe('2027-02-28');
    expect(summary.town).toBe('锦溪镇');
    expect(summary.rows.map((row) => [row.seq, row.item, row.leadUnit, row.place, row.budget])).toEqual([
      [1, 'R3', 'shuilizhan', '市河（古镇段）河道整治', 120.5],
      [2, 'R4', 'shuilizhan', '长白荡村河塘', 30],
    ]);
    expect(summary.totals).toEqual({
      projects: 2,
      budget: 150.5,
      carriedOver: 1,
      byFunding: { finance: 120.5, social: 30, other: 0 },
    });
    const states = Object.fromEntries(summary.units.map((unit) => [unit.unit, unit.state]));
    expect(states).toMatchObject({ shuilizhan: 'approved', jianguansuo: 'submitted', chuangjianban: null });
    expect((await send('GET', '/api/plans/summary?year=27', 'leader')).status).toBe(400);
  });

  it('writes the 上报 workbook in the county layout', async () => {
    const response = await send('GET', '/api/plans/workbook.xlsx?year=2027', 'admin');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/spreadsheetml/);
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('锦溪镇2027年度环境综合整治计划汇总表');
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      '序号',
      '整治项目',
      '牵头单位',
      '责任单位',
      '项目名称/地点',
      '整治内容',
      '专人',
      '资金(万元)',
      '资金来源',
      '计划完成时间',
      '是否续建',
    ]);
    const first = sheet.getRow(4);
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(2).value).toMatch(/^R3 /);
    expect(first.getCell(3).value).toBe('水利站');
    expect(first.getCell(4).value).toBe('环卫所');
    expect(first.getCell(5).value).toBe('市河（古镇段）河道整治');
    expect(first.getCell(7).value).toBe('张三');
    expect(first.getCell(8).value).toBe(120.5);
    expect(first.getCell(9).value).toBe('财政');
    expect(first.getCell(10).value).toBe('2027-10-31');
    expect(first.getCell(11).value).toBe('是');
    expect(sheet.getRow(5).getCell(9).value).toBe('社会资本');
    expect(sheet.getRow(5).getCell(11).value).toBe('否');
    // The 建管所 plan is only submitted: no row of it; the totals row follows the two projects.
    expect(sheet.getRow(6).getCell(1).value).toBe('合计');
    expect(sheet.getRow(6).getCell(8).value).toBe(150.5);
  });
});
