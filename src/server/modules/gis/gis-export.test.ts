// Long (≈630 lines) on purpose: one real server with its GDAL fixtures serves all three suites (export, writers, OGC via GDAL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER_KINDS } from '../../../shared/registers/kinds';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pointOnFeature } from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { loadSampleData } from '../../platform/data-files';
import type { ZoneCollection, ZoneFeature, ZoneGeometry } from '../../../shared/zones/zone';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { guardSpreadsheetText } from '../../../shared/reports/ledger';
import { GIS_EXPORT_FORMATS, type GisExportFormat } from './export/formats';
import { normalizeGeometry, signedArea } from './export/geometry';
import { DBF_TEXT_MAX_BYTES, truncateUtf8, writeShapefiles } from './export/shapefile';
import { EXPORT_FIELDS, type ExportZone } from './export/zone-records';
import { escapeXml, formatCoordinate, toWkt, writeCsv, writeGeoJson, writeKml } from './export/text-formats';
import { writeGeoPackage } from './export/geopackage';
import { writeZip } from './export/zip';

/**
 * Every GIS export read back by GDAL (Debian gdal-bin: ogrinfo, ogr2ogr), the way a planner's QGIS
 * or a script would: feature count, geometry type, WGS 84, and the features with their Chinese text.
 */
const run = promisify(execFile);
const GDAL_ENV = { ...process.env, CPL_DEBUG: 'OFF' };

