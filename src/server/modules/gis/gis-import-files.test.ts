import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../../testing/test-server';
import type { ImportPreview, ImportReport } from '../../../shared/gis/gis-import';
import {
  fixture,
  server,
  cookies,
  imported,
  preview,
  upload,
  valuesOf,
  importServerPerFile,
} from './gis-import.test-support';

importServerPerFile();

/**
 * Real planners' files (issue 15): CSV as Excel saves it on Chinese Windows (GBK, GB18030) and GeoJSON in
 * CGCS2000 Gauss-Krüger metres without a crs member (written by GDAL). Fixtures: tests/fixtures/gis/SOURCES.md.
 */
async function validate(id: string, body: unknown) {
  const response = await server.request(`/api/imports/${id}/validate`, {
    method: 'POST',
    cookie: cookies.planner,
    json: body,
  });
  return { status: response.status, body: (await response.json()) as ImportReport & { detail?: string } };
}

describe('CSV saved by Excel on Chinese Windows', () => {
  it('GBK with 经度/纬度: the header is read as GBK, proposed for confirmation, the points placed', async () => {
    const result = await imported([{ name: '点位.csv', bytes: fixture('csv-excel/excel-gbk-lonlat.csv') }]);
    expect(result).toMatchObject({ format: 'csv', featureCount: 3, geometryTypes: ['Point'] });
    expect(result.detected).toMatchObject({
      encoding: 'gbk',
      encodingSource: 'header',
      encodingNeedsConfirmation: true,
    });
    expect(result.applied.encoding).toBe('gbk');
    expect(result.fields.map((field) => field.name)).toEqual(['名称', '经度', '纬度', '备注']);
    expect(valuesOf(result, '名称')).toEqual(['南塘河东岸垃圾堆放点', '长寿路菜场后巷', '锦东村河道']);
    expect(valuesOf(result, '备注')).toEqual(['村民反映多次', '周一、周四清运', '']);
    expect(result.bbox).toEqual([120.9081, 31.179, 120.9203, 31.1921]);
    // The encoding picker is offered, with each candidate's reading.
    expect(result.encodingCandidates.find((candidate) => candidate.encoding === 'gbk')?.samples).toContain(
      '南塘河东岸垃圾堆放点',
    );
    const unconfirmed = await validate(result.id, { mapping: { name: '名称', notes: '备注' } });
    expect(unconfirmed.status).toBe(422);
    const confirmed = await validate(result.id, {
      mapping: { name: '名称', notes: '备注' },
      options: { encoding: 'gbk', crs: 'EPSG:4326' },
      defaults: { category: 'R3' },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ total: 3, valid: 3 });
  });

  it('GB18030 with X坐标（米）/Y坐标（米） in Gauss-Krüger metres: columns found, CGCS2000 CM 120°E proposed', async () => {
    const result = await imported([{ name: '点位.csv', bytes: fixture('csv-excel/excel-gb18030-xy-cgcs2000.csv') }]);
    expect(result).toMatchObject({ featureCount: 2, geometryTypes: ['Point'] });
    expect(result.detected).toMatchObject({ encodingSource: 'header', crsSuggestion: 'EPSG:4549' });
    const chosen = await preview(result.id, 'encoding=gb18030');
    expect(valuesOf(chosen, '点位名称')).toEqual(['䶮家浜桥头', '陈墓荡北岸']);
    const [minLon, minLat] = chosen.bbox!;
    expect(minLon).toBeCloseTo(120.9081, 5);
    expect(minLat).toBeCloseTo(31.179, 5);
  });

  it('a survey table (GBK) with X to the north and Y a zone-40 easting: axes read the surveying way, zone 40 proposed', async () => {
    const result = await imported([{ name: '界址点.csv', bytes: fixture('csv-excel/survey-gbk-xy-north-zone40.csv') }]);
    expect(result).toMatchObject({ featureCount: 3, geometryTypes: ['Point'] });
    expect(result.detected).toMatchObject({ encoding: 'gbk', crsSuggestion: 'EPSG:4528' });
    expect(result.warnings.map((warning) => warning.code)).toContain('csv-xy-surveying');
    const [minLon, minLat, maxLon, maxLat] = result.bbox!;
    expect(minLon).toBeCloseTo(120.9081, 5);
    expect(minLat).toBeCloseTo(31.179, 5);
    expect(maxLon).toBeCloseTo(120.9203, 5);
    expect(maxLat).toBeCloseTo(31.1921, 5);
  });

  it('a CSV that is not UTF-8 and whose header names no coordinates in any encoding: a 422 that says so', async () => {
    const bytes = new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0x61, 0x0d, 0x0a, 0xb6, 0xab, 0x2c, 0x31]);
    const response = await upload([{ name: 'x.csv', bytes }]);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/not UTF-8.*GBK or Big5/);
  });
});

