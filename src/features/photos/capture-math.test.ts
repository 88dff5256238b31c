import { describe, expect, it } from 'vitest';
import {
  distanceMeters,
  distanceVerdict,
  headingDelta,
  headingFromOrientation,
  headingVerdict,
  normalizeDegrees,
} from './capture-math';

/** A point in Jinxi (31.18° N). */
const JINXI = { lon: 120.92, lat: 31.18 };

describe('distanceMeters', () => {
  it('is zero for the same point', () => {
    expect(distanceMeters(JINXI, JINXI)).toBe(0);
  });

  it('measures 0.0001° of latitude as about 11.1 m', () => {
    expect(distanceMeters(JINXI, { ...JINXI, lat: 31.1801 })).toBeCloseTo(11.12, 1);
  });

  it('measures 0.0001° of longitude at 31.18° N as about 9.5 m (cos 31.18° × 11.1 m)', () => {
    expect(distanceMeters(JINXI, { ...JINXI, lon: 120.9201 })).toBeCloseTo(9.51, 1);
  });

  it('is symmetric', () => {
    const other = { lon: 120.9212, lat: 31.1793 };
    expect(distanceMeters(JINXI, other)).toBeCloseTo(distanceMeters(other, JINXI), 9);
  });
});

describe('headingFromOrientation', () => {
  it('prefers the iOS compass heading', () => {
    expect(headingFromOrientation({ alpha: 10, absolute: false, webkitCompassHeading: 250 })).toBe(250);
  });

  it('turns an absolute alpha (counter-clockwise from north) into a compass heading', () => {
    expect(headingFromOrientation({ alpha: 90, absolute: true })).toBe(270);
    expect(headingFromOrientation({ alpha: 0, absolute: true })).toBe(0);
    expect(headingFromOrientation({ alpha: 350, absolute: true })).toBe(10);
  });

  it('knows nothing from a relative event or a missing alpha', () => {
    expect(headingFromOrientation({ alpha: 90, absolute: false })).toBeNull();
    expect(headingFromOrientation({ alpha: null, absolute: true })).toBeNull();
    expect(headingFromOrientation({ alpha: 90, absolute: false, webkitCompassHeading: -1 })).toBeNull();
  });

  it('follows the camera of a phone held upright in portrait: 360 - alpha', () => {
    expect(headingFromOrientation({ alpha: 30, beta: 90, gamma: 0, absolute: true })).toBeCloseTo(330, 6);
    expect(headingFromOrientation({ alpha: 0, beta: 80, gamma: 0, absolute: true })).toBeCloseTo(0, 6);
  });

  it('follows the camera of a phone held in landscape (rotated about its screen axis)', () => {
    // Upright, facing north, then turned to landscape: the camera still faces north.
    expect(headingFromOrientation({ alpha: 90, beta: 0, gamma: -90, absolute: true })).toBeCloseTo(0, 6);
  });

  it('falls back to the top of the phone when the camera points at the ground', () => {
    expect(headingFromOrientation({ alpha: 45, beta: 0, gamma: 0, absolute: true })).toBe(315);
  });
});

describe('headingDelta', () => {
  it('is the signed shortest turn, positive to the right', () => {
    expect(headingDelta(359, 1)).toBe(2);
    expect(headingDelta(1, 359)).toBe(-2);
    expect(headingDelta(90, 102)).toBe(12);
    expect(headingDelta(102, 90)).toBe(-12);
    expect(headingDelta(45, 45)).toBe(0);
  });

  it('stays in (-180, 180]', () => {
    expect(headingDelta(0, 180)).toBe(180);
    expect(headingDelta(180, 0)).toBe(180);
    expect(headingDelta(10, 190)).toBe(180);
    for (let current = 0; current < 360; current += 7) {
      for (let target = 0; target < 360; target += 11) {
        const delta = headingDelta(current, target);
        expect(delta).toBeGreaterThan(-180);
        expect(delta).toBeLessThanOrEqual(180);
        expect(normalizeDegrees(current + delta)).toBeCloseTo(target, 9);
      }
    }
  });
});

describe('headingVerdict', () => {
  it('says which way to turn and by how much', () => {
    expect(headingVerdict(80, 92)).toEqual({ degrees: 12, turn: 'right' });
    expect(headingVerdict(5, 353)).toEqual({ degrees: 12, turn: 'left' });
    expect(headingVerdict(359, 1)).toEqual({ degrees: 2, turn: 'aligned' });
  });

  it('shows nothing when either direction is unknown', () => {
    expect(headingVerdict(null, 90)).toBeNull();
    expect(headingVerdict(90, null)).toBeNull();
  });
});

describe('distanceVerdict', () => {
  it('flags a distance above the limit', () => {
    expect(distanceVerdict(23.4, 5, 15)).toEqual({ kind: 'far', meters: 23, accuracy: 5, imprecise: false });
  });

  it('does not flag at or below the limit (the server flags only above it)', () => {
    expect(distanceVerdict(15, 4.2, 15)).toEqual({ kind: 'near', meters: 15, accuracy: 5, imprecise: false });
    expect(distanceVerdict(15.04, null, 15)).toEqual({ kind: 'near', meters: 15, accuracy: null, imprecise: false });
  });

  it('keeps a decimal when whole metres would hide that the pair is too far apart', () => {
    expect(distanceVerdict(15.3, 3, 15)).toEqual({ kind: 'far', meters: 15.3, accuracy: 3, imprecise: false });
  });

  it('marks a GPS fix less precise than the limit', () => {
    expect(distanceVerdict(8, 40, 15)).toEqual({ kind: 'near', meters: 8, accuracy: 40, imprecise: true });
  });

  it('is unknown without a distance', () => {
    expect(distanceVerdict(null, 5, 15)).toEqual({ kind: 'unknown' });
    expect(distanceVerdict(Number.NaN, 5, 15)).toEqual({ kind: 'unknown' });
  });

  it('works on a real pair: 0.0002° north of the before-photo in Jinxi is about 22 m, over 15 m', () => {
    const meters = distanceMeters(JINXI, { ...JINXI, lat: 31.1802 });
    expect(distanceVerdict(meters, 6, 15)).toMatchObject({ kind: 'far', meters: 22 });
  });
});
