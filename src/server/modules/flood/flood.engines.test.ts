import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import {
  auditTrail,
  ENGINES,
  openEngine,
  pgAudit,
  seedBasics,
  seedZone,
  sqliteAudit,
  square,
  type EngineDb,
} from '../../../testing/engines';
import type { Actor } from '../../platform/audit';
import { createFloodRepository, type FloodRepository } from './flood.repo';
import { createFloodPgRepository } from './flood.pg';

const actor: Actor = { id: '1', username: 'admin', ip: '127.0.0.1' };
const profile = {
  riskLevel: 'high' as const,
  maxDepthCm: 40,
  typicalDurationHours: 6,
  affectedHouseholds: 120,
  cause: '地势低洼',
  drainageMeasures: '新建泵站',
};
/** A triangle: its box holds (120.905, 31.195) but the shape does not. */
const triangle: Geometry = {
  type: 'Polygon',
  coordinates: [
    [
      [120.9, 31.19],
      [120.91, 31.19],
      [120.9, 31.2],
      [120.9, 31.19],
    ],
  ],
};

describe.each(ENGINES)('flood repository on %s', (engine) => {
  let db: EngineDb;
  let repo: FloodRepository;
  let areaA: number;
  let areaB: number;
  let areaC: number;
  let otherItem: number;
  beforeAll(async () => {
    db = await openEngine(engine);
    await seedBasics(db);
    areaA = await seedZone(db, { name: '甲易涝区', category: 'R4', geometry: square(120.8, 31.1) });
    areaB = await seedZone(db, { name: '乙易涝区', category: 'R4', geometry: square(120.85, 31.1) });
    areaC = await seedZone(db, { name: '丙易涝区', category: 'R4', geometry: triangle });
    otherItem = await seedZone(db, { name: '其他片区', category: 'A1', geometry: square(120.8, 31.1) });
    repo = db.sqlite
      ? createFloodRepository(db.sqlite, sqliteAudit(db.sqlite))
      : createFloodPgRepository(db.pg!, pgAudit);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('creates a profile once, then changes it only at the version it expects, with one audit entry per write', async () => {
    expect(await repo.getProfile(areaA)).toBeNull();
    const created = await repo.putProfile(areaA, profile, null, actor);
    expect(created).toMatchObject({ zoneId: String(areaA), riskLevel: 'high', maxDepthCm: 40, version: 1 });
    expect(created?.updatedBy).toBe('admin');
    // A second creation and a stale version write nothing.
    expect(await repo.putProfile(areaA, { ...profile, riskLevel: 'low' }, null, actor)).toBeNull();
    expect(await repo.putProfile(areaA, { ...profile, riskLevel: 'low' }, 7, actor)).toBeNull();
    const changed = await repo.putProfile(areaA, { ...profile, riskLevel: 'medium', maxDepthCm: null }, 1, actor);
    expect(changed).toMatchObject({ riskLevel: 'medium', maxDepthCm: null, typicalDurationHours: 6, version: 2 });
    expect(await repo.getProfile(areaA)).toEqual(changed);
    const trail = (await auditTrail(db)).filter((entry) => entry.action.startsWith('flood_profile'));
    expect(trail.map((entry) => entry.action)).toEqual(['flood_profile_created', 'flood_profile_updated']);
    expect(trail[1]!.detail).toMatchObject({ before: { version: 1 }, after: { version: 2, riskLevel: 'medium' } });
  });

  it('lets one of two writers with the same If-Match win', async () => {
    await repo.putProfile(areaB, profile, null, actor);
    const results = await Promise.all(
      ['high', 'low', 'medium', 'low'].map((riskLevel) =>
        repo.putProfile(areaB, { ...profile, riskLevel: riskLevel as 'high' }, 1, actor),
      ),
    );
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    expect((await repo.getProfile(areaB))?.version).toBe(2);
    const creations = await Promise.all([1, 2, 3].map(() => repo.putProfile(areaC, profile, null, actor)));
    expect(creations.filter((result) => result !== null)).toHaveLength(1);
  });

  it('adds facilities and lists them in order', async () => {
    const line: Geometry = {
      type: 'LineString',
      coordinates: [
        [120.801, 31.101],
        [120.802, 31.102],
      ],
    };
    const first = await repo.addFacility(
      areaA,
      { componentCode: '01072', name: '雨水管', geometry: line as never },
      actor,
    );
    await repo.addFacility(
      areaA,
      { componentCode: '01004', name: '泵站', geometry: { type: 'Point', coordinates: [120.803, 31.103] } as never },
      actor,
    );
    const listed = await repo.listFacilities(areaA);
    expect(listed.map((facility) => facility.name)).toEqual(['雨水管', '泵站']);
    expect(listed[0]).toEqual(first);
    expect(listed[0]!.geometry).toEqual(line);
    expect(await repo.listFacilities(areaB)).toEqual([]);
  });

  it('joins each waterlogging point to the R4 area whose shape holds it, and sums events up', async () => {
    const first = await repo.createEvent(
      {
        occurredOn: '2026-06-20',
        rainfallMm: 80.5,
        notes: '暴雨',
        points: [
          { coordinates: [120.855, 31.105], depthCm: 30 },
          { coordinates: [120.805, 31.105], depthCm: 45, notes: '路口' },
          { coordinates: [120.851, 31.101], depthCm: 10 },
          // In the triangle's box, outside its shape; and far from every area.
          { coordinates: [120.908, 31.198], depthCm: 5 },
          { coordinates: [121.5, 31.5], depthCm: 20 },
        ],
      },
      actor,
    );
    expect(first).toEqual({
      id: first.id,
      occurredOn: '2026-06-20',
      rainfallMm: 80.5,
      notes: '暴雨',
      pointCount: 5,
      maxDepthCm: 45,
      zoneIds: [String(areaB), String(areaA)],
      version: 1,
      deletedAt: null,
    });
    const second = await repo.createEvent(
      { occurredOn: '2026-07-02', rainfallMm: 20, points: [{ coordinates: [120.801, 31.101], depthCm: 12 }] },
      actor,
    );
    const dry = await repo.createEvent({ occurredOn: '2026-07-10', rainfallMm: 5, points: [] }, actor);
    expect(dry).toMatchObject({ pointCount: 0, maxDepthCm: null, zoneIds: [], notes: '' });

    expect((await repo.listEvents()).map((event) => event.id)).toEqual([dry.id, second.id, first.id]);
    expect((await repo.listEvents(areaA)).map((event) => event.id)).toEqual([second.id, first.id]);
    expect((await repo.listEvents(areaB)).map((event) => event.id)).toEqual([first.id]);
    expect(await repo.listEvents(otherItem)).toEqual([]);

    const points = await repo.listPoints();
    expect(points.map((point) => point.zoneId)).toEqual([areaB, areaA, areaB, null, null, areaA]);
    expect(points[1]).toEqual({
      id: points[1]!.id,
      eventId: Number(first.id),
      occurredOn: '2026-06-20',
      lon: 120.805,
      lat: 31.105,
      depthCm: 45,
      zoneId: areaA,
    });

    // With the risk level of each area's profile (B's is the one of the concurrent writers that won).
    const riskOfB = (await repo.getProfile(areaB))!.riskLevel;
    expect(await repo.frequency()).toEqual([
      { zoneId: String(areaA), name: '甲易涝区', events: 2, maxDepthCm: 45, lastOn: '2026-07-02', riskLevel: 'medium' },
      { zoneId: String(areaB), name: '乙易涝区', events: 1, maxDepthCm: 30, lastOn: '2026-06-20', riskLevel: riskOfB },
      { zoneId: String(areaC), name: '丙易涝区', events: 0, maxDepthCm: null, lastOn: null, riskLevel: 'high' },
    ]);
    const events = (await auditTrail(db)).filter((entry) => entry.action === 'flood_event_created');
    expect(events.map((entry) => entry.target_id)).toEqual([first.id, second.id, dry.id]);

    // Changed: the points of area B taken out, one of A deeper; a stale version writes nothing.
    const detail = (await repo.getEvent(Number(first.id)))!;
    const keep = detail.points.filter((point) => point.zoneId === String(areaA));
    const body = {
      occurredOn: '2026-06-20',
      rainfallMm: 81,
      points: keep.map((point) => ({ id: point.id, coordinates: point.coordinates, depthCm: point.depthCm + 5 })),
    };
    expect(await repo.updateEvent(Number(first.id), body, 7, actor)).toBeNull();
    const changed = (await repo.updateEvent(Number(first.id), body, 1, actor))!;
    expect(changed).toMatchObject({ version: 2, rainfallMm: 81, zoneIds: [String(areaA)], maxDepthCm: 50 });
    expect(changed.points.map((point) => point.id)).toEqual(keep.map((point) => point.id));
    // Deleted: its points leave the map and the frequency; restored: they are back.
    expect(await repo.deleteEvent(Number(second.id), 2, actor)).toBe(false);
    expect(await repo.deleteEvent(Number(second.id), 1, actor)).toBe(true);
    expect((await repo.listEvents(undefined, true)).map((event) => event.id)).toEqual([second.id]);
    expect((await repo.listPoints()).map((point) => point.eventId)).not.toContain(Number(second.id));
    const withoutSecond = await repo.frequency();
    expect(withoutSecond.map((row) => [row.name, row.events])).toEqual([
      ['甲易涝区', 1],
      ['乙易涝区', 0],
      ['丙易涝区', 0],
    ]);
    expect((await repo.restoreEvent(Number(second.id), 2, actor))!.deletedAt).toBeNull();
    expect((await repo.eventHistory(Number(first.id))).map((entry) => entry.action)).toEqual(['created', 'updated']);
    expect((await repo.eventHistory(Number(second.id))).map((entry) => entry.action)).toEqual([
      'created',
      'deleted',
      'restored',
    ]);
  });
});
