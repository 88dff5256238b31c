import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProblemCodes } from '../../platform/data-files';
import { ENGINES, openEngineDb, type EngineDb } from '../../../testing/engine-fixtures';
import type { ZoneGeometry } from '../../../shared/zones/zone';
import { createCaseRepository, type CaseActorInfo, type CaseRepository, type NewCaseRow } from './cases.repo';
import { createCasePgRepository } from './cases.pg';
import { createCasePointsRepository, type CasePointsRepository } from './case-points.repo';
import { createCasePointsPgRepository } from './case-points.pg';

/** The case repositories on both engines: the same answers, boundaries included. */
const codes = loadProblemCodes();
/** A rectangle by its corners (exact coordinates, no sums), with an optional rectangular hole. */
const rect = (box: readonly number[], hole?: readonly number[]): ZoneGeometry => {
  const ring = ([x0, y0, x1, y1]: readonly number[]): [number, number][] => [
    [x0!, y0!],
    [x1!, y0!],
    [x1!, y1!],
    [x0!, y1!],
    [x0!, y0!],
  ];
  return { type: 'Polygon', coordinates: hole ? [ring(box), ring(hole)] : [ring(box)] };
};
const ZONE_A = rect([121.0, 31.0, 121.01, 31.01], [121.006, 31.006, 121.008, 31.008]);
const ZONE_B = rect([121.002, 31.002, 121.004, 31.004]);
/** Points and the zone they join to: B is smaller than A and wins where they overlap; edges count as inside. */
const POINTS: [lon: number, lat: number, zone: 'A' | 'B' | null][] = [
  [121.003, 31.003, 'B'], // inside B (and A)
  [121.002, 31.003, 'B'], // on B's west edge
  [121.004, 31.004, 'B'], // on B's north-east vertex
  [121.007, 31.007, null], // in A's hole
  [121.006, 31.007, 'A'], // on the hole's edge
  [121.0, 31.005, 'A'], // on A's outer edge
  [121.02, 31.02, null], // outside
  [121.0040001, 31.003, 'A'], // just east of B
];

const row = (index: number, lon: number, lat: number, extra: Partial<NewCaseRow> = {}): NewCaseRow => ({
  caseNo: `IMP${String(index).padStart(5, '0')}`,
  code: codes[index % codes.length]!.code,
  description: `case ${index}`,
  address: '',
  source: 'import',
  lon,
  lat,
  status: 'reported',
  unitId: null,
  reportedAt: `2026-05-${String(1 + (index % 28)).padStart(2, '0')}T02:00:00.000Z`,
  registeredAt: null,
  dispatchedAt: null,
  deadlineAt: null,
  disposedAt: null,
  closedAt: null,
  extensionCount: 0,
  reworkCount: 0,
  suspended: false,
  legacyLabel: null,
  synthetic: true,
  steps: [
    {
      action: 'report',
      fromStatus: null,
      toStatus: 'reported',
      actorRole: null,
      actorUnit: null,
      at: '2026-05-01T02:00:00.000Z',
      note: null,
    },
  ],
  ...extra,
});

const actor: CaseActorInfo = { id: '1', username: 'admin', ip: null, name: '管理员', role: 'admin', unit: null };
const NOW = '2026-06-01T04:00:00.000Z';

