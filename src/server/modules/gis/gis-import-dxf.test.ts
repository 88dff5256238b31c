import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportPreview } from '../../../shared/gis/gis-import';
import { bulgePoints, dxfCodePage, openDxf, plainDxfText } from './import/read-dxf';
import {
  GDAL_MISSING,
  HAS_GDAL,
  SOURCE_ZONES,
  cookies,
  fixture,
  imported,
  preview,
  run,
  server,
  upload,
  valuesOf,
  work,
  importServerPerFile,
} from './gis-import.test-support';

importServerPerFile();

/** The GIS import of CAD drawings (DXF): real files from GDAL's DXF writer and a hand-checked GBK R2000 drawing. */
const HAND = { name: '锦溪整治图.dxf', bytes: fixture('dxf/hand-r2000-gbk.dxf') };
const GDAL = { name: 'gdal.dxf', bytes: fixture('dxf/gdal-cgcs2000-gk40.dxf') };

type PreviewFeature = { properties: { _index: number }; geometry: { type: string; coordinates: number[][][] } };
const previewFeatures = (result: ImportPreview) => result.preview.features as unknown as PreviewFeature[];

const near = (actual: number[] | null, expected: number[], tolerance: number) => {
  expect(actual).not.toBeNull();
  actual!.forEach((value, index) => expect(Math.abs(value - expected[index]!), `${index}`).toBeLessThan(tolerance));
};

