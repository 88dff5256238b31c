import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import type { ImportPreview, ImportValue } from '../../../shared/gis/gis-import';
import type { ZoneCollection } from '../../../shared/zones/zone';
import { ZONE_EXPORT_COLUMNS } from '../../../shared/zones/zone-fields';

/**
 * Export → import, every format (issue 15): each attribute value of every zone as the export writes it
 * must come back from the import as it was. Counted per format; the Shapefile may lose only what its
 * 254-byte DBF text limit cuts, and the import's preview says so. The figures are in docs/benchmarks.md.
 */
let server: TestServer;
let cookie: string;
/** Texts that test the edges: a spreadsheet formula guard, notes, long text over the DBF limit. */
const EDITS = [
  { name: '=SUM(A1)东岸', notes: '备注：周一清运', measures: '清理垃圾、设置围挡' },
  { name: '+86 电话联系点', notes: '@所有人 注意', measures: '-' },
  { name: '-号地块', notes: '多行\n第二行, "引号"', measures: '整治措施'.repeat(40) },
  { name: '@锦溪 北岸', notes: '', measures: '' },
];

beforeAll(async () => {
  server = await startTestServer();
  cookie = await server.login('admin');
  const zones = (await (await server.request('/api/zones', { cookie })).json()) as ZoneCollection;
  for (const [index, edit] of EDITS.entries()) {
    const zone = zones.features[index]!;
    const read = await server.request(`/api/zones/${zone.id}`, { cookie });
    const response = await server.request(`/api/zones/${zone.id}`, {
      method: 'PATCH',
      cookie,
      headers: { 'if-match': read.headers.get('etag')! },
      json: { properties: edit },
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }
});
afterAll(async () => {
  await server.close();
});

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** The zones as the GeoJSON export writes them: the reference every format is compared with. */
async function reference(): Promise<Map<string, Record<string, unknown>>> {
  const response = await server.request('/api/export/zones.geojson', { cookie });
  const body = (await response.json()) as { features: { properties: Record<string, unknown> }[] };
  return new Map(body.features.map((feature) => [String(feature.properties.id), feature.properties]));
}

async function importPreview(bytes: Uint8Array, name: string, query = ''): Promise<ImportPreview> {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  const uploaded = await server.request('/api/imports', { method: 'POST', body: form, cookie });
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);
  const preview = (await uploaded.json()) as ImportPreview;
  if (!query) return preview;
  const again = await server.request(`/api/imports/${preview.id}/preview?${query}`, { cookie });
  expect(again.status).toBe(200);
  return (await again.json()) as ImportPreview;
}

/** Every layer's rows of an import (20 rows a preview: the test data stays below that per layer). */
async function importedRows(format: string): Promise<{ rows: Record<string, ImportValue>[]; warnings: string[] }> {
  const response = await server.request(`/api/export/zones.${format}`, { cookie });
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const first = await importPreview(bytes, `zones.${format}`);
  const rows: Record<string, ImportValue>[] = [];
  const warnings: string[] = [];
  for (const layer of first.layers) {
    const preview = first.layers.length > 1 ? await importPreview(bytes, `zones.${format}`, `layer=${layer}`) : first;
    expect(preview.featureCount).toBeLessThanOrEqual(20);
    rows.push(...preview.rows.map((row) => row.properties));
    warnings.push(...preview.warnings.map((warning) => warning.code));
  }
  return { rows, warnings };
}

/** Values of the reference that do not come back (by zone id, per export column). */
function lostValues(expected: Map<string, Record<string, unknown>>, rows: Record<string, ImportValue>[], shp: boolean) {
  const lost: string[] = [];
  const byId = new Map(rows.map((row) => [text(row.id), row]));
  for (const [id, record] of expected) {
    const row = byId.get(id);
    for (const column of ZONE_EXPORT_COLUMNS) {
      if (column.key === 'id') continue;
      const key = shp ? column.dbf : column.key;
      // A logical comes back as true/false (GeoJSON, KML, CSV text), 1/0 (GeoPackage) or T/F (DBF).
      const raw = text(row?.[key]);
      const got = column.type === 'boolean' ? String(/^(true|t|1)$/i.test(raw)) : raw;
      const want = text(record[column.key]);
      if (got !== want)
        lost.push(`${id}.${column.key}: ${JSON.stringify(want).slice(0, 40)} → ${JSON.stringify(got).slice(0, 40)}`);
    }
  }
  return lost;
}

describe('export → import round trip', () => {
  it.each(['geojson', 'gpkg', 'kml', 'csv'])(
    '%s: 0 attribute values lost (备注 and = + - @ names too)',
    async (format) => {
      const expected = await reference();
      expect([...expected.values()].some((record) => record.notes === '备注：周一清运')).toBe(true);
      const { rows } = await importedRows(format);
      expect(rows).toHaveLength(expected.size);
      const lost = lostValues(expected, rows, false);
      console.log(
        `round trip ${format}: ${lost.length} of ${expected.size * (ZONE_EXPORT_COLUMNS.length - 1)} values lost`,
      );
      expect(lost).toEqual([]);
    },
  );

  it('shapefile: only the text the 254-byte DBF limit cuts is lost, and the import says so', async () => {
    const expected = await reference();
    const { rows, warnings } = await importedRows('shp.zip');
    expect(rows).toHaveLength(expected.size);
    const lost = lostValues(expected, rows, true);
    console.log(
      `round trip shp.zip: ${lost.length} of ${expected.size * (ZONE_EXPORT_COLUMNS.length - 1)} values lost`,
    );
    const long = [...expected.values()].filter(
      (record) => new TextEncoder().encode(text(record.measures)).length > 254,
    );
    expect(long).toHaveLength(1);
    expect(lost).toEqual([expect.stringMatching(new RegExp(`^${String(long[0]!.id)}\\.measures: `))]);
    expect(warnings).toContain('dbf-text-limit');
  });
});
