import { describe, expect, it } from 'vitest';
import { photoFeatures, viewCone } from './photos.layer';
import type { Photo } from '../../shared/photos/photo';

const photo = (id: string, extra: Partial<Photo>): Photo => ({
  id,
  zoneId: '1',
  taskId: '7',
  phase: 'before',
  referenceObject: '',
  note: '',
  originalName: 'a.jpg',
  width: 4000,
  height: 3000,
  takenAt: null,
  reported: null,
  position: { lon: 120.9, lat: 31.18 },
  positionSource: 'exif',
  bearing: null,
  pairedWith: null,
  pairDistanceM: null,
  pairFlagged: false,
  uploadedBy: '水利站',
  uploadedAt: '2026-11-29T00:00:00Z',
  urls: { thumb: '/api/photos/1/thumb', display: '/api/photos/1/display' },
  ...extra,
});

describe('photo layer', () => {
  it('points the view cone where the camera looked, about 18 m long', () => {
    const east = viewCone(120.9, 31.18, 90);
    expect(east[0]).toEqual([120.9, 31.18]);
    const tip = east[Math.floor(east.length / 2)]!;
    expect(tip[0]).toBeGreaterThan(120.9);
    expect(Math.abs(tip[1]! - 31.18)).toBeLessThan(1e-6);
    // 18 m east at 31.18°N ≈ 0.000189° of longitude
    expect(tip[0]! - 120.9).toBeCloseTo(18 / (111_320 * Math.cos((31.18 * Math.PI) / 180)), 6);
    const north = viewCone(120.9, 31.18, 0);
    expect(north[Math.floor(north.length / 2)]![1]).toBeGreaterThan(31.18);
  });

  it('draws photos with a position, a cone only where the bearing is known, and marks the open task', () => {
    const collection = photoFeatures(
      [photo('1', { bearing: 45 }), photo('2', { taskId: '8' }), photo('3', { position: null, positionSource: null })],
      '7',
    );
    expect(collection.features.map((feature) => [feature.properties!.photoId, feature.properties!.kind])).toEqual([
      ['1', 'cone'],
      ['1', 'point'],
      ['2', 'point'],
    ]);
    expect(collection.features.map((feature) => feature.properties!.highlight)).toEqual([true, true, false]);
  });
});
