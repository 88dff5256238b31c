import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { addDays } from '../../../shared/time/dates';
import {
  createdCheckSchema,
  quarterlyCheckListSchema,
  quarterOf,
  quarterOverviewSchema,
  type QuarterlyCheck,
} from '../../../shared/checks/checks';
import type { Task, TaskStatus, ZoneFeature } from '../../../shared/zones/zone';
import type { TaskUpdate } from '../../../shared/tasks/task';

/** 季检查 over real HTTP: pass, fail with rework, one per quarter, roles, photos, the quarter overview, bad bodies. */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'planner', 'leader', 'inspector', 'water']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

const quarter = () => quarterOf(server.today);

/** A new R4 zone (no hand-set status, so it rolls up from its tasks). */
async function freshZone(name = '季检查测试片区'): Promise<string> {
  const response = await server.request('/api/zones', {
    method: 'POST',
    cookie: cookies.planner,
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.905 + Math.random() * 0.01, 31.17 + Math.random() * 0.01] },
      properties: { name, category: 'R4', plannedStart: server.today, plannedEnd: addDays(server.today, 60) },
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as ZoneFeature).id;
}

/** A task of the zone put straight into a status (the workflow to get there is tested in tasks.test.ts). */
async function taskIn(zoneId: string, status: TaskStatus): Promise<Task> {
  const response = await server.request(`/api/zones/${zoneId}/tasks`, {
    method: 'POST',
    cookie: cookies.water,
    json: { title: `任务 ${status}`, assignedUnit: 'shuilizhan', dueDate: addDays(server.today, 10) },
  });
  expect(response.status).toBe(201);
  const task = (await response.json()) as Task;
  await server.sql(
    'UPDATE tasks SET status = ?, completed_on = ?, version = version + 1 WHERE id = ?',
    status,
    status === 'done' ? server.today : null,
    Number(task.id),
  );
  // Let the zone follow, as the workflow would have.
  await server.repos.tasks.rollUpZone(Number(zoneId));
  return getTask(task.id);
}

const getTask = async (id: string) =>
  (await (await server.request(`/api/tasks/${id}`, { cookie: cookies.leader })).json()) as Task;
const getZone = async (id: string) =>
  (await (await server.request(`/api/zones/${id}`, { cookie: cookies.leader })).json()) as ZoneFeature;

function record(zoneId: string, body: Record<string, unknown>, as = 'inspector') {
  return server.request(`/api/zones/${zoneId}/checks`, { method: 'POST', cookie: cookies[as], json: body });
}
const pass = () => ({ quarter: quarter(), checkedOn: server.today, passed: true, score: 88, findings: '河面整洁' });
const fail = (findings = '雨水箅子堵塞，积水未排') => ({
  quarter: quarter(),
  checkedOn: server.today,
  passed: false,
  score: 45,
  findings,
});

async function expectProblem(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  const problem = JSON.parse(text) as { detail: string; errors?: { path: string }[]; existing?: QuarterlyCheck };
  expect(problem.detail.length).toBeGreaterThan(5);
  return problem;
}

const count = async (text: string, ...params: unknown[]) => (await server.sql<{ n: number }>(text, ...params))[0]!.n;
const auditCount = (action: string, target?: string) =>
  count(
    `SELECT count(*) AS n FROM audit_log WHERE action = ? ${target ? 'AND target_id = ?' : ''}`,
    ...(target ? [action, target] : [action]),
  );
const checkCount = () => count('SELECT count(*) AS n FROM quarterly_checks');

