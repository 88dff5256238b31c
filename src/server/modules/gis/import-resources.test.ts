import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../../testing/test-server';

/**
 * Resource limits of the GIS import (docs/quality.md P10, R11): hostile GeoPackages cannot hold the
 * import workers (L8), and uploads cannot fill the disk (M8).
 */
let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'jinxi-import-resources-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A GeoPackage point geometry: the GP header (little-endian, no envelope, EPSG:4326) and its WKB. */
function gpkgPoint(lon: number, lat: number): Buffer {
  const blob = Buffer.alloc(29);
  blob.write('GP', 0, 'latin1');
  blob[3] = 0x01;
  blob.writeInt32LE(4326, 4);
  blob[8] = 1;
  blob.writeUInt32LE(1, 9);
  blob.writeDoubleLE(lon, 13);
  blob.writeDoubleLE(lat, 21);
  return blob;
}

/** A GeoPackage with one feature layer `points`; `build` adds what the layer is. */
function geoPackage(name: string, build: (db: Database.Database) => void, metadata = ''): Buffer {
  const file = path.join(work, name);
  const db = new Database(file);
  db.exec(`
    CREATE TABLE gpkg_spatial_ref_sys(srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT,
      organization_coordsys_id INTEGER, definition TEXT, description TEXT);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'undefined', '');
    CREATE TABLE gpkg_geometry_columns(table_name TEXT, column_name TEXT, geometry_type_name TEXT,
      srs_id INTEGER, z INT, m INT);
    INSERT INTO gpkg_geometry_columns VALUES ('points', 'geom', 'POINT', 4326, 0, 0);
    ${metadata || "CREATE TABLE gpkg_contents(table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER); INSERT INTO gpkg_contents VALUES ('points', 'features', 'points', 4326);"}
  `);
  build(db);
  db.close();
  return readFileSync(file);
}

/** `rows` points: reading them takes seconds (about 2.6 s for 600,000 on the 2-core test machine). */
function manyPoints(rows: number) {
  return (db: Database.Database) => {
    db.exec('CREATE TABLE points(fid INTEGER PRIMARY KEY, name TEXT, geom BLOB)');
    const insert = db.prepare('INSERT INTO points(name, geom) VALUES (?, ?)');
    db.transaction(() => {
      for (let index = 0; index < rows; index += 1) {
        insert.run(`p${index}`, gpkgPoint(120.9 + (index % 1000) / 1e5, 31.15 + index / 1e8));
      }
    })();
  };
}

const ENDLESS =
  'WITH RECURSIVE counter(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM counter) SELECT x FROM counter WHERE x < 0';

async function upload(server: TestServer, cookie: string, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return server.request('/api/imports', { method: 'POST', body: form, cookie });
}

