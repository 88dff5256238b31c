import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { addDays } from '../../../shared/time/dates';
import type { Supervision } from '../../../shared/supervision/supervision';
import type { Task, ZoneCollection } from '../../../shared/zones/zone';

/** The 督办 loop over HTTP: issue (zone, task, case), the unit's reply, close and reopen with If-Match, lists. */
let server: TestServer;
const cookies: Record<string, string> = {};
let riverZone: string;
let riverTask: Task;
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'leader', 'inspector', 'water', 'jianguan']) cookies[name] = await server.login(name);
  const zones = (await (await server.request('/api/zones', { cookie: cookies.leader })).json()) as ZoneCollection;
  riverZone = zones.features.find((zone) => zone.properties.name === '市河（古镇段）河道整治')!.id;
  const tasks = (await (
    await server.request(`/api/zones/${riverZone}/tasks`, { cookie: cookies.leader })
  ).json()) as Task[];
  riverTask = tasks.find((task) => task.assignedUnit === 'shuilizhan')!;
});
afterAll(async () => {
  await server?.close();
});

const post = (path: string, as: string, json: unknown, headers: Record<string, string> = {}) =>
  server.request(path, { method: 'POST', cookie: cookies[as], json, headers });

async function issue(json: Record<string, unknown>, as = 'leader'): Promise<Supervision> {
  const response = await post('/api/supervisions', as, json);
  expect(response.status, await response.clone().text()).toBe(201);
  const created = (await response.json()) as Supervision;
  expect(response.headers.get('etag')).toBe(`"${created.version}"`);
  expect(response.headers.get('location')).toBe(`/api/supervisions/${created.id}`);
  return created;
}

const problem = async (response: Response) => {
  expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  return (await response.json()) as { detail: string; errors?: { path: string }[] };
};

