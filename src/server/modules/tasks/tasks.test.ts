import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { addDays } from '../../../shared/time/dates';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import type { Task, ZoneFeature } from '../../../shared/zones/zone';
import type { TaskUpdate } from '../../../shared/tasks/task';

/** The task workflow over real HTTP: every transition allowed and refused, If-Match, thread, roll-up, work lists. */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'planner', 'leader', 'inspector', 'water', 'jianguan', 'chengguan'])
    cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

/** A zone of the water station's item R4 with no tasks yet (so its status rolls up from the ones we add). */
async function freshZone(): Promise<string> {
  const response = await server.request('/api/zones', {
    method: 'POST',
    cookie: cookies.planner,
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.905 + Math.random() * 0.01, 31.17 + Math.random() * 0.01] },
      properties: {
        name: '任务测试片区',
        category: 'R4',
        plannedStart: server.today,
        plannedEnd: addDays(server.today, 60),
      },
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as ZoneFeature).id;
}

async function newTask(zoneId: string, as = 'water', dueDate = addDays(server.today, 10)): Promise<Task> {
  const response = await server.request(`/api/zones/${zoneId}/tasks`, {
    method: 'POST',
    cookie: cookies[as],
    json: { title: '清理雨水箅子', measures: '汛前全部清掏', assignedUnit: 'shuilizhan', dueDate },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  expect(response.headers.get('location')).toMatch(/^\/api\/tasks\/\d+$/);
  const task = (await response.json()) as Task;
  expect(response.headers.get('etag')).toBe(`"${task.version}"`);
  return task;
}

async function act(task: Task, action: string, as: string, body: Record<string, unknown> = {}, version = task.version) {
  return server.request(`/api/tasks/${task.id}/actions/${action}`, {
    method: 'POST',
    cookie: cookies[as],
    headers: { 'if-match': `"${version}"` },
    json: body,
  });
}

async function expectProblem(response: Response, status: number, refusal?: string) {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  const problem = (await response.json()) as { detail: string; refusal?: string };
  expect(problem.detail.length).toBeGreaterThan(5);
  if (refusal) expect(problem.refusal).toBe(refusal);
  return problem;
}

const zoneOf = async (id: string) =>
  (await (await server.request(`/api/zones/${id}`, { cookie: cookies.leader })).json()) as ZoneFeature;

/** Put a task in 待验收 as if after-photos had been submitted (the photo path is tested with uploads). */
async function markSubmitted(task: Task): Promise<Task> {
  await server.sql("UPDATE tasks SET status = 'pending_acceptance', version = version + 1 WHERE id = ?", task.id);
  return { ...task, status: 'pending_acceptance', version: task.version + 1 };
}

/** Upload a before- or after-photo of the task, as its unit. */
async function attachPhoto(zoneId: string, taskId: string, phase: 'before' | 'after'): Promise<void> {
  const response = await server.request(`/api/zones/${zoneId}/photos`, {
    method: 'POST',
    cookie: cookies.water,
    body: photoForm({ phase, taskId }, [{ bytes: await makeTestPhoto({ width: 64, height: 48 }) }]),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

describe('creating tasks', () => {
  it('lets zone editors add a task (201, Location, ETag) and refuses others and unknown units', async () => {
    const zoneId = await freshZone();
    const task = await newTask(zoneId);
    expect(task).toMatchObject({ status: 'not_started', reworkCount: 0, extensionRequest: null, extensionCount: 0 });
    expect(task.originalDueDate).toBe(task.dueDate);
    await expectProblem(
      await server.request(`/api/zones/${zoneId}/tasks`, {
        method: 'POST',
        cookie: cookies.leader,
        json: { title: 'x', assignedUnit: 'shuilizhan', dueDate: server.today },
      }),
      403,
    );
    await expectProblem(
      await server.request(`/api/zones/${zoneId}/tasks`, {
        method: 'POST',
        cookie: cookies.jianguan,
        json: { title: 'x', assignedUnit: 'shuilizhan', dueDate: server.today },
      }),
      403,
    );
    const unknown = await expectProblem(
      await server.request(`/api/zones/${zoneId}/tasks`, {
        method: 'POST',
        cookie: cookies.planner,
        json: { title: 'x', assignedUnit: 'nobody', dueDate: server.today },
      }),
      400,
    );
    expect(unknown.detail).toMatch(/nobody/);
    await expectProblem(
      await server.request(`/api/zones/999999/tasks`, {
        method: 'POST',
        cookie: cookies.planner,
        json: { title: 'x', assignedUnit: 'shuilizhan', dueDate: server.today },
      }),
      404,
    );
  });
});

describe('the workflow, transition by transition', () => {
  it('start: 未开始 → 进行中 by the responsible unit; not twice; not by a leader or another unit', async () => {
    const task = await newTask(await freshZone());
    await expectProblem(await act(task, 'start', 'leader'), 403);
    await expectProblem(await act(task, 'start', 'jianguan'), 403);
    const started = await act(task, 'start', 'water');
    expect(started.status).toBe(200);
    const body = (await started.json()) as Task;
    expect(body.status).toBe('in_progress');
    expect(started.headers.get('etag')).toBe(`"${task.version + 1}"`);
    await expectProblem(await act(body, 'start', 'water'), 409, 'wrong-status');
  });

  it('submit: needs at least one after-photo (422), and only from 进行中 (409)', async () => {
    const task = await newTask(await freshZone());
    await expectProblem(await act(task, 'submit', 'water'), 409, 'wrong-status');
    const started = (await (await act(task, 'start', 'water')).json()) as Task;
    const problem = await expectProblem(await act(started, 'submit', 'water'), 422, 'needs-after-photo');
    expect(problem.detail).toMatch(/after-photo/);
  });

  it('accept: only the campaign office, only from 待验收; the zone rolls up to 已验收', async () => {
    const zoneId = await freshZone();
    const task = await newTask(zoneId);
    await expectProblem(await act(task, 'accept', 'admin'), 409, 'wrong-status');
    const started = (await (await act(task, 'start', 'water')).json()) as Task;
    expect((await zoneOf(zoneId)).properties).toMatchObject({ status: 'in_progress', progress: 0 });
    const submitted = await markSubmitted(started);
    await expectProblem(await act(submitted, 'accept', 'water'), 403, 'not-allowed-for-role');
    await expectProblem(await act(submitted, 'accept', 'planner'), 403, 'not-allowed-for-role');
    await attachPhoto(zoneId, submitted.id, 'before');
    await attachPhoto(zoneId, submitted.id, 'after');
    const accepted = (await (await act(submitted, 'accept', 'admin')).json()) as Task;
    expect(accepted).toMatchObject({ status: 'done', completedOn: server.today, overdue: false });
    const zone = await zoneOf(zoneId);
    expect(zone.properties).toMatchObject({ status: 'accepted', progress: 100, statusOverrideReason: null });
  });

  it('accept: needs a before/after photo pair, or the office’s recorded reason (422 problem otherwise)', async () => {
    const zoneId = await freshZone();
    const task = await markSubmitted((await (await act(await newTask(zoneId), 'start', 'water')).json()) as Task);
    // 0 photos, then a before-photo only: refused, nothing changes.
    const bare = await expectProblem(await act(task, 'accept', 'admin'), 422, 'needs-photo-pair');
    expect(bare.detail).toMatch(/before\/after photo pair/);
    await attachPhoto(zoneId, task.id, 'before');
    await expectProblem(await act(task, 'accept', 'admin', { reason: '   ' }), 422, 'needs-photo-pair');
    const still = (await (await server.request(`/api/tasks/${task.id}`, { cookie: cookies.leader })).json()) as Task;
    expect(still).toMatchObject({ status: 'pending_acceptance', version: task.version, beforePhotoCount: 1 });
    // With the office's reason it is accepted, and the reason is recorded in the thread and the audit log.
    const reason = '现场已由镇领导验看，整治前照片遗失';
    const accepted = await act(task, 'accept', 'admin', { reason });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(((await accepted.json()) as Task).status).toBe('done');
    const thread = (await (
      await server.request(`/api/tasks/${task.id}/updates`, { cookie: cookies.leader })
    ).json()) as TaskUpdate[];
    expect(thread.at(-1)).toMatchObject({ action: 'accept', note: reason, data: { withoutPhotoPair: true } });
    const [audit] = await server.sql<{ detail_json: string }>(
      "SELECT detail_json FROM audit_log WHERE action = 'task_accept' AND target_id = ? ORDER BY id DESC",
      task.id,
    );
    expect(JSON.parse(audit!.detail_json)).toMatchObject({ reason, withoutPhotoPair: true });
  });

  it('reject: back to 进行中 as 返工 with a reason, counted', async () => {
    const task = await markSubmitted(
      (await (await act(await newTask(await freshZone()), 'start', 'water')).json()) as Task,
    );
    await expectProblem(await act(task, 'reject', 'admin'), 422, 'needs-reason');
    await expectProblem(await act(task, 'reject', 'water', { reason: '自己退回' }), 403);
    const rejected = (await (
      await act(task, 'reject', 'admin', { reason: '整治后照片与整治前不在同一位置' })
    ).json()) as Task;
    expect(rejected).toMatchObject({ status: 'in_progress', reworkCount: 1 });
    const again = await markSubmitted(rejected);
    const twice = (await (await act(again, 'reject', 'admin', { reason: '仍有积水' })).json()) as Task;
    expect(twice.reworkCount).toBe(2);
  });

  it('延期: request with a reason and a later date; the office approves (original date kept) or refuses', async () => {
    const task = await newTask(await freshZone());
    const later = addDays(task.dueDate, 20);
    await expectProblem(await act(task, 'request_extension', 'water', { dueDate: later }), 422, 'needs-reason');
    await expectProblem(
      await act(task, 'request_extension', 'water', { reason: '材料未到', dueDate: task.dueDate }),
      422,
      'needs-later-date',
    );
    const requested = (await (
      await act(task, 'request_extension', 'water', { reason: '材料未到', dueDate: later })
    ).json()) as Task;
    expect(requested.extensionRequest).toEqual({ dueDate: later, reason: '材料未到' });
    expect(requested.dueDate).toBe(task.dueDate);
    await expectProblem(
      await act(requested, 'request_extension', 'water', { reason: '再延', dueDate: addDays(later, 5) }),
      409,
      'extension-pending',
    );
    await expectProblem(await act(requested, 'approve_extension', 'water'), 403);
    const approved = (await (await act(requested, 'approve_extension', 'admin')).json()) as Task;
    expect(approved).toMatchObject({
      dueDate: later,
      originalDueDate: task.dueDate,
      extensionRequest: null,
      extensionCount: 1,
    });
    await expectProblem(await act(approved, 'approve_extension', 'admin'), 409, 'no-extension-pending');
    const second = (await (
      await act(approved, 'request_extension', 'water', { reason: '雨季', dueDate: addDays(later, 10) })
    ).json()) as Task;
    const refused = (await (await act(second, 'refuse_extension', 'admin', { reason: '不同意' })).json()) as Task;
    expect(refused).toMatchObject({ dueDate: later, extensionRequest: null, extensionCount: 1 });
  });

  it('暂缓: the office suspends with a reason (no longer overdue) and resumes to the status before', async () => {
    const task = await newTask(await freshZone(), 'water', addDays(server.today, -3));
    expect(task.overdue).toBe(true);
    const started = (await (await act(task, 'start', 'water')).json()) as Task;
    await expectProblem(await act(started, 'suspend', 'admin'), 422, 'needs-reason');
    await expectProblem(await act(started, 'suspend', 'water', { reason: '等待拆迁' }), 403);
    const suspended = (await (await act(started, 'suspend', 'admin', { reason: '等待拆迁' })).json()) as Task;
    expect(suspended).toMatchObject({ status: 'suspended', overdue: false, statusBeforeSuspend: 'in_progress' });
    await expectProblem(await act(suspended, 'start', 'water'), 409, 'wrong-status');
    const resumed = (await (await act(suspended, 'resume', 'admin')).json()) as Task;
    expect(resumed).toMatchObject({ status: 'in_progress', overdue: true, statusBeforeSuspend: null });
    await expectProblem(await act(resumed, 'resume', 'admin'), 409, 'wrong-status');
  });

  it('needs If-Match: missing → 428, stale → 412 with the task as it is now; unknown action → 400', async () => {
    const task = await newTask(await freshZone());
    await expectProblem(
      await server.request(`/api/tasks/${task.id}/actions/start`, { method: 'POST', cookie: cookies.water, json: {} }),
      428,
    );
    const started = (await (await act(task, 'start', 'water')).json()) as Task;
    const stale = await act(task, 'request_extension', 'water', { reason: 'x', dueDate: addDays(task.dueDate, 3) });
    expect(stale.status).toBe(412);
    const body = (await stale.json()) as { current: Task; currentVersion: number };
    expect(body.currentVersion).toBe(started.version);
    expect(body.current.status).toBe('in_progress');
    const unknown = await expectProblem(await act(started, 'finish', 'water'), 400);
    expect(unknown.detail).toMatch(/start, submit/);
    await expectProblem(await act({ ...started, id: '999999' }, 'start', 'water'), 404);
  });
});

describe('PATCH /api/tasks/:id', () => {
  it('changes title, measures and the assigned unit with If-Match; refuses unknown units and stale versions', async () => {
    const task = await newTask(await freshZone());
    const patch = (body: unknown, version = task.version, as = 'planner') =>
      server.request(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        cookie: cookies[as],
        headers: { 'if-match': `"${version}"` },
        json: body,
      });
    await expectProblem(await patch({ status: 'done' }), 400);
    // Reassigning is the office's (or the item's lead unit's), no longer the planner's (reassign-rights.test.ts).
    await expectProblem(await patch({ assignedUnit: 'nobody' }, task.version, 'admin'), 400);
    await expectProblem(await patch({ title: '改名' }, task.version, 'leader'), 403);
    const changed = await patch({ title: '清掏雨水箅子', assignedUnit: 'chengguanzhongdui' }, task.version, 'admin');
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ title: '清掏雨水箅子', assignedUnit: 'chengguanzhongdui' });
    expect((await patch({ title: '再改' })).status).toBe(412);
    // Now assigned to 城管中队, who may work on it; the water station still leads the zone's item.
    const fresh = (await (await server.request(`/api/tasks/${task.id}`, { cookie: cookies.chengguan })).json()) as Task;
    expect((await act(fresh, 'start', 'chengguan')).status).toBe(200);
  });
});

describe('the update thread', () => {
  it('records creation, every action with its reason, notes and 督办 marks, with who and when', async () => {
    const zoneId = await freshZone();
    const task = await newTask(zoneId);
    const started = (await (await act(task, 'start', 'water')).json()) as Task;
    await act(started, 'suspend', 'admin', { reason: '等待管网改造' });
    const note = await server.request(`/api/tasks/${task.id}/notes`, {
      method: 'POST',
      cookie: cookies.leader,
      json: { note: '请尽快协调' },
    });
    expect(note.status).toBe(201);
    await expectProblem(
      await server.request(`/api/tasks/${task.id}/notes`, {
        method: 'POST',
        cookie: cookies.leader,
        json: { note: ' ' },
      }),
      400,
    );
    await expectProblem(
      await server.request(`/api/tasks/${task.id}/notes`, {
        method: 'POST',
        cookie: cookies.jianguan,
        json: { note: '越权' },
      }),
      403,
    );
    const supervised = await server.request(`/api/zones/${zoneId}/supervisions`, {
      method: 'POST',
      cookie: cookies.leader,
      json: { taskId: task.id, note: '本周内完成', deadline: addDays(server.today, 5) },
    });
    expect(supervised.status, await supervised.clone().text()).toBe(201);
    const thread = (await (
      await server.request(`/api/tasks/${task.id}/updates`, { cookie: cookies.inspector })
    ).json()) as TaskUpdate[];
    expect(thread.map((entry) => entry.kind)).toEqual(['created', 'action', 'action', 'note', 'supervision']);
    expect(thread[1]).toMatchObject({
      action: 'start',
      fromStatus: 'not_started',
      toStatus: 'in_progress',
      actor: 'water',
    });
    expect(thread[2]).toMatchObject({ action: 'suspend', note: '等待管网改造', actor: 'admin' });
    expect(thread[3]).toMatchObject({ note: '请尽快协调', actor: 'leader' });
    expect(thread[4]).toMatchObject({ note: '本周内完成', actor: 'leader' });
    expect(thread.every((entry) => entry.actorName && entry.at)).toBe(true);
    const audited = (
      await server.sql<{ action: string }>(
        "SELECT action FROM audit_log WHERE target_type = 'task' AND target_id = ? ORDER BY id",
        task.id,
      )
    ).map((row) => row.action);
    expect(audited.filter((action) => action.startsWith('task_'))).toEqual(['task_start', 'task_suspend']);
  });
});

describe('roll-up and the hand-set override', () => {
  it('keeps a hand-set status with its reason; needs a reason to set one; clearing it rolls up again', async () => {
    const zoneId = await freshZone();
    const task = await newTask(zoneId);
    await act(task, 'start', 'water');
    const zone = await zoneOf(zoneId);
    expect(zone.properties).toMatchObject({ status: 'in_progress', progress: 0, statusOverrideReason: null });
    // The campaign office: setting a rolled-up status by hand is its alone (zones/unit-rights.test.ts).
    const patch = (body: unknown, version: number) =>
      server.request(`/api/zones/${zoneId}`, {
        method: 'PATCH',
        cookie: cookies.admin,
        headers: { 'if-match': `"${version}"` },
        json: body,
      });
    const refused = await expectProblem(await patch({ properties: { progress: 60 } }, zone.properties.version), 400);
    expect(refused.detail).toMatch(/reason/);
    const set = await patch(
      { properties: { progress: 60 }, statusOverrideReason: '主体工程已完成，任务未及时更新' },
      zone.properties.version,
    );
    expect(set.status).toBe(200);
    const overridden = (await set.json()) as ZoneFeature;
    expect(overridden.properties).toMatchObject({
      progress: 60,
      statusOverrideReason: '主体工程已完成，任务未及时更新',
    });
    // A task change leaves the hand-set values alone.
    const current = (await (await server.request(`/api/tasks/${task.id}`, { cookie: cookies.water })).json()) as Task;
    await act(current, 'suspend', 'admin', { reason: '暂停' });
    expect((await zoneOf(zoneId)).properties.progress).toBe(60);
    const cleared = await patch({ statusOverrideReason: null }, overridden.properties.version);
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as ZoneFeature).properties).toMatchObject({
      status: 'suspended',
      progress: 0,
      statusOverrideReason: null,
    });
  });

  it('marks the sample zones whose status was set by hand', async () => {
    const zones = (await (await server.request('/api/zones', { cookie: cookies.leader })).json()) as {
      features: ZoneFeature[];
    };
    const marked = zones.features.filter((zone) => zone.properties.statusOverrideReason);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((zone) => zone.properties.taskCount > 0)).toBe(true);
  });
});

