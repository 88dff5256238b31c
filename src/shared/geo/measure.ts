import { area, length } from '@turf/turf';

/** Chinese land units: 1 亩 = 2000/3 m² (666.67 m²), 1 公顷 (hectare) = 10,000 m² = 15 亩. */
export const SQUARE_METERS_PER_MU = 2000 / 3;
export const SQUARE_METERS_PER_HECTARE = 10_000;

type Position = [number, number];

/** The geodesic length of a line through the positions (WGS 84), in metres. */
export function lineMeters(positions: readonly Position[]): number {
  if (positions.length < 2) return 0;
  return length(
    { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [...positions] } },
    { units: 'meters' },
  );
}

/** The geodesic area of the polygon with these corners (closed here), in m²; 0 with fewer than 3. */
export function polygonSquareMeters(corners: readonly Position[]): number {
  if (corners.length < 3) return 0;
  return area({ type: 'Polygon', coordinates: [[...corners, corners[0]!]] });
}

/** A distance as the planner reads it: metres below 1 km (whole metres), else kilometres (2 decimals). */
export function distanceReading(meters: number): { unit: 'm' | 'km'; value: number } {
  return meters < 1000
    ? { unit: 'm', value: Math.round(meters) }
    : { unit: 'km', value: Math.round(meters / 10) / 100 };
}

/** An area in m², 亩 and 公顷 (2 decimals). */
export function areaReading(squareMeters: number): { squareMeters: number; mu: number; hectares: number } {
  return {
    squareMeters: Math.round(squareMeters),
    mu: Math.round((squareMeters / SQUARE_METERS_PER_MU) * 100) / 100,
    hectares: Math.round((squareMeters / SQUARE_METERS_PER_HECTARE) * 100) / 100,
  };
}
