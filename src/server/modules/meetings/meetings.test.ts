import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { addDays } from '../../../shared/time/dates';
import { quarterOf } from '../../../shared/checks/checks';
import { quarterlyCheckBody } from '../../../testing/check-bodies';
import type { Decision, Meeting } from '../../../shared/meetings/meetings';
import type { Supervision } from '../../../shared/supervision/supervision';
import type { Task, ZoneCollection } from '../../../shared/zones/zone';
import type { MonthlyReport } from '../../../shared/reports/assessment';
import { SAMPLE_MEETING_LABEL, seedSampleMeetings } from './sample-meetings';

/** Meetings over HTTP: the agenda from the campaign's real state, minutes with If-Match, decisions → task / 督办. */
let server: TestServer;
const cookies: Record<string, string> = {};
let zones: ZoneCollection;
const zoneNamed = (name: string) => zones.features.find((zone) => zone.properties.name === name)!.id;

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'leader', 'planner', 'inspector', 'water', 'jianguan', 'chengguan']) {
    cookies[name] = await server.login(name);
  }
  zones = (await (await server.request('/api/zones', { cookie: cookies.leader })).json()) as ZoneCollection;
});
afterAll(async () => {
  await server?.close();
});

const send = (method: string, path: string, as: string, json?: unknown, headers: Record<string, string> = {}) =>
  server.request(path, { method, cookie: cookies[as], ...(json === undefined ? {} : { json }), headers });

async function ok<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

async function problem(response: Response, status: number) {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  return (await response.json()) as { detail: string; errors?: { path: string }[] };
}

const newMeeting = (attendees: string[] = ['shuilizhan']) => ({
  kind: 'routine',
  title: '创建办工作例会',
  date: addDays(server.today, 2),
  time: '09:00',
  place: '镇政府三楼会议室',
  attendees,
});

