import type { CampaignResponse } from '../../../../shared/campaign/campaign';
import type { ZoneFeature } from '../../../../shared/zones/zone';
import { writeGeoPackage } from './geopackage';
import { writeShapefiles } from './shapefile';
import { writeCsv, writeGeoJson, writeKml } from './text-formats';
import { writeZip } from './zip';
import { toExportZones } from './zone-records';

/** The export formats, by the file extension of their route (`/api/export/zones.<extension>`). */
export const GIS_EXPORT_FORMATS = {
  geojson: { contentType: 'application/geo+json' },
  csv: { contentType: 'text/csv; charset=utf-8' },
  kml: { contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8' },
  'shp.zip': { contentType: 'application/zip' },
  gpkg: { contentType: 'application/geopackage+sqlite3' },
} as const;
export type GisExportFormat = keyof typeof GIS_EXPORT_FORMATS;

/** Write the zones (as `GET /api/zones` returns them) in one of the formats. */
export function exportZones(
  format: GisExportFormat,
  zones: readonly ZoneFeature[],
  campaign: CampaignResponse,
  modified: Date,
): Buffer {
  const records = toExportZones(zones, campaign);
  const title = `${campaign.campaign.name} 整治区域`;
  switch (format) {
    case 'geojson':
      return writeGeoJson(records);
    case 'csv':
      return writeCsv(records);
    case 'kml':
      return writeKml(records, {
        documentName: title,
        statusColors: Object.fromEntries(campaign.zoneStatuses.map((status) => [status.code, status.color])),
      });
    case 'shp.zip':
      return writeZip(writeShapefiles(records, modified), modified);
    case 'gpkg':
      return writeGeoPackage(records, { modified, description: title });
  }
}
