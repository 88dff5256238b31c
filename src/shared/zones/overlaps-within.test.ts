import { describe, expect, it } from 'vitest';
import { squarePolygon } from '../../testing/fixtures';
import { overlapsWithinBatch, overlapsWithinBatchSliced, type BatchZone } from './overlaps-within';

const zone = (category: string, lon: number, lat: number, size = 0.001): BatchZone => ({
  category,
  geometry: squarePolygon(lon, lat, size),
});

describe('overlapsWithinBatch', () => {
  it('refuses a later zone of the same item that overlaps an earlier one, not other items or neighbours', () => {
    const found = overlapsWithinBatch([
      zone('R3', 120.9, 31.18),
      zone('R3', 120.9, 31.18),
      zone('R5', 120.9, 31.18),
      zone('R3', 120.901, 31.18),
      zone('R3', 120.9005, 31.1805),
    ]);
    expect([...found.entries()]).toEqual([
      [1, 0],
      [4, 0],
    ]);
  });

  it('compares only with zones still kept: a chain of three keeps the first and third', () => {
    // 0 and 1 overlap, 1 and 2 overlap, 0 and 2 are apart: 1 goes, so 2 stays.
    const found = overlapsWithinBatch([
      zone('S2', 120.9, 31.18),
      zone('S2', 120.9008, 31.18),
      zone('S2', 120.9016, 31.18),
    ]);
    expect([...found.entries()]).toEqual([[1, 0]]);
  });

  it('finds every duplicate in 2,000 zones through the index', () => {
    const zones: BatchZone[] = [];
    for (let index = 0; index < 1000; index += 1) {
      const lon = 120.85 + (index % 40) * 0.002;
      const lat = 31.14 + Math.floor(index / 40) * 0.002;
      zones.push(zone('R3', lon, lat), zone('R3', lon, lat));
    }
    const found = overlapsWithinBatch(zones);
    expect(found.size).toBe(1000);
    for (const [later, earlier] of found) expect(later - earlier).toBe(1);
  });

  it('is empty for no zones or one', () => {
    expect(overlapsWithinBatch([]).size).toBe(0);
    expect(overlapsWithinBatch([zone('R3', 120.9, 31.18)]).size).toBe(0);
  });

  it('finds the same overlaps a slice at a time, pausing after each zone', async () => {
    const zones = [
      zone('R3', 120.9, 31.18),
      zone('R3', 120.9005, 31.1805),
      zone('S2', 120.9, 31.18),
      zone('R3', 120.95, 31.2),
      zone('R3', 120.9502, 31.2002),
    ];
    let pauses = 0;
    const found = await overlapsWithinBatchSliced(zones, async () => {
      pauses += 1;
    });
    expect([...found]).toEqual([...overlapsWithinBatch(zones)]);
    expect([...found]).toEqual([
      [1, 0],
      [4, 3],
    ]);
    expect(pauses).toBe(zones.length);
  });
});