describe('L8 a hostile GeoPackage cannot hold the import workers', () => {
  it('refuses a GeoPackage whose layer or metadata is an endless view with a 422, at once', async () => {
    const server = await startTestServer();
    try {
      const cookie = await server.login('planner');
      const endlessLayer = geoPackage('endless-layer.gpkg', (db) =>
        db.exec(`CREATE VIEW points AS SELECT x AS fid, NULL AS geom FROM (${ENDLESS})`),
      );
      const endlessContents = geoPackage(
        'endless-contents.gpkg',
        manyPoints(1),
        `CREATE VIEW gpkg_contents AS SELECT 'points' AS table_name, 'features' AS data_type, 'points' AS identifier, 4326 AS srs_id FROM (${ENDLESS})`,
      );
      for (const [name, bytes] of [
        ['endless-layer.gpkg', endlessLayer],
        ['endless-contents.gpkg', endlessContents],
      ] as const) {
        const started = Date.now();
        const response = await upload(server, cookie, name, bytes);
        const text = await response.text();
        expect(response.status, text).toBe(422);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(JSON.parse(text).detail).toMatch(/is a view, not a table/);
        // Generous on a loaded machine; before, the worker read until its 120 s timeout.
        expect(Date.now() - started).toBeLessThan(15_000);
      }
    } finally {
      await server.close();
    }
  }, 60_000);

  it('stops a file that takes longer than IMPORT_WORKER_TIMEOUT_SECONDS (422), and small files still preview meanwhile', async () => {
    const events: { type: string; threadId: number; at: number }[] = [];
    const server = await startTestServer({
      imports: {
        timeoutSeconds: 1,
        smallFileMegabytes: 1,
        onWorkerEvent: (event) => events.push({ ...event, at: events.length }),
      },
    });
    try {
      const cookie = await server.login('planner');
      const big = geoPackage('big.gpkg', manyPoints(600_000));
      expect(big.length).toBeGreaterThan(1024 * 1024);
      const bigs = [upload(server, cookie, 'big-1.gpkg', big), upload(server, cookie, 'big-2.gpkg', big)];
      // Both big files are being read: every lane they may use is taken.
      await expect
        .poll(() => events.filter((event) => event.type === 'start').length, {
          timeout: 60_000,
          interval: 10,
          message: 'the big files reach the workers',
        })
        .toBeGreaterThanOrEqual(2);
      const small = JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { 名称: '小文件' }, geometry: { type: 'Point', coordinates: [120.9, 31.2] } },
        ],
      });
      const smallResponse = await upload(server, cookie, 'small.geojson', new TextEncoder().encode(small));
      expect(smallResponse.status, await smallResponse.clone().text()).toBe(201);
      // The small file started reading before either big file let go of its worker.
      const starts = events.filter((event) => event.type === 'start');
      const firstEnd = events.find((event) => event.type === 'end')!;
      expect(starts.length).toBe(3);
      expect(starts[2]!.at).toBeLessThan(firstEnd.at);
      for (const response of await Promise.all(bigs)) {
        const text = await response.text();
        expect(response.status, text).toBe(422);
        expect(JSON.parse(text).detail).toMatch(/took too long to read/);
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});

/**
 * The bytes the import sessions keep: in the server's own upload folder and in the file store (the test server's
 * local photo store keeps them under photos/imports).
 */
function storedBytes(server: TestServer, tempDir: string): number {
  return bytesUnder(tempDir) + bytesUnder(path.join(server.dataDir, 'photos', 'imports'));
}

function bytesUnder(dir: string): number {
  let total = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const SHAPEFILE = path.resolve('tests/fixtures/gis/shapefile-chinese');
const shapefilePart = (extension: string) => readFileSync(path.join(SHAPEFILE, `cpg_big5${extension}`));
const MEBIBYTE = 1024 * 1024;

/** A GeoJSON of one square, padded with a long attribute to about `megabytes` MiB. */
function paddedGeoJson(megabytes: number): Uint8Array {
  const square = [
    [
      [120.9, 31.2],
      [120.901, 31.2],
      [120.901, 31.201],
      [120.9, 31.201],
      [120.9, 31.2],
    ],
  ];
  return new TextEncoder().encode(
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { 名称: '填充', note: 'x'.repeat(Math.floor(megabytes * MEBIBYTE)) },
          geometry: { type: 'Polygon', coordinates: square },
        },
      ],
    }),
  );
}

async function uploadParts(server: TestServer, cookie: string, parts: { name: string; bytes: Uint8Array }[]) {
  const form = new FormData();
  for (const part of parts) form.append('file', new Blob([new Uint8Array(part.bytes)]), part.name);
  return server.request('/api/imports', { method: 'POST', body: form, cookie });
}

