import { describe, expect, it } from 'vitest';
import { bbox } from '@turf/turf';
import { geometryBounds } from './bounds';
import type { ZoneGeometry } from '../zones/zone';

describe('geometryBounds', () => {
  it.each<ZoneGeometry>([
    { type: 'Point', coordinates: [120.9, 31.18] },
    {
      type: 'LineString',
      coordinates: [
        [120.9, 31.18],
        [120.95, 31.1],
        [120.92, 31.2],
      ],
    },
    {
      type: 'Polygon',
      coordinates: [
        [
          [120.9, 31.18],
          [120.91, 31.18],
          [120.91, 31.19],
          [120.9, 31.18],
        ],
      ],
    },
    {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [120.9, 31.18],
            [120.91, 31.18],
            [120.91, 31.19],
            [120.9, 31.18],
          ],
        ],
        [
          [
            [120.8, 31.1],
            [120.81, 31.1],
            [120.81, 31.11],
            [120.8, 31.1],
          ],
        ],
      ],
    },
  ])('agrees with turf for a $type', (geometry) => {
    expect(geometryBounds(geometry)).toEqual(bbox(geometry));
  });
});
