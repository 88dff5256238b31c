import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditTrail,
  ENGINES,
  openEngine,
  pgAudit,
  seedBasics,
  seedPhoto,
  seedTask,
  seedZone,
  sqliteAudit,
  square,
  type EngineDb,
} from '../../../testing/engines';
import type { Actor } from '../../platform/audit';
import { createReportsRepository, type ReportsRepository } from './reports.repo';
import { createReportsPgRepository } from './reports.pg';

// Instants near midnight in Shanghai (UTC+8) fall on the next or the same Shanghai day as written.
const MARCH_1_0030 = '2026-02-28T16:30:00.000Z';
const FEB_28_2300 = '2026-02-28T15:00:00.000Z';
const APRIL_1_0030 = '2026-03-31T16:30:00.000Z';

describe.each(ENGINES)('reports repository on %s', (engine) => {
  let db: EngineDb;
  let repo: ReportsRepository;
  let actor: Actor;
  beforeAll(async () => {
    db = await openEngine(engine);
    const { userId } = await seedBasics(db);
    actor = { id: String(userId), username: 'admin', ip: null };
    const z1 = await seedZone(db, { name: '一', category: 'A1', geometry: square(120.8, 31.1), leadUnit: 'u1' });
    const z2 = await seedZone(db, { name: '二', category: 'A1', geometry: square(120.9, 31.1), leadUnit: 'u2' });
    const gone = await seedZone(db, { name: '删', category: 'A1', geometry: square(121, 31.1), leadUnit: 'u2' });
    await db.all('UPDATE zones SET deleted_at = @at WHERE id = @id', { at: '2026-01-05T00:00:00.000Z', id: gone });
    const t1 = await seedTask(db, {
      zoneId: z1,
      unit: 'u1',
      dueDate: '2026-03-10',
      status: 'done',
      completedOn: '2026-03-09',
      createdAt: MARCH_1_0030,
    });
    const t2 = await seedTask(db, {
      zoneId: z1,
      unit: 'u2',
      dueDate: '2026-03-05',
      status: 'in_progress',
      createdAt: '2026-01-10T02:00:00.000Z',
    });
    await seedTask(db, { zoneId: gone, unit: 'u1', dueDate: '2026-03-10' });
    await seedTask(db, { zoneId: z2, unit: 'u2', dueDate: '2026-04-10' });
    const update = (taskId: number, action: string, at: string) =>
      db.insert('task_updates', { task_id: taskId, kind: 'action', action, at });
    await update(t2, 'start', MARCH_1_0030);
    await update(t1, 'reject', '2026-03-15T02:00:00.000Z');
    await update(t1, 'reject', APRIL_1_0030);
    await update(t1, 'approve_extension', '2026-03-02T02:00:00.000Z');
    const before = await seedPhoto(db, {
      zoneId: z1,
      taskId: t1,
      uploadedBy: userId,
      uploadedAt: '2026-03-02T02:00:00.000Z',
    });
    await seedPhoto(db, {
      zoneId: z1,
      taskId: t1,
      phase: 'after',
      pairedWith: before,
      uploadedBy: userId,
      uploadedAt: '2026-03-03T02:00:00.000Z',
    });
    // 23:00 in Shanghai on 28 February: February's, not March's.
    await seedPhoto(db, { zoneId: z1, taskId: t2, uploadedBy: userId, uploadedAt: FEB_28_2300 });
    await seedPhoto(db, { zoneId: z2, uploadedBy: userId, uploadedAt: MARCH_1_0030 });
    await db.insert('supervisions', {
      zone_id: z2,
      note: '督办',
      deadline: '2026-03-20',
      created_by: userId,
      created_at: '2026-03-05T02:00:00.000Z',
    });
    const check = (zoneId: number, quarter: string, score: number) =>
      db.insert('quarterly_checks', {
        zone_id: zoneId,
        quarter,
        checked_on: '2026-03-20',
        passed: 1,
        score,
        checked_by: userId,
        created_at: '2026-03-20T02:00:00.000Z',
      });
    await check(z1, '2026-Q1', 80);
    await check(z2, '2026-Q2', 60);
    await check(gone, '2026-Q1', 10);
    repo = db.sqlite
      ? createReportsRepository(db.sqlite, sqliteAudit(db.sqlite))
      : createReportsPgRepository(db.pg!, pgAudit);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('counts the month’s figures per unit by the Shanghai day, leaving deleted zones out', async () => {
    const figures = await repo.monthlyFigures('2026-03-01', '2026-03-31', '2026-03-31');
    expect([...figures.entries()]).toEqual([
      [
        'u1',
        {
          planned: 1,
          started: 0,
          finished: 1,
          overdue: 0,
          rework: 1,
          photos: 2,
          supervisions: 0,
          overdueSupervisions: 0,
        },
      ],
      [
        'u2',
        {
          planned: 1,
          started: 1,
          finished: 0,
          overdue: 1,
          rework: 0,
          photos: 1,
          supervisions: 1,
          overdueSupervisions: 1,
        },
      ],
    ]);
    expect([...(await repo.monthlyFigures('2026-02-01', '2026-02-28', '2026-02-28')).entries()]).toEqual([
      [
        'u2',
        {
          planned: 0,
          started: 0,
          finished: 0,
          overdue: 0,
          rework: 0,
          photos: 1,
          supervisions: 0,
          overdueSupervisions: 0,
        },
      ],
    ]);
  });

  it('counts a 督办 unanswered past its deadline as overdue, once its deadline has passed', async () => {
    // The z2 督办 (deadline 20 March, no reply) belongs to z2's lead unit.
    expect(await repo.supervisionFacts('2026-01-01', '2026-03-31', '2026-04-01')).toEqual([
      { unit: 'u2', due: 1, overdue: 1 },
    ]);
    expect(await repo.supervisionFacts('2026-01-01', '2026-03-31', '2026-03-20')).toEqual([]);
  });

  it('gives the assessment’s task facts and the quarters’ check scores', async () => {
    const facts = await repo.assessmentFacts('2026-01-01', '2026-03-31', ['2026-Q1']);
    expect(facts.tasks).toEqual([
      {
        assignedUnit: 'u1',
        createdOn: '2026-03-01',
        dueDate: '2026-03-10',
        status: 'done',
        completedOn: '2026-03-09',
        reworkEvents: 1,
        extensions: 1,
        hasGoodPair: true,
      },
      {
        assignedUnit: 'u2',
        createdOn: '2026-01-10',
        dueDate: '2026-03-05',
        status: 'in_progress',
        completedOn: null,
        reworkEvents: 0,
        extensions: 0,
        hasGoodPair: false,
      },
    ]);
    expect(facts.checks).toEqual([{ leadUnit: 'u1', score: 80 }]);
    expect((await repo.assessmentFacts('2026-01-01', '2026-06-30', ['2026-Q1', '2026-Q2'])).checks).toEqual([
      { leadUnit: 'u1', score: 80 },
      { leadUnit: 'u2', score: 60 },
    ]);
    expect(await repo.unitsWithWork()).toEqual(['u1', 'u2']);
  });

  it('saves commentary only at the version it expects, one winner among concurrent saves', async () => {
    const first = await repo.saveCommentary('2026-03', 'u1', '进展顺利', null, actor);
    expect(first).toMatchObject({
      ok: true,
      commentary: { unit: 'u1', text: '进展顺利', version: 1, updatedBy: 'admin' },
    });
    expect(await repo.saveCommentary('2026-03', 'u1', '重复', null, actor)).toEqual({
      ok: false,
      current: first.ok && first.commentary,
    });
    const second = await repo.saveCommentary('2026-03', 'u1', '已整改', 1, actor);
    expect(second).toMatchObject({ ok: true, commentary: { text: '已整改', version: 2 } });
    expect(await repo.saveCommentary('2026-03', 'u1', '过时', 1, actor)).toMatchObject({
      ok: false,
      current: { text: '已整改', version: 2 },
    });
    const racing = await Promise.all(
      ['甲', '乙', '丙'].map((text) => repo.saveCommentary('2026-03', '', text, null, actor)),
    );
    expect(racing.filter((result) => result.ok)).toHaveLength(1);
    expect((await repo.listCommentary('2026-03')).map((row) => [row.unit, row.version])).toEqual([
      ['', 1],
      ['u1', 2],
    ]);
    expect(await repo.listCommentary('2026-04')).toEqual([]);
    expect((await auditTrail(db)).map((entry) => entry.target_id)).toEqual([
      '2026-03/u1',
      '2026-03/u1',
      '2026-03/town',
    ]);
  });
});
