import { pairDistanceMeters, type PhotoPosition } from '../../shared/photos/photo';

/** Great-circle distance in metres between two WGS 84 positions (the server's pairing formula). */
export function distanceMeters(a: PhotoPosition, b: PhotoPosition): number {
  return pairDistanceMeters(a, b);
}

/** Degrees folded into [0, 360). */
export function normalizeDegrees(degrees: number): number {
  const folded = degrees % 360;
  return folded < 0 ? folded + 360 : folded === 0 ? 0 : folded;
}

/** The parts of a `deviceorientation(absolute)` event the heading needs. */
export interface OrientationLike {
  alpha: number | null;
  beta?: number | null;
  gamma?: number | null;
  absolute: boolean;
  /** iOS Safari: degrees from magnetic north, clockwise. */
  webkitCompassHeading?: number | null;
}

const finite = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const radians = (degrees: number) => (degrees * Math.PI) / 180;
const degrees = (value: number) => (value * 180) / Math.PI;

/**
 * Which way the rear camera faces, degrees clockwise from north, or null when the event does not
 * say (no compass, or angles relative to an arbitrary start).
 *
 * iOS gives `webkitCompassHeading`. Elsewhere an `absolute` event's alpha is measured from north
 * counter-clockwise, so the top of a phone held flat, or the camera of a phone held upright in
 * portrait, faces `360 - alpha`. With beta and gamma the camera's own direction (the device's −z
 * axis, W3C Device Orientation) is projected onto the horizontal, which stays right when the phone
 * is tilted sideways or held in landscape; when the camera points (nearly) straight down that
 * projection means nothing and `360 - alpha` is used.
 */
export function headingFromOrientation(event: OrientationLike): number | null {
  if (finite(event.webkitCompassHeading) && event.webkitCompassHeading >= 0) {
    return normalizeDegrees(event.webkitCompassHeading);
  }
  if (!event.absolute || !finite(event.alpha)) return null;
  if (finite(event.beta) && finite(event.gamma)) {
    const [a, b, g] = [radians(event.alpha), radians(event.beta), radians(event.gamma)];
    const east = -Math.cos(a) * Math.sin(g) - Math.sin(a) * Math.sin(b) * Math.cos(g);
    const north = -Math.sin(a) * Math.sin(g) + Math.cos(a) * Math.sin(b) * Math.cos(g);
    if (Math.hypot(east, north) >= 0.2) return normalizeDegrees(degrees(Math.atan2(east, north)));
  }
  return normalizeDegrees(360 - event.alpha);
}

/**
 * The signed turn from `current` to `target`, in (-180, 180]: positive means turn right
 * (clockwise), negative turn left. 359° → 1° is +2.
 */
export function headingDelta(current: number, target: number): number {
  const delta = normalizeDegrees(target - current);
  return delta > 180 ? delta - 360 : delta;
}

/** Within this many degrees the camera faces the before-photo's way. */
export const HEADING_ALIGNED_DEGREES = 5;

export type HeadingVerdict = { degrees: number; turn: 'left' | 'right' | 'aligned' };

/** What to show about the camera's direction against the before-photo's bearing (null: show nothing). */
export function headingVerdict(current: number | null, target: number | null): HeadingVerdict | null {
  if (current === null || target === null) return null;
  const delta = Math.round(headingDelta(current, target));
  const size = Math.abs(delta);
  if (size <= HEADING_ALIGNED_DEGREES) return { degrees: size, turn: 'aligned' };
  return { degrees: size, turn: delta > 0 ? 'right' : 'left' };
}

export type DistanceVerdict =
  | { kind: 'unknown' }
  | {
      kind: 'near' | 'far';
      /** The distance to show, whole metres (one decimal when rounding would hide that it is over the limit). */
      meters: number;
      /** GPS accuracy (radius, metres) rounded up, or null when not reported. */
      accuracy: number | null;
      /** The GPS is less precise than the limit itself: the distance is a rough guide only. */
      imprecise: boolean;
    };

/**
 * What to show about the distance from the before-photo's position: flagged (`far`) exactly when
 * the server would flag the pair, i.e. the distance rounded to 0.1 m is above `maxMeters`.
 */
export function distanceVerdict(distance: number | null, accuracy: number | null, maxMeters: number): DistanceVerdict {
  if (distance === null || !Number.isFinite(distance)) return { kind: 'unknown' };
  const tenths = Math.round(distance * 10) / 10;
  const far = tenths > maxMeters;
  const whole = Math.round(tenths);
  const meters = far && whole <= maxMeters ? tenths : whole;
  const reported = finite(accuracy) && accuracy >= 0 ? Math.ceil(accuracy) : null;
  return {
    kind: far ? 'far' : 'near',
    meters,
    accuracy: reported,
    imprecise: reported !== null && reported > maxMeters,
  };
}