describe('the 督办 loop', () => {
  it('issues on a zone, the lead unit replies with a photo and a new date, the leader sends back and closes', async () => {
    const deadline = addDays(server.today, 3);
    const created = await issue({ zoneId: riverZone, note: '河岸垃圾三天内清完', deadline });
    expect(created).toMatchObject({
      zoneId: riverZone,
      zoneName: '市河（古镇段）河道整治',
      unit: 'shuilizhan',
      status: 'open',
      overdue: false,
      version: 1,
      steps: [],
    });

    // Only the responsible unit replies.
    const foreign = await post(`/api/supervisions/${created.id}/replies`, 'jianguan', { progress: '已处理' });
    expect(foreign.status).toBe(403);
    expect((await problem(foreign)).detail).toMatch(/responsible/);
    expect((await post(`/api/supervisions/${created.id}/replies`, 'leader', { progress: 'x' })).status).toBe(403);

    const upload = await server.request(`/api/zones/${riverZone}/photos`, {
      method: 'POST',
      cookie: cookies.water,
      body: photoForm({ phase: 'before' }, [{ bytes: await makeTestPhoto({ width: 64, height: 48 }) }]),
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const photoId = ((await upload.json()) as { photos: { id: string }[] }).photos[0]!.id;

    const bad = await post(`/api/supervisions/${created.id}/replies`, 'water', {
      progress: '  ',
      newDate: '2026-02-30',
    });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).errors?.map((error) => error.path).sort()).toEqual(['newDate', 'progress']);
    const foreignPhoto = await post(`/api/supervisions/${created.id}/replies`, 'water', {
      progress: '已清理',
      photoIds: ['999999'],
    });
    expect(foreignPhoto.status).toBe(400);
    expect((await problem(foreignPhoto)).detail).toMatch(/999999/);

    const replied = await post(`/api/supervisions/${created.id}/replies`, 'water', {
      progress: '已清理河岸垃圾 80%',
      photoIds: [photoId],
      newDate: addDays(server.today, 5),
    });
    expect(replied.status, await replied.clone().text()).toBe(201);
    const afterReply = (await replied.json()) as Supervision;
    expect(afterReply).toMatchObject({ status: 'replied', version: 2 });
    expect(afterReply.steps).toEqual([
      expect.objectContaining({
        kind: 'reply',
        text: '已清理河岸垃圾 80%',
        photoIds: [photoId],
        newDate: addDays(server.today, 5),
        actorName: '水利站（演示）',
        actorUnit: 'shuilizhan',
      }),
    ]);

    // Close and reopen need If-Match; only the issuer or the office.
    const close = `/api/supervisions/${created.id}/actions/close`;
    const reopen = `/api/supervisions/${created.id}/actions/reopen`;
    expect((await post(close, 'leader', {})).status).toBe(428);
    const stale = await post(close, 'leader', {}, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ currentVersion: 2, current: { status: 'replied' } });
    expect((await post(close, 'water', {}, { 'if-match': '"2"' })).status).toBe(403);
    expect((await post(reopen, 'inspector', {}, { 'if-match': '"2"' })).status).toBe(403);

    const sentBack = await post(
      reopen,
      'leader',
      { note: '照片不清楚，请补拍', deadline: addDays(server.today, 4) },
      {
        'if-match': '"2"',
      },
    );
    expect(sentBack.status, await sentBack.clone().text()).toBe(200);
    expect(await sentBack.json()).toMatchObject({ status: 'open', version: 3, deadline: addDays(server.today, 4) });
    // Closing needs a reply to accept: 409 while open.
    const early = await post(close, 'leader', {}, { 'if-match': '"3"' });
    expect(early.status).toBe(409);

    await post(`/api/supervisions/${created.id}/replies`, 'water', { progress: '已补拍' });
    const closed = await post(close, 'admin', { note: '同意' }, { 'if-match': '"4"' });
    expect(closed.status, await closed.clone().text()).toBe(200);
    const final = (await closed.json()) as Supervision;
    expect(final).toMatchObject({ status: 'closed', version: 5, overdue: false });
    expect(final.resolvedAt).not.toBeNull();
    expect(final.steps.map((step) => step.kind)).toEqual(['reply', 'reopen', 'reply', 'close']);
    // Closed: no more replies.
    expect((await post(`/api/supervisions/${created.id}/replies`, 'water', { progress: '再报' })).status).toBe(409);

    const audit = await server.sql<{ action: string }>(
      "SELECT action FROM audit_log WHERE action LIKE 'supervision_%' AND outcome = 'ok' ORDER BY id",
    );
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['supervision_created', 'supervision_reply', 'supervision_reopen', 'supervision_close']),
    );
  });

  it('issues on a task (its assigned unit answers) and refuses bad targets with problem+json', async () => {
    const onTask = await issue({ taskId: riverTask.id, note: '加快进度', deadline: server.today }, 'admin');
    expect(onTask).toMatchObject({ taskId: riverTask.id, zoneId: riverZone, unit: riverTask.assignedUnit });

    const two = await post('/api/supervisions', 'leader', {
      zoneId: riverZone,
      taskId: riverTask.id,
      note: 'x',
      deadline: server.today,
    });
    expect(two.status).toBe(400);
    expect((await problem(two)).errors?.[0]?.path).toBe('zoneId');
    const past = await post('/api/supervisions', 'leader', { zoneId: riverZone, note: 'x', deadline: '2020-01-01' });
    expect(past.status).toBe(400);
    expect((await problem(past)).detail).toMatch(/past/);
    const missing = await post('/api/supervisions', 'leader', { caseId: '987654', note: 'x', deadline: server.today });
    expect(missing.status).toBe(404);
    expect((await problem(missing)).detail).toBe('Case 987654 does not exist');
    expect(
      (await post('/api/supervisions', 'water', { zoneId: riverZone, note: 'x', deadline: server.today })).status,
    ).toBe(403);
    const wrongStatus = await server.request('/api/supervisions?status=late', { cookie: cookies.leader });
    expect(wrongStatus.status).toBe(400);
  });

  it('lists open, overdue and closed 督办, and a unit its own', async () => {
    const late = await issue({ zoneId: riverZone, note: '逾期的督办', deadline: server.today });
    // Make it overdue behind the API: the deadline was yesterday.
    await server.sql('UPDATE supervisions SET deadline = ? WHERE id = ?', addDays(server.today, -1), Number(late.id));
    const list = async (query: string, as = 'inspector') => {
      const response = await server.request(`/api/supervisions${query}`, { cookie: cookies[as] });
      expect(response.status).toBe(200);
      return (await response.json()) as Supervision[];
    };
    const overdue = await list('?status=overdue');
    expect(overdue.map((entry) => entry.id)).toEqual([late.id]);
    expect(overdue[0]).toMatchObject({ overdue: true, status: 'open' });
    const open = await list('?status=open');
    expect(open.every((entry) => entry.status !== 'closed')).toBe(true);
    expect(open.map((entry) => entry.id)).toContain(late.id);
    const closed = await list('?status=closed');
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((entry) => entry.status === 'closed')).toBe(true);
    const all = await list('');
    expect(all.length).toBe(open.length + closed.length);
    // Newest first.
    expect(all.map((entry) => Number(entry.id))).toEqual(
      [...all.map((entry) => Number(entry.id))].sort((a, b) => b - a),
    );
    expect((await list('?mine=1', 'jianguan')).every((entry) => entry.unit === 'jianguansuo')).toBe(true);
    expect((await list('?mine=1', 'water')).map((entry) => entry.id)).toContain(late.id);
    expect((await server.request('/api/supervisions?mine=1', { cookie: cookies.leader })).status).toBe(400);
    // The zone panel's list holds the same 督办 of the zone.
    const ofZone = (await (
      await server.request(`/api/zones/${riverZone}/supervisions`, { cookie: cookies.leader })
    ).json()) as Supervision[];
    expect(ofZone.map((entry) => entry.id)).toContain(late.id);

    // The overdue 督办 counts in the 月报告 and the 年考核 of the unit that must answer it (weight as data).
    const monthly = (await (
      await server.request(`/api/reports/monthly?month=${server.today.slice(0, 7)}`, { cookie: cookies.leader })
    ).json()) as { units: { unit: string; overdueSupervisions: number }[]; town: { overdueSupervisions: number } };
    expect(monthly.units.find((row) => row.unit === 'shuilizhan')?.overdueSupervisions).toBe(1);
    expect(monthly.town.overdueSupervisions).toBe(1);
    const assessment = (await (await server.request('/api/assessment', { cookie: cookies.leader })).json()) as {
      config: { weights: { supervision?: number } };
      units: {
        unit: string;
        indicators: { supervisionsDue: number; supervisionsOverdue: number; supervision: number };
      }[];
    };
    expect(assessment.config.weights.supervision).toBe(10);
    expect(assessment.units.find((row) => row.unit === 'shuilizhan')?.indicators).toMatchObject({
      supervisionsDue: 1,
      supervisionsOverdue: 1,
      supervision: 0,
    });
    // Answered now, after its deadline: still overdue in the reports.
    await post(`/api/supervisions/${late.id}/replies`, 'water', { progress: '迟到的答复' });
    const again = (await (
      await server.request(`/api/reports/monthly?month=${server.today.slice(0, 7)}`, { cookie: cookies.leader })
    ).json()) as typeof monthly;
    expect(again.town.overdueSupervisions).toBe(1);
  });
});
