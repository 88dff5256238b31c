import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { addDays } from '../../../shared/time/dates';
import { createdCheckSchema, quarterlyCheckListSchema, quarterOf } from '../../../shared/checks/checks';
import { checklistListSchema } from '../../../shared/checklists/checklists';
import {
  inspectionOverviewSchema,
  monthlyInspectionListSchema,
  monthlyInspectionSchema,
  monthOfDay,
} from '../../../shared/checklists/inspections';
import type { ZoneFeature } from '../../../shared/zones/zone';

/** 月度自查 and the 季检查 scored on the same sheet, over real HTTP (both engines: vitest.postgres.config.ts). */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'inspector', 'jianguan', 'water', 'chengguan', 'leader'])
    cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

const month = () => monthOfDay(server.today);

async function freshZone(category: string, name = `自查测试片区 ${category}`): Promise<string> {
  const response = await server.request('/api/zones', {
    method: 'POST',
    cookie: cookies.admin,
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.905 + Math.random() * 0.01, 31.17 + Math.random() * 0.01] },
      properties: { name, category, plannedStart: server.today, plannedEnd: addDays(server.today, 60) },
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as ZoneFeature).id;
}

async function expectProblem(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  return JSON.parse(text) as { detail: string; errors?: { path: string; message: string }[] };
}

const inspect = (zoneId: string, body: Record<string, unknown>, as = 'jianguan') =>
  server.request(`/api/zones/${zoneId}/inspections`, { method: 'POST', cookie: cookies[as], json: body });

const r5All = {
  hoarding: true,
  'soil-covered': true,
  'roads-hardened': true,
  'wash-facility': true,
  'settling-tank': false,
  'materials-stacked': true,
};

