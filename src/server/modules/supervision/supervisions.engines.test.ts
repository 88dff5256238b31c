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

  it('creates marks with their audit entry, refuses a task of another zone, lists newest first with overdue', async () => {
    const first = await repo.create(
      { zoneId: zone, taskId: null, note: '尽快清理', deadline: '2026-03-01', createdBy: userId },
      audit,
      '2026-04-01',
    );
    expect(first).toMatchObject({
      zoneId: String(zone),
      taskId: null,
      note: '尽快清理',
      deadline: '2026-03-01',
      createdBy: String(userId),
      createdByName: '管理员',
      overdue: true,
    });
    const second = await repo.create(
      { zoneId: zone, taskId: task, note: '补拍照片', deadline: '2026-05-01', createdBy: userId },
      audit,
      '2026-04-01',
    );
    expect(second).toMatchObject({ taskId: String(task), overdue: false });
    expect(
      await repo.create(
        { zoneId: zone, taskId: foreignTask, note: '错', deadline: '2026-05-01', createdBy: userId },
        audit,
        '2026-04-01',
      ),
    ).toBeNull();
    const listed = await repo.listOfZone(zone, '2026-06-01');
    expect(listed.map((mark) => [mark.id, mark.overdue])).toEqual([
      [second!.id, true],
      [first!.id, true],
    ]);
    expect(await repo.listOfZone(otherZone, '2026-06-01')).toEqual([]);
    expect((await auditTrail(db)).map((entry) => entry.target_id)).toEqual([first!.id, second!.id]);
  });
});