describe('M8 GIS import uploads cannot fill the disk', () => {
  it('keeps only the members a zipped Shapefile, a KMZ or side-by-side Shapefile parts are read from', async () => {
    const tempDir = path.join(work, 'm8-members');
    const server = await startTestServer({ imports: { tempDir } });
    try {
      const cookie = await server.login('planner');
      const junk = randomBytes(5 * MEBIBYTE);
      const shapefileZip = new JSZip();
      for (const extension of ['.shp', '.shx', '.dbf', '.cpg']) {
        shapefileZip.file(`cpg_big5${extension}`, shapefilePart(extension));
      }
      shapefileZip.file('cpg_big5.qix', junk);
      shapefileZip.file('photos/site.jpg', junk);
      const zipped = await shapefileZip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
      expect(zipped.length).toBeGreaterThan(5 * MEBIBYTE);
      const first = await upload(server, cookie, 'parcels.zip', zipped);
      expect(first.status, await first.clone().text()).toBe(201);
      expect(((await first.json()) as { featureCount: number }).featureCount).toBeGreaterThan(0);
      expect(storedBytes(server, tempDir)).toBeLessThan(64 * 1024);
      // What is counted is what the import keeps: the members read.
      expect(storedBytes(server, tempDir)).toBeGreaterThan(0);

      const kmz = new JSZip();
      kmz.file(
        'doc.kml',
        '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>甲</name>' +
          '<Polygon><outerBoundaryIs><LinearRing><coordinates>120.9,31.2 120.901,31.2 120.901,31.201 120.9,31.2</coordinates></LinearRing></outerBoundaryIs></Polygon>' +
          '</Placemark></Document></kml>',
      );
      kmz.file('files/overlay.png', junk);
      const second = await upload(server, cookie, 'site.kmz', await kmz.generateAsync({ type: 'uint8array' }));
      expect(second.status, await second.clone().text()).toBe(201);
      expect(storedBytes(server, tempDir)).toBeLessThan(128 * 1024);

      const third = await uploadParts(server, cookie, [
        { name: 'readme.pdf', bytes: junk },
        ...['.shp', '.shx', '.dbf', '.cpg'].map((extension) => ({
          name: `cpg_big5${extension}`,
          bytes: shapefilePart(extension),
        })),
        { name: 'cpg_big5.sbn', bytes: junk },
      ]);
      expect(third.status, await third.clone().text()).toBe(201);
      expect(storedBytes(server, tempDir)).toBeLessThan(192 * 1024);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('refuses an upload over IMPORT_MAX_MB with 413 and past the per-user or total storage cap with 507, naming the limit', async () => {
    const tempDir = path.join(work, 'm8-caps');
    const server = await startTestServer({
      imports: { tempDir, maxMegabytes: 2.5, storedMegabytesPerUser: 3, storedMegabytesTotal: 4 },
    });
    try {
      const planner = await server.login('planner');
      const admin = await server.login('admin');
      const file = paddedGeoJson(2.2);
      const problem = async (response: Response, status: number) => {
        const text = await response.text();
        expect(response.status, text).toBe(status);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        return JSON.parse(text) as { detail: string; limitMegabytes: number };
      };

      const tooBig = await problem(await upload(server, planner, 'big.geojson', paddedGeoJson(2.8)), 413);
      expect(tooBig.detail).toMatch(/2\.5 MB/);

      const kept = await upload(server, planner, 'a.geojson', file);
      expect(kept.status, await kept.clone().text()).toBe(201);
      const { id } = (await kept.json()) as { id: string };

      const perUser = await problem(await upload(server, planner, 'b.geojson', file), 507);
      expect(perUser.detail).toMatch(/3 MB/);
      expect(perUser.limitMegabytes).toBe(3);

      const total = await problem(await upload(server, admin, 'c.geojson', file), 507);
      expect(total.detail).toMatch(/4 MB/);
      expect(total.limitMegabytes).toBe(4);
      // Nothing of the refused uploads is kept.
      expect(storedBytes(server, tempDir)).toBeLessThan(2.3 * MEBIBYTE);

      // Cancelling an import frees its space.
      expect((await server.request(`/api/imports/${id}`, { method: 'DELETE', cookie: planner })).status).toBe(204);
      const again = await upload(server, admin, 'c.geojson', file);
      expect(again.status, await again.clone().text()).toBe(201);
    } finally {
      await server.close();
    }
  }, 60_000);
});