describe('work lists', () => {
  it('gives a unit its tasks by urgency, the office what awaits it, and others every overdue task', async () => {
    const zoneId = await freshZone();
    const late = await newTask(zoneId, 'water', addDays(server.today, -5));
    const soon = await newTask(zoneId, 'water', addDays(server.today, 2));
    const list = async (as: string) =>
      (await (await server.request('/api/my-tasks', { cookie: cookies[as] })).json()) as {
        scope: string;
        tasks: (Task & { zoneName: string })[];
      };
    const water = await list('water');
    expect(water.scope).toBe('unit');
    const ids = water.tasks.map((task) => task.id);
    expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(soon.id));
    expect(water.tasks.find((task) => task.id === late.id)!.zoneName).toBe('任务测试片区');
    const firstNotOverdue = water.tasks.findIndex((task) => !task.overdue);
    expect(water.tasks.slice(firstNotOverdue).some((task) => task.overdue)).toBe(false);
    const jianguan = await list('jianguan');
    expect(jianguan.tasks.some((task) => task.id === late.id)).toBe(false);
    await markSubmitted(soon);
    const office = await list('admin');
    expect(office.scope).toBe('office');
    expect(office.tasks.some((task) => task.id === soon.id)).toBe(true);
    expect(office.tasks.every((task) => task.status === 'pending_acceptance' || task.extensionRequest)).toBe(true);
    const leader = await list('leader');
    expect(leader.scope).toBe('overdue');
    expect(leader.tasks.every((task) => task.overdue)).toBe(true);
    expect(leader.tasks.some((task) => task.id === late.id)).toBe(true);
  });
});

