import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { parseCoordinateLine, parseCoordinateList, shapeOfVertices } from './coordinate-input';

// A point in Jinxi and its forms: 120°54′30″E 31°10′12″N = 120.908333…°E 31.17°N.
const LON = 120 + 54 / 60 + 30 / 3600;
const LAT = 31 + 10 / 60 + 12 / 3600;
// Its CGCS2000 3-degree Gauss-Krüger coordinates (zone 40, CM 120°E), computed independently with proj4's own
// EPSG-style definition (the code under test builds its projection from the zone it reads in the easting).
const [EASTING, NORTHING] = proj4(
  '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  [LON, LAT],
) as [number, number];

const expectNear = (position: [number, number] | undefined, lon: number, lat: number, tolerance = 1e-9) => {
  expect(position).toBeDefined();
  expect(Math.abs(position![0] - lon)).toBeLessThan(tolerance);
  expect(Math.abs(position![1] - lat)).toBeLessThan(tolerance);
};

describe('typed coordinates', () => {
  it.each([
    ['120.9083333333, 31.17', 'wgs84'],
    ['31.17, 120.9083333333', 'wgs84'],
    ['120.9083333333 31.17', 'wgs84'],
    ['120.9083333333E, 31.17N', 'wgs84'],
    ['N31.17 E120.9083333333', 'wgs84'],
    ['１２０.９０８３３３３３３３，３１.１７', 'wgs84'],
  ])('reads decimal degrees %s', (text, system) => {
    const vertex = parseCoordinateLine(text);
    expect(vertex?.system).toBe(system);
    expectNear(vertex?.position, 120.9083333333, 31.17);
  });

  it.each([
    '120°54′30″E 31°10′12″N',
    '120°54\'30"E, 31°10\'12"N',
    '31°10′12″N 120°54′30″E',
    'N31°10′12″ E120°54′30″',
    '120d54m30sE 31d10m12sN',
    'E120d54m30s N31d10m12s',
    '东经120度54分30秒 北纬31度10分12秒',
    '120°54.5′E 31°10.2′N',
  ])('reads degrees-minutes-seconds %s', (text) => {
    const vertex = parseCoordinateLine(text);
    expect(vertex?.system).toBe('dms');
    expectNear(vertex?.position, LON, LAT);
  });

  it('reads western and southern hemispheres as negative', () => {
    expectNear(parseCoordinateLine('77°2′W 38°53′N')?.position, -(77 + 2 / 60), 38 + 53 / 60);
    expectNear(parseCoordinateLine('33°52′S 151°12′E')?.position, 151.2, -(33 + 52 / 60));
  });

  it('reads CGCS2000 Gauss-Krüger x/y with and without the zone prefix, either order, labelled or numbered', () => {
    for (const text of [
      `${NORTHING}, ${EASTING + 40_000_000}`,
      `${EASTING + 40_000_000} ${NORTHING}`,
      `X=${NORTHING} Y=${EASTING + 40_000_000}`,
      `7, ${NORTHING}, ${EASTING + 40_000_000}`,
      `${NORTHING}, ${EASTING}`,
    ]) {
      const vertex = parseCoordinateLine(text);
      expect(vertex?.system, text).toBe('gk');
      expect(vertex?.centralMeridian).toBe(120);
      expectNear(vertex?.position, LON, LAT, 1e-8);
    }
    // Another zone's prefix gives its own central meridian (zone 39: 117°E).
    expect(parseCoordinateLine(`${NORTHING}, ${EASTING + 39_000_000}`)?.centralMeridian).toBe(117);
    // Without a prefix, the central meridian given.
    expect(parseCoordinateLine(`${NORTHING}, ${EASTING}`, { centralMeridian: 117 })?.centralMeridian).toBe(117);
  });

  it('refuses what is no coordinate pair', () => {
    for (const text of ['120.9', '120.9, 31.1, 5.5, 6', 'abc 120 31', '120°75′E 31°N', '200, 95', '12345, 67890']) {
      expect(parseCoordinateLine(text), text).toBeNull();
    }
  });

  it('reads a pasted list: skips headers, reports unreadable lines by number', () => {
    const parsed = parseCoordinateList('经度,纬度\n120.90,31.17\n120.91,31.17\nwrong 1\n120.91,31.18');
    expect(parsed.vertices.map((vertex) => vertex.line)).toEqual([2, 3, 5]);
    expect(parsed.unreadable).toEqual([4]);
    expect(parseCoordinateList('120.90,31.17; 120.91,31.17').vertices).toHaveLength(2);
  });

  it('makes a closed polygon or a line of the vertices', () => {
    const a: [number, number] = [120.9, 31.17];
    const b: [number, number] = [120.91, 31.17];
    const c: [number, number] = [120.91, 31.18];
    expect(shapeOfVertices([a, b, c], 'polygon')).toEqual({ type: 'Polygon', coordinates: [[a, b, c, a]] });
    expect(shapeOfVertices([a, b, c, a], 'polygon')).toEqual({ type: 'Polygon', coordinates: [[a, b, c, a]] });
    expect(shapeOfVertices([a, b, b], 'polygon')).toBeNull();
    expect(shapeOfVertices([a, b, b], 'line')).toEqual({ type: 'LineString', coordinates: [a, b] });
    expect(shapeOfVertices([a], 'line')).toBeNull();
  });
});
