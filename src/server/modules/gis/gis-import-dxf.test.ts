import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../shared/gis/gis-import';
import { dxfCodePage, plainDxfText } from './import/read-dxf';
import { cookies, fixture, imported, preview, server, upload, valuesOf } from './gis-import.test-support';

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
    expect(result.warnings.map((warning) => warning.detail).join(' ')).toMatch(/1 LINE/);
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

  it('commits the drawing with the text as name and the layer mapped like any field', async () => {
    const result = await imported([HAND]);
    const committed = await server.request(`/api/imports/${result.id}/commit`, {
      method: 'POST',
      cookie: cookies.planner,
      json: {
        options: { crs: 'EPSG:4549' },
        mapping: { name: '名称', notes: '图层' },
        defaults: { category: 'S2' },
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
