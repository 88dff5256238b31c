import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchAllZones } from './zones';
import { GEOJSON_MAX_FEATURES, ZONE_PAGE_SIZE } from '../shared/zones/zone';
import { squareZone, zonePageResponse } from '../testing/zone-list-features';

/**
 * The zone list's reading (fetchAllZones) against a stand-in for `GET /api/zones?limit=&offset=[&geometry=none]`
 * holding `total` zones: each a small square, answered with its geometry, or without it and with its box.
 */
function fakeServer(total: number) {
  const asked: URLSearchParams[] = [];
  const fetch = vi.fn(async (url: string) => {
    const query = new URL(url, 'http://town.test').searchParams;
    asked.push(query);
    const limit = Number(query.get('limit'));
    const offset = Number(query.get('offset'));
    const light = query.get('geometry') === 'none';
    const features = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, index) =>
      squareZone(offset + index, light),
    );
    return zonePageResponse(features, total);
  });
  return { fetch, asked };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchAllZones', () => {
  it("reads a town's zones with their geometry in one request", async () => {
    const server = fakeServer(45);
    vi.stubGlobal('fetch', server.fetch);
    const zones = await fetchAllZones();
    expect(server.asked).toHaveLength(1);
    expect(server.asked[0]!.get('geometry')).toBeNull();
    expect(zones.features).toHaveLength(45);
    expect(zones.features.every((zone) => zone.geometry?.type === 'Polygon' && zone.bbox === undefined)).toBe(true);
  });

  it('reads every page with geometry up to the P3 limit', async () => {
    const server = fakeServer(GEOJSON_MAX_FEATURES);
    vi.stubGlobal('fetch', server.fetch);
    const zones = await fetchAllZones();
    expect(server.asked.map((query) => query.get('offset'))).toEqual(['0', '2000', '4000']);
    expect(server.asked.every((query) => query.get('geometry') === null)).toBe(true);
    expect(zones.features).toHaveLength(GEOJSON_MAX_FEATURES);
    expect(zones.features.every((zone) => zone.geometry !== null)).toBe(true);
  });

  it('past the P3 limit reads the other pages without geometry and drops the first page’s shapes too', async () => {
    const total = GEOJSON_MAX_FEATURES + 1;
    const server = fakeServer(total);
    vi.stubGlobal('fetch', server.fetch);
    const zones = await fetchAllZones();
    expect(server.asked.map((query) => [query.get('offset'), query.get('limit'), query.get('geometry')])).toEqual([
      ['0', String(ZONE_PAGE_SIZE), null],
      ['2000', String(ZONE_PAGE_SIZE), 'none'],
      ['4000', String(ZONE_PAGE_SIZE), 'none'],
    ]);
    expect(zones.features.map((zone) => zone.id)).toEqual(Array.from({ length: total }, (_, index) => `${index + 1}`));
    expect(zones.features.every((zone) => zone.geometry === null)).toBe(true);
    // The first page's boxes come from its shapes: the same as the server's for the same zone.
    expect(zones.features[0]!.bbox).toEqual([120.9, 31.2, 120.9 + 5e-5, 31.20005]);
    expect(zones.features[ZONE_PAGE_SIZE]!.bbox).toEqual([
      120.9 + ZONE_PAGE_SIZE * 1e-4,
      31.2,
      120.9 + ZONE_PAGE_SIZE * 1e-4 + 5e-5,
      31.20005,
    ]);
  });
});
