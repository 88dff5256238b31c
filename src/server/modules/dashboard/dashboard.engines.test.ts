import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINES,
  openEngine,
  seedBasics,
  seedPhoto,
  seedTask,
  seedZone,
  square,
  type EngineDb,
} from '../../../testing/engines';
import { createDashboardRepository, type DashboardRepository } from './dashboard.repo';
import { createDashboardPgRepository } from './dashboard.pg';

const leadUnitOf = (category: string) => (category === 'R4' ? 'u2' : 'u1');

describe.each(ENGINES)('dashboard repository on %s', (engine) => {
  let db: EngineDb;
  let repo: DashboardRepository;
  let a: number;
  let b: number;
  let c: number;
  let t1: number;
  let t2: number;
  beforeAll(async () => {
    db = await openEngine(engine);
    const { userId } = await seedBasics(db);
    a = await seedZone(db, { name: '甲', category: 'A1', geometry: square(120.8, 31.1), status: 'not_started' });
    b = await seedZone(db, { name: '乙', category: 'R4', geometry: square(120.9, 31.1), status: 'suspended' });
    c = await seedZone(db, {
      name: '丙',
      category: 'A1',
      geometry: square(121, 31.1),
      createdAt: '2026-04-01T02:00:00.000Z',
    });
    const version = (zoneId: number, v: number, action: string, at: string, name: string) =>
      db.insert(
        'zone_versions',
        {
          zone_id: zoneId,
          version: v,
          action,
          at,
          actor_username: 'admin',
          snapshot_json: JSON.stringify({ name, category: 'A1', status: 'in_progress', plannedEnd: '2026-06-30' }),
        },
        { id: false },
      );
    // Renamed at 01:00 on 11 March in Shanghai; zone 乙 deleted on 1 February and its status set by hand.
    await version(a, 2, 'update', '2026-03-10T17:00:00.000Z', '甲改');
    await version(b, 2, 'delete', '2026-02-01T02:00:00.000Z', '乙');
    await db.all('UPDATE zones SET status_override_reason = @reason WHERE id = @id', { reason: '手工', id: b });
    t1 = await seedTask(db, {
      zoneId: a,
      dueDate: '2026-03-20',
      status: 'done',
      completedOn: '2026-03-12',
      title: '清运',
    });
    t2 = await seedTask(db, {
      zoneId: a,
      dueDate: '2026-04-30',
      status: 'in_progress',
      createdAt: '2026-03-05T02:00:00.000Z',
    });
    await seedTask(db, { zoneId: c, dueDate: '2026-05-30', createdAt: '2026-04-01T02:00:00.000Z' });
    const event = (taskId: number, kind: string, action: string | null, from: string | null, to: string, at: string) =>
      db.insert('task_updates', { task_id: taskId, kind, action, from_status: from, to_status: to, at });
    await event(t1, 'created', null, null, 'not_started', '2026-01-01T00:00:00.000Z');
    await event(t1, 'action', 'start', 'not_started', 'in_progress', '2026-02-01T02:00:00.000Z');
    // 00:30 on 12 March in Shanghai.
    await event(t1, 'action', 'submit', 'in_progress', 'pending_acceptance', '2026-03-11T16:30:00.000Z');
    await event(t1, 'action', 'approve', 'pending_acceptance', 'done', '2026-03-12T02:00:00.000Z');
    await event(t2, 'action', 'start', 'not_started', 'in_progress', '2026-03-06T02:00:00.000Z');
    const before = await seedPhoto(db, {
      zoneId: a,
      taskId: t1,
      uploadedBy: userId,
      uploadedAt: '2026-02-02T02:00:00.000Z',
    });
    await seedPhoto(db, {
      zoneId: a,
      taskId: t1,
      phase: 'after',
      pairedWith: before,
      uploadedBy: userId,
      uploadedAt: '2026-03-11T16:30:00.000Z',
    });
    repo = db.sqlite ? createDashboardRepository(db.sqlite) : createDashboardPgRepository(db.pg!);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('replays zones and tasks as they stood at the end of a Shanghai day', async () => {
    const march11 = await repo.stateAsOf('2026-03-11', leadUnitOf);
    expect(march11.zones).toEqual([
      { id: String(a), name: '甲改', category: 'A1', leadUnit: 'u1', status: 'in_progress', plannedEnd: '2026-06-30' },
    ]);
    expect(march11.tasks).toEqual([
      {
        id: String(t1),
        zoneId: String(a),
        title: '清运',
        assignedUnit: 'u1',
        status: 'in_progress',
        dueDate: '2026-03-20',
        completedOn: null,
        reworkCount: 0,
        hasGoodPair: false,
      },
      expect.objectContaining({ id: String(t2), status: 'in_progress', hasGoodPair: false }),
    ]);
    const march10 = await repo.stateAsOf('2026-03-10', leadUnitOf);
    expect(march10.zones.map((zone) => zone.name)).toEqual(['甲']);
    const january = await repo.stateAsOf('2026-01-15', leadUnitOf);
    expect(january.zones.map((zone) => [zone.name, zone.leadUnit, zone.status])).toEqual([
      ['甲', 'u1', 'not_started'],
      // Its status set by hand: the snapshot's, not its tasks'.
      ['乙', 'u2', 'suspended'],
    ]);
    expect(january.tasks.map((task) => [task.id, task.status])).toEqual([[String(t1), 'not_started']]);
  });

  it('answers today from the rows as they are', async () => {
    const now = await repo.stateAsOf('2026-12-31', leadUnitOf, { current: true });
    expect(now.zones.map((zone) => [zone.id, zone.status])).toEqual([
      [String(a), 'in_progress'],
      [String(c), 'not_started'],
    ]);
    expect(now.tasks.map((task) => [task.id, task.status, task.completedOn, task.hasGoodPair])).toEqual([
      [String(t1), 'done', '2026-03-12', true],
      [String(t2), 'in_progress', null, false],
      [expect.any(String), 'not_started', null, false],
    ]);
  });
});
