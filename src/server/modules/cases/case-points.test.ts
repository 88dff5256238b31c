import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { generateCases, generatorAreaFrom } from '../../../shared/cases/case-generator';
import { CASE_POINTS_NONE, dayText, decodeCasePoints } from '../../../shared/cases/case-points';
import { shanghaiDay } from '../../../shared/time/dates';
import { loadProblemCodes, loadSampleData } from '../../platform/data-files';

/** GET /api/cases/points.bin over real HTTP against a real database of generated cases. */
let server: TestServer;
let cookie: string;
const codes = loadProblemCodes();
const sample = loadSampleData();
const cases = generateCases({
  count: 2500,
  seed: 11,
  codes,
  area: generatorAreaFrom(sample.basemap, sample.places),
  from: '2026-01-01T00:00:00+08:00',
  to: '2026-06-01T00:00:00+08:00',
  now: '2026-06-10T12:00:00+08:00',
});

beforeAll(async () => {
  server = await startTestServer();
  await server.repos.cases.insertCases(cases);
  cookie = await server.login('leader');
});
afterAll(async () => {
  await server.close();
});

async function points(query = '', headers: Record<string, string> = {}) {
  const response = await server.request(`/api/cases/points.bin${query}`, { cookie, headers });
  return response;
}

describe('GET /api/cases/points.bin', () => {
  it('answers every case as binary columns that decode to the stored rows', async () => {
    const response = await points();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    const decoded = decodeCasePoints(await response.arrayBuffer());
    expect(decoded.count).toBe(cases.length);
    expect(decoded.allSynthetic).toBe(true);
    // Same as a ~40 MB GeoJSON would say, in ~22 bytes a case.
    const rows = await server.sql<{
      id: number;
      lon: number;
      lat: number;
      code: string;
      status: string;
      unit_id: string | null;
      village_code: string | null;
      reported_at: string;
      suspended: number;
    }>('SELECT id, lon, lat, code, status, unit_id, village_code, reported_at, suspended FROM cases ORDER BY id');
    const { dictionary } = decoded;
    expect(dictionary.codes.slice(0, codes.length)).toEqual(codes.map((code) => code.code));
    rows.forEach((row, i) => {
      expect(decoded.ids[i]).toBe(row.id);
      expect(Math.abs(decoded.originLon + decoded.positions[i * 2]! - row.lon)).toBeLessThan(1e-6);
      expect(Math.abs(decoded.originLat + decoded.positions[i * 2 + 1]! - row.lat)).toBeLessThan(1e-6);
      expect(dictionary.codes[decoded.codes[i]!]).toBe(row.code);
      expect(dictionary.statuses[decoded.statuses[i]!]).toBe(row.status);
      expect(decoded.units[i] === CASE_POINTS_NONE ? null : dictionary.units[decoded.units[i]!]).toBe(row.unit_id);
      expect(decoded.villages[i] === CASE_POINTS_NONE ? null : dictionary.villages[decoded.villages[i]!]).toBe(
        row.village_code,
      );
      expect(dayText(decoded.epochDay + decoded.days[i]!)).toBe(shanghaiDay(new Date(row.reported_at)));
      expect((decoded.flags[i]! & 2) === 2).toBe(row.suspended === 1);
    });
  });

  it('takes a range of calendar days (Asia/Shanghai, both ends included)', async () => {
    const decoded = decodeCasePoints(await (await points('?from=2026-02-01&to=2026-02-28')).arrayBuffer());
    const expected = cases.filter((cityCase) => {
      const day = shanghaiDay(new Date(cityCase.reportedAt));
      return day >= '2026-02-01' && day <= '2026-02-28';
    }).length;
    expect(expected).toBeGreaterThan(100);
    expect(decoded.count).toBe(expected);
    const empty = decodeCasePoints(await (await points('?from=2030-01-01')).arrayBuffer());
    expect(empty.count).toBe(0);
  });

  it('answers 304 to the ETag it gave while nothing changed, 200 after a change', async () => {
    const first = await points('?from=2026-03-01');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await points('?from=2026-03-01', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    await server.sql("UPDATE cases SET status = 'closed' WHERE id = (SELECT max(id) FROM cases)");
    const changed = await points('?from=2026-03-01', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
  });

  it('refuses bad ranges and unknown parameters with a problem saying what is wrong', async () => {
    for (const [query, message] of [
      ['?from=2026-02-30', /from: expected a calendar day/],
      ['?to=yesterday', /to: expected a calendar day/],
      ['?from=2026-03-02&to=2026-03-01', /from \(2026-03-02\) is after to/],
      ['?bbox=1,2,3,4', /bbox/],
    ] as const) {
      const response = await points(query);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(((await response.json()) as { detail: string }).detail).toMatch(message);
    }
  });

  it('is for signed-in users only', async () => {
    expect((await server.request('/api/cases/points.bin')).status).toBe(401);
  });
});
