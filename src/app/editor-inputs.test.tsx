// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactNode } from 'react';
import { renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { GEOJSON_MAX_FEATURES, type ZoneGeometry } from '../shared/zones/zone';
import { squareZone, zonePageResponse } from '../testing/zone-list-features';
import { useNeighbourZones } from './editor-inputs';

/** The shape of the first zone of the lists below: the one edited. */
const FIRST_SQUARE: ZoneGeometry = squareZone(0, false).geometry!;

/** The zones the editor snaps to and merges with, from a town's list (with shapes) or a county's (without). */
function renderNeighbours(light: boolean, around: ZoneGeometry | null) {
  const list = Array.from({ length: 6 }, (_, index) => squareZone(index, light));
  const near = [squareZone(1, false), squareZone(2, false)];
  const asked: URLSearchParams[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      asked.push(new URL(url, 'http://town.test').searchParams);
      return zonePageResponse(near, near.length);
    }),
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  const hook = renderHook(() => useNeighbourZones(list, around), { wrapper });
  return { hook, list, asked };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('useNeighbourZones', () => {
  it("gives a town's zones as the list holds them, asking for nothing", () => {
    const { hook, list, asked } = renderNeighbours(false, FIRST_SQUARE);
    expect(hook.result.current.map((zone) => zone.id)).toEqual(list.map((zone) => zone.id));
    expect(asked).toEqual([]);
  });

  it("past the P3 limit reads the zones around the edited shape with their shapes (the county's list has none)", async () => {
    const { hook, asked } = renderNeighbours(true, FIRST_SQUARE);
    await waitFor(() => expect(hook.result.current.map((zone) => zone.id)).toEqual(['2', '3']));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.get('limit')).toBe(String(GEOJSON_MAX_FEATURES));
    const [west, south, east, north] = asked[0]!.get('bbox')!.split(',').map(Number) as [
      number,
      number,
      number,
      number,
    ];
    // The shape's box (120.9, 31.2 – 120.90005, 31.20005) and a margin around it.
    expect(west).toBeLessThan(120.9);
    expect(south).toBeLessThan(31.2);
    expect(east).toBeGreaterThan(120.90005);
    expect(north).toBeGreaterThan(31.20005);
    expect(hook.result.current.every((zone) => zone.geometry.type === 'Polygon')).toBe(true);
  });

  it('asks for nothing around a new zone not drawn yet', () => {
    const { hook, asked } = renderNeighbours(true, null);
    expect(hook.result.current).toEqual([]);
    expect(asked).toEqual([]);
  });
});
