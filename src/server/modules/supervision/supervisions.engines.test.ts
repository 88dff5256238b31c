import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditTrail,
  ENGINES,
  openEngine,
  pgAudit,
  seedBasics,
  seedTask,
  seedZone,
  sqliteAudit,
  square,
  type EngineDb,
} from '../../../testing/engines';
import type { SupervisionRepository } from './supervisions.repo';
import { createSupervisionRepository } from './supervisions.repo';
import { createSupervisionPgRepository } from './supervisions.pg';

describe.each(ENGINES)('supervision repository on %s', (engine) => {
  let db: EngineDb;
  let repo: SupervisionRepository;
  let userId: number;
  let zone: number;
  let otherZone: number;
  let task: number;
  let foreignTask: number;
  beforeAll(async () => {
    db = await openEngine(engine);
    ({ userId } = await seedBasics(db));
    zone = await seedZone(db, { name: '甲', category: 'A1', geometry: square(120.8, 31.1) });
    otherZone = await seedZone(db, { name: '乙', category: 'A1', geometry: square(120.9, 31.1) });
    task = await seedTask(db, { zoneId: zone, dueDate: '2026-05-01' });
    foreignTask = await seedTask(db, { zoneId: otherZone, dueDate: '2026-05-01' });
    repo = db.sqlite
      ? createSupervisionRepository(db.sqlite, sqliteAudit(db.sqlite))
      : createSupervisionPgRepository(db.pg!, pgAudit);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const audit = (created: { id: string }) => ({
    actorId: String(userId),
    actorUsername: 'admin',
    action: 'supervision_created',
    targetType: 'supervision',
    targetId: created.id,
    outcome: 'ok' as const,
  });

  it('creates 督办 with their audit entry, lists newest first with overdue, steps with a version check', async () => {
    const now = '2026-04-01T02:00:00.000Z';
    const first = await repo.create(
      {
        zoneId: zone,
        taskId: null,
        caseId: null,
        unit: 'u1',
        note: '尽快清理',
        deadline: '2026-03-01',
        createdBy: userId,
      },
      audit,
      now,
      '2026-04-01',
    );
    expect(first).toMatchObject({
      zoneId: String(zone),
      zoneName: '甲',
      taskId: null,
      caseId: null,
      unit: 'u1',
      note: '尽快清理',
      deadline: '2026-03-01',
      status: 'open',
      version: 1,
      createdBy: String(userId),
      createdByName: '管理员',
      overdue: true,
      steps: [],
    });
    const second = await repo.create(
      {
        zoneId: zone,
        taskId: task,
        caseId: null,
        unit: 'u1',
        note: '补拍照片',
        deadline: '2026-05-01',
        createdBy: userId,
      },
      audit,
      now,
      '2026-04-01',
    );
    expect(second).toMatchObject({ taskId: String(task), overdue: false });
    expect(await repo.resolveTarget({ kind: 'task', taskId: foreignTask })).toMatchObject({
      zoneId: otherZone,
      taskId: foreignTask,
    });
    expect(await repo.resolveTarget({ kind: 'zone', zoneId: 999_999 })).toBeNull();
    const listed = await repo.listOfZone(zone, '2026-06-01');
    expect(listed.map((mark) => [mark.id, mark.overdue])).toEqual([
      [second.id, true],
      [first.id, true],
    ]);
    expect(await repo.listOfZone(otherZone, '2026-06-01')).toEqual([]);
    expect((await auditTrail(db)).map((entry) => entry.target_id)).toEqual([first.id, second.id]);

    const reply = { kind: 'reply' as const, text: '已清理', newDate: '2026-04-10', photoIds: [], actorUserId: userId };
    const replied = await repo.addStep(Number(first.id), 1, reply, audit, now, '2026-04-01');
    expect(replied).toMatchObject({ ok: true, supervision: { status: 'replied', version: 2, overdue: false } });
    expect(replied.ok && replied.supervision.steps).toEqual([
      expect.objectContaining({ kind: 'reply', text: '已清理', newDate: '2026-04-10', actorName: '管理员' }),
    ]);
    // A second writer with the old version changes nothing.
    const stale = await repo.addStep(Number(first.id), 1, reply, audit, now, '2026-04-01');
    expect(stale).toMatchObject({ ok: false, reason: 'stale', current: { version: 2 } });
    expect(await repo.addStep(999_999, 1, reply, audit, now, '2026-04-01')).toEqual({ ok: false, reason: 'not-found' });
    expect(await repo.list({ status: 'open' }, '2026-06-01')).toHaveLength(2);
    expect((await repo.list({ status: 'overdue' }, '2026-06-01')).map((mark) => mark.id)).toEqual([second.id]);
    const closed = await repo.addStep(
      Number(first.id),
      2,
      { kind: 'close', text: '', newDate: null, photoIds: [], actorUserId: userId },
      audit,
      now,
      '2026-04-01',
    );
    expect(closed).toMatchObject({ ok: true, supervision: { status: 'closed', resolvedAt: now } });
    expect((await repo.list({ status: 'closed' }, '2026-06-01')).map((mark) => mark.id)).toEqual([first.id]);
  });
});
