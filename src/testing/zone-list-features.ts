import type { ZoneBbox, ZoneGeometry, ZoneListFeature } from '../shared/zones/zone';

/**
 * Zones as the zone list holds them (src/data/zones.ts), for client tests: the `index`-th of a row of small squares
 * along a parallel, with its geometry (a town's list) or without it and with its box (a county's, `geometry=none`).
 */
export function squareZone(index: number, light: boolean): ZoneListFeature {
  const west = 120.9 + index * 1e-4;
  const box: ZoneBbox = [west, 31.2, west + 5e-5, 31.20005];
  const geometry: ZoneGeometry = {
    type: 'Polygon',
    coordinates: [
      [
        [box[0], box[1]],
        [box[2], box[1]],
        [box[2], box[3]],
        [box[0], box[3]],
        [box[0], box[1]],
      ],
    ],
  };
  return {
    type: 'Feature',
    id: String(index + 1),
    geometry: light ? null : geometry,
    ...(light ? { bbox: box } : {}),
    properties: {
      name: `区域 ${index + 1}`,
      category: 'R3',
      status: 'in_progress',
      leadUnit: 'shuilizhan',
      responsibleUnits: [],
      plannedStart: '2026-03-01',
      plannedEnd: '2026-09-30',
      progress: 10,
      measures: '',
      notes: '',
      village: null,
      taskCount: 0,
      overdueTaskCount: 0,
      overdue: false,
      overdueDays: 0,
      supervisionCount: 0,
      statusOverrideReason: null,
      version: 1,
      updatedAt: '2026-03-01T00:00:00.000Z',
    },
  };
}

/** A JSON answer as `GET /api/zones?limit=&offset=` gives it: these zones of `total`. */
export function zonePageResponse(features: ZoneListFeature[], total: number): Response {
  const body = { type: 'FeatureCollection', features, numberMatched: total, numberReturned: features.length };
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/geo+json' } });
}