describe('monthly self-inspection (月度自查)', () => {
  it('serves the checklists', async () => {
    const response = await server.request('/api/checklists', { cookie: cookies.leader });
    expect(response.status).toBe(200);
    const sheets = checklistListSchema.parse(await response.json());
    expect(sheets.map((sheet) => sheet.item)).toEqual(expect.arrayContaining(['R3', 'R5', 'R6', 'S1', 'S2']));
  });

  it('the R5 lead unit records a month with a photo; the score is computed; one per zone and month', async () => {
    const zoneId = await freshZone('R5');
    const upload = await server.request(`/api/zones/${zoneId}/photos`, {
      method: 'POST',
      cookie: cookies.jianguan,
      body: photoForm({ phase: 'progress' }, [{ bytes: await makeTestPhoto({ width: 64, height: 48 }) }]),
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const photoId = ((await upload.json()) as { photos: { id: string }[] }).photos[0]!.id;

    const response = await inspect(zoneId, {
      month: month(),
      answers: r5All,
      note: '  沉淀池未建  ',
      photoIds: [photoId],
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const created = monthlyInspectionSchema.parse(await response.json());
    // 沉淀池 (15) missing, 渣土运输 not applicable (5 left out): 80 of 95 → 84.
    expect(created).toMatchObject({
      zoneId,
      itemCode: 'R5',
      month: month(),
      unitId: 'jianguansuo',
      score: 84,
      note: '沉淀池未建',
      photoIds: [photoId],
      version: 1,
    });
    const list = monthlyInspectionListSchema.parse(
      await (await server.request(`/api/zones/${zoneId}/inspections`, { cookie: cookies.leader })).json(),
    );
    expect(list).toEqual([created]);
    const audited = await server.sql<{ n: number }>(
      'SELECT count(*) AS n FROM audit_log WHERE action = ? AND target_id = ?',
      'monthly_inspection_recorded',
      zoneId,
    );
    expect(Number(audited[0]!.n)).toBe(1);
    await expectProblem(await inspect(zoneId, { month: month(), answers: r5All }, 'admin'), 409);
  });

  it('refuses unknown checks, missing answers, wrong kinds and out-of-range readings, naming the check', async () => {
    const r5 = await freshZone('R5');
    let problem = await expectProblem(await inspect(r5, { month: month(), answers: { ...r5All, fence: true } }), 422);
    expect(problem.errors).toEqual([{ path: 'answers.fence', message: 'no check fence on the R5 sheet' }]);
    const { hoarding: _left, ...missing } = r5All;
    problem = await expectProblem(await inspect(r5, { month: month(), answers: missing }), 422);
    expect(problem.errors?.map((error) => error.path)).toEqual(['answers.hoarding']);
    problem = await expectProblem(await inspect(r5, { month: month(), answers: { ...r5All, hoarding: 2 } }), 422);
    expect(problem.detail).toContain('hoarding');

    const r3 = await freshZone('R3');
    const readings = { transparency: 600, 'dissolved-oxygen': 1, orp: 0, ammonia: 3 };
    const yes = { 'bank-clean': true, 'no-floating': true, 'sewage-collected': true, 'no-odour': true };
    problem = await expectProblem(
      await inspect(r3, { month: month(), answers: { ...readings, ...yes } }, 'water'),
      422,
    );
    expect(problem.errors).toEqual([
      { path: 'answers.transparency', message: 'check transparency (透明度): 600 cm is outside 0–500' },
    ]);
    for (const bad of [
      { month: '2026-13' },
      { month: '2999-01' },
      { answers: 'yes' },
      { extra: 1 },
      { photoIds: ['x'] },
    ])
      await expectProblem(await inspect(r5, { month: month(), answers: r5All, ...bad }), 400);
    // 黑臭 readings that fail: 透明度 and 氧化还原电位 轻度 (half), 溶解氧 and 氨氮 重度 → 7.5 + 0 + 7.5 + 0 + 40 = 55.
    const failing = { transparency: 18, 'dissolved-oxygen': 0.1, orp: 20, ammonia: 16, ...yes };
    const created = await inspect(r3, { month: month(), answers: failing }, 'water');
    expect(created.status, await created.clone().text()).toBe(201);
    expect(monthlyInspectionSchema.parse(await created.json()).score).toBe(55);
  });

  it('only the lead unit of the zone’s item or the office records; others get 403, nobody 401', async () => {
    const r5 = await freshZone('R5');
    for (const as of ['water', 'chengguan', 'inspector', 'leader'])
      await expectProblem(await inspect(r5, { month: month(), answers: r5All }, as), 403);
    expect((await server.request(`/api/zones/${r5}/inspections`, { method: 'POST', json: {} })).status).toBe(401);
    const r4 = await freshZone('R4');
    const problem = await expectProblem(await inspect(r4, { month: month(), answers: {} }, 'admin'), 422);
    expect(problem.detail).toContain('no checklist');
    expect((await inspect(r5, { month: month(), answers: r5All }, 'admin')).status).toBe(201);
  });

  it("lists a unit's zones not yet inspected this month", async () => {
    const done = await freshZone('R6', '已自查的市场');
    const open = await freshZone('R6', '未自查的市场');
    const market = { 'licences-shown': true, 'fire-lanes': true, 'fire-equipment': true, 'zone-posted': false };
    const more = { clean: true, 'no-street-trading': true, parking: true };
    expect((await inspect(done, { month: month(), answers: { ...market, ...more } })).status).toBe(201);
    const overview = inspectionOverviewSchema.parse(
      await (await server.request(`/api/inspections?month=${month()}`, { cookie: cookies.jianguan })).json(),
    );
    expect(overview.unit).toBe('jianguansuo');
    expect(overview.inspections.map((entry) => entry.zoneId)).toContain(done);
    expect(overview.uninspected.map((entry) => entry.zoneId)).toContain(open);
    expect(overview.uninspected.map((entry) => entry.zoneId)).not.toContain(done);
    expect(overview.uninspected.every((entry) => ['R2', 'R5', 'R6'].includes(entry.zoneCategory))).toBe(true);
    const water = inspectionOverviewSchema.parse(
      await (await server.request(`/api/inspections?unit=shuilizhan`, { cookie: cookies.leader })).json(),
    );
    expect(water.uninspected.every((entry) => entry.zoneCategory === 'R3')).toBe(true);
    await expectProblem(await server.request('/api/inspections?unit=nobody', { cookie: cookies.leader }), 400);
    await expectProblem(await server.request('/api/inspections?month=26-01', { cookie: cookies.leader }), 400);
  });
});

describe('季检查 scored on the same sheet (评分细则)', () => {
  const base = () => ({ quarter: quarterOf(server.today), checkedOn: server.today });
  const check = (zoneId: string, body: Record<string, unknown>) =>
    server.request(`/api/zones/${zoneId}/checks`, { method: 'POST', cookie: cookies.inspector, json: body });

  it('computes the score from the answers and keeps them; a typed score is refused for such a zone', async () => {
    const zoneId = await freshZone('R5');
    await expectProblem(await check(zoneId, { ...base(), passed: true, score: 90, findings: '' }), 422);
    await expectProblem(await check(zoneId, { ...base(), passed: true, score: 90, answers: r5All, findings: '' }), 400);
    const response = await check(zoneId, { ...base(), passed: true, answers: r5All, findings: '' });
    expect(response.status, await response.clone().text()).toBe(201);
    const created = createdCheckSchema.parse(await response.json()).check;
    expect(created).toMatchObject({ score: 84, answers: r5All, passed: true });
    const list = quarterlyCheckListSchema.parse(
      await (await server.request(`/api/zones/${zoneId}/checks`, { cookie: cookies.leader })).json(),
    );
    expect(list[0]).toEqual(created);
  });

  it('a pass still needs the pass mark; bad answers name the check; items without a sheet keep the typed score', async () => {
    const zoneId = await freshZone('R5');
    const poor = { ...r5All, hoarding: false, 'soil-covered': false, 'wash-facility': false };
    let problem = await expectProblem(
      await check(zoneId, { ...base(), passed: true, answers: poor, findings: '' }),
      400,
    );
    expect(problem.errors?.[0]?.path).toBe('score');
    problem = await expectProblem(
      await check(zoneId, { ...base(), passed: true, answers: { ...r5All, gate: true }, findings: '' }),
      422,
    );
    expect(problem.errors?.[0]?.path).toBe('answers.gate');
    const failed = await check(zoneId, { ...base(), passed: false, answers: poor, findings: '围挡缺失' });
    expect(failed.status).toBe(201);
    // Only 场内道路 and 物料堆放 met: 20 of 95 (渣土运输 not applicable) → 21.
    expect(createdCheckSchema.parse(await failed.json()).check.score).toBe(21);

    const r4 = await freshZone('R4');
    await expectProblem(await check(r4, { ...base(), passed: true, findings: '' }), 400);
    await expectProblem(await check(r4, { ...base(), passed: true, answers: {}, findings: '' }), 400);
    const typed = await check(r4, { ...base(), passed: true, score: 77, findings: '' });
    expect(typed.status).toBe(201);
    expect(createdCheckSchema.parse(await typed.json()).check).toMatchObject({ score: 77, answers: null });
  });
});
