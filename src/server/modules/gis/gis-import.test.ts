import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { distance } from '@turf/turf';
import type { ImportPreview, ImportReport } from '../../../shared/gis/gis-import';
import type { ZoneCollection } from '../../../shared/zones/zone';
import { detectEncoding, encodingOfCodePage } from './import/encoding';
import { matchPrj, suggestCrs } from './import/crs';
import { parseDay } from './import/mapping';
import {
  run,
  FIXTURES,
  HAS_GDAL,
  GDAL_MISSING,
  fixture,
  server,
  work,
  cookies,
  imported,
  preview,
  zipOf,
  valuesOf,
  SOURCE_ZONES,
  importServerPerFile,
} from './gis-import.test-support';

importServerPerFile();

/** The GIS import, reading: encodings, CRS, GDAL-written formats, the app's own exports read back. */
describe('encodings of real Chinese shapefiles', () => {
  const point = {
    shp: fixture('shapefile-chinese/ldid_chinese.shp'),
    shx: fixture('shapefile-chinese/ldid_chinese.shx'),
  };

  for (const cpg of ['GBK', '936', 'CP936', 'ANSI 936']) {
    it(`reads gbk.dbf with a .cpg saying "${cpg}"`, async () => {
      const zip = await zipOf({
        'a.shp': point.shp,
        'a.shx': point.shx,
        'a.dbf': fixture('shapefile-chinese/gbk.dbf'),
        'a.cpg': cpg,
      });
      const result = await imported([{ name: 'gbk.zip', bytes: zip }]);
      expect(result.format).toBe('shapefile');
      expect(result.detected).toMatchObject({
        encoding: 'gbk',
        encodingSource: 'cpg',
        encodingNeedsConfirmation: false,
      });
      expect(valuesOf(result, 'NAME')).toEqual(['简体国语']);
    });
  }

  it('asks about gbk.dbf without a .cpg (LDID 0): no silent GBK, candidates to choose from, then decodes', async () => {
    const zip = await zipOf({ 'a.shp': point.shp, 'a.shx': point.shx, 'a.dbf': fixture('shapefile-chinese/gbk.dbf') });
    const result = await imported([{ name: 'gbk.zip', bytes: zip }]);
    expect(result.detected).toMatchObject({ encoding: null, encodingSource: 'none', encodingNeedsConfirmation: true });
    expect(valuesOf(result, 'NAME')[0]).not.toBe('简体国语');
    const byEncoding = Object.fromEntries(result.encodingCandidates.map((entry) => [entry.encoding, entry.samples]));
    expect(byEncoding.gbk).toEqual(['简体国语']);
    expect(byEncoding.gb18030).toEqual(['简体国语']);
    expect(byEncoding['utf-8']![0]).toContain('\ufffd');
    const chosen = await preview(result.id, 'encoding=gbk');
    expect(valuesOf(chosen, 'NAME')).toEqual(['简体国语']);
    expect(chosen.applied.encoding).toBe('gbk');
    // Committing without choosing is refused: the user must say.
    const commit = await server.request(`/api/imports/${result.id}/commit`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { mapping: { name: 'NAME' }, defaults: { category: 'S2' }, skipInvalid: true },
    });
    expect(commit.status).toBe(422);
    expect(commit.headers.get('content-type')).toContain('application/problem+json');
    expect(((await commit.json()) as { detail: string }).detail).toMatch(/choose the encoding/);
  });

  it('decodes gb2312.dbf as GBK and big5.dbf as Big5 when chosen', async () => {
    const gb = await imported([
      { name: 'gb.zip', bytes: await zipOf({ 'a.shp': point.shp, 'a.dbf': fixture('shapefile-chinese/gb2312.dbf') }) },
    ]);
    expect(gb.detected.encodingNeedsConfirmation).toBe(true);
    expect(valuesOf(await preview(gb.id, 'encoding=gbk'), 'NAME')).toEqual(['简体国语']);
    const big5 = await imported([
      { name: 'big5.zip', bytes: await zipOf({ 'a.shp': point.shp, 'a.dbf': fixture('shapefile-chinese/big5.dbf') }) },
    ]);
    expect(big5.encodingCandidates.find((entry) => entry.encoding === 'big5')!.samples).toEqual(['繁體國語']);
    expect(valuesOf(await preview(big5.id, 'encoding=big5'), 'NAME')).toEqual(['繁體國語']);
  });

  it('follows a .cpg spelled "Big-5" (cpg_big5), sent as separate parts', async () => {
    const result = await imported(
      ['shp', 'shx', 'dbf', 'cpg'].map((extension) => ({
        name: `cpg_big5.${extension}`,
        bytes: fixture(`shapefile-chinese/cpg_big5.${extension}`),
      })),
    );
    expect(result.fileName).toBe('cpg_big5.shp');
    expect(result.detected).toMatchObject({ encoding: 'big5', encodingSource: 'cpg' });
    expect(valuesOf(result, 'NAME')).toEqual(['國語']);
  });

  it('follows the DBF language byte 0x7A (936) and the .prj (ldid_chinese)', async () => {
    const result = await imported(
      ['shp', 'shx', 'dbf', 'prj'].map((extension) => ({
        name: `ldid_chinese.${extension}`,
        bytes: fixture(`shapefile-chinese/ldid_chinese.${extension}`),
      })),
    );
    expect(result.detected).toMatchObject({
      encoding: 'gbk',
      encodingSource: 'ldid',
      crs: 'EPSG:4326',
      crsSource: 'prj',
    });
    expect(valuesOf(result, 'NAME')).toEqual(['简体']);
  });

  it('苏州市 (UTF-8, no .cpg, no .prj, GCJ-02): proposes UTF-8 to confirm, asks for the CRS, GCJ-02 moves 昆山市 ~466 m', async () => {
    const dir = path.join(FIXTURES, 'shapefile-suzhou-gcj02');
    const zip = await zipOf(
      Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))])),
    );
    const result = await imported([{ name: '苏州市.zip', bytes: zip }]);
    expect(result.fileName).toBe('苏州市.zip');
    expect(result.layers).toEqual(['苏州市']);
    expect(result.featureCount).toBe(10);
    expect(result.detected).toMatchObject({
      encoding: 'utf-8',
      encodingSource: 'utf8',
      encodingNeedsConfirmation: true,
      crs: null,
      crsSource: 'none',
      crsSuggestion: 'EPSG:4326',
      crsNeedsConfirmation: true,
      gcj02Suggested: true,
    });
    const names = valuesOf(result, 'name');
    expect(names).toContain('昆山市');
    const kunshan = result.rows[names.indexOf('昆山市')]!.index;
    const firstCorner = (answer: ImportPreview) => {
      const feature = answer.preview.features.find(
        (candidate) => (candidate as { properties: { _index: number } }).properties._index === kunshan,
      ) as { geometry: { type: string; coordinates: number[][][] | number[][][][] } };
      const polygon =
        feature.geometry.type === 'MultiPolygon'
          ? (feature.geometry.coordinates as number[][][][])[0]!
          : (feature.geometry.coordinates as number[][][]);
      return polygon[0]![0] as [number, number];
    };
    const asIs = await preview(result.id, 'crs=EPSG:4326&encoding=utf-8');
    const converted = await preview(result.id, 'crs=EPSG:4326&encoding=utf-8&gcj02=true');
    const [lon, lat] = firstCorner(asIs);
    const [lon2, lat2] = firstCorner(converted);
    const metres = distance([lon, lat], [lon2, lat2], { units: 'meters' });
    expect(metres).toBeGreaterThan(440);
    expect(metres).toBeLessThan(490);
    expect(lon2).toBeLessThan(lon); // GCJ-02 is east of WGS 84: converting moves west …
    expect(lat2).toBeGreaterThan(lat); // … and north
    // Outside the town: every district is reported, nothing imported.
    const report = await server.request(`/api/imports/${result.id}/validate`, {
      method: 'POST',
      cookie: cookies.planner,
      json: {
        options: { encoding: 'utf-8', crs: 'EPSG:4326', gcj02: true },
        mapping: { name: 'name' },
        defaults: { category: 'R1' },
      },
    });
    expect(report.status).toBe(200);
    const body = (await report.json()) as ImportReport;
    expect(body.valid).toBe(0);
    expect(body.entries.map((entry) => entry.reason)).toEqual(Array(10).fill('outside-town'));
    expect(body.entries.map((entry) => entry.name)).toContain('昆山市');
  });
});

