import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { parseOr400 } from '../../platform/problem';
import { zoneQuerySchema } from '../../../shared/zones/zone';
import { attachmentDisposition } from '../../platform/storage/file-names';
import { GIS_EXPORT_FORMATS, exportZones, type GisExportFormat } from './export/formats';

/**
 * The zones matching the map's filters (those of `GET /api/zones`) as GIS files: GeoJSON, CSV with
 * WKT, KML, zipped Shapefiles and GeoPackage. Reads only.
 */
export function registerGisExportRoutes(app: FastifyInstance, context: RouteContext, options: { now: () => Date }) {
  for (const format of Object.keys(GIS_EXPORT_FORMATS) as GisExportFormat[]) {
    app.get(`/api/export/zones.${format}`, async (request, reply) => {
      const query = parseOr400(zoneQuerySchema, request.query, 'query');
      const today = context.today();
      const [campaign, zones] = await Promise.all([context.campaign(), context.repos.zones.listZones(query, today)]);
      const body = exportZones(format, zones, campaign, options.now());
      return reply
        .type(GIS_EXPORT_FORMATS[format].contentType)
        .header('Content-Disposition', attachmentDisposition(`zones-${today}.${format}`, `整治区域-${today}.${format}`))
        .header('Cache-Control', 'no-store')
        .send(body);
    });
  }
}
