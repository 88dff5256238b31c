import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportPreview, ImportReport } from '../../../shared/gis/gis-import';
import type { ZoneCollection, ZoneFeature } from '../../../shared/zones/zone';
import {
  FIXTURES,
  server,
  cookies,
  upload,
  imported,
  zipOf,
  zoneCount,
  square,
  importServerPerFile,
} from './gis-import.test-support';

importServerPerFile();

/**
 * Geometry of real files (issue 15: items 1, 2, 5, 9, 11): GDAL-written files in tests/fixtures/gis/gdal-written
 * (tests/fixtures/gis/SOURCES.md says how each was made). Multi-part lines, KML MultiGeometry, overlaps inside one
 * file, the one meaning of bbox, and the minor ones (overlapping parts, Latin-1 text, DBF logicals, GBK zip names,
 * an empty file).
 */
const gdal = (name: string) => readFileSync(path.join(FIXTURES, 'gdal-written', name));
const shapefile = (base: string, parts: string[], as = base) =>
  zipOf(Object.fromEntries(parts.map((extension) => [`${as}.${extension}`, gdal(`${base}.${extension}`)])));

async function validate(id: string, body: Record<string, unknown>): Promise<{ status: number; report: ImportReport }> {
  const response = await server.request(`/api/imports/${id}/validate`, {
    method: 'POST',
    cookie: cookies.planner,
    json: body,
  });
  const text = await response.text();
  return { status: response.status, report: JSON.parse(text) as ImportReport };
}

