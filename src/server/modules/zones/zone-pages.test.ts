import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { FIXTURE_BASEMAP, FIXTURE_PLACES, FIXTURE_ZONES } from '../../../testing/fixtures';
import { syntheticZones } from '../../../testing/synthetic-zones';
import { loadCampaignConfig } from '../../platform/data-files';
import { seededRandom } from '../../../shared/cases/case-generator';
import * as z from 'zod/mini';
import { GEOJSON_MAX_FEATURES, ZONE_PAGE_SIZE, zoneCollectionSchema } from '../../../shared/zones/zone';
import { fetchAllZones } from '../../../data/zones';

// More zones than one GeoJSON answer may hold (P3): the app reads them in pages (docs/quality.md P9).
const EXTRA = GEOJSON_MAX_FEATURES + 100;
const zonePageSchema = z.extend(zoneCollectionSchema, { numberMatched: z.number(), numberReturned: z.number() });
let server: TestServer;
let leader: string;
beforeAll(async () => {
  server = await startTestServer({
    sample: {
      zones: [...FIXTURE_ZONES, ...syntheticZones(EXTRA, loadCampaignConfig(), seededRandom(5))],
      basemap: [...FIXTURE_BASEMAP],
      places: [...FIXTURE_PLACES],
    },
  });
  leader = await server.login('leader');
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('GET /api/zones in pages', () => {
  it('answers a page of at most the limit, by id, with how many match in all', async () => {
    const response = await server.request(`/api/zones?limit=${ZONE_PAGE_SIZE}&offset=0`, { cookie: leader });
    expect(response.status).toBe(200);
    const page = zonePageSchema.parse(await response.json());
    expect(page.features).toHaveLength(ZONE_PAGE_SIZE);
    expect(page.numberMatched).toBe(FIXTURE_ZONES.length + EXTRA);
    const ids = page.features.map((zone) => Number(zone.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('pages through every zone once with the filters applied', async () => {
    const all = (await (await server.request('/api/zones?status=accepted', { cookie: leader })).json()) as {
      features: { id: string }[];
    };
    const seen: string[] = [];
    for (let offset = 0; offset < all.features.length; offset += 1000) {
      const page = zonePageSchema.parse(
        await (
          await server.request(`/api/zones?status=accepted&limit=1000&offset=${offset}`, { cookie: leader })
        ).json(),
      );
      expect(page.numberMatched).toBe(all.features.length);
      seen.push(...page.features.map((zone) => zone.id));
    }
    expect(seen.sort()).toEqual(all.features.map((zone) => zone.id).sort());
  });

  it('refuses a page over the P3 limit or a bad offset with a problem saying so', async () => {
    for (const query of [`limit=${GEOJSON_MAX_FEATURES + 1}`, 'limit=0', 'limit=ten', 'offset=-1']) {
      const response = await server.request(`/api/zones?${query}`, { cookie: leader });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(await response.json())).toMatch(/limit|offset/);
    }
  });

  it("the app's zone list reads them all, no answer over the P3 limit", async () => {
    const answers: number[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), server.baseUrl);
      const response = await realFetch(url, { ...init, headers: { ...init?.headers, cookie: leader } });
      const text = await response.clone().text();
      answers.push(text.length);
      expect((JSON.parse(text) as { features: unknown[] }).features.length).toBeLessThanOrEqual(GEOJSON_MAX_FEATURES);
      return response;
    }) as typeof fetch;
    try {
      const zones = await fetchAllZones();
      expect(zones.features).toHaveLength(FIXTURE_ZONES.length + EXTRA);
      expect(new Set(zones.features.map((zone) => zone.id)).size).toBe(zones.features.length);
      expect(answers.length).toBe(Math.floor((FIXTURE_ZONES.length + EXTRA) / ZONE_PAGE_SIZE) + 1);
      for (const bytes of answers) expect(bytes).toBeLessThan(2 * 1024 * 1024);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
