import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { zoneFeatureSchema, zoneHistorySchema } from '../../../shared/zones/zone';
import { problemSchema } from '../../../shared/http/problem';

let server: TestServer;
let planner: string;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  planner = await server.login('planner');
  admin = await server.login('admin');
});
afterAll(async () => {
  await server.close();
});

let offset = 0;
/** A fresh small square inside the fixture town, never overlapping the others. */
function square(size = 0.0005) {
  offset += 1;
  const lon = 120.86 + (offset % 40) * 0.002;
  const lat = 31.14 + Math.floor(offset / 40) * 0.002;
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
      ],
    ],
  };
}
const feature = (properties: Record<string, unknown> = {}, geometry: unknown = square()) => ({
  type: 'Feature',
  geometry,
  properties: {
    name: '上塘街老旧小区',
    category: 'R2',
    plannedStart: '2026-06-01',
    plannedEnd: '2026-12-31',
    ...properties,
  },
});
const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, cookie = planner) =>
  server.request(path, { method, cookie, headers, ...(body === undefined ? {} : { json: body }) });
async function create(properties: Record<string, unknown> = {}, geometry?: unknown) {
  const response = await send('POST', '/api/zones', feature(properties, geometry ?? square()));
  expect(response.status, await response.clone().text()).toBe(201);
  return { zone: zoneFeatureSchema.parse(await response.json()), response };
}
const count = async (sql: string, ...params: unknown[]) => (await server.sql<{ n: number }>(sql, ...params))[0]!.n;
/** Everything a rejected write must leave untouched. */
const stateOf = async (id: string) => ({
  row: (await server.sql('SELECT * FROM zones WHERE id = ?', id))[0],
  history: await count('SELECT count(*) AS n FROM zone_versions WHERE zone_id = ?', id),
  audit: await count("SELECT count(*) AS n FROM audit_log WHERE target_type = 'zone' AND target_id = ?", id),
});

