import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../../../testing/test-server';

/**
 * R6 for the zone write routes: a corpus of GeoJSON edge cases and 1,000 generated bodies per
 * route. Never a 5xx, never a hang over 2 s, every rejection a 4xx problem+json, and nothing saved
 * by a rejected request.
 */
let server: TestServer;
const zoneCount = async () => (await server.sql<{ n: number }>('SELECT count(*) AS n FROM zones'))[0]!.n;
const zoneVersion = async (id: number) =>
  (await server.sql<{ version: number }>('SELECT version FROM zones WHERE id = ?', id))[0]!.version;
let planner: string;
beforeAll(async () => {
  server = await startTestServer();
  planner = await server.login('planner');
});
afterAll(async () => {
  await server.close();
});

const ring = (points: number[][]) => ({ type: 'Polygon', coordinates: [points] });
const square = [
  [120.9, 31.18],
  [120.901, 31.18],
  [120.901, 31.181],
  [120.9, 31.181],
  [120.9, 31.18],
];
const withGeometry = (geometry: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'Feature',
    geometry,
    properties: { name: '测试', category: 'R2', plannedStart: '2026-06-01', plannedEnd: '2026-09-01' },
    ...extra,
  });
function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

const CORPUS: [string, string][] = [
  ['unclosed ring', withGeometry(ring(square.slice(0, 4)))],
  ['fewer than 4 positions', withGeometry(ring([square[0]!, square[1]!, square[0]!]))],
  ['NaN', withGeometry(null).replace('null', '{"type":"Point","coordinates":[NaN,31.18]}')],
  ['1e309', withGeometry(null).replace('null', '{"type":"Point","coordinates":[1e309,31.18]}')],
  ['lat 91', withGeometry({ type: 'Point', coordinates: [120.9, 91] })],
  ['lon 181', withGeometry({ type: 'Point', coordinates: [181, 31.18] })],
  ['3-D positions', withGeometry({ type: 'Point', coordinates: [120.9, 31.18, 12] })],
  ['4-D positions', withGeometry(ring(square.map(([lon, lat]) => [lon!, lat!, 1, 2])))],
  ['a crs member', withGeometry(ring(square), { crs: { type: 'name', properties: { name: 'EPSG:3857' } } })],
  [
    'nested GeometryCollection',
    withGeometry({ type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [] }] }),
  ],
  ['deep nesting', withGeometry(null).replace('null', `{"type":"Polygon","coordinates":${nested(5000)}}`)],
  ['a string for coordinates', withGeometry({ type: 'Point', coordinates: '120.9,31.18' })],
  ['no geometry', JSON.stringify({ type: 'Feature', properties: { name: 'x', category: 'R2' } })],
  ['not JSON', '{"type":"Feature",'],
  ['an array body', '[]'],
  ['null body', 'null'],
];

async function expectRejected(body: string | Buffer, contentType = 'application/json') {
  const zonesBefore = await zoneCount();
  const started = Date.now();
  const response = await server.request('/api/zones', {
    method: 'POST',
    cookie: planner,
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  expect(Date.now() - started).toBeLessThan(2000);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  const problem = (await response.json()) as { detail?: string };
  expect(problem.detail?.length ?? 0).toBeGreaterThan(0);
  expect(await zoneCount()).toBe(zonesBefore);
  return response.status;
}

describe('GeoJSON edge cases (R6)', () => {
  it.each(CORPUS)('refuses %s with a 4xx problem that says what is wrong', async (_name, body) => {
    await expectRejected(body);
  });

  it('refuses a 1M-vertex ring and a 50 MB body as too large (413), without reading them whole', async () => {
    const vertices = Array.from({ length: 1_000_000 }, (_, index) => [120.9 + index * 1e-9, 31.18]);
    expect(await expectRejected(withGeometry(ring([...vertices, vertices[0]!])))).toBe(413);
    expect(await expectRejected(Buffer.alloc(50 * 1024 * 1024, 0x20))).toBe(413);
  });

  it('survives invalid UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from('{"type":"Feature","properties":{"name":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}}'),
    ]);
    await expectRejected(body);
  });
});