describe('meetings', () => {
  it('generates the agenda from the overdue tasks, the open 督办, failed 季检查 and the unit ranking', async () => {
    // A 督办 on the river zone (unanswered) and a failed 季检查 of the market zone, through their own routes.
    const river = zoneNamed('市河（古镇段）河道整治');
    const issued = await ok<Supervision>(
      await send('POST', '/api/supervisions', 'leader', {
        zoneId: river,
        note: '河岸垃圾三天内清完',
        deadline: addDays(server.today, 3),
      }),
      201,
    );
    const market = zoneNamed('锦溪农贸市场');
    const { check: failed } = await ok<{ check: { score: number } }>(
      await send(
        'POST',
        `/api/zones/${market}/checks`,
        'inspector',
        quarterlyCheckBody('R6', {
          quarter: quarterOf(server.today),
          checkedOn: server.today,
          passed: false,
          score: 45,
          findings: '摊位出店经营',
        }),
      ),
      201,
    );

    const response = await send('POST', '/api/meetings', 'admin', newMeeting());
    const meeting = await ok<Meeting>(response, 201);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/api/meetings/${meeting.id}`);
    const agenda = meeting.agenda!;
    expect(agenda.asOf).toBe(server.today);

    // Overdue: exactly what the 月报告's overdue figure counts, grouped by unit.
    const monthly = await ok<MonthlyReport>(
      await send('GET', `/api/reports/monthly?month=${server.today.slice(0, 7)}`, 'leader'),
    );
    expect(agenda.overdueTotal).toBe(monthly.town.overdue);
    expect(agenda.overdueTotal).toBeGreaterThan(0);
    const flood = zoneNamed('长寿路低洼易涝片区');
    const floodTasks = await ok<Task[]>(await send('GET', `/api/zones/${flood}/tasks`, 'leader'));
    const lateTask = floodTasks.find((task) => task.overdue)!;
    const unitEntry = agenda.overdueByUnit.find((entry) => entry.unit === lateTask.assignedUnit)!;
    expect(unitEntry.tasks).toContainEqual(
      expect.objectContaining({ taskId: lateTask.id, zoneId: flood, dueDate: lateTask.dueDate }),
    );

    expect(agenda.supervisions).toContainEqual(
      expect.objectContaining({ id: issued.id, unit: 'shuilizhan', unanswered: true, overdue: false }),
    );
    expect(agenda.supervisionTotals.unanswered).toBeGreaterThanOrEqual(1);
    expect(agenda.failedChecks).toContainEqual(
      expect.objectContaining({ zoneId: market, score: failed.score, findings: '摊位出店经营' }),
    );
    // The ranking: best share done first, positions 1..n.
    expect(agenda.ranking.map((entry) => entry.rank)).toEqual(agenda.ranking.map((_, index) => index + 1));
    const rates = agenda.ranking.map((entry) => entry.completionRate ?? -1);
    expect([...rates].sort((a, b) => b - a)).toEqual(rates);

    // The agenda is a snapshot: the 督办 answered later still reads as unanswered until it is generated again.
    await ok(await send('POST', `/api/supervisions/${issued.id}/replies`, 'water', { progress: '已清理' }), 201);
    const again = await ok<Meeting>(await send('GET', `/api/meetings/${meeting.id}`, 'admin'));
    expect(again.agenda).toEqual(agenda);
    const stale = await send('POST', `/api/meetings/${meeting.id}/agenda`, 'admin', {}, { 'If-Match': '"9"' });
    await problem(stale, 412);
    await problem(await send('POST', `/api/meetings/${meeting.id}/agenda`, 'admin', {}), 428);
    const regenerated = await ok<Meeting>(
      await send('POST', `/api/meetings/${meeting.id}/agenda`, 'admin', {}, { 'If-Match': '"1"' }),
    );
    expect(regenerated.version).toBe(2);
    expect(regenerated.agenda!.supervisions.find((entry) => entry.id === issued.id)?.unanswered).toBe(false);
  });

  it('keeps the minutes with If-Match: 428 without it, 412 when stale, and a held meeting keeps its agenda', async () => {
    const meeting = await ok<Meeting>(await send('POST', '/api/meetings', 'leader', newMeeting()), 201);
    await problem(await send('PATCH', `/api/meetings/${meeting.id}`, 'admin', { minutes: '一、通报' }), 428);
    const held = await ok<Meeting>(
      await send(
        'PATCH',
        `/api/meetings/${meeting.id}`,
        'admin',
        { minutes: '一、通报', state: 'held' },
        {
          'If-Match': '"1"',
        },
      ),
    );
    expect(held).toMatchObject({ minutes: '一、通报', state: 'held', version: 2 });
    const stale = await problem(
      await send('PATCH', `/api/meetings/${meeting.id}`, 'admin', { minutes: '改' }, { 'If-Match': '"1"' }),
      412,
    );
    expect(stale).toMatchObject({ currentVersion: 2 });
    await problem(await send('POST', `/api/meetings/${meeting.id}/agenda`, 'admin', {}, { 'If-Match': '"2"' }), 409);
  });

  it('turns a decision into a task and another into a 督办, each once', async () => {
    const meeting = await ok<Meeting>(await send('POST', '/api/meetings', 'admin', newMeeting()), 201);
    const due = addDays(server.today, 7);
    const decide = (text: string, ownerUnit: string) =>
      send('POST', `/api/meetings/${meeting.id}/decisions`, 'admin', { text, ownerUnit, dueDate: due });
    const toTask = await ok<Decision>(await decide('市河沿岸垃圾一周内清理完毕', 'shuilizhan'), 201);
    const toSupervise = await ok<Decision>(await decide('农贸市场出店经营限期整改', 'jianguansuo'), 201);
    const river = zoneNamed('市河（古镇段）河道整治');
    const market = zoneNamed('锦溪农贸市场');

    const taskAction = `/api/meetings/${meeting.id}/decisions/${toTask.id}/actions/task`;
    const linked = await ok<Decision>(await send('POST', taskAction, 'admin', { zoneId: river }), 201);
    expect(linked).toMatchObject({ outcome: 'task', supervisionId: null });
    const task = await ok<Task>(await send('GET', `/api/tasks/${linked.taskId}`, 'leader'));
    expect(task).toMatchObject({ zoneId: river, assignedUnit: 'shuilizhan', dueDate: due, status: 'not_started' });
    expect(task.title).toBe('市河沿岸垃圾一周内清理完毕');
    // Again: the same decision, no second task.
    const repeat = await ok<Decision>(await send('POST', taskAction, 'admin', { zoneId: river }));
    expect(repeat.taskId).toBe(linked.taskId);
    const riverTasks = await ok<Task[]>(await send('GET', `/api/zones/${river}/tasks`, 'leader'));
    expect(riverTasks.filter((entry) => entry.title === task.title)).toHaveLength(1);
    // It cannot become a 督办 as well.
    await problem(
      await send('POST', `/api/meetings/${meeting.id}/decisions/${toTask.id}/actions/supervise`, 'admin', {
        zoneId: river,
      }),
      409,
    );

    const superviseAction = `/api/meetings/${meeting.id}/decisions/${toSupervise.id}/actions/supervise`;
    const [first, second] = await Promise.all([
      send('POST', superviseAction, 'leader', { zoneId: market }),
      send('POST', superviseAction, 'leader', { zoneId: market }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    const supervised = (await first.json()) as Decision;
    expect((await second.json()) as Decision).toMatchObject({ supervisionId: supervised.supervisionId });
    const supervision = await ok<Supervision>(
      await send('GET', `/api/supervisions/${supervised.supervisionId}`, 'leader'),
    );
    expect(supervision).toMatchObject({
      zoneId: market,
      unit: 'jianguansuo',
      deadline: due,
      note: '农贸市场出店经营限期整改',
      status: 'open',
    });
    const open = await ok<Supervision[]>(await send('GET', '/api/supervisions?status=open', 'leader'));
    expect(open.filter((entry) => entry.note === '农贸市场出店经营限期整改')).toHaveLength(1);

    const read = await ok<Meeting>(await send('GET', `/api/meetings/${meeting.id}`, 'admin'));
    expect(read.decisions.map((entry) => [entry.outcome, entry.taskId, entry.supervisionId])).toEqual([
      ['task', linked.taskId, null],
      ['supervision', null, supervised.supervisionId],
    ]);
  });

  it('refuses bad input with problem+json', async () => {
    await problem(await send('POST', '/api/meetings', 'admin', { ...newMeeting(), kind: 'weekly' }), 400);
    await problem(await send('POST', '/api/meetings', 'admin', { ...newMeeting(), time: '25:00' }), 400);
    const unknown = await problem(await send('POST', '/api/meetings', 'admin', newMeeting(['nobody'])), 400);
    expect(unknown.errors?.[0]?.path).toBe('attendees');
    await problem(await send('GET', '/api/meetings/999999', 'admin'), 404);
    const meeting = await ok<Meeting>(await send('POST', '/api/meetings', 'admin', newMeeting()), 201);
    const decisions = `/api/meetings/${meeting.id}/decisions`;
    await problem(
      await send('POST', decisions, 'admin', {
        text: '过期',
        ownerUnit: 'shuilizhan',
        dueDate: addDays(server.today, -1),
      }),
      400,
    );
    await problem(
      await send('POST', decisions, 'admin', { text: '', ownerUnit: 'shuilizhan', dueDate: server.today }),
      400,
    );
    const decision = await ok<Decision>(
      await send('POST', decisions, 'admin', { text: '清理', ownerUnit: 'shuilizhan', dueDate: server.today }),
      201,
    );
    const action = `${decisions}/${decision.id}/actions`;
    await problem(await send('POST', `${action}/task`, 'admin', { zoneId: '999999' }), 404);
    await problem(await send('POST', `${action}/supervise`, 'admin', {}), 400);
    await problem(await send('POST', `${action}/close`, 'admin', {}), 400);
    // Nothing was claimed by the refused attempts.
    const read = await ok<Meeting>(await send('GET', `/api/meetings/${meeting.id}`, 'admin'));
    expect(read.decisions[0]).toMatchObject({ outcome: null, taskId: null, supervisionId: null });
  });

  it('lets the office and leaders write; units read only the meetings they attend or own a decision of', async () => {
    for (const as of ['planner', 'inspector', 'water']) {
      await problem(await send('POST', '/api/meetings', as, newMeeting()), 403);
    }
    const meeting = await ok<Meeting>(await send('POST', '/api/meetings', 'admin', newMeeting(['shuilizhan'])), 201);
    await problem(
      await send('PATCH', `/api/meetings/${meeting.id}`, 'water', { minutes: 'x' }, { 'If-Match': '"1"' }),
      403,
    );
    await ok(await send('GET', `/api/meetings/${meeting.id}`, 'water'));
    await problem(await send('GET', `/api/meetings/${meeting.id}`, 'chengguan'), 403);
    const listed = (as: string) =>
      send('GET', '/api/meetings', as).then(async (response) => (await ok<Meeting[]>(response)).map((m) => m.id));
    expect(await listed('water')).toContain(meeting.id);
    expect(await listed('chengguan')).not.toContain(meeting.id);
    expect(await listed('planner')).toContain(meeting.id);
    await ok(
      await send('POST', `/api/meetings/${meeting.id}/decisions`, 'admin', {
        text: '占道经营整治',
        ownerUnit: 'chengguanzhongdui',
        dueDate: server.today,
      }),
      201,
    );
    expect(await listed('chengguan')).toContain(meeting.id);
    expect((await server.request('/api/meetings')).status).toBe(401);
  });
});

describe('the sample meetings (示例数据)', () => {
  it('seeds a held 例会 with minutes and two decisions, one a 督办, and a planned 专项工作会议', async () => {
    await seedSampleMeetings(server.repos, new Date(`${server.today}T02:00:00Z`));
    const meetings = (await ok<Meeting[]>(await send('GET', '/api/meetings', 'admin'))).filter((meeting) =>
      meeting.title.startsWith(`【${SAMPLE_MEETING_LABEL}】`),
    );
    const routine = meetings.find((meeting) => meeting.kind === 'routine')!;
    expect(routine).toMatchObject({ state: 'held', date: addDays(server.today, -7) });
    expect(routine.minutes).toMatch(/^示例数据/);
    expect(routine.decisions).toHaveLength(2);
    const supervised = routine.decisions.find((decision) => decision.outcome === 'supervision')!;
    const supervision = await ok<Supervision>(
      await send('GET', `/api/supervisions/${supervised.supervisionId}`, 'leader'),
    );
    expect(supervision).toMatchObject({ unit: supervised.ownerUnit, deadline: supervised.dueDate });
    expect(routine.decisions.filter((decision) => decision.outcome === null)).toHaveLength(1);
    expect(meetings.find((meeting) => meeting.kind === 'quarterly')).toMatchObject({ state: 'planned' });
  });
});
