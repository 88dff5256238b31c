import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import type { AssessmentReport, Commentary, MonthlyReport } from '../../../shared/reports/assessment';

/** 月报告 and 年考核 over real HTTP, on facts written straight into the database with known dates. */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer(); // today is 2026-06-15
  for (const name of ['admin', 'planner', 'leader', 'water']) cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

const zoneLedBy = (unit: string) =>
  (server.db.prepare('SELECT id FROM zones WHERE lead_unit_id = ? ORDER BY id').get(unit) as { id: number }).id;

function insertTask(task: {
  unit: string;
  due: string;
  status?: string;
  completedOn?: string | null;
  createdAt?: string;
  zone?: number;
}): number {
  const created = task.createdAt ?? '2025-01-05T02:00:00.000Z';
  return Number(
    server.db
      .prepare(
        `INSERT INTO tasks (zone_id, title, measures, assigned_unit_id, due_date, original_due_date, status,
                            completed_on, sort, created_at, updated_at)
         VALUES (?, '报表测试任务', '', ?, ?, ?, ?, ?, 99, ?, ?)`,
      )
      .run(
        task.zone ?? zoneLedBy('shuilizhan'),
        task.unit,
        task.due,
        task.due,
        task.status ?? 'in_progress',
        task.completedOn ?? null,
        created,
        created,
      ).lastInsertRowid,
  );
}
function insertAction(taskId: number, action: string, at: string) {
  server.db
    .prepare("INSERT INTO task_updates (task_id, kind, action, note, at) VALUES (?, 'action', ?, '', ?)")
    .run(taskId, action, at);
}
const adminId = () => (server.db.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: number }).id;
let keySeq = 0;
function insertPhoto(photo: { zone: number; task: number | null; phase: string; at: string; pairedWith?: number }) {
  keySeq += 1;
  return Number(
    server.db
      .prepare(
        `INSERT INTO photos (zone_id, task_id, phase, storage_key, mime, width, height, bytes, uploaded_by, uploaded_at,
                             paired_with, pair_flagged)
         VALUES (?, ?, ?, ?, 'image/jpeg', 10, 10, 100, ?, ?, ?, 0)`,
      )
      .run(
        photo.zone,
        photo.task,
        photo.phase,
        keySeq.toString(16).padStart(32, 'a'),
        adminId(),
        photo.at,
        photo.pairedWith ?? null,
      ).lastInsertRowid,
  );
}

async function monthly(month: string, as = 'leader'): Promise<MonthlyReport> {
  const response = await server.request(`/api/reports/monthly?month=${month}`, { cookie: cookies[as] });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as MonthlyReport;
}