describe('DXF import', () => {
  it('reads a GBK R2000 drawing: LWPOLYLINE, POLYLINE and HATCH areas, open lines, layers, texts as names', async () => {
    const result = await imported([HAND]);
    expect(result).toMatchObject({ format: 'dxf', featureCount: 4, geometryTypes: ['LineString', 'Polygon'] });
    expect(result.detected).toMatchObject({
      encoding: 'gbk',
      encodingSource: 'dwgcodepage',
      encodingNeedsConfirmation: false,
      crsSource: 'none',
      crsNeedsConfirmation: true,
      // Eastings without the zone prefix: CGCS2000 3-degree Gauss-Krüger, central meridian 120°E.
      crsSuggestion: 'EPSG:4549',
    });
    expect(result.fields.map((field) => field.name)).toEqual(['图层', '名称']);
    expect(valuesOf(result, '图层')).toEqual(['整治区域', '绿化', '河道', '建设工地']);
    // TEXT inside the LWPOLYLINE, MTEXT (formatting and line break dropped) inside the HATCH; the line has none.
    expect(valuesOf(result, '名称')).toEqual(['南塘河东岸', '菱塘湾停车场 （临时）', null, null]);
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'dxf-entities', entities: '1 LINE' }));
    // The outlines' extent in WGS 84 as GDAL computes it (ogr2ogr -s_srs EPSG:4549 -t_srs EPSG:4326, without the LINE).
    near(result.bbox, [120.900001, 31.178003, 120.909435, 31.18501], 1e-6);
    const chosen = await preview(result.id, 'crs=EPSG:4549');
    expect(chosen.applied.crs).toBe('EPSG:4549');
    expect(chosen.bbox).toEqual(result.bbox);
  });

  it('reads the HATCH areas (with a hole), LWPOLYLINE lines and MTEXT (\\U+ escapes) GDAL writes, in zone 40', async () => {
    const result = await imported([GDAL]);
    expect(result).toMatchObject({ format: 'dxf', featureCount: 3, geometryTypes: ['LineString', 'Polygon'] });
    expect(result.detected.crsSuggestion).toBe('EPSG:4528');
    expect(valuesOf(result, '图层')).toEqual(['整治区域', '整治区域', '河道']);
    expect(valuesOf(result, '名称')).toEqual(['南塘河东岸', '菱塘湾停车场', null]);
    const [first] = previewFeatures(result);
    expect(first!.geometry.type).toBe('Polygon');
    expect(first!.geometry.coordinates).toHaveLength(2);
    // The source (gdal-source.geojson) spans 120.900…120.908°E, 31.178…31.185°N in WGS 84.
    near(result.bbox, [120.9, 31.178, 120.908, 31.185], 1e-6);
  });

  it.skipIf(!HAS_GDAL)('reads back what ogr2ogr -f DXF writes at run time (zone 40)' + GDAL_MISSING, async () => {
    const source = path.join(work, 'dxf-source.geojson');
    const output = path.join(work, 'zones.dxf');
    writeFileSync(source, JSON.stringify(SOURCE_ZONES));
    await run('ogr2ogr', ['-f', 'DXF', '-t_srs', 'EPSG:4528', output, source]);
    const result = await imported([{ name: 'zones.dxf', bytes: readFileSync(output) }]);
    expect(result).toMatchObject({ format: 'dxf', featureCount: 3, geometryTypes: ['Polygon'] });
    expect(result.detected.crsSuggestion).toBe('EPSG:4528');
    near(result.bbox, [120.951, 31.241, 120.96, 31.25], 1e-7);
  });

  it('commits the drawing with the text as name and the layer mapped like any field', async () => {
    const result = await imported([HAND]);
    const committed = await server.request(`/api/imports/${result.id}/commit`, {
      method: 'POST',
      cookie: cookies.planner,
      json: {
        options: { crs: 'EPSG:4549' },
        mapping: { name: '名称', notes: '图层' },
        defaults: { category: 'S2' },
        // The drawing nests a hatched area inside a boundary: one item, so the planner accepts the overlap.
        acceptOverlaps: true,
        skipInvalid: true,
      },
    });
    expect(committed.status, await committed.clone().text()).toBe(201);
    const outcome = (await committed.json()) as { created: number; zoneIds: string[] };
    expect(outcome.created).toBe(4);
    const zone = (await (
      await server.request(`/api/zones/${outcome.zoneIds[0]}`, { cookie: cookies.planner })
    ).json()) as { properties: Record<string, unknown> };
    expect(zone.properties).toMatchObject({ name: '南塘河东岸', notes: '整治区域' });
  });

  it('refuses a DWG with a 415 problem saying to save it as DXF (reason dwg)', async () => {
    const dwg = new Uint8Array(256);
    dwg.set(new TextEncoder().encode('AC1032'));
    const response = await upload([{ name: '图纸.dwg', bytes: dwg }]);
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { detail: string; reason: string };
    expect(problem.reason).toBe('dwg');
    expect(problem.detail).toMatch(/save it as DXF/);
  });

  it('refuses a binary DXF and a damaged one with a 422, never a 5xx', async () => {
    const binary = new TextEncoder().encode('AutoCAD Binary DXF\r\n\x1a\0' + '\0'.repeat(40));
    expect((await upload([{ name: 'b.dxf', bytes: binary }])).status).toBe(422);
    const cut = new TextDecoder('latin1').decode(HAND.bytes).split('ENTITIES')[0]! + 'ENTITIES\n  0\nLWPOLYLINE\n 90\n';
    const damaged = await upload([{ name: 'cut.dxf', bytes: cut }]);
    expect(damaged.status).toBeLessThan(500);
  });
});

describe('DXF text helpers', () => {
  it('names the code page of the header', () => {
    const header = (page: string) =>
      new TextEncoder().encode(`  0\nSECTION\n  2\nHEADER\n  9\n$DWGCODEPAGE\n  3\n${page}\n`);
    expect(dxfCodePage(header('ANSI_936'))).toBe('gbk');
    expect(dxfCodePage(header('ansi_950'))).toBe('big5');
    expect(dxfCodePage(header('ANSI_1251'))).toBeNull();
  });

  it('turns MTEXT formatting and \\U+ escapes into plain text', () => {
    expect(plainDxfText('{\\fSimSun|b0|i0|c134;菱塘湾\\P停车场}')).toBe('菱塘湾 停车场');
    expect(plainDxfText('\\U+5357\\U+5858河')).toBe('南塘河');
    expect(plainDxfText('\\H2.5;\\C1;管径%%c300')).toBe('管径Ø300');
  });
});