describe('recording a quarterly check', () => {
  it('records a pass (201) without touching the tasks, lists it and audits it', async () => {
    const zoneId = await freshZone();
    const done = await taskIn(zoneId, 'done');
    const response = await record(zoneId, pass());
    expect(response.status, await response.clone().text()).toBe(201);
    expect(response.headers.get('location')).toBe(`/api/zones/${zoneId}/checks`);
    const created = createdCheckSchema.parse(await response.json());
    expect(created.reworkedTaskIds).toEqual([]);
    expect(created.check).toMatchObject({
      zoneId,
      quarter: quarter(),
      checkedOn: server.today,
      passed: true,
      score: 88,
      findings: '河面整洁',
      photoIds: [],
    });
    expect(created.check.checkedByName.length).toBeGreaterThan(0);
    expect(await getTask(done.id)).toEqual(done);
    const list = quarterlyCheckListSchema.parse(
      await (await server.request(`/api/zones/${zoneId}/checks`, { cookie: cookies.water })).json(),
    );
    expect(list).toEqual([created.check]);
    expect(await auditCount('quarterly_check_recorded', zoneId)).toBe(1);
  });

  it('sends the zone’s submitted and finished tasks to rework on a fail, with thread entries and the zone rolled up', async () => {
    const zoneId = await freshZone();
    const done = await taskIn(zoneId, 'done');
    const pending = await taskIn(zoneId, 'pending_acceptance');
    const open = await taskIn(zoneId, 'in_progress');
    const waiting = await taskIn(zoneId, 'not_started');
    const suspended = await taskIn(zoneId, 'suspended');
    expect(done.completedOn).toBe(server.today);
    expect((await getZone(zoneId)).properties).toMatchObject({ status: 'in_progress', progress: 25 });
    const rejectsBefore = await auditCount('task_reject');

    const response = await record(zoneId, fail());
    expect(response.status, await response.clone().text()).toBe(201);
    const created = createdCheckSchema.parse(await response.json());
    expect(created.check).toMatchObject({ passed: false, score: 45, findings: '雨水箅子堵塞，积水未排' });
    expect(created.reworkedTaskIds.sort()).toEqual([done.id, pending.id].sort());

    for (const before of [done, pending]) {
      const after = await getTask(before.id);
      expect(after).toMatchObject({
        status: 'in_progress',
        reworkCount: before.reworkCount + 1,
        completedOn: null,
        version: before.version + 1,
      });
      const thread = (await (
        await server.request(`/api/tasks/${before.id}/updates`, { cookie: cookies.leader })
      ).json()) as TaskUpdate[];
      const entry = thread.at(-1)!;
      expect(entry).toMatchObject({
        kind: 'action',
        action: 'reject',
        fromStatus: before.status,
        toStatus: 'in_progress',
        note: '季检查未通过：雨水箅子堵塞，积水未排',
        actor: 'inspector',
        data: { quarterlyCheck: created.check.id, quarter: quarter() },
      });
    }
    for (const untouched of [open, waiting, suspended]) expect(await getTask(untouched.id)).toEqual(untouched);
    // 4 active tasks, none done any more: the zone is back to 整治中 at 0 %.
    expect((await getZone(zoneId)).properties).toMatchObject({ status: 'in_progress', progress: 0 });
    expect(await auditCount('task_reject')).toBe(rejectsBefore + 2);
    expect(await auditCount('quarterly_check_recorded', zoneId)).toBe(1);
  });

  it('gives the work sent back its own due date (default 15 days, or the checker’s): it is not overdue from its first due date', async () => {
    // A zone planned to end months ago, its two tasks finished on time back then.
    const zoneId = await freshZone('季检查返工期限片区');
    const longAgo = addDays(server.today, -150);
    await server.sql(
      'UPDATE zones SET planned_start = ?, planned_end = ? WHERE id = ?',
      addDays(longAgo, -30),
      addDays(longAgo, 10),
      Number(zoneId),
    );
    const first = await taskIn(zoneId, 'done');
    const second = await taskIn(zoneId, 'done');
    await server.sql(
      'UPDATE tasks SET due_date = ?, original_due_date = ?, completed_on = ? WHERE zone_id = ?',
      longAgo,
      longAgo,
      addDays(longAgo, -2),
      Number(zoneId),
    );
    await server.repos.tasks.rollUpZone(Number(zoneId));
    expect((await getZone(zoneId)).properties).toMatchObject({ overdue: false, overdueDays: 0 });

    const response = await record(zoneId, fail('护栏破损未修复'));
    expect(response.status, await response.clone().text()).toBe(201);
    const created = createdCheckSchema.parse(await response.json());
    const due = addDays(server.today, 15);
    expect(created.check.reworkDueDate).toBe(due);
    for (const task of [first, second]) {
      expect(await getTask(task.id)).toMatchObject({
        status: 'in_progress',
        dueDate: due,
        originalDueDate: longAgo,
        overdue: false,
      });
    }
    // The units were told today: the zone is not "超期 150 天" but due in 15 days.
    expect((await getZone(zoneId)).properties).toMatchObject({ status: 'in_progress', overdue: false, overdueDays: 0 });
    const listed = (await (await server.request(`/api/zones/${zoneId}/checks`, { cookie: cookies.leader })).json()) as {
      reworkDueDate: string | null;
    }[];
    expect(listed[0]?.reworkDueDate).toBe(due);

    // The checker may set another date; a pass takes none.
    const other = await freshZone('季检查自定返工期限片区');
    const third = await taskIn(other, 'done');
    const chosen = addDays(server.today, 7);
    const custom = await record(other, { ...fail(), reworkDueDate: chosen });
    expect(custom.status, await custom.clone().text()).toBe(201);
    expect(await getTask(third.id)).toMatchObject({ status: 'in_progress', dueDate: chosen });
    const passed = await record(await freshZone('季检查通过片区'), pass());
    expect(createdCheckSchema.parse(await passed.json()).check.reworkDueDate).toBeNull();
  });

  it('lets the campaign office record one too, and a fail on a zone with nothing to send back changes no task', async () => {
    const zoneId = await freshZone();
    const open = await taskIn(zoneId, 'in_progress');
    const response = await record(zoneId, fail('整改台帐缺失'), 'admin');
    expect(response.status).toBe(201);
    expect(createdCheckSchema.parse(await response.json()).reworkedTaskIds).toEqual([]);
    expect(await getTask(open.id)).toEqual(open);
  });

  it('allows one check per zone and quarter: a second is a 409 with the existing one, and changes nothing', async () => {
    const zoneId = await freshZone();
    const done = await taskIn(zoneId, 'done');
    const first = createdCheckSchema.parse(await (await record(zoneId, pass())).json());
    const checks = await checkCount();
    const problem = await expectProblem(await record(zoneId, fail(), 'admin'), 409);
    expect(problem.existing).toEqual(first.check);
    expect(await checkCount()).toBe(checks);
    expect(await getTask(done.id)).toEqual(done);
    // The previous quarter is another check.
    const previous = quarterOf(addDays(server.today, -95));
    const earlier = await record(zoneId, { ...pass(), quarter: previous, checkedOn: addDays(server.today, -95) });
    expect(earlier.status, await earlier.clone().text()).toBe(201);
    const list = quarterlyCheckListSchema.parse(
      await (await server.request(`/api/zones/${zoneId}/checks`, { cookie: cookies.leader })).json(),
    );
    expect(list.map((check) => check.quarter)).toEqual([quarter(), previous]);
  });

  it('refuses leaders, units and planners (403) and visitors (401), with nothing written', async () => {
    const zoneId = await freshZone();
    const done = await taskIn(zoneId, 'done');
    const checks = await checkCount();
    for (const role of ['leader', 'water', 'planner']) await expectProblem(await record(zoneId, fail(), role), 403);
    const anonymous = await server.request(`/api/zones/${zoneId}/checks`, { method: 'POST', json: fail() });
    expect(anonymous.status).toBe(401);
    expect(await checkCount()).toBe(checks);
    expect(await getTask(done.id)).toEqual(done);
  });

  it('takes photos of the zone only: another zone’s or a deleted photo is a 400 naming it', async () => {
    const zoneId = await freshZone();
    const otherZone = await freshZone('另一片区');
    const upload = async (zone: string) => {
      const response = await server.request(`/api/zones/${zone}/photos`, {
        method: 'POST',
        cookie: cookies.water,
        body: photoForm({ phase: 'progress' }, [{ bytes: await makeTestPhoto({ width: 64, height: 48 }) }]),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { photos: { id: string }[] }).photos[0]!.id;
    };
    const own = await upload(zoneId);
    const gone = await upload(zoneId);
    const foreign = await upload(otherZone);
    expect((await server.request(`/api/photos/${gone}`, { method: 'DELETE', cookie: cookies.admin })).status).toBe(204);
    const checks = await checkCount();
    for (const photoIds of [[own, foreign], [gone], ['999999']]) {
      const problem = await expectProblem(await record(zoneId, { ...pass(), photoIds }), 400);
      expect(problem.detail).toContain(photoIds.at(-1));
      expect(problem.errors?.[0]?.path).toBe('photoIds');
    }
    expect(await checkCount()).toBe(checks);
    const response = await record(zoneId, { ...pass(), photoIds: [own] });
    expect(response.status).toBe(201);
    expect(createdCheckSchema.parse(await response.json()).check.photoIds).toEqual([own]);
  });

  it('answers 404 for a zone that does not exist and 400 for a bad zone id', async () => {
    await expectProblem(await record('999999', pass()), 404);
    await expectProblem(await record('abc', pass()), 400);
    await expectProblem(await server.request('/api/zones/999999/checks', { cookie: cookies.leader }), 404);
  });
});

describe('the quarter overview', () => {
  it('lists the quarter’s checks with zone name and item, and every zone not yet checked', async () => {
    const zoneId = await freshZone('概览片区');
    const uncheckedId = await freshZone('未检查片区');
    await record(zoneId, fail('护岸破损'));
    const response = await server.request(`/api/checks?quarter=${quarter()}`, { cookie: cookies.water });
    expect(response.status).toBe(200);
    const overview = quarterOverviewSchema.parse(await response.json());
    expect(overview.quarter).toBe(quarter());
    const entry = overview.checks.find((check) => check.zoneId === zoneId);
    expect(entry).toMatchObject({ zoneName: '概览片区', zoneCategory: 'R4', passed: false, findings: '护岸破损' });
    expect(overview.unchecked.find((zone) => zone.zoneId === uncheckedId)).toMatchObject({
      zoneName: '未检查片区',
      zoneCategory: 'R4',
    });
    expect(overview.unchecked.some((zone) => zone.zoneId === zoneId)).toBe(false);
    const zones = await count('SELECT count(*) AS n FROM zones WHERE deleted_at IS NULL');
    expect(overview.checks.length + overview.unchecked.length).toBe(zones);
    // Without a quarter: this quarter.
    const current = quarterOverviewSchema.parse(
      await (await server.request('/api/checks', { cookie: cookies.leader })).json(),
    );
    expect(current.quarter).toBe(quarter());
    // An earlier quarter has nothing checked yet.
    const earlier = quarterOverviewSchema.parse(
      await (await server.request('/api/checks?quarter=2020-Q1', { cookie: cookies.leader })).json(),
    );
    expect(earlier.checks).toEqual([]);
    expect(earlier.unchecked.length).toBe(zones);
  });

  it('refuses a malformed quarter and visitors', async () => {
    for (const bad of ['2026-Q5', '2026Q1', 'x', '2026-Q1&quarter=2026-Q2']) {
      await expectProblem(await server.request(`/api/checks?quarter=${bad}`, { cookie: cookies.leader }), 400);
    }
    expect((await server.request('/api/checks')).status).toBe(401);
  });
});

describe('bad bodies (R6)', () => {
  it('refuses a corpus of bad bodies with a 400 naming the field, and writes nothing', async () => {
    const zoneId = await freshZone();
    const done = await taskIn(zoneId, 'done');
    const checks = await checkCount();
    const previous = quarterOf(addDays(server.today, -95));
    const corpus: [unknown, string][] = [
      [{}, 'quarter'],
      [null, '(root)'],
      [[], '(root)'],
      ['pass', '(root)'],
      [{ ...pass(), quarter: '2026-Q0' }, 'quarter'],
      [{ ...pass(), quarter: previous }, 'checkedOn'],
      [{ ...pass(), checkedOn: addDays(server.today, 1) }, 'checkedOn'],
      [
        { ...pass(), quarter: quarterOf(addDays(server.today, 100)), checkedOn: addDays(server.today, 100) },
        'checkedOn',
      ],
      [{ ...pass(), checkedOn: '2026-02-30' }, 'checkedOn'],
      [{ ...pass(), score: 59 }, 'score'],
      [{ ...pass(), score: Number.MAX_VALUE }, 'score'],
      [{ ...pass(), score: 80.5 }, 'score'],
      [{ ...pass(), score: '80' }, 'score'],
      [{ ...pass(), passed: 1 }, 'passed'],
      [{ ...fail(), findings: '  ' }, 'findings'],
      [{ ...fail(), findings: 'x'.repeat(2001) }, 'findings'],
      [{ ...pass(), photoIds: 'all' }, 'photoIds'],
      [{ ...pass(), photoIds: ['1', '1'] }, 'photoIds'],
      [{ ...pass(), photoIds: ['-1'] }, 'photoIds.0'],
      [{ ...pass(), checkedBy: '1' }, '(root)'],
      [{ ...fail(), reworkDueDate: server.today }, 'reworkDueDate'],
      [{ ...fail(), reworkDueDate: '2026-02-30' }, 'reworkDueDate'],
      [{ ...pass(), reworkDueDate: addDays(server.today, 15) }, 'reworkDueDate'],
    ];
    for (const [body, path] of corpus) {
      const problem = await expectProblem(await record(zoneId, body as Record<string, unknown>), 400);
      expect(
        problem.errors?.map((error) => error.path),
        JSON.stringify(body).slice(0, 80),
      ).toContain(path);
    }
    // 1e309 is Infinity to JSON.parse: not a score.
    const huge = await server.request(`/api/zones/${zoneId}/checks`, {
      method: 'POST',
      cookie: cookies.inspector,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pass()).replace('"score":88', '"score":1e309'),
    });
    expect((await expectProblem(huge, 400)).errors?.[0]?.path).toBe('score');
    expect(await checkCount()).toBe(checks);
    expect(await getTask(done.id)).toEqual(done);
  });

  it('answers 1,000 generated bodies with a 4xx problem (or a 201), never a 5xx', async () => {
    const zoneId = await freshZone();
    const nearMiss = fc.record(
      {
        quarter: fc.oneof(fc.constantFrom(quarter(), '2026-Q1', '2099-Q4', '0000-Q1'), fc.string({ maxLength: 12 })),
        checkedOn: fc.oneof(fc.constantFrom(server.today, '2026-04-01', '2026-02-30', '9999-12-31'), fc.string()),
        passed: fc.oneof(fc.boolean(), fc.constantFrom(0, 1, 'true', null)),
        score: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double(), fc.string({ maxLength: 4 })),
        findings: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(''), fc.integer()),
        photoIds: fc.oneof(
          fc.array(fc.oneof(fc.constantFrom('1', '999999', '0'), fc.string({ maxLength: 4 })), { maxLength: 25 }),
          fc.string(),
        ),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const anyBody = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      nearMiss.map((value) => JSON.stringify(value)),
      fc.string().map((text) => `{"quarter": ${text}`),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    );
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        const response = await server.request(`/api/zones/${zoneId}/checks`, {
          method: 'POST',
          cookie: cookies.inspector,
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await response.text();
        expect(response.status, text).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/problem\+json/);
        else expect(response.status).toBe(201);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});