const coordinate = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -400, max: 400 }),
  fc.constantFrom(120.9, 31.18, 180, -180, 90, -90, 0),
);
const position = fc.array(coordinate, { minLength: 0, maxLength: 4 });
const geometry = fc.oneof(
  fc.record({
    type: fc.constantFrom('Point', 'LineString', 'Polygon', 'MultiPolygon', 'GeometryCollection', 'Circle'),
    coordinates: fc.anything(),
  }),
  fc.record({ type: fc.constant('Point'), coordinates: position }),
  fc.record({ type: fc.constant('LineString'), coordinates: fc.array(position, { maxLength: 6 }) }),
  fc.record({
    type: fc.constant('Polygon'),
    coordinates: fc.array(fc.array(position, { maxLength: 8 }), { maxLength: 3 }),
  }),
);
const properties = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 100 }), fc.constant(''), fc.integer()),
    category: fc.oneof(fc.constantFrom('R1', 'R2', 'R7', 'S3', 'X9'), fc.string()),
    status: fc.oneof(fc.constantFrom('in_progress', 'accepted', 'done'), fc.string()),
    plannedStart: fc.oneof(fc.constantFrom('2026-06-01', '2026-02-30', ''), fc.string()),
    plannedEnd: fc.oneof(fc.constantFrom('2026-09-01', '2025-01-01'), fc.string()),
    progress: fc.oneof(fc.integer({ min: -10, max: 120 }), fc.double(), fc.string()),
    responsibleUnits: fc.oneof(fc.array(fc.constantFrom('shuilizhan', 'nobody')), fc.string()),
    leadUnit: fc.string(),
    version: fc.integer(),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.record({ type: fc.constantFrom('Feature', 'FeatureCollection', 'x'), geometry, properties }, { requiredKeys: [] }),
  fc.jsonValue(),
);

describe('generated zone bodies (R6)', () => {
  it('POST /api/zones: 1,000 generated bodies, no 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const response = await server.request('/api/zones', { method: 'POST', cookie: planner, json: value });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/problem\+json/);
        await response.arrayBuffer();
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('PATCH /api/zones/:id: 1,000 generated bodies, no 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const version = await zoneVersion(1);
        const response = await server.request('/api/zones/1', {
          method: 'PATCH',
          cookie: planner,
          headers: { 'if-match': `"${version}"` },
          json: value,
        });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/problem\+json/);
        await response.arrayBuffer();
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});

const floodArea = async () =>
  (await server.sql<{ id: number }>("SELECT id FROM zones WHERE category = 'R4' AND deleted_at IS NULL LIMIT 1"))[0]!
    .id;
const floodFields = fc.record(
  {
    riskLevel: fc.oneof(fc.constantFrom('high', 'medium', 'low', '高', ''), fc.anything()),
    maxDepthCm: fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.double(), fc.constant(null), fc.string()),
    typicalDurationHours: fc.oneof(fc.double(), fc.constant(null), fc.string()),
    affectedHouseholds: fc.oneof(fc.integer(), fc.constant(null)),
    cause: fc.oneof(fc.string(), fc.integer()),
    drainageMeasures: fc.oneof(fc.string({ maxLength: 3000 }), fc.constant(null)),
    componentCode: fc.oneof(fc.constantFrom('01072', '01071', '99999'), fc.string()),
    name: fc.oneof(fc.string(), fc.constant('  ')),
    geometry,
    occurredOn: fc.oneof(fc.constantFrom('2026-06-10', '2099-01-01', '2026-02-30'), fc.string()),
    rainfallMm: fc.oneof(fc.double(), fc.integer({ min: -5, max: 2000 }), fc.string()),
    points: fc.oneof(
      fc.array(
        fc.record(
          {
            coordinates: position,
            depthCm: fc.oneof(fc.integer({ min: -5, max: 600 }), fc.double()),
            notes: fc.string(),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      fc.anything(),
    ),
    operations: fc.anything(),
    version: fc.oneof(fc.integer(), fc.string()),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(floodFields, body, fc.jsonValue());

/** Each generated body goes to the route; no 5xx, every refusal a problem+json. */
async function fuzzRoute(
  method: string,
  url: () => string | Promise<string>,
  headers: () => Record<string, string> | Promise<Record<string, string>> = () => ({}),
) {
  await fc.assert(
    fc.asyncProperty(anyBody, async (value) => {
      const response = await server.request(await url(), {
        method,
        cookie: planner,
        headers: await headers(),
        json: value,
      });
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      await response.arrayBuffer();
    }),
    { numRuns: 1000 },
  );
}

describe('generated bodies on the other write routes (R6)', () => {
  it('POST /api/zones/batch: 1,000 generated bodies, no 5xx', async () => {
    await fuzzRoute('POST', () => '/api/zones/batch');
  }, 120_000);

  it('POST /api/zones/:id/restore: 1,000 generated bodies, no 5xx', async () => {
    await fuzzRoute(
      'POST',
      () => '/api/zones/2/restore',
      async () => ({ 'if-match': `"${await zoneVersion(2)}"` }),
    );
  }, 120_000);

  it('PUT /api/zones/:id/flood: 1,000 generated bodies, no 5xx', async () => {
    await fuzzRoute('PUT', async () => `/api/zones/${await floodArea()}/flood`);
  }, 120_000);

  it('POST /api/zones/:id/flood/facilities: 1,000 generated bodies, no 5xx', async () => {
    await fuzzRoute('POST', async () => `/api/zones/${await floodArea()}/flood/facilities`);
  }, 120_000);

  it('POST /api/flood-events: 1,000 generated bodies, no 5xx', async () => {
    await fuzzRoute('POST', () => '/api/flood-events');
  }, 120_000);
});