describe.each(ENGINES)('case repositories on %s', (engine) => {
  let db: EngineDb;
  let cases: CaseRepository;
  let points: CasePointsRepository;
  const zone: Record<'A' | 'B', number> = { A: 0, B: 0 };
  const ids: number[] = [];

  beforeAll(async () => {
    db = await openEngineDb(engine);
    zone.A = await db.addZone(ZONE_A, { name: 'A' });
    zone.B = await db.addZone(ZONE_B, { name: 'B' });
    await db.run(
      "INSERT INTO grids (code, village_code, geometry_json) VALUES ('320583100001001', '320583100001', @geometry)",
      { geometry: JSON.stringify(rect([121.0, 31.0, 121.005, 31.005])) },
    );
    if (db.engine === 'sqlite') {
      cases = createCaseRepository(db.sqlite, codes);
      points = createCasePointsRepository(db.sqlite);
    } else {
      cases = createCasePgRepository(db.pg, codes);
      points = createCasePointsPgRepository(db.pg);
    }
    const rows = POINTS.map(([lon, lat], index) => row(index, lon, lat));
    // A repeated number inside the batch: the first row wins, the second counts as existing.
    rows.push(row(0, 121.5, 31.5));
    expect(await cases.insertCases(rows)).toEqual({ inserted: POINTS.length, existing: 1 });
    expect(await cases.insertCases(rows.slice(0, 2))).toEqual({ inserted: 0, existing: 2 });
    const stored = await db.all<{ id: number }>('SELECT id FROM cases ORDER BY id');
    ids.push(...stored.map((item) => item.id));
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('joins each point to its zone (smallest wins, edges and vertices inside, holes outside), village and grid', async () => {
    const stored = await db.all<{ lon: number; lat: number; zone_id: number | null; grid_code: string | null }>(
      'SELECT lon, lat, zone_id, grid_code FROM cases ORDER BY id',
    );
    expect(stored.map((item) => item.zone_id)).toEqual(POINTS.map(([, , name]) => (name ? zone[name] : null)));
    expect(stored.map((item) => item.grid_code)).toEqual(
      POINTS.map(([lon, lat]) => (lon <= 121.005 && lat <= 31.005 ? '320583100001001' : null)),
    );
    const steps = await cases.listSteps(ids[0]!);
    expect(steps.map((step) => [step.seq, step.action])).toEqual([[1, 'report']]);
    expect(await cases.existingCaseNumbers(['IMP00000', 'IMP00003', 'NOPE'])).toEqual(
      new Set(['IMP00000', 'IMP00003']),
    );
  });

  it.runIf(engine === 'postgres')(
    'gives the zone PostGIS ST_Intersects gives (smallest area, then lowest id)',
    async () => {
      const byPostgis = await db.all<{ zone_id: number | null }>(
        `SELECT (SELECT z.id FROM zones z WHERE z.deleted_at IS NULL AND ST_Intersects(z.geom, c.geom)
               ORDER BY ST_Area(z.geom), z.id LIMIT 1) AS zone_id
       FROM cases c ORDER BY c.id`,
      );
      const stored = await db.all<{ zone_id: number | null }>('SELECT zone_id FROM cases ORDER BY id');
      expect(byPostgis).toEqual(stored);
    },
  );

  it('lists the cases in a box, edges included, nothing past them', async () => {
    const box = { minLon: 121.002, minLat: 31.002, maxLon: 121.004, maxLat: 31.004 };
    const listed = await cases.listCases({ bbox: box, limit: 100, offset: 0 }, NOW);
    expect(listed.total).toBe(3);
    expect(listed.cases.map((item) => item.caseNo).sort()).toEqual(['IMP00000', 'IMP00001', 'IMP00002']);
    const point = await cases.listCases(
      { bbox: { minLon: 121.004, minLat: 31.004, maxLon: 121.004, maxLat: 31.004 }, limit: 10, offset: 0 },
      NOW,
    );
    expect(point.cases.map((item) => item.caseNo)).toEqual(['IMP00002']);
    // 1e-7° short of the point east of B: not in the box.
    const short = await cases.listCases(
      { bbox: { minLon: 121.0035, minLat: 31.0025, maxLon: 121.0040000999, maxLat: 31.0035 }, limit: 10, offset: 0 },
      NOW,
    );
    expect(short.cases.map((item) => item.caseNo)).toEqual([]);
    const filtered = await cases.listCases(
      {
        zone: zone.B,
        status: ['reported'],
        synthetic: true,
        from: '2026-05-01',
        to: '2026-05-01',
        limit: 10,
        offset: 0,
      },
      NOW,
    );
    expect(filtered.cases.map((item) => item.caseNo)).toEqual(['IMP00000']);
  });

  it('numbers reported cases per day, skipping numbers already taken, unique when reported at once', async () => {
    await cases.insertCases([row(100, 121.9, 31.9, { caseNo: 'JX202606010002' })]);
    const input = {
      code: codes[0]!.code,
      lon: 121.003,
      lat: 31.0035,
      description: 'd',
      address: 'a',
      source: 'inspector' as const,
      legacyLabel: null,
    };
    const created = await Promise.all(Array.from({ length: 4 }, () => cases.createCase(input, actor, NOW)));
    expect(created.map((item) => item.caseNo).sort()).toEqual([
      'JX202606010001',
      'JX202606010003',
      'JX202606010004',
      'JX202606010005',
    ]);
    expect(created.every((item) => item.zoneId === String(zone.B) && item.gridCode === '320583100001001')).toBe(true);
    expect((await cases.listSteps(Number(created[0]!.id))).map((step) => step.actorName)).toEqual(['管理员']);
  });

  it('applies one of two actions sent at once with one version; the other is stale', async () => {
    const id = ids[5]!;
    const results = await Promise.all([
      cases.applyAction(id, 1, 'register', 'office', {}, actor, NOW),
      cases.applyAction(id, 1, 'register', 'office', {}, actor, NOW),
    ]);
    expect(results.map((result) => (result.ok ? 'ok' : result.reason)).sort()).toEqual(['ok', 'stale']);
    const after = (await cases.getCase(id, NOW))!;
    expect([after.status, after.version, after.registeredAt]).toEqual(['registered', 2, NOW]);
    expect((await cases.listSteps(id)).map((step) => step.action)).toEqual(['report', 'register']);
    expect(await cases.applyAction(99_999, 1, 'register', 'office', {}, actor, NOW)).toEqual({
      ok: false,
      reason: 'not-found',
    });
    const refused = await cases.applyAction(id, 2, 'register', 'office', {}, actor, NOW);
    expect(refused.ok).toBe(false);
  });

  it('re-joins the cases when zones change', async () => {
    const hole = await db.addZone(rect([121.0065, 31.0065, 121.0075, 31.0075]), { name: 'C' });
    expect(await cases.rejoinZones([hole])).toBe(1);
    expect((await cases.getCase(ids[3]!, NOW))!.zoneId).toBe(String(hole));
    await db.run("UPDATE zones SET deleted_at = '2026-06-01T00:00:00Z' WHERE id = @id", { id: zone.B });
    const moved = await cases.rejoinZones([zone.B]);
    expect(moved).toBeGreaterThanOrEqual(3);
    expect((await cases.getCase(ids[0]!, NOW))!.zoneId).toBe(String(zone.A));
    expect(await cases.rejoinBox({ minLon: 120, minLat: 30, maxLon: 122, maxLat: 32 })).toBe(0);
  });

  it('answers a zone’s cases with 复发 since it was accepted, indicator facts, code limits and mappings', async () => {
    await db.run("UPDATE zones SET status = 'accepted' WHERE id = @id", { id: zone.A });
    for (const [version, status, at] of [
      [1, 'in_progress', '2026-04-01T00:00:00Z'],
      [2, 'accepted', '2026-05-10T00:00:00Z'],
      [3, 'accepted', '2026-05-12T00:00:00Z'],
    ] as const) {
      await db.run(
        `INSERT INTO zone_versions (zone_id, version, action, at, snapshot_json) VALUES (@id, @version, 'update', @at, @snapshot)`,
        { id: zone.A, version, at, snapshot: JSON.stringify({ status }) },
      );
    }
    const inA = await cases.zoneCases(zone.A, NOW);
    expect(inA.acceptedAt).toBe('2026-05-10T00:00:00Z');
    const reported = await db.all<{ reported_at: string; status: string }>(
      'SELECT reported_at, status FROM cases WHERE zone_id = @id',
      { id: zone.A },
    );
    expect(inA.total).toBe(reported.length);
    expect(inA.relapseCount).toBe(reported.filter((item) => item.reported_at > '2026-05-10T00:00:00Z').length);
    expect(inA.byStatus).toEqual({ reported: inA.total - 1, registered: 1 });

    const facts = await cases.indicatorFacts('2026-05-01T00:00:00Z', '2026-05-05T00:00:00Z');
    expect(facts).toHaveLength(4);
    await cases.setTimeLimit(codes[0]!.code, 48, actor);
    expect((await cases.listCodes()).find((code) => code.code === codes[0]!.code)?.timeLimitHours).toBe(48);
    await cases.rememberMapping('sig', { caseNo: '编号' });
    await cases.rememberMapping('sig', { caseNo: '案件编号' });
    expect(await cases.rememberedMapping('sig')).toEqual({ caseNo: '案件编号' });
    expect(await cases.rememberedMapping('other')).toBeNull();
  });

  it('reads the case layer as typed columns, by reporting time', async () => {
    const all = await points.readPoints({}, []);
    const stored = await db.all<{ id: number }>('SELECT id FROM cases ORDER BY id');
    expect(all.count).toBe(stored.length);
    expect([...all.ids.slice(0, all.count)]).toEqual(stored.map((item) => item.id));
    expect(all.allSynthetic).toBe(false);
    const may = await points.readPoints({ fromInstant: '2026-05-02T00:00:00Z', toInstant: '2026-05-04T00:00:00Z' }, []);
    expect(may.count).toBe(2);
    expect(may.dictionary.villages).toEqual(['320583100001']);
    const none = await points.readPoints({ fromInstant: '2030-01-01T00:00:00Z' }, []);
    expect(none.count).toBe(0);
  });
});