describe('GeoJSON in CGCS2000 Gauss-Krüger metres without a crs member (GDAL)', () => {
  it.each([
    ['cgcs2000-4549-no-crs.geojson', 'EPSG:4549'],
    ['cgcs2000-4528-no-crs.geojson', 'EPSG:4528'],
  ])('%s: the zone %s is proposed, the preview lands in the town, validation passes', async (name, code) => {
    const result = await imported([{ name, bytes: fixture(`geojson-gauss-kruger/${name}`) }]);
    expect(result.detected).toMatchObject({
      crs: null,
      crsSource: 'none',
      crsSuggestion: code,
      crsNeedsConfirmation: true,
    });
    expect(result.applied.crs).toBe(code);
    expect(result.warnings.map((warning) => warning.code)).toContain('projected-geojson');
    const [minLon, minLat, maxLon, maxLat] = result.bbox!;
    expect(minLon).toBeCloseTo(120.861, 4);
    expect(minLat).toBeCloseTo(31.178, 4);
    expect(maxLon).toBeCloseTo(120.9135, 4);
    expect(maxLat).toBeCloseTo(31.203, 4);
    const report = await validate(result.id, {
      mapping: { name: '名称', notes: '备注' },
      options: { crs: code },
      defaults: { category: 'R3' },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body).toMatchObject({ total: 2, valid: 2, invalid: 0 });
  });
});

describe('a file over the feature limit', () => {
  it('the preview says so; validation and commit count only the ticked features', async () => {
    const small = await startTestServer({ imports: { maxFeatures: 2 } });
    try {
      const cookie = await small.login('planner');
      const form = new FormData();
      form.append('file', new Blob([fixture('csv-excel/excel-gbk-lonlat.csv')]), '点位.csv');
      const uploaded = await small.request('/api/imports', { method: 'POST', body: form, cookie });
      expect(uploaded.status).toBe(201);
      const result = (await uploaded.json()) as ImportPreview;
      expect(result).toMatchObject({ featureCount: 3, maxFeatures: 2 });
      const body = {
        mapping: { name: '名称' },
        options: { encoding: 'gbk', crs: 'EPSG:4326' },
        defaults: { category: 'R3' },
      };
      const post = (step: string, json: unknown) =>
        small.request(`/api/imports/${result.id}/${step}`, { method: 'POST', cookie, json });
      const all = await post('validate', body);
      expect(all.status).toBe(422);
      expect(((await all.json()) as { detail: string }).detail).toMatch(/3 features and 3 are ticked; at most 2/);
      const ticked = await post('validate', { ...body, exclude: [1] });
      expect(ticked.status).toBe(200);
      expect((await ticked.json()) as ImportReport).toMatchObject({ total: 3, valid: 2, excluded: 1 });
      const committed = await post('commit', { ...body, exclude: [1], skipInvalid: false });
      expect(committed.status, await committed.clone().text()).toBe(201);
      expect(await committed.json()).toMatchObject({ created: 2, excluded: 1 });
    } finally {
      await small.close();
    }
  });
});