describe('creating zones', () => {
  it('answers 201 with Location and ETag, takes the lead unit from the item, and records version 1', async () => {
    const { zone, response } = await create();
    expect(response.headers.get('location')).toBe(`/api/zones/${zone.id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(zone.properties).toMatchObject({ leadUnit: 'jianguansuo', status: 'not_started', progress: 0, version: 1 });
    expect(zone.properties.responsibleUnits).toEqual(['lvguansuo', 'fangkaigongsi', 'chengguanzhongdui', 'huanweisuo']);
    const history = zoneHistorySchema.parse(await (await send('GET', `/api/zones/${zone.id}/history`)).json());
    expect(history.map((entry) => [entry.version, entry.action, entry.actorUsername])).toEqual([
      [1, 'create', 'planner'],
    ]);
    // The history names the person (display name), never the username alone.
    expect(history[0]!.actorName).toBe('规划人员（演示）');
  });

  it('refuses invalid geometry with the reason, an item that does not apply, and protected fields', async () => {
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [120.9, 31.18],
          [120.901, 31.181],
          [120.901, 31.18],
          [120.9, 31.181],
          [120.9, 31.18],
        ],
      ],
    };
    const zonesBefore = await count('SELECT count(*) AS n FROM zones');
    const cases: [unknown, number, RegExp][] = [
      [feature({}, bowTie), 400, /crosses itself/],
      [feature({}, { type: 'Point', coordinates: [121.5, 31.18] }), 400, /outside the town/],
      [feature({ category: 'R7' }), 400, /does not apply/],
      [feature({ leadUnit: 'shuilizhan' }), 400, /leadUnit/],
      [feature({ version: 7 }), 400, /version/],
      [{ ...feature(), id: '99' }, 400, /id/],
      [{ ...feature(), crs: { type: 'name' } }, 400, /crs/],
      [feature({ plannedEnd: '2026-01-01' }), 400, /before the planned start/],
      [feature({ responsibleUnits: ['nobody'] }), 400, /Unknown unit/],
      [feature({}, { type: 'GeometryCollection', geometries: [] }), 400, /geometry/],
      [feature({}, { type: 'Point', coordinates: [120.9, 31.18, 10] }), 400, /geometry|coordinates/],
    ];
    for (const [body, status, pattern] of cases) {
      const response = await send('POST', '/api/zones', body);
      const problem = problemSchema.parse(await response.json());
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(`${problem.detail} ${JSON.stringify(problem.errors ?? [])}`).toMatch(pattern);
    }
    expect(await count('SELECT count(*) AS n FROM zones')).toBe(zonesBefore);
  });

  it('warns about an overlap with a zone of the same item, and saves it when a reason is given', async () => {
    const geometry = square(0.001);
    const { zone: first } = await create({ category: 'R5' }, geometry);
    const overlapping = feature({ category: 'R5', name: '重叠工地' }, geometry);
    const warned = await send('POST', '/api/zones', overlapping);
    expect(warned.status).toBe(409);
    expect(((await warned.json()) as { overlaps: string[] }).overlaps).toEqual([first.id]);
    // Another item may share the place.
    await create({ category: 'R2' }, geometry);
    const accepted = await send('POST', '/api/zones', { ...overlapping, overlapReason: '同一地块分两期施工' });
    expect(accepted.status).toBe(201);
    const created = zoneFeatureSchema.parse(await accepted.json());
    const history = zoneHistorySchema.parse(await (await send('GET', `/api/zones/${created.id}/history`)).json());
    expect(history[0]!.reason).toBe('同一地块分两期施工');
  });
});

describe('changing zones with If-Match (R2)', () => {
  it('needs If-Match: missing 428, stale or future 412 with the current version, garbage 400 — with no side effect', async () => {
    const { zone } = await create();
    const before = await stateOf(zone.id);
    const patch = (headers: Record<string, string>) =>
      send('PATCH', `/api/zones/${zone.id}`, { properties: { progress: 50 } }, headers);
    expect((await patch({})).status).toBe(428);
    for (const tag of ['"0"', '"2"', '"99"']) {
      const response = await patch({ 'if-match': tag });
      expect(response.status).toBe(412);
      const body = (await response.json()) as { currentVersion: number; current: { properties: { version: number } } };
      expect(body.currentVersion).toBe(1);
      expect(body.current.properties.version).toBe(1);
    }
    for (const tag of ['garbage', '*', '"1", "2"', 'W/"x"'])
      expect((await patch({ 'if-match': tag })).status).toBe(400);
    expect(await stateOf(zone.id)).toEqual(before);
    const ok = await patch({ 'if-match': '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(zoneFeatureSchema.parse(await ok.json()).properties.progress).toBe(50);
  });

  it('applies the same precondition rules to DELETE and restore', async () => {
    const { zone } = await create();
    const before = await stateOf(zone.id);
    expect((await send('DELETE', `/api/zones/${zone.id}`)).status).toBe(428);
    expect((await send('DELETE', `/api/zones/${zone.id}`, undefined, { 'if-match': '"3"' })).status).toBe(412);
    expect((await send('POST', `/api/zones/${zone.id}/restore`, { version: 1 })).status).toBe(428);
    expect((await send('POST', `/api/zones/${zone.id}/restore`, { version: 1 }, { 'if-match': '"5"' })).status).toBe(
      412,
    );
    expect(await stateOf(zone.id)).toEqual(before);
  });

  it('refuses protected fields in a PATCH and keeps the zone as it was', async () => {
    const { zone } = await create();
    const before = await stateOf(zone.id);
    for (const properties of [
      { leadUnit: 'shuilizhan' },
      { version: 9 },
      { overdue: false },
      { updatedAt: 'x' },
      { id: '1' },
    ]) {
      const response = await send('PATCH', `/api/zones/${zone.id}`, { properties }, { 'if-match': '"1"' });
      expect(response.status, JSON.stringify(properties)).toBe(400);
    }
    expect(await stateOf(zone.id)).toEqual(before);
  });
});

describe('history, restore and delete (R12)', () => {
  it('records every change with who and what, restores an old version as a new one', async () => {
    const { zone } = await create({ name: '旧名字' });
    const renamed = await send(
      'PATCH',
      `/api/zones/${zone.id}`,
      { properties: { name: '新名字' }, geometry: square() },
      { 'if-match': '"1"' },
    );
    expect(renamed.status).toBe(200);
    const restored = await send('POST', `/api/zones/${zone.id}/restore`, { version: 1 }, { 'if-match': '"2"' });
    expect(restored.status).toBe(200);
    const after = zoneFeatureSchema.parse(await restored.json());
    expect(after.properties).toMatchObject({ name: '旧名字', version: 3 });
    expect(after.geometry).toEqual(zone.geometry);
    const history = zoneHistorySchema.parse(await (await send('GET', `/api/zones/${zone.id}/history`)).json());
    expect(history.map((entry) => [entry.version, entry.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
      [3, 'restore'],
    ]);
    expect(history[1]!.changed.sort()).toEqual(['geometry', 'name']);
    const audit = await server.sql<{ action: string; actor_username: string; detail_json: string }>(
      "SELECT action, actor_username, detail_json FROM audit_log WHERE target_type = 'zone' AND target_id = ? ORDER BY id",
      zone.id,
    );
    expect(audit.map((row) => row.action)).toEqual(['zone_create', 'zone_update', 'zone_restore']);
    expect(JSON.parse(audit[1]!.detail_json)).toMatchObject({ before: { name: '旧名字' }, after: { name: '新名字' } });
  });

  it('soft-deletes: the zone leaves the map, admin sees it and can undo the deletion', async () => {
    const { zone } = await create({ name: '待删除区域' });
    const deleted = await send('DELETE', `/api/zones/${zone.id}`, undefined, { 'if-match': '"1"' });
    expect(deleted.status).toBe(204);
    expect((await send('GET', `/api/zones/${zone.id}`)).status).toBe(404);
    const list = (await (await send('GET', '/api/zones')).json()) as { features: { id: string }[] };
    expect(list.features.some((entry) => entry.id === zone.id)).toBe(false);
    expect((await send('GET', '/api/zones/deleted')).status).toBe(403);
    const trash = (await (await send('GET', '/api/zones/deleted', undefined, {}, admin)).json()) as { id: string }[];
    expect(trash.map((entry) => entry.id)).toContain(zone.id);
    const undone = await send('POST', `/api/zones/${zone.id}/undelete`, undefined, {}, admin);
    expect(undone.status).toBe(200);
    expect(zoneFeatureSchema.parse(await undone.json()).properties).toMatchObject({ name: '待删除区域', version: 3 });
  });
});

describe('batches are atomic (R3)', () => {
  it('saves 100 edits with one bad geometry as nothing at all', async () => {
    const zonesBefore = await count('SELECT count(*) AS n FROM zones');
    const versionsBefore = await count('SELECT count(*) AS n FROM zone_versions');
    const operations = Array.from({ length: 100 }, (_, index) => ({
      op: 'create',
      feature: feature(
        { name: `批量区域 ${index}` },
        index === 73
          ? {
              type: 'Polygon',
              coordinates: [
                [
                  [120.9, 31.18],
                  [120.901, 31.181],
                  [120.901, 31.18],
                  [120.9, 31.181],
                  [120.9, 31.18],
                ],
              ],
            }
          : square(0.0002),
      ),
    }));
    const response = await send('POST', '/api/zones/batch', { operations });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('operations.73.feature.geometry');
    expect(await count('SELECT count(*) AS n FROM zones')).toBe(zonesBefore);
    expect(await count('SELECT count(*) AS n FROM zone_versions')).toBe(versionsBefore);
  });

  it('rolls back a batch whose last operation is stale, and applies a good one whole', async () => {
    const { zone: a } = await create();
    const { zone: b } = await create();
    const stale = await send('POST', '/api/zones/batch', {
      operations: [
        { op: 'update', id: a.id, version: 1, feature: { properties: { progress: 10 } } },
        { op: 'update', id: b.id, version: 5, feature: { properties: { progress: 20 } } },
      ],
    });
    expect(stale.status).toBe(412);
    expect((await server.sql('SELECT version, progress FROM zones WHERE id = ?', a.id))[0]).toEqual({
      version: 1,
      progress: 0,
    });
    const good = await send('POST', '/api/zones/batch', {
      operations: [
        { op: 'update', id: a.id, version: 1, feature: { properties: { progress: 10 } } },
        { op: 'delete', id: b.id, version: 1 },
        { op: 'create', feature: feature({ name: '合并后区域' }) },
      ],
    });
    expect(good.status).toBe(200);
    const { results } = (await good.json()) as { results: { id: string; version: number }[] };
    expect(results.map((result) => result.version)).toEqual([2, 2, 1]);
  });
});

describe('concurrent editors (R1, small)', () => {
  it('loses no update: every losing write gets 412 and each zone ends at its count of successful writes', async () => {
    const hot = [
      await create({ category: 'R1', name: '热点区域一' }),
      await create({ category: 'R1', name: '热点区域二' }),
    ];
    // Logged in one after another: parallel logins of one account from one address are throttled (docs/quality.md R13).
    const editors: string[] = [];
    for (let editor = 0; editor < 8; editor += 1) editors.push(await server.login('planner'));
    const wins = new Map<string, number>(hot.map(({ zone }) => [zone.id, 0]));
    const statuses: number[] = [];
    await Promise.all(
      editors.map(async (cookie, editor) => {
        for (let round = 0; round < 6; round += 1) {
          const { zone } = hot[(editor + round) % hot.length]!;
          const read = await server.request(`/api/zones/${zone.id}`, { cookie });
          const etag = read.headers.get('etag')!;
          const current = zoneFeatureSchema.parse(await read.json());
          const response = await server.request(`/api/zones/${zone.id}`, {
            method: 'PATCH',
            cookie,
            headers: { 'if-match': etag },
            json: { properties: { notes: `${current.properties.notes}|e${editor}r${round}` } },
          });
          statuses.push(response.status);
          if (response.status === 200) wins.set(zone.id, wins.get(zone.id)! + 1);
        }
      }),
    );
    expect(statuses.every((status) => status === 200 || status === 412)).toBe(true);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    for (const { zone } of hot) {
      const final = zoneFeatureSchema.parse(
        await (await server.request(`/api/zones/${zone.id}`, { cookie: planner })).json(),
      );
      expect(final.properties.version).toBe(1 + wins.get(zone.id)!);
      // Every successful write is in the notes: none was overwritten.
      expect(final.properties.notes.split('|').filter(Boolean)).toHaveLength(wins.get(zone.id)!);
    }
  });
});