/** A drawing of its entities alone (a valid R12-style DXF: no header, no tables). */
const drawing = (...entities: string[]) =>
  new TextEncoder().encode(
    ['0', 'SECTION', '2', 'ENTITIES', ...entities.join('\n').split('\n'), '0', 'ENDSEC', '0', 'EOF'].join('\n'),
  );
const lwpolyline = (layer: string, points: number[][], flags = 0) =>
  [
    `0\nLWPOLYLINE\n8\n${layer}\n90\n${points.length}\n70\n${flags}`,
    ...points.map(([x, y]) => `10\n${x}\n20\n${y}`),
  ].join('\n');
const text = (x: number, y: number, value: string) => `0\nTEXT\n8\nT\n10\n${x}\n20\n${y}\n40\n2\n1\n${value}`;

describe('DXF shapes', () => {
  it('closes a polyline whose last vertex repeats the first, names the smallest shape a text lies in', async () => {
    const outer = [
      [0, 0],
      [100, 0],
      [100, 100],
      [0, 100],
      [0, 0],
    ];
    const inner = [
      [10, 10],
      [30, 10],
      [30, 30],
      [10, 30],
    ];
    const layer = await openDxf(
      drawing(lwpolyline('A', outer), lwpolyline('B', inner, 1), text(20, 20, '小'), text(60, 60, '大')),
    ).read('dxf', undefined);
    expect(layer.features.map((feature) => (feature.geometry as { type: string }).type)).toEqual([
      'Polygon',
      'Polygon',
    ]);
    expect(layer.features.map((feature) => feature.properties['名称'])).toEqual(['大', '小']);
  });

  it('reads a HATCH with line and arc edges (a half-disc) as an area', async () => {
    // Boundary: the diameter from (−10, 0) to (10, 0), then the arc of radius 10 around (0, 0) from 0° to 180°.
    const hatch = [
      '0\nHATCH\n8\nH\n10\n0\n20\n0\n30\n0\n2\nSOLID\n70\n1\n71\n0\n91\n1\n92\n1\n93\n2',
      '72\n1\n10\n-10\n20\n0\n11\n10\n21\n0',
      '72\n2\n10\n0\n20\n0\n40\n10\n50\n0\n51\n180\n73\n1',
      '97\n0\n75\n0\n76\n1\n98\n0',
    ].join('\n');
    const layer = await openDxf(drawing(hatch)).read('dxf', undefined);
    expect(layer.features).toHaveLength(1);
    const ring = (layer.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    let twiceArea = 0;
    for (let i = 1; i < ring.length; i++)
      twiceArea += ring[i - 1]![0]! * ring[i]![1]! - ring[i]![0]! * ring[i - 1]![1]!;
    // Within 1 % of π·10²/2 (the arc is drawn in 10° steps).
    expect(Math.abs(Math.abs(twiceArea) / 2 - (Math.PI * 100) / 2) / ((Math.PI * 100) / 2)).toBeLessThan(0.01);
  });

  it('follows the arcs of polyline bulges (a half-circle from bulge 1, a quarter from tan(22.5°))', () => {
    const half = bulgePoints([-10, 0], [10, 0], 1);
    expect(half.length).toBeGreaterThan(10);
    // Counter-clockwise from (−10, 0) to (10, 0) around (0, 0): through (0, −10), radius 10 everywhere.
    for (const [x, y] of half) expect(Math.hypot(x, y)).toBeCloseTo(10, 9);
    expect(half.every(([, y]) => y < 0)).toBe(true);
    const quarter = bulgePoints([10, 0], [0, 10], Math.tan(Math.PI / 8));
    for (const [x, y] of quarter) expect(Math.hypot(x, y)).toBeCloseTo(10, 9);
    expect(bulgePoints([0, 0], [0, 0], 1)).toEqual([]);
  });
});
