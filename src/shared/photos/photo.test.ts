import { describe, expect, it } from 'vitest';
import { distance } from '@turf/turf';
import { DEFAULT_PAIR_MAX_METERS, pairDistanceMeters, pairVerdict, photoPositionBodySchema } from './photo';

describe('pairDistanceMeters', () => {
  it('is zero for the same position and symmetric', () => {
    const a = { lon: 120.921, lat: 31.171 };
    const b = { lon: 120.9211, lat: 31.1711 };
    expect(pairDistanceMeters(a, a)).toBe(0);
    expect(pairDistanceMeters(a, b)).toBeCloseTo(pairDistanceMeters(b, a), 9);
  });

  it.each([
    [
      { lon: 120.921, lat: 31.171 },
      { lon: 120.92112, lat: 31.17108 },
    ],
    [
      { lon: 120.9, lat: 31.2 },
      { lon: 120.95, lat: 31.15 },
    ],
    [
      { lon: 0, lat: 0 },
      { lon: 179.9, lat: -45 },
    ],
  ])('agrees with turf within 0.1 %% (%o → %o)', (a, b) => {
    const turf = distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
    expect(Math.abs(pairDistanceMeters(a, b) - turf) / turf).toBeLessThan(0.001);
  });

  it('measures about 111 m per 0.001° of latitude', () => {
    expect(pairDistanceMeters({ lon: 120.92, lat: 31.17 }, { lon: 120.92, lat: 31.171 })).toBeCloseTo(111.2, 0);
  });
});

describe('pairVerdict', () => {
  const before = { lon: 120.921, lat: 31.171 };
  it('passes a pair within the distance and flags one beyond it', () => {
    const near = pairVerdict(before, { lon: 120.92105, lat: 31.17105 }, DEFAULT_PAIR_MAX_METERS);
    expect(near.flagged).toBe(false);
    expect(near.distanceMeters).toBeGreaterThan(5);
    expect(near.distanceMeters).toBeLessThan(DEFAULT_PAIR_MAX_METERS);
    expect(pairVerdict(before, { lon: 120.922, lat: 31.171 }, DEFAULT_PAIR_MAX_METERS)).toMatchObject({
      flagged: true,
    });
  });

  it('flags a pair when either position is unknown', () => {
    expect(pairVerdict(null, before, 15)).toEqual({ distanceMeters: null, flagged: true });
    expect(pairVerdict(before, null, 15)).toEqual({ distanceMeters: null, flagged: true });
  });
});

describe('photoPositionBodySchema', () => {
  it('takes WGS 84 positions and refuses out-of-range or extra members', () => {
    expect(photoPositionBodySchema.safeParse({ lon: 120.92, lat: 31.17 }).success).toBe(true);
    expect(photoPositionBodySchema.safeParse({ lon: 181, lat: 31.17 }).success).toBe(false);
    expect(photoPositionBodySchema.safeParse({ lon: 120.92, lat: 91 }).success).toBe(false);
    expect(photoPositionBodySchema.safeParse({ lon: 120.92, lat: 31.17, positionSource: 'exif' }).success).toBe(false);
    expect(photoPositionBodySchema.safeParse({ lon: '120.92', lat: 31.17 }).success).toBe(false);
  });
});
