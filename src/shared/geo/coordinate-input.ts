import proj4 from 'proj4';

/**
 * Typed or pasted vertex coordinates → WGS 84 positions, for the zone editor. One vertex a line (or `;`-separated);
 * each line one of:
 * - WGS 84 decimal degrees, either order (longitude is the value above 60 for China): `120.9081, 31.1817`;
 * - degrees-minutes-seconds, hemisphere after or before, with symbols or letters: `120°54′30″E 31°10′12″N`,
 *   `E120d54m30s N31d10m12s`, `东经120度54分30秒 北纬31度10分12秒`, degrees and decimal minutes `120°54.5′E`;
 * - CGCS2000 3-degree Gauss-Krüger metres, northing (X) and easting (Y) in either order, the easting with its zone
 *   prefix (`40590600` → zone 40, CM 120°E) or without it (then the central meridian given, 120°E by default); a
 *   leading point number (`1, 3458085, 40590600`) and `X=`/`Y=` labels are allowed.
 * Lines without a digit (headers) are skipped; lines that cannot be read are reported by line number.
 */
export type CoordinateSystem = 'wgs84' | 'dms' | 'gk';

export interface ParsedVertex {
  line: number;
  position: [number, number];
  system: CoordinateSystem;
  /** Gauss-Krüger only: the central meridian used (°E). */
  centralMeridian?: number;
}

export interface ParsedCoordinates {
  vertices: ParsedVertex[];
  /** 1-based line numbers that hold digits but no readable coordinate pair. */
  unreadable: number[];
}

const FULL_WIDTH = /[\uff01-\uff5e]/g;

