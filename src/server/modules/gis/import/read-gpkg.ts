/** GeoPackage sources (SQLite with GeoPackage binary geometries). */
import Database from 'better-sqlite3';
import wkx from 'wkx';
import type { ImportValue } from '../../../../shared/gis/gis-import';
import { ImportError } from './import-error';
import { crsName, matchPrj, proj4Definition } from './crs';
import { type RawFeature, type DetectedCrs, type OpenedSource, NO_CRS, UTF8, scalar, fieldsOf } from './source-common';

/** Strip the GeoPackage binary header (magic, flags, srs id, envelope) to get the standard WKB. */
export function gpkgToWkb(blob: Uint8Array): { wkb: Buffer; empty: boolean } {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry');
  const flags = blob[3]!;
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07];
  if (envelope === undefined) throw new Error('bad envelope indicator');
  return { wkb: Buffer.from(blob.subarray(8 + envelope)), empty: (flags & 0x10) !== 0 };
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Only plain tables are read (docs/quality.md P10): a view (or a virtual table) runs whatever query
 * the file's author wrote, and a recursive one can run forever inside SQLite, where stopping the
 * worker thread cannot reach it. Checked in sqlite_master, which a file cannot replace.
 */
function requirePlainTables(db: Database.Database, names: readonly string[]) {
  const check = db.prepare('SELECT type, sql FROM sqlite_master WHERE name = ? COLLATE NOCASE');
  for (const name of names) {
    const entry = check.get(name) as { type: string; sql: string | null } | undefined;
    if (!entry) throw new ImportError(422, `The GeoPackage has no table ${name.slice(0, 100)}`);
    if (entry.type !== 'table' || /^\s*create\s+virtual\b/i.test(entry.sql ?? '')) {
      throw new ImportError(
        422,
        `The GeoPackage's ${name.slice(0, 100)} is a ${entry.type === 'table' ? 'virtual table' : entry.type}, not a table: only tables are read (a view can make reading endless). Save the layer as a table and upload it again`,
      );
    }
  }
}

export function openGeoPackage(file: string): OpenedSource {
  let db: Database.Database;
  let tables: { table_name: string; srs_id: number | null }[];
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    requirePlainTables(db, ['gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys']);
    tables = db
      .prepare("SELECT table_name, srs_id FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name")
      .all() as typeof tables;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(422, `The GeoPackage cannot be read (${error instanceof Error ? error.message : 'damaged'})`);
  }
  if (!tables.length) {
    db.close();
    throw new ImportError(422, 'The GeoPackage has no feature tables');
  }
  const names = tables.map((table) => table.table_name);
  return {
    format: 'gpkg',
    layers: names,
    async read(layer) {
      const table = tables.find((candidate) => candidate.table_name === layer) ?? tables[0]!;
      try {
        requirePlainTables(db, [table.table_name]);
        const column = db
          .prepare('SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?')
          .get(table.table_name) as { column_name: string; srs_id: number } | undefined;
        if (!column) throw new ImportError(422, `The GeoPackage table ${table.table_name} has no geometry column`);
        const srs = db
          .prepare(
            'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?',
          )
          .get(column.srs_id) as
          { organization: string; organization_coordsys_id: number; definition: string } | undefined;
        let crs: DetectedCrs = NO_CRS;
        const code = srs && /^epsg$/i.test(srs.organization) ? `EPSG:${srs.organization_coordsys_id}` : null;
        if (code && proj4Definition(code)) {
          crs = { code, name: crsName(code), definition: proj4Definition(code), source: 'prj', warnings: [] };
        } else if (srs?.definition && srs.definition !== 'undefined') {
          const match = matchPrj(srs.definition);
          if (match) crs = { ...match, source: 'prj' };
        }
        const features: RawFeature[] = [];
        for (const row of db.prepare(`SELECT * FROM ${quoteIdentifier(table.table_name)}`).iterate() as Iterable<
          Record<string, unknown>
        >) {
          const properties: Record<string, ImportValue> = {};
          let geometry: unknown = null;
          for (const [key, value] of Object.entries(row)) {
            if (key === column.column_name) {
              if (value instanceof Uint8Array) {
                try {
                  const { wkb, empty } = gpkgToWkb(value);
                  geometry = empty ? null : wkx.Geometry.parse(wkb).toGeoJSON();
                } catch {
                  geometry = { type: 'Invalid' };
                }
              }
            } else {
              properties[key] = scalar(value);
            }
          }
          features.push({ geometry, properties });
        }
        return {
          features,
          fields: fieldsOf(features),
          encoding: UTF8,
          appliedEncoding: 'utf-8',
          encodingCandidates: [],
          crs,
          warnings: crs.warnings,
        };
      } catch (error) {
        if (error instanceof ImportError) throw error;
        throw new ImportError(
          422,
          `The GeoPackage cannot be read (${error instanceof Error ? error.message : 'damaged'})`,
        );
      }
    },
  };
}