async function commit(id: string, body: Record<string, unknown>) {
  const response = await server.request(`/api/imports/${id}/commit`, {
    method: 'POST',
    cookie: cookies.planner,
    json: { skipInvalid: true, ...body },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function zone(id: string): Promise<ZoneFeature> {
  return (await (await server.request(`/api/zones/${id}`, { cookie: cookies.planner })).json()) as ZoneFeature;
}

/** Remove the zones a test made, so later tests' overlap checks start clean. */
async function removeZones(ids: string[]) {
  for (const id of ids) {
    const current = await zone(id);
    const response = await server.request(`/api/zones/${id}`, {
      method: 'DELETE',
      cookie: cookies.admin,
      headers: { 'If-Match': `"${current.properties.version}"` },
    });
    expect(response.status, await response.clone().text()).toBe(204);
  }
}

describe('multi-part lines import (item 1)', () => {
  const mapping = { name: 'name', category: 'item' };
  const files = async (): Promise<[string, { name: string; bytes: Uint8Array | string }][]> => [
    [
      'a 2-part polyline Shapefile',
      { name: 'river.zip', bytes: await shapefile('river-2-parts', ['shp', 'shx', 'dbf', 'prj', 'cpg']) },
    ],
    ['a GeoJSON MultiLineString', { name: 'river.geojson', bytes: gdal('river-2-parts.geojson') }],
    ['a GPX track of 2 segments', { name: 'river.gpx', bytes: gdal('river-2-segments.gpx') }],
  ];

  it('validates and commits each as one MultiLineString zone, never a 500', async () => {
    for (const [label, file] of await files()) {
      const preview = await imported([file]);
      expect(preview.geometryTypes, label).toEqual(['MultiLineString']);
      const body = preview.format === 'gpx' ? { mapping: { name: 'name' }, defaults: { category: 'R3' } } : { mapping };
      const checked = await validate(preview.id, body);
      expect(checked.status, label).toBe(200);
      expect(checked.report.entries[0], label).toMatchObject({ name: '南塘河段', valid: true, reason: null });
      const done = await commit(preview.id, body);
      expect(done.status, `${label}: ${JSON.stringify(done.body)}`).toBe(201);
      const saved = await zone((done.body.zoneIds as string[])[0]!);
      expect(saved.geometry.type, label).toBe('MultiLineString');
      expect(saved.geometry.coordinates, label).toHaveLength(2);
      await removeZones(done.body.zoneIds as string[]);
    }
  });

  it('refuses a line outside the town outline per feature (the town check takes multi-part lines)', async () => {
    const far = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: '出界河段' },
          geometry: {
            type: 'MultiLineString',
            coordinates: [
              [
                [120.9, 31.2],
                [120.901, 31.201],
              ],
              [
                [121.5, 31.2],
                [121.501, 31.201],
              ],
            ],
          },
        },
      ],
    };
    const preview = await imported([{ name: 'far.geojson', bytes: JSON.stringify(far) }]);
    const checked = await validate(preview.id, { mapping: { name: 'name' }, defaults: { category: 'R3' } });
    expect(checked.status).toBe(200);
    expect(checked.report.entries[0]).toMatchObject({ valid: false, reason: 'outside-town' });
  });

  it('POST /api/zones takes a MultiLineString and answers every other geometry with a 4xx, never a 5xx', async () => {
    const properties = { name: '河段', category: 'R3', plannedStart: '2026-06-01', plannedEnd: '2026-09-01' };
    const post = (geometry: unknown) =>
      server.request('/api/zones', {
        method: 'POST',
        cookie: cookies.planner,
        json: { type: 'Feature', geometry, properties },
      });
    const lines = {
      type: 'MultiLineString',
      coordinates: [
        [
          [120.95, 31.2],
          [120.951, 31.201],
        ],
        [
          [120.952, 31.2],
          [120.953, 31.201],
        ],
      ],
    };
    const created = await post(lines);
    expect(created.status, await created.clone().text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    // The same lines again: an overlap (409), as for any zone.
    expect((await post(lines)).status).toBe(409);
    await removeZones([id]);
    const bad: unknown[] = [
      null,
      { type: 'GeometryCollection', geometries: [] },
      { type: 'GeometryCollection', geometries: [lines] },
      { type: 'MultiPoint', coordinates: [[120.9, 31.2]] },
      { type: 'MultiLineString', coordinates: [] },
      { type: 'MultiLineString', coordinates: [[]] },
      { type: 'MultiLineString', coordinates: [[[120.9, 31.2]]] },
      { type: 'MultiPolygon', coordinates: [] },
      { type: 'MultiPolygon', coordinates: [[]] },
      { type: 'Polygon', coordinates: [] },
      { type: 'LineString', coordinates: [] },
      { type: 'Point', coordinates: [] },
    ];
    for (const geometry of bad) {
      const response = await post(geometry);
      expect(response.status, JSON.stringify(geometry)).toBeGreaterThanOrEqual(400);
      expect(response.status, JSON.stringify(geometry)).toBeLessThan(500);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('reports empty, null and collection geometries of a file per feature, never a 500', async () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '空' }, geometry: null },
        { type: 'Feature', properties: { name: '空集合' }, geometry: { type: 'GeometryCollection', geometries: [] } },
        { type: 'Feature', properties: { name: '空多线' }, geometry: { type: 'MultiLineString', coordinates: [] } },
        { type: 'Feature', properties: { name: '空多面' }, geometry: { type: 'MultiPolygon', coordinates: [[]] } },
        { type: 'Feature', properties: { name: '空线' }, geometry: { type: 'LineString', coordinates: [] } },
        {
          type: 'Feature',
          properties: { name: '多点' },
          geometry: {
            type: 'MultiPoint',
            coordinates: [
              [1, 2],
              [3, 4],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { name: '正常' },
          geometry: { type: 'Polygon', coordinates: square(120.96, 31.2) },
        },
      ],
    };
    const preview = await imported([{ name: 'edge.geojson', bytes: JSON.stringify(collection) }]);
    const checked = await validate(preview.id, { mapping: { name: 'name' }, defaults: { category: 'R3' } });
    expect(checked.status).toBe(200);
    expect(checked.report).toMatchObject({ total: 7, valid: 1, invalid: 6 });
    for (const entry of checked.report.entries.slice(0, 6)) {
      expect(entry.valid, entry.name).toBe(false);
      expect(entry.reason, entry.name).toBeTruthy();
    }
  });
});

