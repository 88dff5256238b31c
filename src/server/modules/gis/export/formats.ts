import type { CampaignResponse } from '../../../../shared/campaign/campaign';
import type { ZoneFeature } from '../../../../shared/zones/zone';
import { writeGeoPackage } from './geopackage';
import { writeShapefiles } from './shapefile';
import { writeCsv, writeGeoJson, writeKml } from './text-formats';
import { writeZip } from './zip';
import { createCampaignLookup } from '../../../../shared/campaign/campaign-lookup';
import type { RegisterKind } from '../../../../shared/registers/kinds';
import type { RegisterFeature } from '../../../../shared/registers/register';
import {
  registerExportColumns,
  registerExportRecord,
  registerLayerName,
} from '../../../../shared/registers/export-columns';
import { normalizeGeometry } from './geometry';
import { EXPORT_FIELDS, toExportZones, type ExportField, type ExportRow } from './zone-records';

/** The export formats, by the file extension of their route (`/api/export/zones.<extension>`). */
export const GIS_EXPORT_FORMATS = {
  geojson: { contentType: 'application/geo+json' },
  csv: { contentType: 'text/csv; charset=utf-8' },
  kml: { contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8' },
  'shp.zip': { contentType: 'application/zip' },
  gpkg: { contentType: 'application/geopackage+sqlite3' },
} as const;
export type GisExportFormat = keyof typeof GIS_EXPORT_FORMATS;

/** What a file of features is called and holds besides its rows. */
export interface ExportLayer {
  /** The layer/table name (GeoPackage table, Shapefile prefix, KML Placemark id prefix): ASCII. */
  name: string;
  /** The document title (KML name, GeoPackage description). */
  title: string;
  fields: readonly ExportField[];
  /** The KML Placemark id prefix (`<idPrefix>-<id>`); the name when left out. */
  idPrefix?: string;
  /** KML styles by a `statusCode` column, when the rows have one. */
  statusColors?: Readonly<Record<string, string>>;
}

/** Write features (zones, a register's objects) in one of the formats: the one writer every export goes through. */
export function exportFeatures(
  format: GisExportFormat,
  rows: readonly ExportRow[],
  layer: ExportLayer,
  modified: Date,
): Buffer {
  switch (format) {
    case 'geojson':
      return writeGeoJson(rows);
    case 'csv':
      return writeCsv(rows, layer.fields);
    case 'kml':
      return writeKml(rows, {
        documentName: layer.title,
        statusColors: layer.statusColors ?? {},
        fields: layer.fields,
        idPrefix: layer.idPrefix ?? layer.name,
      });
    case 'shp.zip':
      return writeZip(writeShapefiles(rows, modified, layer.name, layer.fields), modified);
    case 'gpkg':
      return writeGeoPackage(rows, { modified, description: layer.title, tableName: layer.name, fields: layer.fields });
  }
}

/** Write the zones (as `GET /api/zones` returns them) in one of the formats. */
export function exportZones(
  format: GisExportFormat,
  zones: readonly ZoneFeature[],
  campaign: CampaignResponse,
  modified: Date,
): Buffer {
  return exportFeatures(
    format,
    toExportZones(zones, campaign),
    {
      name: 'zones',
      idPrefix: 'zone',
      title: `${campaign.campaign.name} 整治区域`,
      fields: EXPORT_FIELDS,
      statusColors: Object.fromEntries(campaign.zoneStatuses.map((status) => [status.code, status.color])),
    },
    modified,
  );
}

/** A register's objects (as `GET /api/registers/:kind` returns them) in one of the formats, one layer per kind. */
export function exportRegister(
  format: GisExportFormat,
  kind: RegisterKind,
  features: readonly RegisterFeature[],
  campaign: CampaignResponse,
  modified: Date,
): Buffer {
  const lookup = createCampaignLookup(campaign);
  const unitName = (id: string) => lookup.unit(id)?.name ?? id;
  const rows = features.map((feature) => ({
    record: registerExportRecord(kind, feature, unitName),
    geometry: normalizeGeometry(feature.geometry),
  }));
  const name = registerLayerName(kind);
  return exportFeatures(
    format,
    rows,
    { name, title: `${campaign.campaign.name} ${kind.name}`, fields: registerExportColumns(kind) },
    modified,
  );
}
