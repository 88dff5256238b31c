import { describe, expect, it } from 'vitest';
import {
  allocateCasePoints,
  CASE_POINT_BYTES,
  CASE_POINTS_EPOCH_DAY,
  CasePointsFormatError,
  dayNumber,
  dayText,
  decodeCasePoints,
  encodeCasePoints,
  shanghaiDayAndMinute,
  shanghaiMinutesOf,
  type CasePoints,
} from './case-points';
import { seededRandom } from './case-generator';

const dictionary = {
  codes: ['06010', '06011', '09006'],
  statuses: ['reported', 'closed'],
  units: ['chengguanzhongdui', 'shuilizhan'],
  villages: ['320583106001', '320583106201'],
};

function randomPoints(count: number, seed = 7): CasePoints {
  const random = seededRandom(seed);
  const points = allocateCasePoints(count, {
    originLon: 120.91,
    originLat: 31.18,
    epochDay: CASE_POINTS_EPOCH_DAY,
    dictionary,
    allSynthetic: true,
  });
  for (let i = 0; i < count; i++) {
    points.positions[i * 2] = (random() - 0.5) * 0.1;
    points.positions[i * 2 + 1] = (random() - 0.5) * 0.1;
    points.ids[i] = i + 1;
    points.days[i] = 9000 + Math.floor(random() * 400);
    points.minutes[i] = Math.floor(random() * 1440);
    points.codes[i] = Math.floor(random() * 3);
    points.statuses[i] = Math.floor(random() * 2);
    points.units[i] = random() < 0.1 ? 255 : Math.floor(random() * 2);
    points.villages[i] = Math.floor(random() * 2);
    points.flags[i] = 1;
  }
  return points;
}

const same = (a: CasePoints, b: CasePoints) => {
  expect(b.count).toBe(a.count);
  expect(b.allSynthetic).toBe(a.allSynthetic);
  expect([b.originLon, b.originLat, b.epochDay]).toEqual([a.originLon, a.originLat, a.epochDay]);
  expect(b.dictionary).toEqual(a.dictionary);
  for (const column of [
    'positions',
    'ids',
    'days',
    'minutes',
    'codes',
    'statuses',
    'units',
    'villages',
    'flags',
  ] as const)
    expect(
      Buffer.compare(
        Buffer.from(b[column].buffer, b[column].byteOffset, b[column].byteLength),
        Buffer.from(a[column].buffer, a[column].byteOffset, a[column].byteLength),
      ),
      column,
    ).toBe(0);
};

describe('the binary case point format', () => {
  it('round-trips 0 cases', () => {
    const empty = allocateCasePoints(0, { originLon: 0, originLat: 0, epochDay: 0, dictionary, allSynthetic: false });
    const bytes = encodeCasePoints(empty);
    same(empty, decodeCasePoints(bytes));
  });

  it('round-trips 100k cases with ~22 bytes each, the columns viewing the bytes without a copy', () => {
    const points = randomPoints(100_000);
    const bytes = encodeCasePoints(points);
    expect(bytes.length).toBeLessThan(100_000 * CASE_POINT_BYTES + 400);
    const decoded = decodeCasePoints(bytes);
    same(points, decoded);
    expect(decoded.positions.buffer).toBe(bytes.buffer);
    // From an ArrayBuffer too (what fetch gives), and from a misaligned slice (copied).
    same(points, decodeCasePoints(bytes.buffer as ArrayBuffer));
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    same(points, decodeCasePoints(shifted.subarray(3)));
  });

  it('refuses a truncated, extended or foreign buffer with a clear error', () => {
    const bytes = encodeCasePoints(randomPoints(10));
    expect(() => decodeCasePoints(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated: .* for 10 cases/);
    expect(() => decodeCasePoints(bytes.subarray(0, 12))).toThrow(/truncated: 12 bytes, the header alone/);
    expect(() => decodeCasePoints(new Uint8Array([...bytes, 0]))).toThrow(/too long/);
    expect(() => decodeCasePoints(new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'))).toThrow(
      /not a case point set/,
    );
    const future = bytes.slice();
    future[4] = 9;
    expect(() => decodeCasePoints(future)).toThrow(/version 9 is not supported/);
    const broken = bytes.slice();
    broken[40] = 0xff;
    expect(() => decodeCasePoints(broken)).toThrow(CasePointsFormatError);
  });

  it('counts days and minutes in Asia/Shanghai', () => {
    // 2026-03-01 23:30 in Shanghai is 15:30 UTC the same day; 00:10 on 03-02 is 16:10 UTC on 03-01.
    expect(shanghaiDayAndMinute(Date.parse('2026-03-01T15:30:00Z'))).toEqual({
      day: dayNumber('2026-03-01'),
      minute: 23 * 60 + 30,
    });
    expect(shanghaiDayAndMinute(Date.parse('2026-03-01T16:10:00Z'))).toEqual({
      day: dayNumber('2026-03-02'),
      minute: 10,
    });
    expect(dayText(dayNumber('2024-02-29'))).toBe('2024-02-29');
  });

  it('reads UTC ISO texts to Shanghai minutes without Date objects, the same as Date.parse would', () => {
    const random = seededRandom(5);
    for (let k = 0; k < 5000; k++) {
      const instant = Date.UTC(1995, 0, 1) + Math.floor(random() * 60 * 365 * 86_400_000);
      const { day, minute } = shanghaiDayAndMinute(instant);
      expect(shanghaiMinutesOf(new Date(instant).toISOString())).toBe(day * 1440 + minute);
    }
    // Other forms go through Date.parse.
    expect(shanghaiMinutesOf('2026-03-01T23:30:00+08:00')).toBe(dayNumber('2026-03-01') * 1440 + 23 * 60 + 30);
    expect(shanghaiMinutesOf('2024-02-29T16:00Z')).toBe(dayNumber('2024-03-01') * 1440);
  });
});