describe('code pages, CRS recognition, dates, sessions (units)', () => {
  it('normalises the spellings real .cpg files use', () => {
    const spellings: Record<string, string> = {
      'Big-5': 'big5',
      big5: 'big5',
      GBK: 'gbk',
      '936': 'gbk',
      CP936: 'gbk',
      GB2312: 'gbk',
      GB18030: 'gb18030',
      'UTF-8': 'utf-8',
      utf8: 'utf-8',
      '65001': 'utf-8',
      '950': 'big5',
      'ANSI 936': 'gbk',
    };
    for (const [spelling, encoding] of Object.entries(spellings))
      expect(encodingOfCodePage(spelling), spelling).toBe(encoding);
    expect(encodingOfCodePage('nonsense')).toBeNull();
  });

  it('proposes UTF-8 only for valid UTF-8 and never guesses GBK', () => {
    expect(detectEncoding({ bytes: new TextEncoder().encode('锦溪') })).toEqual({
      encoding: 'utf-8',
      source: 'utf8',
      needsConfirmation: true,
    });
    expect(detectEncoding({ bytes: new Uint8Array([0xbc, 0xf2, 0xcc, 0xe5]) })).toEqual({
      encoding: null,
      source: 'none',
      needsConfirmation: true,
    });
    expect(detectEncoding({ bytes: new TextEncoder().encode('abc') }).source).toBe('ascii');
    expect(detectEncoding({ ldid: 0x78, bytes: new Uint8Array() }).encoding).toBe('big5');
    expect(detectEncoding({ ldid: 0x4d, bytes: new Uint8Array() }).encoding).toBe('gbk');
  });

  it('recognises CGCS2000 Gauss-Krüger by its parameters and guesses from coordinates', () => {
    const gk = (name: string, falseEasting: number) =>
      `PROJCS["${name}",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${falseEasting}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
    expect(matchPrj(gk('x', 500000))?.code).toBe('EPSG:4549');
    expect(matchPrj(gk('y', 40500000))?.code).toBe('EPSG:4528');
    expect(suggestCrs([40585000, 3450000, 40586000, 3451000])).toBe('EPSG:4528');
    expect(suggestCrs([585000, 3450000, 586000, 3451000])).toBe('EPSG:4549');
    expect(suggestCrs([13459000, 3654000, 13460000, 3655000])).toBe('EPSG:3857');
    expect(suggestCrs([120.9, 31.1, 120.95, 31.2])).toBe('EPSG:4326');
  });

  it('reads the dates ledgers are written with', () => {
    expect(parseDay('2026/9/30')).toBe('2026-09-30');
    expect(parseDay('20260401')).toBe('2026-04-01');
    expect(parseDay('2026年3月1日')).toBe('2026-03-01');
    expect(parseDay('2026-02-30')).toBeNull();
  });
});

describe('formats written by GDAL' + GDAL_MISSING, () => {
  const source = () => path.join(work, 'source.geojson');
  beforeAll(() => {
    writeFileSync(source(), JSON.stringify(SOURCE_ZONES));
  });
  const ogr = async (output: string, args: string[], input = source()) => {
    await run('ogr2ogr', [...args, path.join(work, output), input]);
    return path.join(work, output);
  };
  const expectSourceNames = (result: ImportPreview, field = '名称') =>
    expect(valuesOf(result, field)).toEqual(SOURCE_ZONES.features.map((feature) => feature.properties.名称));
  const expectBbox = (result: ImportPreview, tolerance: number) => {
    const expected = [120.951, 31.241, 120.96, 31.25];
    result.bbox!.forEach((value, index) => expect(Math.abs(value - expected[index]!)).toBeLessThan(tolerance));
  };

  it.skipIf(!HAS_GDAL)('GeoPackage', async () => {
    const file = await ogr('zones.gpkg', ['-f', 'GPKG', '-nln', '整治区域']);
    const result = await imported([{ name: 'zones.gpkg', bytes: readFileSync(file) }]);
    expect(result).toMatchObject({ format: 'gpkg', layers: ['整治区域'], featureCount: 3, geometryTypes: ['Polygon'] });
    expect(result.detected).toMatchObject({ crs: 'EPSG:4326', crsSource: 'prj', encoding: 'utf-8' });
    expectSourceNames(result);
    expectBbox(result, 1e-9);
  });

  it.skipIf(!HAS_GDAL)('zipped Shapefile in GBK (-lco ENCODING=GBK writes a .cpg)', async () => {
    const file = await ogr('gbk.shp', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK']);
    const base = file.slice(0, -4);
    const zip = await zipOf(
      Object.fromEntries(
        ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((extension) => [
          `区域.${extension}`,
          readFileSync(`${base}.${extension}`),
        ]),
      ),
    );
    const result = await imported([{ name: '区域.zip', bytes: zip }]);
    expect(result.detected).toMatchObject({ encoding: 'gbk', encodingSource: 'cpg', crs: 'EPSG:4326' });
    expectSourceNames(result);
    expectBbox(result, 1e-9);
  });

  it.skipIf(!HAS_GDAL)('Shapefile in CGCS2000 / 3-degree GK zone 40 (EPSG:4528) lands back on WGS 84', async () => {
    const file = await ogr('gk40.shp', ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4528', '-lco', 'ENCODING=UTF-8']);
    const base = file.slice(0, -4);
    const zip = await zipOf(
      Object.fromEntries(
        ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((extension) => [
          `gk40.${extension}`,
          readFileSync(`${base}.${extension}`),
        ]),
      ),
    );
    const result = await imported([{ name: 'gk40.zip', bytes: zip }]);
    expect(result.detected).toMatchObject({
      crs: 'EPSG:4528',
      crsSource: 'prj',
      crsName: 'CGCS2000 / 3-degree Gauss-Kruger zone 40',
    });
    expectSourceNames(result);
    expectBbox(result, 1e-7);
    // The same file without its .prj: the zone prefix of the eastings gives the system away.
    const bare = await imported([
      {
        name: 'gk40-noprj.zip',
        bytes: await zipOf({
          'a.shp': readFileSync(`${base}.shp`),
          'a.dbf': readFileSync(`${base}.dbf`),
          'a.cpg': 'UTF-8',
        }),
      },
    ]);
    expect(bare.detected).toMatchObject({ crsSource: 'none', crsSuggestion: 'EPSG:4528', crsNeedsConfirmation: true });
    expectBbox(bare, 1e-7);
  });

  it.skipIf(!HAS_GDAL)('KML and KMZ', async () => {
    const file = await ogr('zones.kml', ['-f', 'KML', '-dsco', 'NameField=名称']);
    const result = await imported([{ name: 'zones.kml', bytes: readFileSync(file) }]);
    expect(result.format).toBe('kml');
    expectSourceNames(result, 'name');
    expectBbox(result, 1e-9);
    const kmz = await imported([{ name: 'zones.kmz', bytes: await zipOf({ 'doc.kml': readFileSync(file) }) }]);
    expect(kmz.format).toBe('kmz');
    expectSourceNames(kmz, 'name');
  });

  it.skipIf(!HAS_GDAL)('GPX waypoints', async () => {
    const points = path.join(work, 'points.geojson');
    writeFileSync(
      points,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: '农贸市场东门' },
            geometry: { type: 'Point', coordinates: [120.952, 31.242] },
          },
          {
            type: 'Feature',
            properties: { name: '建设工地南口' },
            geometry: { type: 'Point', coordinates: [120.953, 31.243] },
          },
        ],
      }),
    );
    const file = await ogr('points.gpx', ['-f', 'GPX'], points);
    const result = await imported([{ name: 'points.gpx', bytes: readFileSync(file) }]);
    expect(result).toMatchObject({ format: 'gpx', featureCount: 2, geometryTypes: ['Point'] });
    expect(valuesOf(result, 'name')).toEqual(['农贸市场东门', '建设工地南口']);
  });

  it.skipIf(!HAS_GDAL)('CSV with WKT, and with lon/lat columns', async () => {
    const file = await ogr('zones.csv', ['-f', 'CSV', '-lco', 'GEOMETRY=AS_WKT']);
    const result = await imported([{ name: 'zones.csv', bytes: readFileSync(file) }]);
    expect(result).toMatchObject({ format: 'csv', featureCount: 3, geometryTypes: ['Polygon'] });
    expect(result.fields.map((field) => field.name)).not.toContain('WKT');
    expectSourceNames(result);
    const lonLat = await imported([{ name: 'points.csv', bytes: '名称,经度,纬度\r\n东门,120.952,31.242\r\n' }]);
    expect(lonLat.preview.features).toHaveLength(1);
    expect(lonLat.detected.crsSuggestion).toBe('EPSG:4326');
  });
});

describe('round trip: export → import', () => {
  const load = async (route: string) => {
    const response = await server.request(route, { cookie: cookies.planner });
    expect(response.status).toBe(200);
    return new Uint8Array(await response.arrayBuffer());
  };
  const corners = (geometry: unknown): string[] =>
    JSON.stringify((geometry as { coordinates: unknown }).coordinates)
      .match(/-?\d+(\.\d+)?(e-?\d+)?,-?\d+(\.\d+)?(e-?\d+)?/g)!
      .map((pair) =>
        pair
          .split(',')
          .map((value) => Number(value).toFixed(7))
          .join(','),
      )
      .sort();

  for (const [extension, nameField] of [
    ['geojson', 'name'],
    ['gpkg', 'name'],
    ['kml', 'name'],
    ['csv', 'name'],
    ['shp.zip', 'name'],
  ] as const) {
    it(`zones.${extension}: same features, same Chinese text, coordinates within 1e-7°`, async () => {
      const exported = (await (
        await server.request('/api/export/zones.geojson', { cookie: cookies.planner })
      ).json()) as ZoneCollection;
      const file = await load(`/api/export/zones.${extension}`);
      const first = await imported([{ name: `zones.${extension}`, bytes: file }]);
      const seen = new Map<string, string[]>();
      for (const layer of first.layers) {
        const answer = layer === first.layer ? first : await preview(first.id, `layer=${encodeURIComponent(layer)}`);
        const names = new Map(answer.rows.map((row) => [row.index, String(row.properties[nameField])]));
        for (const feature of answer.preview.features as { properties: { _index: number }; geometry: unknown }[]) {
          seen.set(names.get(feature.properties._index)!, corners(feature.geometry));
        }
      }
      expect([...seen.keys()].sort()).toEqual(exported.features.map((feature) => feature.properties.name).sort());
      for (const feature of exported.features) {
        const mine = corners(feature.geometry);
        const theirs = seen.get(feature.properties.name)!;
        expect(theirs.length, feature.properties.name).toBe(mine.length);
        theirs.forEach((corner, index) => {
          const [a, b] = corner.split(',').map(Number) as [number, number];
          const [c, d] = mine[index]!.split(',').map(Number) as [number, number];
          expect(Math.abs(a - c)).toBeLessThanOrEqual(1.01e-7);
          expect(Math.abs(b - d)).toBeLessThanOrEqual(1.01e-7);
        });
      }
    });
  }
});
