import proj4 from 'proj4';

/**
 * Coordinate systems the import knows by EPSG code, as proj4 definitions. CGCS2000 3-degree
 * Gauss-Krüger: EPSG:4513–4533 are zones 25–45 with the zone number in front of the easting
 * (x_0 = zone·10⁶ + 500000), EPSG:4534–4554 the central meridians 75°E–135°E without it. Jinxi (CM
 * 120°E) is EPSG:4549, or zone 40: EPSG:4528. CGCS2000 equals WGS 84 at map scale.
 */
export function proj4Definition(code: string): string | null {
  const match = /^EPSG:(\d{4,5})$/.exec(code);
  if (!match) return null;
  const epsg = Number(match[1]);
  if (epsg === 4326) return '+proj=longlat +datum=WGS84 +no_defs';
  if (epsg === 4490) return '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs';
  if (epsg === 3857)
    return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';
  if (epsg === 32651) return '+proj=utm +zone=51 +datum=WGS84 +units=m +no_defs';
  if (epsg >= 4513 && epsg <= 4533) {
    const zone = epsg - 4513 + 25;
    return gaussKruger(zone * 3, zone * 1_000_000 + 500_000);
  }
  if (epsg >= 4534 && epsg <= 4554) return gaussKruger(75 + (epsg - 4534) * 3, 500_000);
  return null;
}

const gaussKruger = (centralMeridian: number, falseEasting: number) =>
  `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;

export function crsName(code: string): string | null {
  const epsg = Number(code.replace(/^EPSG:/, ''));
  if (epsg === 4326) return 'WGS 84';
  if (epsg === 4490) return 'CGCS2000';
  if (epsg === 3857) return 'WGS 84 / Pseudo-Mercator';
  if (epsg === 32651) return 'WGS 84 / UTM zone 51N';
  if (epsg >= 4513 && epsg <= 4533) return `CGCS2000 / 3-degree Gauss-Kruger zone ${epsg - 4513 + 25}`;
  if (epsg >= 4534 && epsg <= 4554) return `CGCS2000 / 3-degree Gauss-Kruger CM ${75 + (epsg - 4534) * 3}E`;
  return null;
}

export interface PrjMatch {
  /** An EPSG code the import knows, or null (then `definition` is the WKT itself, for proj4). */
  code: string | null;
  name: string;
  definition: string;
  warnings: { code: string; detail: string }[];
}

const parameter = (wkt: string, name: string): number | null => {
  const match = new RegExp(`PARAMETER\\["${name}",\\s*(-?[\\d.eE+-]+)\\]`, 'i').exec(wkt);
  return match ? Number(match[1]) : null;
};

/**
 * Recognise a .prj (ESRI or OGC WKT): by its EPSG authority when it names one, else by datum and
 * projection parameters (central meridian, false easting 500000 or zone-prefixed), else hand the
 * WKT to proj4 as it is. Null when proj4 cannot read it either.
 */
export function matchPrj(wkt: string): PrjMatch | null {
  const text = wkt.trim();
  const name = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\["([^"]*)"/i.exec(text)?.[1] ?? 'unknown';
  const authority =
    /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/i.exec(text)?.[1] ?? /ID\["EPSG",\s*(\d+)\]\s*\]\s*$/i.exec(text)?.[1];
  if (authority && proj4Definition(`EPSG:${authority}`)) {
    const code = `EPSG:${authority}`;
    return { code, name: crsName(code) ?? name, definition: proj4Definition(code)!, warnings: [] };
  }
  const isProjected = /^\s*PROJ/i.test(text);
  const cgcs2000 = /china_2000|cgcs.?2000|china geodetic coordinate system 2000/i.test(text);
  const wgs84 = /wgs[_ ]?(19)?84/i.test(text) && !cgcs2000;
  const legacy = /xian|beijing|krasovsky/i.test(text);
  const known = (code: string): PrjMatch => ({
    code,
    name: crsName(code)!,
    definition: proj4Definition(code)!,
    warnings: [],
  });
  if (!isProjected) {
    if (cgcs2000) return known('EPSG:4490');
    if (wgs84) return known('EPSG:4326');
  } else {
    const centralMeridian = parameter(text, 'central_meridian') ?? parameter(text, 'longitude_of_center');
    const falseEasting = parameter(text, 'false_easting');
    const scale = parameter(text, 'scale_factor') ?? 1;
    const transverse = /gauss|transverse_mercator|tmerc/i.test(text);
    if (/mercator_auxiliary_sphere|pseudo.?mercator|web.?mercator|popular_visualisation/i.test(text))
      return known('EPSG:3857');
    if (transverse && wgs84 && centralMeridian === 123 && falseEasting === 500_000 && Math.abs(scale - 0.9996) < 1e-9) {
      return known('EPSG:32651');
    }
    if (transverse && cgcs2000 && centralMeridian !== null && falseEasting !== null && scale === 1) {
      if (falseEasting === 500_000 && centralMeridian >= 75 && centralMeridian <= 135 && centralMeridian % 3 === 0) {
        return known(`EPSG:${4534 + (centralMeridian - 75) / 3}`);
      }
      const zone = Math.floor(falseEasting / 1_000_000);
      if (falseEasting === zone * 1_000_000 + 500_000 && zone * 3 === centralMeridian && zone >= 25 && zone <= 45) {
        return known(`EPSG:${4513 + zone - 25}`);
      }
    }
  }
  try {
    proj4(text, 'EPSG:4326', [0, 0]);
  } catch {
    return null;
  }
  return {
    code: null,
    name,
    definition: text,
    warnings: legacy
      ? [
          {
            code: 'legacy-datum',
            detail: `${name}: the datum shift to WGS 84 is not known here, expect an offset of up to ~100 m`,
          },
        ]
      : [],
  };
}

/**
 * Without a .prj: what do the coordinates look like? Degrees → WGS 84 (to confirm); an easting with a
 * zone prefix → that CGCS2000 zone; a plain Gauss-Krüger easting near Jinxi → CM 120°E; Web Mercator
 * metres → EPSG:3857.
 */
export function suggestCrs(bbox: [number, number, number, number] | null): string | null {
  if (!bbox) return null;
  const [minX, minY, maxX, maxY] = bbox;
  if (minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90) return 'EPSG:4326';
  const zone = Math.floor(minX / 1_000_000);
  if (zone >= 25 && zone <= 45 && Math.floor(maxX / 1_000_000) === zone && minY > 0 && maxY < 10_000_000) {
    return `EPSG:${4513 + zone - 25}`;
  }
  if (minX > 0 && maxX < 1_000_000 && minY > 1_000_000 && maxY < 10_000_000) return 'EPSG:4549';
  if (Math.abs(minX) > 1_000_000 && Math.abs(maxX) <= 20_037_509 && Math.abs(maxY) <= 20_037_509) return 'EPSG:3857';
  return null;
}

/** A function projecting [x, y] of `definition` to WGS 84 [lon, lat]; identity for WGS 84 and CGCS2000 geographic. */
export function toWgs84(definition: string | null): (position: number[]) => [number, number] {
  if (!definition || definition === proj4Definition('EPSG:4326') || definition === proj4Definition('EPSG:4490')) {
    return (position) => [position[0]!, position[1]!];
  }
  const converter = proj4(definition, 'EPSG:4326');
  return (position) => converter.forward([position[0]!, position[1]!]) as [number, number];
}