function normalise(text: string): string {
  return text
    .replace(FULL_WIDTH, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(/东经/g, 'E')
    .replace(/西经/g, 'W')
    .replace(/北纬/g, 'N')
    .replace(/南纬/g, 'S')
    .replace(/[°º˚度]/g, '°')
    .replace(/''|″|”|"|秒/g, '″')
    .replace(/[′’'分]/g, '′')
    .replace(/、/g, ',');
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
// Degrees with minutes and seconds marked by symbols (° ′ ″) or letters (d m s).
const ANGLE = String.raw`(${NUMBER})\s*(?:[°d]\s*(?:(${NUMBER})\s*[′m]\s*(?:(${NUMBER})\s*[″s]?)?)?)?`;
const SUFFIXED = new RegExp(String.raw`${ANGLE}\s*([NSEW])?`, 'gi');
const PREFIXED = new RegExp(String.raw`([NSEW])?\s*${ANGLE}`, 'gi');

interface Angle {
  value: number;
  hemisphere: string | null;
  marked: boolean;
}

function anglesOf(line: string): Angle[] | null {
  const prefixed = /^\s*[NSEW]/i.test(line);
  const pattern = prefixed ? PREFIXED : SUFFIXED;
  pattern.lastIndex = 0;
  const angles: Angle[] = [];
  let rest = line;
  for (const match of line.matchAll(pattern)) {
    if (!match[0].trim()) continue;
    const [degrees, minutes, seconds] = prefixed ? [match[2], match[3], match[4]] : [match[1], match[2], match[3]];
    const hemisphere = ((prefixed ? match[1] : match[4]) ?? null)?.toUpperCase() ?? null;
    const d = Number(degrees);
    const m = minutes === undefined ? 0 : Number(minutes);
    const s = seconds === undefined ? 0 : Number(seconds);
    if (m >= 60 || s >= 60 || m < 0 || s < 0) return null;
    const sign = d < 0 || hemisphere === 'S' || hemisphere === 'W' ? -1 : 1;
    angles.push({
      value: sign * (Math.abs(d) + m / 60 + s / 3600),
      hemisphere,
      marked: /[°′″]|\d\s*[dms]/i.test(match[0]),
    });
    rest = rest.replace(match[0], ' ');
  }
  // Whatever is left must be separators and labels only.
  if (/[^\s,;|/XY=:]/i.test(rest)) return null;
  return angles;
}

const isLatitude = (angle: Angle) => angle.hemisphere === 'N' || angle.hemisphere === 'S';
const isLongitude = (angle: Angle) => angle.hemisphere === 'E' || angle.hemisphere === 'W';

function geographic(a: Angle, b: Angle): [number, number] | null {
  let lon: number;
  let lat: number;
  if (isLatitude(a) || isLongitude(b)) [lat, lon] = [a.value, b.value];
  else if (isLongitude(a) || isLatitude(b)) [lon, lat] = [a.value, b.value];
  // No letters: the value beyond ±60 is the longitude in China (latitudes 18–54°N, longitudes 73–135°E).
  else if (Math.abs(a.value) <= 60 && Math.abs(b.value) > 60) [lat, lon] = [a.value, b.value];
  else [lon, lat] = [a.value, b.value];
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  return [lon, lat];
}

const gaussKruger = (centralMeridian: number, falseEasting: number) =>
  proj4(
    `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`,
    'EPSG:4326',
  );

/** Northing and easting (either order; zone-prefixed eastings carry their zone) → WGS 84, or null. */
function fromGaussKruger(
  a: number,
  b: number,
  defaultMeridian: number,
): { position: [number, number]; centralMeridian: number } | null {
  const isNorthing = (value: number) => value >= 1_000_000 && value < 10_000_000;
  const isEasting = (value: number) => (value >= 100_000 && value < 1_000_000) || (value >= 13e6 && value < 46e6);
  let northing: number;
  let easting: number;
  if (isNorthing(a) && isEasting(b)) [northing, easting] = [a, b];
  else if (isEasting(a) && isNorthing(b)) [easting, northing] = [a, b];
  else return null;
  const zone = easting >= 1_000_000 ? Math.floor(easting / 1_000_000) : null;
  const centralMeridian = zone === null ? defaultMeridian : zone * 3;
  const falseEasting = zone === null ? 500_000 : zone * 1_000_000 + 500_000;
  const [lon, lat] = gaussKruger(centralMeridian, falseEasting).forward([easting, northing]) as [number, number];
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  return { position: [lon, lat], centralMeridian };
}

/** One line → a vertex, or null when it cannot be read. */
export function parseCoordinateLine(
  text: string,
  options: { centralMeridian?: number } = {},
): Omit<ParsedVertex, 'line'> | null {
  const line = normalise(text);
  let angles = anglesOf(line);
  if (!angles) return null;
  // A leading point number before two coordinates (a survey list: 点号, X, Y).
  if (angles.length === 3 && Number.isInteger(angles[0]!.value) && !angles[0]!.marked && !angles[0]!.hemisphere) {
    angles = angles.slice(1);
  }
  if (angles.length !== 2) return null;
  const [a, b] = angles as [Angle, Angle];
  if (Math.abs(a.value) > 1000 && Math.abs(b.value) > 1000 && !a.hemisphere && !b.hemisphere) {
    const projected = fromGaussKruger(a.value, b.value, options.centralMeridian ?? 120);
    return projected ? { system: 'gk', ...projected } : null;
  }
  const position = geographic(a, b);
  if (!position) return null;
  return { position, system: a.marked || b.marked ? 'dms' : 'wgs84' };
}

/** Every line of a pasted list → vertices, with the lines that could not be read. */
export function parseCoordinateList(text: string, options: { centralMeridian?: number } = {}): ParsedCoordinates {
  const vertices: ParsedVertex[] = [];
  const unreadable: number[] = [];
  text.split(/\r?\n|;|；/).forEach((raw, index) => {
    if (!/\d/.test(raw)) return;
    const vertex = parseCoordinateLine(raw, options);
    if (vertex) vertices.push({ line: index + 1, ...vertex });
    else unreadable.push(index + 1);
  });
  return { vertices, unreadable };
}

/** Vertices → a polygon (closed, at least 3 distinct corners) or a line (at least 2), or null when too few. */
export function shapeOfVertices(
  positions: [number, number][],
  kind: 'polygon' | 'line',
):
  | { type: 'Polygon'; coordinates: [number, number][][] }
  | { type: 'LineString'; coordinates: [number, number][] }
  | null {
  const distinct = positions.filter(
    (position, index) =>
      index === 0 || position[0] !== positions[index - 1]![0] || position[1] !== positions[index - 1]![1],
  );
  if (kind === 'line') return distinct.length >= 2 ? { type: 'LineString', coordinates: distinct } : null;
  const first = distinct[0];
  const last = distinct.at(-1);
  const open = first && last && first[0] === last[0] && first[1] === last[1] ? distinct.slice(0, -1) : distinct;
  if (open.length < 3) return null;
  return { type: 'Polygon', coordinates: [[...open, open[0]!]] };
}
