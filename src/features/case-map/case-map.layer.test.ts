import { describe, expect, it } from 'vitest';
import { allocateCasePoints, CASE_POINTS_EPOCH_DAY, CASE_POINTS_NONE } from '../../shared/cases/case-points';
import { ALL_CASE_POINTS } from '../../shared/cases/case-hotspots';
import { densityColor, DENSITY_COLORS, GROUP_COLORS, gpuFilterProps, prepareCaseLayerData } from './case-map.layer';

function points() {
  const set = allocateCasePoints(4, {
    originLon: 120.9,
    originLat: 31.18,
    epochDay: CASE_POINTS_EPOCH_DAY,
    dictionary: {
      codes: ['01004', '06010', '09006'],
      statuses: ['reported', 'registered', 'closed'],
      units: ['shuilizhan', 'chengguanzhongdui'],
      villages: [],
    },
    allSynthetic: true,
  });
  set.codes.set([0, 1, 2, 1]);
  set.statuses.set([0, 2, 2, 1]);
  set.units.set([0, 1, CASE_POINTS_NONE, 1]);
  set.days.set([9000, 9001, 9002, 9003]);
  set.positions.set([0.01, 0.02, -0.01, 0, 0, 0, 0.005, 0.005]);
  return set;
}

describe('the case layer data', () => {
  const data = prepareCaseLayerData(points());

  it('hands deck.gl the response columns as binary attributes: positions as they came, colours by 大类', () => {
    expect(data.pointData.length).toBe(4);
    expect(data.pointData.attributes.getPosition!.value).toBe(data.points.positions);
    expect([...(data.pointData.attributes.getFillColor!.value as Uint8Array).subarray(4, 7)]).toEqual(
      GROUP_COLORS['06'],
    );
    expect([...(data.pointData.attributes.getFilterCategory!.value as Float32Array)]).toEqual([
      0, 0, 0, 1, 2, 1, 2, 2, 255, 1, 1, 1,
    ]);
    expect(data.groups).toEqual(['01', '06', '09']);
    expect(data.unitValues).toEqual([0, 1, CASE_POINTS_NONE]);
    expect([...data.heatmapData.attributes.getPosition.value.subarray(0, 2)]).toEqual([
      120.9 + Math.fround(0.01),
      31.18 + Math.fround(0.02),
    ]);
  });

  it('turns a filter into GPU filter props: categories [大类, status, unit] and the day range', () => {
    expect(gpuFilterProps(data, ALL_CASE_POINTS)).toEqual({
      filterRange: [-1, 70_000],
      filterCategories: [
        [0, 1, 2],
        [0, 1, 2],
        [0, 1, 255],
      ],
    });
    const fromDay = CASE_POINTS_EPOCH_DAY + 9001;
    expect(
      gpuFilterProps(data, { groups: ['06'], statuses: ['closed'], unit: 'none', fromDay, toDay: fromDay + 1 }),
    ).toEqual({ filterRange: [9001, 9002], filterCategories: [[1], [2], [255]] });
    // A unit no case has: the channel holds a value no case has, so nothing shows (an empty list would too).
    expect(gpuFilterProps(data, { ...ALL_CASE_POINTS, unit: 'paichusuo' }).filterCategories[2]).toEqual([254]);
  });

  it('colours hexagons light to dark by their share of the busiest', () => {
    expect(densityColor(1, 100)).toEqual(DENSITY_COLORS[0]);
    expect(densityColor(100, 100)).toEqual(DENSITY_COLORS[DENSITY_COLORS.length - 1]);
  });
});
