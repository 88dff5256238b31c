import { describe, expect, it } from 'vitest';
import type { ZoneGeometry } from '../zones/zone';
import { CROSS_VILLAGE, villageAreaIndex, villageLabel, villagesOfZone } from './village-areas';

const square = (x0: number, y0: number, x1: number, y1: number): ZoneGeometry & { type: 'Polygon' } => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});
// Two village areas side by side: west of x = 1 is A, east is B.
const areas = villageAreaIndex([
  { village: 'A', geometry: square(0, 0, 1, 1) },
  { village: 'B', geometry: square(1, 0, 2, 1) },
]);

describe('villagesOfZone', () => {
  it('names the one village a zone lies in', () => {
    expect(villagesOfZone(square(0.2, 0.2, 0.4, 0.4), areas)).toEqual(['A']);
    expect(villagesOfZone({ type: 'Point', coordinates: [1.5, 0.5] }, areas)).toEqual(['B']);
  });
  it('lists every village a zone spans, the larger share first', () => {
    expect(villagesOfZone(square(0.8, 0.2, 1.6, 0.4), areas)).toEqual(['B', 'A']);
    expect(
      villagesOfZone(
        {
          type: 'LineString',
          coordinates: [
            [0.5, 0.5],
            [1.2, 0.5],
          ],
        },
        areas,
      ),
    ).toEqual(['A', 'B']);
  });
  it('ignores a sliver under a tenth of the zone, and is empty outside every area', () => {
    expect(villagesOfZone(square(0.5, 0.2, 1.02, 0.4), areas)).toEqual(['A']);
    expect(villagesOfZone(square(5, 5, 6, 6), areas)).toEqual([]);
  });
});

describe('villageLabel', () => {
  it('is the name, 跨村 with the list, or null', () => {
    expect(villageLabel([])).toBeNull();
    expect(villageLabel(['南前村'])).toBe('南前村');
    expect(villageLabel(['南前村', '卫星村'])).toBe(`${CROSS_VILLAGE}（南前村、卫星村）`);
  });
  it('fits the 40-character field, saying how many villages there are', () => {
    const many = Array.from({ length: 12 }, (_, index) => `第${index + 1}号示例村`);
    const label = villageLabel(many)!;
    expect(label.length).toBeLessThanOrEqual(40);
    expect(label).toMatch(/^跨村（第1号示例村、.*等12个）$/);
  });
});
