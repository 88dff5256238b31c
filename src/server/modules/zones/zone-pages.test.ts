import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { FIXTURE_BASEMAP, FIXTURE_PLACES, FIXTURE_ZONES } from '../../../testing/fixtures';
import { syntheticZones } from '../../../testing/synthetic-zones';
import { loadCampaignConfig } from '../../platform/data-files';
import { seededRandom } from '../../../shared/cases/case-generator';
import {
  GEOJSON_MAX_FEATURES,
  hasGeometry,
  ZONE_PAGE_SIZE,
  zonePageSchema,
  type ZoneListFeature,
} from '../../../shared/zones/zone';
import { geometryBounds } from '../../../shared/geo/bounds';
import { fetchAllZones } from '../../../data/zones';

// More zones than one GeoJSON answer may hold (P3): the app reads them in pages (docs/quality.md P9).
const EXTRA = GEOJSON_MAX_FEATURES + 100;
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

  it('answers a page without geometry: the same zones, each with its box, the same counts', async () => {
    const read = async (query: string) => {
      const response = await server.request(`/api/zones?${query}`, { cookie: leader });
      expect(response.status, query).toBe(200);
      return zonePageSchema.parse(await response.json());
    };
    const expectSameZonesBoxed = (full: ZoneListFeature[], light: ZoneListFeature[], slack: number) => {
      expect(light.map((zone) => zone.id)).toEqual(full.map((zone) => zone.id));
      full.forEach((zone, index) => {
        const bare = light[index]!;
        expect(bare.geometry).toBeNull();
        expect(bare.properties).toEqual(zone.properties);
        if (!hasGeometry(zone)) throw new Error(`zone ${zone.id} came without its geometry`);
        const [west, south, east, north] = geometryBounds(zone.geometry);
        const [boxWest, boxSouth, boxEast, boxNorth] = bare.bbox!;
        // The box holds the shape, at most `slack` degrees wider on a side.
        expect(boxWest).toBeLessThanOrEqual(west);
        expect(boxSouth).toBeLessThanOrEqual(south);
        expect(boxEast).toBeGreaterThanOrEqual(east);
        expect(boxNorth).toBeGreaterThanOrEqual(north);
        expect(Math.max(west - boxWest, south - boxSouth, boxEast - east, boxNorth - north)).toBeLessThanOrEqual(slack);
      });
    };
    const offset = ZONE_PAGE_SIZE * 2;
    const full = await read(`limit=${ZONE_PAGE_SIZE}&offset=${offset}`);
    const light = await read(`limit=${ZONE_PAGE_SIZE}&offset=${offset}&geometry=none`);
    expect(light.numberMatched).toBe(full.numberMatched);
    expect(light.numberReturned).toBe(full.numberReturned);
    expect(light.features).toHaveLength(FIXTURE_ZONES.length + EXTRA - offset);
    // An unfiltered page takes the boxes from the spatial index (single precision, rounded out to 1e-7°).
    expectSameZonesBoxed(full.features, light.features, 1e-4);
    expect(JSON.stringify(light)).not.toContain('coordinates');
    // A filtered page, and every zone without a page, from the shapes read.
    const fullFiltered = await read('status=accepted&limit=500&offset=10');
    const lightFiltered = await read('status=accepted&limit=500&offset=10&geometry=none');
    expect(lightFiltered.numberMatched).toBe(fullFiltered.numberMatched);
    expectSameZonesBoxed(fullFiltered.features, lightFiltered.features, 0);
    const everyZone = (await (
      await server.request('/api/zones?bbox=120.84,31.13,120.98,31.24&geometry=none', { cookie: leader })
    ).json()) as { features: ZoneListFeature[] };
    const everyZoneFull = (await (
      await server.request('/api/zones?bbox=120.84,31.13,120.98,31.24', { cookie: leader })
    ).json()) as { features: ZoneListFeature[] };
    expect(everyZone.features.length).toBeGreaterThan(0);
    expectSameZonesBoxed(everyZoneFull.features, everyZone.features, 0);
  });

  it('refuses a geometry choice it does not know with a problem saying so', async () => {
    for (const query of ['geometry=bbox', 'geometry=', 'limit=10&geometry=NONE']) {
      const response = await server.request(`/api/zones?${query}`, { cookie: leader });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(await response.json())).toContain('geometry must be full or none');
    }
  });

  it("the app's zone list reads them all, no answer over the P3 limit, without geometry past it", async () => {
    const answers: number[] = [];
    const urls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), server.baseUrl);
      urls.push(url.search);
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
      // The first page as a town's (with geometry), the others without; the list uniform: every zone with a box.
      expect(urls[0]).not.toContain('geometry');
      for (const search of urls.slice(1)) expect(search).toContain('geometry=none');
      for (const zone of zones.features) {
        expect(zone.geometry).toBeNull();
        expect(zone.bbox).toHaveLength(4);
      }
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
