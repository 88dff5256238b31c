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
import { named } from '../../platform/db/pg/pool';
import { CHECK_REWORK_NOTE_PREFIX } from '../../../shared/checks/checks';
import { createCheckRepository, type CheckRepository } from './checks.repo';
import { createCheckPgRepository } from './checks.pg';

/** The rework the check repository hands a failed check to (the task repository's, reduced to its effect). */
const REWORK = `UPDATE tasks SET status = 'in_progress', due_date = coalesce(@due, due_date)
  WHERE zone_id = @zoneId AND status IN ('pending_acceptance', 'done') RETURNING id`;

describe.each(ENGINES)('check repository on %s', (engine) => {
  let db: EngineDb;
  let repo: CheckRepository;
  let actor: Actor;
  let zone: number;
  let otherZone: number;
  let done: number;
  let open: number;
  let photo: number;
  let foreignPhoto: number;
  let deletedPhoto: number;
  const reworkCalls: { zoneId: number; note: string; data?: Record<string, unknown>; dueDate?: string }[] = [];
  beforeAll(async () => {
    db = await openEngine(engine);
    const { userId } = await seedBasics(db);
    actor = { id: String(userId), username: 'admin', ip: null };
    zone = await seedZone(db, { name: '乙片区', category: 'A1', geometry: square(120.8, 31.1) });
    otherZone = await seedZone(db, { name: '甲片区', category: 'A1', geometry: square(120.9, 31.1) });
    await seedZone(db, { name: '丙片区', category: 'R4', geometry: square(120.7, 31.1) });
    done = await seedTask(db, { zoneId: zone, dueDate: '2026-03-01', status: 'done', completedOn: '2026-02-20' });
    open = await seedTask(db, { zoneId: zone, dueDate: '2026-05-01', status: 'in_progress' });
    photo = await seedPhoto(db, { zoneId: zone, uploadedBy: userId });
    foreignPhoto = await seedPhoto(db, { zoneId: otherZone, uploadedBy: userId });
    deletedPhoto = await seedPhoto(db, { zoneId: zone, uploadedBy: userId, deletedAt: '2026-01-03T00:00:00.000Z' });
    if (db.sqlite) {
      const sqlite = db.sqlite;
      repo = createCheckRepository(sqlite, sqliteAudit(sqlite), (zoneId, note, _actor, data, dueDate) => {
        reworkCalls.push({ zoneId, note, data, dueDate });
        return (sqlite.prepare(REWORK).all({ zoneId, due: dueDate ?? null }) as { id: number }[]).map((row) =>
          String(row.id),
        );
      });
    } else {
      repo = createCheckPgRepository(db.pg!, pgAudit, async (tx, zoneId, note, _actor, data, dueDate) => {
        reworkCalls.push({ zoneId, note, data, dueDate });
        const { text, values } = named(REWORK, { zoneId, due: dueDate ?? null });
        return (await tx.query<{ id: number }>(text, values)).rows.map((row) => String(row.id));
      });
    }
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const body = { quarter: '2026-Q1', checkedOn: '2026-03-20', passed: true, score: 92, findings: '整洁' };

  it('records a passed check with its photos, once per zone and quarter', async () => {
    const created = await repo.create(zone, { ...body, photoIds: [String(photo)] }, null, actor);
    expect(created).toEqual({
      ok: true,
      reworkedTaskIds: [],
      check: expect.objectContaining({
        zoneId: String(zone),
        quarter: '2026-Q1',
        passed: true,
        score: 92,
        reworkDueDate: null,
        photoIds: [String(photo)],
        checkedBy: actor.id,
        checkedByName: '管理员',
      }),
    });
    const again = await repo.create(zone, { ...body, score: 50 }, null, actor);
    expect(again).toEqual({ ok: false, reason: 'duplicate', existing: created.ok && created.check });
    expect(reworkCalls).toEqual([]);
  });

  it('refuses photos of another zone or deleted ones, writing nothing', async () => {
    const refused = await repo.create(
      otherZone,
      { ...body, photoIds: [String(foreignPhoto), String(photo), String(deletedPhoto)] },
      null,
      actor,
    );
    expect(refused).toEqual({ ok: false, reason: 'foreign-photos', photoIds: [String(photo), String(deletedPhoto)] });
    expect(await repo.listOfZone(otherZone)).toEqual([]);
  });

  it('sends a failed check’s zone back to rework in its transaction, due on the rework date', async () => {
    const failed = await repo.create(
      zone,
      { ...body, quarter: '2026-Q2', passed: false, score: 40, findings: '垃圾未清' },
      '2026-07-15',
      actor,
    );
    expect(failed.ok && failed.reworkedTaskIds).toEqual([String(done)]);
    expect(failed.ok && failed.check).toMatchObject({ passed: false, reworkDueDate: '2026-07-15' });
    expect(reworkCalls).toEqual([
      {
        zoneId: zone,
        note: `${CHECK_REWORK_NOTE_PREFIX}垃圾未清`,
        data: { quarterlyCheck: failed.ok && failed.check.id, quarter: '2026-Q2', reworkDueDate: '2026-07-15' },
        dueDate: '2026-07-15',
      },
    ]);
    const tasks = await db.all<{ id: number; status: string; due_date: string }>(
      'SELECT id, status, due_date FROM tasks ORDER BY id',
    );
    expect(tasks).toEqual([
      { id: done, status: 'in_progress', due_date: '2026-07-15' },
      { id: open, status: 'in_progress', due_date: '2026-05-01' },
    ]);
    expect((await repo.listOfZone(zone)).map((check) => check.quarter)).toEqual(['2026-Q2', '2026-Q1']);
    const trail = await auditTrail(db);
    expect(trail.map((entry) => [entry.action, entry.target_id])).toEqual([
      ['quarterly_check_recorded', String(zone)],
      ['quarterly_check_recorded', String(zone)],
    ]);
    expect(trail[1]!.detail).toMatchObject({ reworkedTaskIds: [String(done)] });
  });

  it('lets one of concurrent checks of a zone and quarter through', async () => {
    const results = await Promise.all(
      [70, 80, 90].map((score) => repo.create(otherZone, { ...body, quarter: '2026-Q3', score }, null, actor)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === 'duplicate')).toHaveLength(2);
  });

  it('gives the quarter’s overview: checks with their zones and the zones not checked yet, by item and name', async () => {
    const overview = await repo.overviewOfQuarter('2026-Q1');
    expect(overview.checks.map((check) => [check.zoneName, check.zoneCategory, check.zoneStatus])).toEqual([
      ['乙片区', 'A1', 'in_progress'],
    ]);
    expect(overview.unchecked.map((zone) => zone.zoneName)).toEqual(['甲片区', '丙片区']);
    expect((await repo.overviewOfQuarter('2026-Q4')).unchecked.map((zone) => zone.zoneName)).toEqual([
      '乙片区',
      '甲片区',
      '丙片区',
    ]);
  });
});