describe('KML MultiGeometry (item 2)', () => {
  it('reads a GDAL-written MultiGeometry of polygons as one MultiPolygon; a mixed one names its parts', async () => {
    for (const file of [
      { name: 'multigeometry.kml', bytes: gdal('multigeometry.kml') },
      { name: 'multigeometry.kmz', bytes: await zipOf({ 'doc.kml': gdal('multigeometry.kml') }) },
      // GDAL's LIBKML driver: a doc.kml that only links layers/areas.kml.
      { name: 'multigeometry-libkml.kmz', bytes: gdal('multigeometry-libkml.kmz') },
    ]) {
      const preview = await imported([file]);
      expect(preview.geometryTypes, file.name).toEqual(['MultiPolygon']);
      const checked = await validate(preview.id, { mapping: { name: 'name', category: 'item' } });
      expect(checked.status).toBe(200);
      expect(checked.report.entries[0], file.name).toMatchObject({ name: '菱塘两片', valid: true });
      expect(checked.report.entries[1], file.name).toMatchObject({
        name: '混合要素',
        valid: false,
        reason: 'mixed-geometry',
        params: { areas: 1, lines: 2, points: 0 },
      });
      expect(checked.report.entries[1]!.detail).toContain('1 area, 2 lines');
    }
  });

  it('re-imports its own KML export of a MultiPolygon zone (round trip)', async () => {
    const created = await server.request('/api/zones', {
      method: 'POST',
      cookie: cookies.planner,
      json: {
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: [square(120.87, 31.15), square(120.875, 31.15)] },
        properties: { name: '两块堆场', category: 'R5', plannedStart: '2026-06-01', plannedEnd: '2026-09-01' },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const kml = await server.request(`/api/export/zones.kml?q=${encodeURIComponent('两块堆场')}`, {
      cookie: cookies.planner,
    });
    expect(kml.status).toBe(200);
    const text = await kml.text();
    expect(text).toContain('<MultiGeometry>');
    const preview = await imported([{ name: 'export.kml', bytes: text }]);
    expect(preview.geometryTypes).toEqual(['MultiPolygon']);
    expect(preview.featureCount).toBe(1);
    const nameField = preview.fields.find((field) => field.samples.includes('两块堆场'))?.name ?? 'name';
    // Against the stored zone: an overlap, so it parsed and validated as the same MultiPolygon.
    const checked = await validate(preview.id, { mapping: { name: nameField }, defaults: { category: 'R5' } });
    expect(checked.report.entries[0]).toMatchObject({ name: '两块堆场', valid: false, reason: 'overlap' });
    await removeZones([id]);
    const again = await validate(preview.id, { mapping: { name: nameField }, defaults: { category: 'R5' } });
    expect(again.report.entries[0]).toMatchObject({ name: '两块堆场', valid: true });
  });
});

describe('overlaps inside one file (item 5) and overlapping parts (item 11)', () => {
  it('refuses a feature that overlaps an earlier one of the same item in the file; other items and neighbours pass', async () => {
    const preview = await imported([{ name: 'overlaps.geojson', bytes: gdal('overlaps.geojson') }]);
    const mapping = { name: 'name', category: 'item' };
    const checked = await validate(preview.id, { mapping });
    expect(checked.status).toBe(200);
    const [first, duplicate, otherItem, neighbour, overlappingParts] = checked.report.entries;
    expect(first).toMatchObject({ valid: true });
    expect(duplicate).toMatchObject({ valid: false, reason: 'overlap-in-file', params: { feature: 1 } });
    expect(otherItem).toMatchObject({ valid: true });
    expect(neighbour).toMatchObject({ valid: true });
    expect(overlappingParts).toMatchObject({ valid: false, reason: 'overlapping-parts' });

    // Unticking the first lets the duplicate through.
    const before = await zoneCount();
    const done = await commit(preview.id, { mapping, exclude: [0] });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toMatchObject({ created: 3, skipped: 1, excluded: 1 });
    expect(await zoneCount()).toBe(before + 3);
    await removeZones(done.body.zoneIds as string[]);
  });

  it('commits both copies when overlaps are accepted', async () => {
    const preview = await imported([{ name: 'overlaps.geojson', bytes: gdal('overlaps.geojson') }]);
    const checked = await validate(preview.id, { mapping: { name: 'name', category: 'item' }, acceptOverlaps: true });
    expect(checked.report.entries.map((entry) => entry.valid)).toEqual([true, true, true, true, false]);
  });
});

describe('text and files (item 11)', () => {
  it('lets Latin-1 DBF text be chosen: "México" decodes right', async () => {
    const preview = await imported([{ name: 'latin1.zip', bytes: await shapefile('latin1', ['shp', 'shx', 'dbf']) }]);
    expect(preview.detected.encodingNeedsConfirmation).toBe(true);
    const latin = preview.encodingCandidates.find((candidate) => candidate.encoding === 'windows-1252');
    expect(latin?.samples).toEqual(['México', 'Zürich', 'São Paulo']);
    const response = await server.request(`/api/imports/${preview.id}/preview?encoding=windows-1252`, {
      cookie: cookies.planner,
    });
    expect(response.status).toBe(200);
    const chosen = (await response.json()) as ImportPreview;
    expect(chosen.rows.map((row) => row.properties.name)).toEqual(['México', 'Zürich', 'São Paulo']);
  });

  it('reads a DBF logical ? as empty, T as true and F as false', async () => {
    const bytes = await zipOf({
      'a.shp': gdal('latin1.shp'),
      'a.shx': gdal('latin1.shx'),
      'a.dbf': gdal('logical.dbf'),
    });
    const preview = await imported([{ name: 'logical.zip', bytes }]);
    expect(preview.rows.map((row) => row.properties.done)).toEqual([true, false, null]);
  });

  it('decodes GBK zip entry names (no UTF-8 flag), as zip tools on Chinese Windows write them', async () => {
    const preview = await imported([{ name: 'gbk-names.zip', bytes: gdal('gbk-names.zip') }]);
    expect(preview.layers).toEqual(['苏州河段']);
    expect(preview.layer).toBe('苏州河段');
    expect(preview.featureCount).toBe(1);
  });

  it('says at upload that a file holds no features', async () => {
    const response = await upload([{ name: 'empty.geojson', bytes: gdal('empty.geojson') }]);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { detail: string; reason: string };
    expect(problem.reason).toBe('no-features');
    expect(problem.detail).toMatch(/no features/);
  });
});

describe('bbox means the exact shape everywhere (item 9)', () => {
  it('leaves out a zone whose hole holds the box: zones list, GeoJSON and CSV exports and OGC API agree', async () => {
    // A 1 km square with a 400 m hole; the box is 10 m inside the hole.
    const outer = square(120.85, 31.14, 0.01)[0]!;
    const hole = square(120.853, 31.143, 0.004)[0]!.reverse();
    const created = await server.request('/api/zones', {
      method: 'POST',
      cookie: cookies.planner,
      json: {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [outer, hole] },
        properties: { name: '环形区域', category: 'S2', plannedStart: '2026-06-01', plannedEnd: '2026-09-01' },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const inHole = '120.8549,31.1449,120.855,31.145';
    const onRing = '120.8505,31.1405,120.8506,31.1406';
    const ids = async (url: string) => {
      const response = await server.request(url, { cookie: cookies.leader });
      expect(response.status, url).toBe(200);
      return ((await response.json()) as ZoneCollection).features.map((feature) => String(feature.id));
    };
    for (const bbox of [inHole, onRing]) {
      const expected = bbox === onRing;
      expect((await ids(`/api/zones?bbox=${bbox}`)).includes(id), `zones ${bbox}`).toBe(expected);
      expect((await ids(`/api/export/zones.geojson?bbox=${bbox}`)).includes(id), `export ${bbox}`).toBe(expected);
      expect((await ids(`/ogc/collections/zones/items?bbox=${bbox}`)).includes(id), `ogc ${bbox}`).toBe(expected);
      const csv = await (await server.request(`/api/export/zones.csv?bbox=${bbox}`, { cookie: cookies.leader })).text();
      expect(csv.includes('环形区域'), `csv ${bbox}`).toBe(expected);
    }
    await removeZones([id]);
  });
});