describe('GET /api/reports/monthly', () => {
  it('a month with no data: every unit and the town at zero, not an error', async () => {
    const report = await monthly('2026-03');
    expect(report).toMatchObject({ month: '2026-03', from: '2026-03-01', to: '2026-03-31', asOf: '2026-03-31' });
    expect(report.units.length).toBeGreaterThan(5);
    const zero = {
      planned: 0,
      started: 0,
      finished: 0,
      overdue: 0,
      rework: 0,
      photos: 0,
      supervisions: 0,
      overdueSupervisions: 0,
    };
    for (const unit of report.units) expect(unit).toMatchObject({ ...zero, commentary: null });
    expect(report.town).toEqual({ ...zero, commentary: null });
    // Units follow the configuration's order; the water station leads R3 and R4.
    expect(report.units.find((unit) => unit.unit === 'shuilizhan')!.leads).toEqual(['R3', 'R4']);
  });

  it('lists a unit with no zones (数字城管成员单位, responsible for U1) with zeros', async () => {
    const report = await monthly('2026-03');
    expect(
      server.db.prepare("SELECT count(*) AS n FROM zones WHERE lead_unit_id = 'shuzichengguanchengyuan'").get(),
    ).toEqual({ n: 0 });
    expect(report.units.find((unit) => unit.unit === 'shuzichengguanchengyuan')).toMatchObject({
      planned: 0,
      overdue: 0,
      leads: [],
    });
  });

  it('a month with data: counts by the Shanghai day of each event', async () => {
    const zone = zoneLedBy('shuilizhan');
    const created = '2026-03-20T02:00:00.000Z';
    const done = insertTask({
      unit: 'shuilizhan',
      due: '2026-04-10',
      status: 'done',
      completedOn: '2026-04-08',
      createdAt: created,
    });
    const late = insertTask({ unit: 'shuilizhan', due: '2026-04-20', createdAt: created });
    insertTask({ unit: 'shuilizhan', due: '2026-05-10', createdAt: created });
    insertTask({ unit: 'shuilizhan', due: '2026-04-15', status: 'suspended', createdAt: created });
    insertAction(done, 'start', '2026-04-02T01:00:00.000Z');
    insertAction(done, 'reject', '2026-03-31T16:30:00.000Z'); // 1 April in Shanghai
    insertAction(done, 'reject', '2026-04-05T17:00:00.000Z');
    insertAction(late, 'reject', '2026-04-30T16:30:00.000Z'); // 1 May in Shanghai
    insertPhoto({ zone, task: done, phase: 'after', at: '2026-04-12T03:00:00.000Z' });
    insertPhoto({ zone, task: null, phase: 'progress', at: '2026-04-13T03:00:00.000Z' });
    insertPhoto({ zone, task: null, phase: 'progress', at: '2026-05-13T03:00:00.000Z' });
    server.db
      .prepare(
        "INSERT INTO supervisions (zone_id, task_id, note, deadline, created_by, created_at) VALUES (?, ?, '加快进度', '2026-04-25', ?, ?)",
      )
      .run(zone, late, adminId(), '2026-04-15T08:00:00.000Z');

    const report = await monthly('2026-04');
    const water = report.units.find((unit) => unit.unit === 'shuilizhan')!;
    expect(water).toMatchObject({
      planned: 3,
      started: 1,
      finished: 1,
      overdue: 1,
      rework: 2,
      photos: 2,
      supervisions: 1,
    });
    const { commentary: _town, ...town } = report.town;
    const { unit: _unit, leads: _leads, commentary: _commentary, ...figures } = water;
    expect(town).toEqual(figures);
    // In May the open April task is still overdue and the May-due one too (judged at 31 May).
    const may = (await monthly('2026-05')).units.find((unit) => unit.unit === 'shuilizhan')!;
    expect(may).toMatchObject({ planned: 1, finished: 0, overdue: 2, rework: 1, photos: 1 });
  });

  it('refuses a future or malformed month, and unknown parameters', async () => {
    for (const query of [
      'month=2026-07',
      'month=9999-01',
      'month=2026-13',
      'month=2026-00',
      'month=2026-4',
      'month=202604',
      'month=2026-04-01',
      'month=',
      'month=abc',
      'month=2026-04&month=2026-05',
      'month=2026-04&unit=x',
      "month=2026-04'--",
    ]) {
      const response = await server.request(`/api/reports/monthly?${query}`, { cookie: cookies.leader });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('answers the running month when none is given', async () => {
    const report = await monthly('2026-06');
    expect(report.asOf).toBe('2026-06-15');
    const response = await server.request('/api/reports/monthly', { cookie: cookies.leader });
    expect(((await response.json()) as MonthlyReport).month).toBe('2026-06');
  });
});

describe('PUT /api/reports/monthly/:month/commentary/:unit', () => {
  const put = (path: string, body: unknown, as = 'admin') =>
    server.request(`/api/reports/monthly/${path}`, { method: 'PUT', cookie: cookies[as], json: body });

  it('saves, versions and shows a unit’s commentary; a stale version is 412', async () => {
    const text = '水利站本月完成雨水口清掏 <script>alert(1)</script> =SUM(A1)';
    const first = await put('2026-04/commentary/shuilizhan', { text });
    expect(first.status, await first.clone().text()).toBe(200);
    expect((await first.json()) as Commentary).toMatchObject({
      unit: 'shuilizhan',
      text,
      version: 1,
      updatedBy: 'admin',
    });

    const blind = await put('2026-04/commentary/shuilizhan', { text: '覆盖' });
    expect(blind.status).toBe(412);
    expect(await blind.json()).toMatchObject({ currentVersion: 1, current: { text } });

    const second = await put('2026-04/commentary/shuilizhan', { text: '第二稿', version: 1 });
    expect(second.status).toBe(200);
    expect(((await second.json()) as Commentary).version).toBe(2);
    const stale = await put('2026-04/commentary/shuilizhan', { text: '旧稿', version: 1 });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ currentVersion: 2 });
    const none = await put('2026-03/commentary/shuilizhan', { text: '无', version: 3 });
    expect(none.status).toBe(412);

    const report = await monthly('2026-04');
    expect(report.units.find((unit) => unit.unit === 'shuilizhan')!.commentary).toMatchObject({
      text: '第二稿',
      version: 2,
    });
    const audit = server.db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'report_commentary_saved'")
      .get() as { n: number };
    expect(audit.n).toBe(2);
  });

  it('keeps the town summary under "town"', async () => {
    const response = await put('2026-04/commentary/town', { text: '全镇本月推进顺利' });
    expect(response.status).toBe(200);
    expect((await monthly('2026-04')).town.commentary).toMatchObject({ unit: '', text: '全镇本月推进顺利' });
  });

  it('is for the campaign office only: 403 for planners, units and leaders, 401 for visitors', async () => {
    for (const as of ['planner', 'water', 'leader']) {
      expect((await put('2026-04/commentary/shuilizhan', { text: '越权' }, as)).status).toBe(403);
    }
    const anonymous = await server.request('/api/reports/monthly/2026-04/commentary/shuilizhan', {
      method: 'PUT',
      json: { text: 'x' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses bad input with 400 (or 415) saying what is wrong', async () => {
    const cases: [string, unknown][] = [
      ['2026-04/commentary/shuilizhan', { text: 'x'.repeat(4001) }],
      ['2026-04/commentary/shuilizhan', { text: 5 }],
      ['2026-04/commentary/shuilizhan', {}],
      ['2026-04/commentary/shuilizhan', { text: 'x', version: 0 }],
      ['2026-04/commentary/shuilizhan', { text: 'x', version: 'a' }],
      ['2026-04/commentary/shuilizhan', { text: 'x', extra: 1 }],
      ['2026-04/commentary/shuilizhan', ['x']],
      ['2026-04/commentary/shuilizhan', null],
      ['2026-04/commentary/no-such-unit', { text: 'x' }],
      [`2026-04/commentary/${'u'.repeat(65)}`, { text: 'x' }],
      ['2026-13/commentary/shuilizhan', { text: 'x' }],
      ['2026-07/commentary/shuilizhan', { text: 'x' }],
      ['april/commentary/shuilizhan', { text: 'x' }],
    ];
    for (const [path, body] of cases) {
      const response = await put(path, body);
      expect(response.status, `${path} ${JSON.stringify(body)?.slice(0, 40)}`).toBe(400);
      expect(((await response.json()) as { detail: string }).detail.length).toBeGreaterThan(5);
    }
    const text = await server.request('/api/reports/monthly/2026-04/commentary/shuilizhan', {
      method: 'PUT',
      cookie: cookies.admin,
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
  });
});

describe('GET /api/assessment', () => {
  it('ranks the units with enough work by composite; units with too little work are 不参与排名, without a score', async () => {
    const created = '2025-02-01T02:00:00.000Z';
    // 城管中队: three tasks done on time with unflagged before/after pairs → 100, A.
    const chengguanZone = zoneLedBy('chengguanzhongdui');
    for (let index = 0; index < 3; index += 1) {
      const perfect = insertTask({
        unit: 'chengguanzhongdui',
        due: '2025-05-31',
        status: 'done',
        completedOn: '2025-05-20',
        createdAt: created,
        zone: chengguanZone,
      });
      const before = insertPhoto({
        zone: chengguanZone,
        task: perfect,
        phase: 'before',
        at: '2025-03-01T02:00:00.000Z',
      });
      insertPhoto({
        zone: chengguanZone,
        task: perfect,
        phase: 'after',
        at: '2025-05-20T02:00:00.000Z',
        pairedWith: before,
      });
    }
    // 建管所: one task done on time, no photo pair, no check: it would score 82.4 from one task, so it is not ranked.
    insertTask({
      unit: 'jianguansuo',
      due: '2025-06-30',
      status: 'done',
      completedOn: '2025-06-01',
      createdAt: created,
    });
    // 水利站: one done late, one open; a check of 60 on a zone it leads: two tasks due, not ranked either.
    insertTask({
      unit: 'shuilizhan',
      due: '2025-06-30',
      status: 'done',
      completedOn: '2025-07-05',
      createdAt: created,
    });
    insertTask({ unit: 'shuilizhan', due: '2025-09-30', createdAt: created });
    server.db
      .prepare(
        `INSERT INTO quarterly_checks (zone_id, quarter, checked_on, passed, score, checked_by, created_at)
         VALUES (?, '2025-Q3', '2025-09-20', 1, 60, ?, '2025-09-20T02:00:00.000Z')`,
      )
      .run(zoneLedBy('shuilizhan'), adminId());
    // 环卫所: only a suspended task → no score.
    insertTask({ unit: 'huanweisuo', due: '2025-06-30', status: 'suspended', createdAt: created });

    const response = await server.request('/api/assessment?year=2025', { cookie: cookies.water });
    expect(response.status, await response.clone().text()).toBe(200);
    const report = (await response.json()) as AssessmentReport;
    expect(report).toMatchObject({ year: 2025, from: '2025-01-01', to: '2025-12-31' });
    expect(report.config.weights.completion).toBe(25);
    expect(report.config.minTasks).toBe(3);
    const ranked = report.units.filter((unit) => unit.rank !== null);
    expect(ranked.map((unit) => [unit.unit, unit.rank, unit.composite, unit.grade])).toEqual([
      ['chengguanzhongdui', 1, 100, 'A'],
    ]);
    expect(report.units.slice(1, 3).map((unit) => [unit.unit, unit.rank, unit.composite, unit.unranked])).toEqual([
      ['jianguansuo', null, null, 'too-few-tasks'],
      ['shuilizhan', null, null, 'too-few-tasks'],
    ]);
    const unscored = report.units.slice(1);
    expect(unscored.every((unit) => unit.composite === null && unit.grade === null)).toBe(true);
    const huanwei = unscored.find((unit) => unit.unit === 'huanweisuo')!;
    expect(huanwei.indicators.expected).toBe(0);
    expect(huanwei.indicators.completion).toBeNull();
    const water = report.units.find((unit) => unit.unit === 'shuilizhan')!.indicators;
    expect(water).toMatchObject({ expected: 2, done: 1, doneOnTime: 0, completion: 0.5, onTime: 0, check: 60 });
  });

  it('refuses a malformed or future year', async () => {
    for (const query of [
      'year=26',
      'year=2025a',
      'year=',
      'year=2027',
      'year=1800',
      'year=2025&month=1',
      'year=२०२५',
    ]) {
      const response = await server.request(`/api/assessment?${query}`, { cookie: cookies.leader });
      expect(response.status, query).toBe(400);
    }
    expect((await server.request('/api/assessment', { cookie: cookies.leader })).status).toBe(200);
    expect((await server.request('/api/assessment?year=2026')).status).toBe(401);
  });
});