describe('generated bodies on the task write routes (R6)', () => {
  const anyBody = fc.oneof(
    fc.record(
      {
        reason: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        dueDate: fc.oneof(fc.constantFrom('2026-12-31', '2026-02-30', ''), fc.string()),
        title: fc.oneof(fc.string({ maxLength: 200 }), fc.constant('')),
        measures: fc.anything(),
        assignedUnit: fc.oneof(fc.constantFrom('shuilizhan', 'nobody'), fc.string()),
        note: fc.oneof(fc.string({ maxLength: 3000 }), fc.constant('  ')),
        status: fc.string(),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue(),
  );
  const routes: [string, string, () => Promise<{ path: string; version?: number }>][] = [
    ['POST', '/api/zones/:id/tasks', async () => ({ path: `/api/zones/${await freshZone()}/tasks` })],
    ['PATCH', '/api/tasks/:id', async () => taskPath('')],
    ['POST', '/api/tasks/:id/actions/request_extension', async () => taskPath('/actions/request_extension')],
    ['POST', '/api/tasks/:id/actions/reject', async () => taskPath('/actions/reject')],
    ['POST', '/api/tasks/:id/notes', async () => taskPath('/notes')],
  ];
  let shared: Task | null = null;
  async function taskPath(suffix: string) {
    shared ??= await newTask(await freshZone());
    return { path: `/api/tasks/${shared.id}${suffix}` };
  }
  it.each(routes)(
    '%s %s: 1,000 generated bodies, no 5xx',
    async (method, _url, target) => {
      const { path } = await target();
      await fc.assert(
        fc.asyncProperty(anyBody, async (value) => {
          const version = shared
            ? (await server.sql<{ version: number }>('SELECT version FROM tasks WHERE id = ?', shared.id))[0]!.version
            : 1;
          const response = await server.request(path, {
            method,
            cookie: cookies.admin,
            headers: { 'if-match': `"${version}"` },
            json: value,
          });
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/problem\+json/);
          await response.arrayBuffer();
        }),
        { numRuns: 1000 },
      );
    },
    120_000,
  );
});