/** `ogrinfo -ro -so` of every layer (or the given ones), and what GDAL wrote to stderr (warnings). */
async function ogrSummary(source: string, options: string[] = [], layerNames: string[] = []) {
  const { stdout, stderr } = await run(
    'ogrinfo',
    ['-ro', '-so', ...options, ...(layerNames.length ? [source, ...layerNames] : ['-al', source])],
    { env: GDAL_ENV },
  );
  const layers = stdout
    .split(/^Layer name: /m)
    .slice(1)
    .map((block) => ({
      name: block.split('\n')[0]!.trim(),
      geometry: /^Geometry: (.+)$/m.exec(block)?.[1] ?? null,
      featureCount: Number(/^Feature Count: (\d+)$/m.exec(block)?.[1]),
      wgs84: /^Layer SRS WKT:\nGEOGCRS\["WGS 84",[\s\S]*ID\["EPSG",4326\]\]$/m.test(block),
      fields: [...block.matchAll(/^(\w+): (\w+) \(/gm)].map((match) => ({ name: match[1]!, type: match[2]! })),
    }));
  return { layers, stderr, stdout };
}

interface GdalFeature {
  type: 'Feature';
  id?: number;
  geometry: ZoneGeometry;
  properties: Record<string, unknown>;
}

/** `ogr2ogr -f GeoJSON /vsistdout/` (RFC 7946 output: WGS 84, counter-clockwise exteriors, 7 decimals). */
async function ogrFeatures(source: string, layer?: string, extra: string[] = []): Promise<GdalFeature[]> {
  const { stdout } = await run(
    'ogr2ogr',
    ['-f', 'GeoJSON', '-lco', 'RFC7946=YES', ...extra, '/vsistdout/', source, ...(layer ? [layer] : [])],
    { env: GDAL_ENV, maxBuffer: 256 * 1024 * 1024 },
  );
  return (JSON.parse(stdout) as { features: GdalFeature[] }).features;
}

let server: TestServer;
let folder: string;
let leader: string;
let campaign: CampaignResponse;
/** The zones as `GET /api/zones` returns them (sample data plus the two made below). */
let apiZones: ZoneFeature[];
let trickyId: string;
let holeId: string;
const TRICKY_NAME = '=HYPERLINK("x")';
const TRICKY_MEASURES = '<b>清理</b> & "加固" \'护岸\'\n第二行';

function square(lon: number, lat: number, size: number): [number, number][] {
  return [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
}

beforeAll(async () => {
  server = await startTestServer({ sample: loadSampleData() });
  folder = mkdtempSync(path.join(tmpdir(), 'jinxi-gis-'));
  const planner = await server.login('planner');
  leader = await server.login('leader');
  // Two zones no sample has: a formula-like name with XML-special measures, and a polygon with a hole.
  const outline = (server.db.prepare("SELECT geometry_json FROM basemap_features WHERE layer = 'outline'").get() as {
    geometry_json: string;
  })!;
  const inside = pointOnFeature({
    type: 'Feature',
    properties: {},
    geometry: JSON.parse(outline.geometry_json) as Polygon,
  } as Feature<Polygon>).geometry.coordinates as [number, number];
  const [lon, lat] = inside;
  const create = async (name: string, geometry: ZoneGeometry, measures: string) => {
    const response = await server.request('/api/zones', {
      method: 'POST',
      cookie: planner,
      json: {
        type: 'Feature',
        geometry,
        properties: {
          name,
          category: 'U1',
          plannedStart: '2026-03-01',
          plannedEnd: '2026-10-31',
          measures,
          responsibleUnits: ['shuilizhan', 'chengguanzhongdui'],
        },
        overlapReason: '测试导出',
      },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as ZoneFeature).id;
  };
  trickyId = await create(TRICKY_NAME, { type: 'Point', coordinates: [lon - 0.003, lat - 0.003] }, TRICKY_MEASURES);
  // Exterior drawn clockwise and the hole counter-clockwise (the wrong way round for RFC 7946) on purpose.
  holeId = await create(
    '带孔的整治区域',
    {
      type: 'Polygon',
      coordinates: [[...square(lon, lat, 0.002)].reverse(), square(lon + 0.0007, lat + 0.0007, 0.0006)],
    },
    '外圈整治，中间水塘保留',
  );
  campaign = (await (await server.request('/api/campaign', { cookie: leader })).json()) as CampaignResponse;
  apiZones = ((await (await server.request('/api/zones', { cookie: leader })).json()) as ZoneCollection).features;
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const EXTENSION: Record<GisExportFormat, string> = {
  geojson: 'geojson',
  csv: 'csv',
  kml: 'kml',
  'shp.zip': 'shp.zip',
  gpkg: 'gpkg',
};

/** Download an export as the leader and keep it as a file GDAL can open. */
async function download(format: GisExportFormat, search = '') {
  const response = await server.request(`/api/export/zones.${format}${search}`, { cookie: leader });
  expect(response.status, await response.clone().text()).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  const file = path.join(
    folder,
    `${format.replace('.', '-')}-${Math.random().toString(36).slice(2)}.${EXTENSION[format]}`,
  );
  writeFileSync(file, bytes);
  return { response, bytes, file };
}

const unitName = (id: string) => campaign.units.find((unit) => unit.id === id)!.name;
/** What every format should say about a zone (the API's zone in the export's words). */
function expectedRecord(zone: ZoneFeature) {
  const p = zone.properties;
  return {
    id: Number(zone.id),
    name: p.name,
    itemCode: p.category,
    itemName: campaign.items.find((item) => item.code === p.category)!.name,
    statusCode: p.status,
    statusName: campaign.zoneStatuses.find((status) => status.code === p.status)!.name,
    leadUnit: unitName(p.leadUnit),
    responsibleUnits: p.responsibleUnits.map(unitName).join('、'),
    plannedStart: p.plannedStart,
    plannedEnd: p.plannedEnd,
    progress: p.progress,
    village: p.village,
    measures: p.measures,
    overdue: p.overdue,
    notes: p.notes,
  };
}

describe('GIS export of the zones (GeoJSON, CSV, KML, Shapefile, GeoPackage)', () => {
  it('GeoJSON follows RFC 7946: no crs, counter-clockwise exteriors and clockwise holes, at most 7 decimals', async () => {
    const { response, bytes } = await download('geojson');
    expect(response.headers.get('content-type')).toBe('application/geo+json');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="zones-2026-06-15\.geojson"; filename\*=UTF-8''%E6%95%B4/,
    );
    const collection = JSON.parse(bytes.toString('utf8')) as {
      type: string;
      crs?: unknown;
      features: GdalFeature[];
    };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection).not.toHaveProperty('crs');
    expect(collection.features.map((feature) => feature.id)).toEqual(apiZones.map((zone) => Number(zone.id)));
    for (const feature of collection.features) {
      const zone = apiZones.find((candidate) => Number(candidate.id) === feature.id)!;
      expect(feature.properties).toEqual(expectedRecord(zone));
      const numbers = JSON.stringify(feature.geometry.coordinates).match(/-?\d+(\.\d+)?(e-?\d+)?/g)!;
      for (const number of numbers) expect(number).toMatch(/^-?\d+(\.\d{1,7})?$/);
      if (feature.geometry.type === 'Polygon') {
        feature.geometry.coordinates.forEach((ring, index) =>
          expect(signedArea(ring) > 0, `ring ${index} of zone ${zone.id}`).toBe(index === 0),
        );
      }
    }
    const hole = collection.features.find((feature) => feature.id === Number(holeId))!;
    expect(hole.geometry.type).toBe('Polygon');
    expect((hole.geometry.coordinates as unknown[]).length).toBe(2);
  });

  it.each(Object.keys(GIS_EXPORT_FORMATS) as GisExportFormat[])(
    '%s: GDAL opens it (count, geometry type, WGS 84) and reads back every zone with its Chinese text',
    async (format) => {
      const { file } = await download(format);
      const summary = await ogrSummary(file);
      expect(summary.stderr).toBe('');
      const source = format === 'shp.zip' ? `/vsizip/${file}` : file;
      const byKind = {
        polygon: apiZones.filter((zone) => zone.geometry.type.endsWith('Polygon')),
        line: apiZones.filter((zone) => zone.geometry.type.endsWith('LineString')),
        point: apiZones.filter((zone) => zone.geometry.type === 'Point'),
      };
      // A Shapefile holds one geometry type: one layer per kind. The others hold every zone in one layer.
      const layers =
        format === 'shp.zip'
          ? Object.entries(byKind).map(([kind, zones]) => ({ name: `zones_${kind}`, zones }))
          : [{ name: null, zones: apiZones }];
      expect(summary.layers.map((layer) => layer.featureCount).sort()).toEqual(
        layers.map((layer) => layer.zones.length).sort(),
      );
      for (const layer of summary.layers) {
        // CSV has no place for a CRS: its header and README say WGS 84; every other format declares it.
        if (format !== 'csv') expect(layer.wgs84, `${format} ${layer.name} is WGS 84:\n${summary.stdout}`).toBe(true);
      }
      if (format === 'shp.zip') {
        expect(Object.fromEntries(summary.layers.map((layer) => [layer.name, layer.geometry]))).toEqual({
          zones_polygon: 'Polygon',
          zones_line: 'Line String',
          zones_point: 'Point',
        });
      } else if (format === 'gpkg') {
        expect(summary.layers[0]!.geometry).toBe('Unknown (any)');
      }

      for (const layer of layers) {
        const features = await ogrFeatures(source, layer.name ?? undefined);
        expect(features).toHaveLength(layer.zones.length);
        for (const zone of layer.zones) {
          const expected = expectedRecord(zone);
          const read = features.find((feature) => Number(feature.properties.id ?? feature.id) === expected.id);
          expect(read, `zone ${zone.id} in the ${format}`).toBeDefined();
          const properties = read!.properties;
          const text = (key: keyof typeof expected, value: string | null) => {
            if (format === 'shp.zip') return truncateUtf8(value ?? '', DBF_TEXT_MAX_BYTES).toString('utf8');
            if (format === 'csv') return value === null ? '' : guardSpreadsheetText(value);
            return key === 'village' && value === null ? undefined : value;
          };
          const nameKey = format === 'shp.zip' ? 'name' : format === 'kml' ? 'Name' : 'name';
          expect(properties[nameKey]).toBe(text('name', expected.name));
          const keyOf = (key: keyof typeof expected) =>
            format === 'shp.zip' ? EXPORT_FIELDS.find((field) => field.key === key)!.dbf : key;
          for (const key of ['itemName', 'statusName', 'leadUnit', 'responsibleUnits', 'measures'] as const) {
            // A DBF has no null text: GDAL reads an empty one as null.
            const value = properties[keyOf(key)] ?? (format === 'shp.zip' ? '' : null);
            expect(value, `${key} of zone ${zone.id} in the ${format}`).toBe(text(key, expected[key]));
          }
          const village = properties[keyOf('village')];
          expect(village === null || village === '' ? null : village).toBe(expected.village);
          expect(String(properties[keyOf('plannedEnd')]).replace(/\//g, '-')).toBe(expected.plannedEnd);
          expect(Number(properties[keyOf('progress')])).toBe(expected.progress);
          // Geometry: the same positions as the API's, within the 7 decimals written.
          expect(read!.geometry.type).toBe(zone.geometry.type);
          const want = normalizeGeometry(zone.geometry);
          expect(JSON.stringify(read!.geometry.coordinates)).toBe(JSON.stringify(want.coordinates));
        }
      }
    },
  );

  it('honours the filters of GET /api/zones in every format', async () => {
    const search = '?category=R3,R4&status=in_progress,not_started';
    const expected = (
      (await (await server.request(`/api/zones${search}`, { cookie: leader })).json()) as ZoneCollection
    ).features;
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(apiZones.length);
    for (const format of Object.keys(GIS_EXPORT_FORMATS) as GisExportFormat[]) {
      const { file } = await download(format, search);
      const summary = await ogrSummary(file);
      const total = summary.layers.reduce((sum, layer) => sum + layer.featureCount, 0);
      expect(total, format).toBe(expected.length);
    }
    const { bytes } = await download('geojson', '?q=HYPERLINK');
    const ids = (JSON.parse(bytes.toString('utf8')) as { features: GdalFeature[] }).features.map((f) => f.id);
    expect(ids).toEqual([Number(trickyId)]);
  });

  it('CSV: UTF-8 with BOM, CRLF, WKT first, formula-like texts guarded, quotes doubled', async () => {
    const { response, bytes } = await download('csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(`WKT,${EXPORT_FIELDS.map((field) => field.key).join(',')}`);
    expect(lines.at(-1)).toBe('');
    const tricky = lines.find((line) => line.includes('HYPERLINK'))!;
    expect(tricky).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(tricky.startsWith('POINT (')).toBe(true);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('KML: user text is escaped XML, attributes are ExtendedData, each zone styled by its status', async () => {
    const { response, bytes } = await download('kml');
    expect(response.headers.get('content-type')).toBe('application/vnd.google-earth.kml+xml; charset=utf-8');
    const kml = bytes.toString('utf8');
    expect(kml).not.toContain('<b>清理</b>');
    expect(kml).toContain('&lt;b&gt;清理&lt;/b&gt; &amp; &quot;加固&quot; &apos;护岸&apos;');
    expect(kml).toContain('<name>=HYPERLINK(&quot;x&quot;)</name>');
    expect(kml).toMatch(/<innerBoundaryIs><LinearRing><coordinates>/);
    expect(kml).toContain('<styleUrl>#status-not_started</styleUrl>');
    // The plain KML driver (not LIBKML) reads name and description only: the description carries the facts.
    const file = path.join(folder, 'plain.kml');
    writeFileSync(file, bytes);
    const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file], {
      env: { ...GDAL_ENV, GDAL_SKIP: 'LIBKML' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const plain = (JSON.parse(stdout) as { features: GdalFeature[] }).features;
    const tricky = plain.find((feature) => feature.properties.Name === TRICKY_NAME)!;
    // (GDAL's plain KML reader folds the line breaks of a description into spaces.) The description is
    // HTML-escaped text (finding M6): a reader sees the entities, a balloon the characters.
    expect(tricky.properties.Description).toContain(
      `整治措施（一区一策）：&lt;b&gt;清理&lt;/b&gt; &amp; "加固" '护岸' 第二行`,
    );
    expect(tricky.properties.Description).toContain('牵头单位：创建办');
  });

  it('Shapefile: one set of .shp/.shx/.dbf/.prj/.cpg per geometry kind, DBF names of ≤ 10 ASCII characters', async () => {
    const { response, file } = await download('shp.zip');
    expect(response.headers.get('content-type')).toBe('application/zip');
    const summary = await ogrSummary(`/vsizip/${file}`);
    for (const layer of summary.layers) {
      expect(layer.fields.map((field) => field.name)).toEqual(EXPORT_FIELDS.map((field) => field.dbf));
    }
    for (const field of EXPORT_FIELDS) expect(field.dbf).toMatch(/^[a-z][a-z0-9_]{0,9}$/);
    // GDAL found the .cpg of each layer and decodes the DBF as UTF-8.
    for (const layer of ['zones_polygon', 'zones_line', 'zones_point']) {
      const { stdout } = await run('ogrinfo', ['-ro', '-so', '-mdd', 'all', `/vsizip/${file}`, layer], {
        env: GDAL_ENV,
      });
      expect(stdout).toMatch(/^Metadata \(SHAPEFILE\):\n\s+CPG_VALUE=UTF-8$/m);
    }
  });

  it('GeoPackage: application id GPKG, version 1.3, fid = zone id, opens in GDAL without a warning', async () => {
    const { response, bytes, file } = await download('gpkg');
    expect(response.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    expect(bytes.subarray(0, 16).toString('ascii')).toBe('SQLite format 3\0');
    expect(bytes.readUInt32BE(68)).toBe(0x47504b47); // application_id
    expect(bytes.readUInt32BE(60)).toBe(10300); // user_version
    const { stderr } = await run('ogrinfo', ['-ro', '-al', file], { env: GDAL_ENV, maxBuffer: 64 * 1024 * 1024 });
    expect(stderr).toBe('');
    const features = await ogrFeatures(file, undefined, ['-preserve_fid']);
    expect(features.map((feature) => feature.id).sort((a, b) => a! - b!)).toEqual(
      apiZones.map((zone) => Number(zone.id)).sort((a, b) => a - b),
    );
    const hole = features.find((feature) => feature.id === Number(holeId))!;
    expect((hole.geometry.coordinates as unknown[]).length).toBe(2);
  });

  it('answers bad filters with a 400 problem and visitors with a 401', async () => {
    for (const search of ['?bbox=1,2,3', '?status=finished', '?category=X9', '?colour=red']) {
      const response = await server.request(`/api/export/zones.gpkg${search}`, { cookie: leader });
      expect(response.status, search).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await server.request('/api/export/zones.geojson')).status).toBe(401);
  });
});

describe('the writers, for every geometry type', () => {
  /** Zones built by hand: multi-part geometries and texts no sample has (a long Chinese text, control characters). */
  const longMeasures = '清理河道淤泥，'.repeat(60);
  const base = {
    itemCode: 'R3',
    itemName: '整治镇区河道环境',
    statusCode: 'in_progress',
    statusName: '整治中',
    leadUnit: '水利站',
    responsibleUnits: '建管所、城管中队',
    plannedStart: '2026-01-01',
    plannedEnd: '2026-12-31',
    progress: 40,
    village: null,
    measures: longMeasures,
    overdue: false,
    notes: '',
  };
  const zones: ExportZone[] = [
    {
      record: { ...base, id: 1, name: '多块片区\u0001' },
      geometry: normalizeGeometry({
        type: 'MultiPolygon',
        coordinates: [
          [square(120.9, 31.1, 0.001)],
          [square(120.91, 31.1, 0.002), [...square(120.9105, 31.1005, 0.0005)].reverse()],
        ],
      }),
    },
    {
      record: { ...base, id: 2, name: '两段河道' },
      geometry: normalizeGeometry({
        type: 'MultiLineString',
        coordinates: [
          [
            [120.9, 31.12],
            [120.901, 31.121],
          ],
          [
            [120.902, 31.122],
            [120.903, 31.1234567891],
          ],
        ],
      }),
    },
    {
      record: { ...base, id: 3, name: '一段道路' },
      geometry: normalizeGeometry({
        type: 'LineString',
        coordinates: [
          [120.95, 31.15],
          [120.96, 31.16],
        ],
      }),
    },
  ];

  it('rounds to 7 decimals and rewinds rings', () => {
    const line = zones[1]!.geometry as Extract<ZoneGeometry, { type: 'MultiLineString' }>;
    expect(line.coordinates[1]![1]).toEqual([120.903, 31.1234568]);
    const polygons = (zones[0]!.geometry as Extract<ZoneGeometry, { type: 'MultiPolygon' }>).coordinates;
    expect(polygons.map((rings) => rings.map((ring) => signedArea(ring) > 0))).toEqual([[true], [true, false]]);
    expect(formatCoordinate(1e-7)).toBe('0.0000001');
    expect(formatCoordinate(-0)).toBe('0');
    expect(toWkt(zones[1]!.geometry)).toBe(
      'MULTILINESTRING ((120.9 31.12, 120.901 31.121), (120.902 31.122, 120.903 31.1234568))',
    );
  });

  it('drops characters XML forbids and escapes the rest', () => {
    expect(escapeXml('a\u0001b<&>"\'\ud800c')).toBe('ab&lt;&amp;&gt;&quot;&apos;c');
  });

  it('cuts DBF text at 254 bytes on a character boundary', () => {
    const cut = truncateUtf8(longMeasures, DBF_TEXT_MAX_BYTES);
    expect(cut.length).toBeLessThanOrEqual(254);
    expect(cut.toString('utf8')).toBe(longMeasures.slice(0, Math.floor(254 / 3)));
  });

  it.each(['geojson', 'csv', 'kml', 'shp.zip', 'gpkg'] as const)(
    '%s: GDAL reads multi-part geometries back',
    async (format) => {
      const modified = new Date('2026-06-15T04:00:00Z');
      const bytes =
        format === 'geojson'
          ? writeGeoJson(zones)
          : format === 'csv'
            ? writeCsv(zones)
            : format === 'kml'
              ? writeKml(zones, { documentName: '测试', statusColors: { in_progress: '#f5a623' } })
              : format === 'gpkg'
                ? writeGeoPackage(zones, { modified })
                : writeZip(writeShapefiles(zones, modified), modified);
      const file = path.join(folder, `writers.${format}`);
      writeFileSync(file, bytes);
      const summary = await ogrSummary(file);
      expect(summary.stderr).toBe('');
      const source = format === 'shp.zip' ? `/vsizip/${file}` : file;
      const features = (
        await Promise.all(
          (format === 'shp.zip' ? ['zones_polygon', 'zones_line'] : [undefined]).map((layer) =>
            ogrFeatures(source, layer),
          ),
        )
      ).flat();
      expect(features).toHaveLength(zones.length);
      for (const zone of zones) {
        const read = features.find((feature) => Number(feature.properties.id ?? feature.id) === zone.record.id)!;
        // A Shapefile does not know single from multi lines: GDAL reads a one-part line as a LineString.
        expect(read.geometry.type).toBe(zone.geometry.type);
        expect(JSON.stringify(read.geometry.coordinates)).toBe(JSON.stringify(zone.geometry.coordinates));
        const name = read.properties[format === 'kml' ? 'Name' : 'name'];
        // XML 1.0 cannot hold U+0001: KML drops it; the other formats keep the text as it is.
        expect(name).toBe(format === 'kml' ? zone.record.name.replace('\u0001', '') : zone.record.name);
      }
    },
  );

  it('writes the Shapefile set of each present kind, and an empty polygon layer when there is nothing', () => {
    const names = (entries: { name: string }[]) => entries.map((entry) => entry.name);
    const modified = new Date('2026-06-15T04:00:00Z');
    expect(names(writeShapefiles(zones, modified))).toEqual(
      ['zones_polygon', 'zones_line'].flatMap((layer) =>
        ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((extension) => `${layer}.${extension}`),
      ),
    );
    expect(names(writeShapefiles([], modified))).toEqual(
      ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((extension) => `zones_polygon.${extension}`),
    );
    const cpg = writeShapefiles(zones, modified).find((entry) => entry.name === 'zones_line.cpg')!;
    expect(cpg.data.toString('ascii')).toBe('UTF-8');
  });
});

describe('GDAL reads the OGC API - Features service (OAPIF driver) with an API token', () => {
  let token: string;
  beforeAll(async () => {
    const admin = await server.login('admin');
    const response = await server.request('/api/tokens', {
      method: 'POST',
      cookie: admin,
      json: { name: 'GDAL 测试' },
    });
    expect(response.status).toBe(201);
    token = ((await response.json()) as { secret: string }).secret;
  });
  const withToken = () => ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`];
  const service = () => `OAPIF:${server.baseUrl}/ogc`;

  it('ogrinfo lists the collections as layers, with their titles', async () => {
    const { stdout, stderr } = await run('ogrinfo', [...withToken(), '-ro', service()], { env: GDAL_ENV });
    expect(stderr).toBe('');
    const layers = [...stdout.matchAll(/^\d+: ([\w-]+) \(title: /gm)].map((match) => match[1]);
    expect(layers).toEqual([
      'zones',
      'zones-polygons',
      'zones-lines',
      'zones-points',
      'tasks',
      'photos',
      'flood-events',
      'villages',
      ...REGISTER_KINDS.map((kind) => `registers-${kind.slug}`),
    ]);
    expect(stdout).toContain('zones (title: 整治区域)');
    const polygons = await ogrSummary(service(), withToken(), ['zones-polygons']);
    expect(polygons.layers[0]).toMatchObject({
      geometry: 'Polygon',
      featureCount: apiZones.filter((zone) => zone.geometry.type === 'Polygon').length,
      wgs84: true,
    });
  });

  it('ogr2ogr fetches every zone across pages (page size 7), with the Chinese text', async () => {
    const { stdout, stderr } = await run(
      'ogr2ogr',
      [...withToken(), '--debug', 'on', '-oo', 'PAGE_SIZE=7', '-f', 'GeoJSON', '/vsistdout/', service(), 'zones'],
      { env: GDAL_ENV, maxBuffer: 64 * 1024 * 1024 },
    );
    const pages = [...stderr.matchAll(/Fetch\(\S+\/ogc\/collections\/zones\/items\?limit=7&offset=(\d+)\)/g)].map(
      (match) => Number(match[1]),
    );
    expect(pages).toEqual(Array.from({ length: Math.ceil(apiZones.length / 7) - 1 }, (_, index) => 7 * (index + 1)));
    const features = (JSON.parse(stdout) as { features: GdalFeature[] }).features;
    expect(features.map((feature) => Number(feature.properties.id))).toEqual(apiZones.map((zone) => Number(zone.id)));
    for (const zone of apiZones) {
      const read = features.find((feature) => Number(feature.properties.id) === Number(zone.id))!;
      const expected = expectedRecord(zone);
      expect(read.properties).toMatchObject({
        name: expected.name,
        itemName: expected.itemName,
        statusName: expected.statusName,
        leadUnit: expected.leadUnit,
        responsibleUnits: expected.responsibleUnits,
        measures: expected.measures,
      });
      expect(read.geometry.type).toBe(zone.geometry.type);
    }
  });

  it('a spatial filter becomes the bbox parameter and gives the service’s answer', async () => {
    const [lon, lat] = (
      normalizeGeometry(apiZones.find((zone) => zone.id === holeId)!.geometry) as {
        coordinates: number[][][];
      }
    ).coordinates[0]![0]!;
    const box = [lon! - 0.001, lat! - 0.001, lon! + 0.001, lat! + 0.001];
    const { stdout, stderr } = await run(
      'ogr2ogr',
      [
        ...withToken(),
        '--debug',
        'on',
        '-spat',
        ...box.map(String),
        '-f',
        'GeoJSON',
        '/vsistdout/',
        service(),
        'zones',
      ],
      { env: GDAL_ENV, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(stderr).toMatch(/\/ogc\/collections\/zones\/items\?[^)]*bbox=/);
    const read = (JSON.parse(stdout) as { features: GdalFeature[] }).features.map((f) => Number(f.properties.id));
    const page = (await (
      await server.request(`/ogc/collections/zones/items?bbox=${box.join(',')}`, { cookie: leader })
    ).json()) as { features: { id: string }[] };
    expect(read).toContain(Number(holeId));
    expect(read.sort()).toEqual(page.features.map((feature) => Number(feature.id)).sort());
  });

  it('without a token (or with a revoked one) GDAL is refused', async () => {
    await expect(run('ogrinfo', ['-ro', service()], { env: GDAL_ENV })).rejects.toMatchObject({
      stderr: expect.stringMatching(/401/),
    });
    await expect(
      run(
        'ogrinfo',
        ['--config', 'GDAL_HTTP_HEADERS', 'Authorization: Bearer jxt_not-a-real-token-at-all', '-ro', service()],
        {
          env: GDAL_ENV,
        },
      ),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/401/) });
  });
});
