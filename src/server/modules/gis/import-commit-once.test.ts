import { describe, expect, it } from 'vitest';
import { server, cookies, imported, square, zoneCount, importServerPerFile } from './gis-import.test-support';

importServerPerFile();

/** The commit of a GIS import happens once, however many commits of it arrive at the same time. */
describe('M2 committing one GIS import twice creates every zone twice', () => {
  const FEATURES = 300;
  const grid = {
    type: 'FeatureCollection',
    features: Array.from({ length: FEATURES }, (_, index) => ({
      type: 'Feature',
      properties: {
        名称: `网格 ${index + 1}`,
        项目: 'R3',
        状态: '未开始',
        开始: '2026-03-01',
        结束: '2026-09-30',
        责任单位: '',
      },
      geometry: {
        type: 'Polygon',
        coordinates: square(120.86 + (index % 20) * 0.0008, 31.14 + Math.floor(index / 20) * 0.0008, 0.0005),
      },
    })),
  };
  const body = {
    mapping: { name: '名称', category: '项目', status: '状态', plannedStart: '开始', plannedEnd: '结束' },
    skipInvalid: true,
    acceptOverlaps: true,
  };
  const commit = (id: string) =>
    server.request(`/api/imports/${id}/commit`, { method: 'POST', cookie: cookies.planner, json: body });

  it('4 parallel commits: one 201, three 409, the zones created once; a later commit is 409 with the first result', async () => {
    const upload = await imported([{ name: '网格.geojson', bytes: JSON.stringify(grid) }]);
    const before = await zoneCount();
    const answers = await Promise.all([1, 2, 3, 4].map(() => commit(upload.id)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    expect(await zoneCount()).toBe(before + FEATURES);

    const first = answers.find((answer) => answer.status === 201)!;
    const result = (await first.json()) as { created: number; zoneIds: string[] };
    expect(result.created).toBe(FEATURES);
    expect(new Set(result.zoneIds).size).toBe(FEATURES);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await refused.json()) as { state: string; detail: string };
      // Either still running (then it says so) or done (then it names what the first one created).
      expect(['committing', 'done']).toContain(problem.state);
      if (problem.state === 'committing') expect(problem.detail).toMatch(/being imported right now/);
    }

    const later = await commit(upload.id);
    expect(later.status).toBe(409);
    const problem = (await later.json()) as { state: string; result: { created: number; zoneIds: string[] } };
    expect(problem.state).toBe('done');
    expect(problem.result).toEqual(result);
    expect(await zoneCount()).toBe(before + FEATURES);
  });

  it('a refused commit (invalid features, skipInvalid false) releases the import: fixed, it commits once', async () => {
    const withBad = {
      ...grid,
      features: [
        {
          ...grid.features[0]!,
          properties: { ...grid.features[0]!.properties, 项目: 'NOPE' },
          geometry: { type: 'Polygon', coordinates: square(120.9, 31.2, 0.0005) },
        },
      ],
    };
    const upload = await imported([{ name: '一个.geojson', bytes: JSON.stringify(withBad) }]);
    const before = await zoneCount();
    const refused = await server.request(`/api/imports/${upload.id}/commit`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { ...body, skipInvalid: false },
    });
    expect(refused.status).toBe(422);
    const again = await server.request(`/api/imports/${upload.id}/commit`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { ...body, skipInvalid: false },
    });
    // Refused again for the same reason, not "in progress": the first refusal released the claim.
    expect(again.status).toBe(422);
    expect(await zoneCount()).toBe(before);
  });
});
