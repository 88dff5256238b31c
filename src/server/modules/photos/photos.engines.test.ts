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
import type { Actor } from '../../platform/audit';
import { createPhotoRepository, type NewPhoto, type PhotoRepository } from './photos.repo';
import { createPhotoPgRepository } from './photos.pg';

const MAX_METERS = 30;
let keys = 0;

describe.each(ENGINES)('photo repository on %s', (engine) => {
  let db: EngineDb;
  let repo: PhotoRepository;
  let actor: Actor;
  let zone: number;
  let task: number;
  let otherTask: number;
  const photo = (overrides: Partial<NewPhoto>): NewPhoto => {
    keys += 1;
    return {
      zoneId: zone,
      taskId: task,
      phase: 'before',
      referenceObject: '',
      note: '',
      storageKey: keys.toString(16).padStart(32, 'a'),
      originalName: 'a.jpg',
      mime: 'image/jpeg',
      width: 40,
      height: 30,
      bytes: 1234,
      takenAt: null,
      position: { lon: 120.8, lat: 31.1 },
      positionSource: 'exif',
      bearing: null,
      reported: null,
      idempotencyKey: null,
      uploaderId: actor.id!,
      ...overrides,
    };
  };
  const created = (result: Awaited<ReturnType<PhotoRepository['create']>>) => {
    if (!('created' in result)) throw new Error(`not created: ${JSON.stringify(result)}`);
    return result.created;
  };
  beforeAll(async () => {
    db = await openEngine(engine);
    const { userId } = await seedBasics(db);
    actor = { id: String(userId), username: 'admin', ip: null };
    zone = await seedZone(db, { name: '甲', category: 'A1', geometry: square(120.8, 31.1) });
    task = await seedTask(db, { zoneId: zone, dueDate: '2026-05-01' });
    otherTask = await seedTask(db, { zoneId: zone, dueDate: '2026-05-01' });
    repo = db.sqlite
      ? createPhotoRepository(db.sqlite, sqliteAudit(db.sqlite))
      : createPhotoPgRepository(db.pg!, pgAudit);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('makes one photo per idempotency key, also when the retries race', async () => {
    const first = created(
      await repo.create(photo({ idempotencyKey: 'k1', referenceObject: '门口' }), MAX_METERS, actor),
    );
    expect(first).toMatchObject({
      zoneId: String(zone),
      taskId: String(task),
      phase: 'before',
      referenceObject: '门口',
      position: { lon: 120.8, lat: 31.1 },
      positionSource: 'exif',
      pairedWith: null,
      pairFlagged: false,
      uploadedBy: '管理员',
      uploaderId: actor.id,
      urls: { thumb: `/api/photos/${first.id}/thumb` },
    });
    expect(await repo.create(photo({ idempotencyKey: 'k1' }), MAX_METERS, actor)).toEqual({ duplicate: first });
    expect(await repo.findByIdempotencyKey(actor.id!, 'k1')).toEqual(first);
    const racing = await Promise.all(
      [1, 2, 3, 4].map(() => repo.create(photo({ idempotencyKey: 'k2' }), MAX_METERS, actor)),
    );
    const ids = racing.map((result) =>
      'created' in result ? result.created.id : 'duplicate' in result && result.duplicate.id,
    );
    expect(new Set(ids).size).toBe(1);
    expect(racing.filter((result) => 'created' in result)).toHaveLength(1);
    const uploads = (await auditTrail(db)).filter((entry) => entry.action === 'photo_uploaded');
    expect(uploads).toHaveLength(2);
  });

  it('pairs an after-photo with the before-photo of the same reference object, else the latest', async () => {
    expect(await repo.create(photo({ taskId: otherTask, phase: 'after' }), MAX_METERS, actor)).toEqual({
      noBeforePhoto: true,
    });
    const gate = (await repo.findPairPartner(task, '门口'))!;
    expect(gate.referenceObject).toBe('门口');
    const latest = (await repo.findPairPartner(task, '别处'))!;
    expect(latest.referenceObject).toBe('');
    const after = created(
      await repo.create(
        photo({ phase: 'after', referenceObject: '门口', position: { lon: 120.8001, lat: 31.1 } }),
        MAX_METERS,
        actor,
      ),
    );
    expect(after).toMatchObject({ pairedWith: gate.id, pairFlagged: false });
    expect(after.pairDistanceM).toBeCloseTo(9.5, 0);
    const unplaced = created(await repo.create(photo({ phase: 'after', position: null }), MAX_METERS, actor));
    expect(unplaced).toMatchObject({ pairedWith: latest.id, pairFlagged: true, pairDistanceM: null, position: null });
    expect((await repo.list(zone)).map((row) => row.id)).toEqual([unplaced.id, after.id, latest.id, gate.id]);
    expect((await repo.list(zone, otherTask)).map((row) => row.id)).toEqual([]);
    expect((await repo.list(zone, task)).map((row) => row.phase)).toEqual(['after', 'after', 'before', 'before']);
  });

  it('re-judges the pairs of a photo placed by hand', async () => {
    const gate = (await repo.findPairPartner(task, '门口'))!;
    const moved = await repo.setPosition(Number(gate.id), { lon: 120.81, lat: 31.1 }, MAX_METERS, actor);
    expect(moved).toMatchObject({ position: { lon: 120.81, lat: 31.1 }, positionSource: 'manual' });
    const after = (await repo.list(zone, task)).find((row) => row.pairedWith === gate.id)!;
    expect(after.pairFlagged).toBe(true);
    expect(after.pairDistanceM).toBeGreaterThan(900);
    expect(await repo.setPosition(999_999, { lon: 120.81, lat: 31.1 }, MAX_METERS, actor)).toBeNull();
    const trail = (await auditTrail(db)).filter((entry) => entry.action === 'photo_position_set');
    expect(trail[0]!.detail).toMatchObject({ pairsRejudged: [after.id] });
  });

  it('hands a deleted before-photo’s after-photos to the next one, deletes once', async () => {
    const gate = (await repo.findPairPartner(task, '门口'))!;
    const latest = (await repo.findPairPartner(task, '别处'))!;
    const after = (await repo.list(zone, task)).find((row) => row.pairedWith === gate.id)!;
    const results = await Promise.all([1, 2, 3].map(() => repo.softDelete(Number(gate.id), actor, MAX_METERS)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await repo.get(Number(gate.id))).toBeNull();
    expect(await repo.get(Number(after.id))).toMatchObject({ pairedWith: latest.id, referenceObject: '门口' });
    const deletions = (await auditTrail(db)).filter((entry) => entry.action === 'photo_deleted');
    expect(deletions).toHaveLength(1);
    expect(deletions[0]!.detail).toMatchObject({ afterPhotosRepaired: [{ id: after.id, pairedWith: latest.id }] });
    // The last before-photo gone: its after-photos stay unpaired and flagged.
    const others = (await repo.list(zone, task)).filter((row) => row.phase === 'before' && row.id !== latest.id);
    for (const other of others) await repo.softDelete(Number(other.id), actor, MAX_METERS);
    await repo.softDelete(Number(latest.id), actor, MAX_METERS);
    const orphans = await repo.list(zone, task);
    expect(orphans.map((row) => [row.phase, row.pairedWith, row.pairFlagged])).toEqual([
      ['after', null, true],
      ['after', null, true],
    ]);
  });

  // Last: it adds photos to the zone the tests above count.
  it('keeps a HEIC original and the phone-reported position, accuracy and time beside the EXIF', async () => {
    const reported = { position: { lon: 120.80001, lat: 31.10002 }, accuracyM: 6.5, at: '2026-11-02T09:15:03+08:00' };
    const stored = created(await repo.create(photo({ mime: 'image/heic', reported }), MAX_METERS, actor));
    expect(stored.reported).toEqual(reported);
    expect(stored.position).toEqual({ lon: 120.8, lat: 31.1 });
    expect((await repo.get(Number(stored.id)))!.reported).toEqual(reported);
    const none = created(await repo.create(photo({}), MAX_METERS, actor));
    expect(none.reported).toBeNull();
  });
});
