import Database from 'better-sqlite3';
import type { ZoneGeometry } from '../../../../shared/zones/zone';
import { boundsOf, linesOf, polygonsOf } from './geometry';
import { EXPORT_FIELDS, type ExportField, type ExportRow, type FieldType } from './zone-records';

/** WGS 84 as the EPSG registry defines it, the definition GeoPackage requires for srs_id 4326. */
const EPSG_4326_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],' +
  'AUTHORITY["EPSG","4326"]]';

type Position = readonly number[];

/** ISO 19125 / OGC Well-Known Binary (little-endian, 2-D) of a geometry. */
export function toWkb(geometry: ZoneGeometry): Buffer {
  const chunks: Buffer[] = [];
  const header = (type: number) => {
    const buffer = Buffer.alloc(5);
    buffer.writeUInt8(1, 0);
    buffer.writeUInt32LE(type, 1);
    chunks.push(buffer);
  };
  const count = (n: number) => {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(n, 0);
    chunks.push(buffer);
  };
  const points = (positions: readonly Position[]) => {
    const buffer = Buffer.alloc(16 * positions.length);
    positions.forEach(([x, y], index) => {
      buffer.writeDoubleLE(x!, 16 * index);
      buffer.writeDoubleLE(y!, 16 * index + 8);
    });
    chunks.push(buffer);
  };
  const lineString = (line: readonly Position[]) => {
    header(2);
    count(line.length);
    points(line);
  };
  const polygon = (rings: readonly (readonly Position[])[]) => {
    header(3);
    count(rings.length);
    for (const ring of rings) {
      count(ring.length);
      points(ring);
    }
  };
  switch (geometry.type) {
    case 'Point':
      header(1);
      points([geometry.coordinates]);
      break;
    case 'LineString':
      lineString(geometry.coordinates);
      break;
    case 'MultiLineString':
      header(5);
      count(geometry.coordinates.length);
      linesOf(geometry).forEach(lineString);
      break;
    case 'Polygon':
      polygon(geometry.coordinates);
      break;
    case 'MultiPolygon':
      header(6);
      count(geometry.coordinates.length);
      polygonsOf(geometry).forEach(polygon);
      break;
  }
  return Buffer.concat(chunks);
}

/**
 * GeoPackage binary geometry (GeoPackage 1.3 §2.1.3): "GP", version 0, flags (little-endian, with an
 * envelope [minx, maxx, miny, maxy] except for points), the srs_id, then standard WKB.
 */
export function toGeoPackageGeometry(geometry: ZoneGeometry, srsId = 4326): Buffer {
  const withEnvelope = geometry.type !== 'Point';
  const header = Buffer.alloc(8 + (withEnvelope ? 32 : 0));
  header.write('GP', 0, 'ascii');
  header.writeUInt8(0, 2);
  header.writeUInt8(withEnvelope ? 0b0000_0011 : 0b0000_0001, 3);
  header.writeInt32LE(srsId, 4);
  if (withEnvelope) {
    const [minX, minY, maxX, maxY] = boundsOf([geometry])!;
    [minX, maxX, minY, maxY].forEach((value, index) => header.writeDoubleLE(value, 8 + 8 * index));
  }
  return Buffer.concat([header, toWkb(geometry)]);
}

const SQL_TYPE: Record<FieldType, string> = {
  integer: 'INTEGER',
  number: 'DOUBLE',
  text: 'TEXT',
  date: 'DATE',
  boolean: 'BOOLEAN',
};
const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The zones (or any features with their `fields`, e.g. a register's) as a GeoPackage 1.3 file (an SQLite
 * database: application_id "GPKG", user_version 10300) with one feature table `zones` or `tableName` (fid = the
 * id, geometry column `geom` of any type, WGS 84) and the attributes of `fields` (EXPORT_FIELDS by default). Built in memory and returned as the file's bytes. This SQL writes a
 * file format, not the application's database (which stays behind the repositories).
 */
export function writeGeoPackage(
  zones: readonly ExportRow[],
  options: { modified: Date; tableName?: string; description?: string; fields?: readonly ExportField[] },
): Buffer {
  const table = options.tableName ?? 'zones';
  const fields = options.fields ?? EXPORT_FIELDS;
  const db = new Database(':memory:');
  try {
    db.pragma('application_id = 1196444487'); // 0x47504B47, "GPKG"
    db.pragma('user_version = 10300');
    db.exec(`
      CREATE TABLE gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL,
        srs_id INTEGER PRIMARY KEY,
        organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL,
        definition TEXT NOT NULL,
        description TEXT
      );
      CREATE TABLE gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY,
        data_type TEXT NOT NULL,
        identifier TEXT UNIQUE,
        description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE,
        min_y DOUBLE,
        max_x DOUBLE,
        max_y DOUBLE,
        srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
      );
      CREATE TABLE gpkg_geometry_columns (
        table_name TEXT NOT NULL,
        column_name TEXT NOT NULL,
        geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL,
        z TINYINT NOT NULL,
        m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
      );
    `);
    const srs = db.prepare(
      `INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
    srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
    srs.run(
      'WGS 84 geodetic',
      4326,
      'EPSG',
      4326,
      EPSG_4326_WKT,
      'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid',
    );

    const columns = fields.map((field) => `${quoteIdentifier(field.key)} ${SQL_TYPE[field.type]}`);
    db.exec(
      `CREATE TABLE ${quoteIdentifier(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom GEOMETRY, ${columns.join(', ')})`,
    );
    const bounds = boundsOf(zones.map((zone) => zone.geometry));
    db.prepare(
      `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
       VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)`,
    ).run(
      table,
      table,
      options.description ?? '',
      options.modified.toISOString(),
      ...(bounds ?? [null, null, null, null]),
    );
    db.prepare(
      `INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
       VALUES (?, 'geom', 'GEOMETRY', 4326, 0, 0)`,
    ).run(table);

    const insert = db.prepare(
      `INSERT INTO ${quoteIdentifier(table)} (fid, geom, ${fields.map((field) => quoteIdentifier(field.key)).join(', ')})
       VALUES (${['?', '?', ...fields.map(() => '?')].join(', ')})`,
    );
    db.transaction(() => {
      for (const zone of zones) {
        insert.run(
          zone.record.id,
          toGeoPackageGeometry(zone.geometry),
          ...fields.map((field) => {
            const value = zone.record[field.key] ?? null;
            return typeof value === 'boolean' ? (value ? 1 : 0) : value;
          }),
        );
      }
    })();
    return db.serialize();
  } finally {
    db.close();
  }
}
