import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { parseOr400 } from '../../platform/problem';
import { zoneQuerySchema } from '../../../shared/zones/zone';
import { attachmentDisposition } from '../../platform/storage/file-names';
import { foundOr404 } from '../../platform/found';
import { registerKind } from '../../../shared/registers/kinds';
import { registerLayerName } from '../../../shared/registers/export-columns';
import { GIS_EXPORT_FORMATS, exportRegister, exportZones, type GisExportFormat } from './export/formats';
import { OFF_THREAD_MIN_RECORDS, packRows, type ExportWorkers } from './export/off-thread';
import { readExportZones } from './export/read-zones';

/** The worker's half (export-job.ts). */
const JOB_MODULE = new URL('./export/export-job.ts', import.meta.url).href;

/**
 * The zones matching the map's filters (those of `GET /api/zones`) as GIS files: GeoJSON, CSV with
 * WKT, KML, zipped Shapefiles and GeoPackage; and each register (`/api/registers/:kind/export.<format>`) the same
 * way. Reads only. A large set is written in a worker thread (export/off-thread.ts).
 */
export function registerGisExportRoutes(
  app: FastifyInstance,
  context: RouteContext,
  options: { now: () => Date; exportWorkers: ExportWorkers },
) {
  const { exportWorkers } = options;
  for (const format of Object.keys(GIS_EXPORT_FORMATS) as GisExportFormat[]) {
    app.get(`/api/export/zones.${format}`, async (request, reply) => {
      const query = parseOr400(zoneQuerySchema, request.query, 'query');
      const today = context.today();
      const [campaign, zones] = await Promise.all([
        context.campaign(),
        readExportZones(context.repos.zones, query, today),
      ]);
      const modified = options.now();
      const body = await exportWorkers.write(
        zones.length,
        OFF_THREAD_MIN_RECORDS.features,
        async () => ({
          module: JOB_MODULE,
          name: 'writeZonesFile',
          input: { format, zones: await packRows(zones), campaign, modified },
        }),
        () => exportZones(format, zones, campaign, modified),
      );
      return reply
        .type(GIS_EXPORT_FORMATS[format].contentType)
        .header('Content-Disposition', attachmentDisposition(`zones-${today}.${format}`, `整治区域-${today}.${format}`))
        .header('Cache-Control', 'no-store')
        .send(body);
    });
    // A register (src/shared/registers) in the same formats, through the same writers: one layer of its objects.
    app.get(`/api/registers/:kind/export.${format}`, async (request, reply) => {
      const slug = (request.params as { kind: string }).kind;
      const kind = foundOr404(registerKind(slug), 'Register', slug);
      const today = context.today();
      const [campaign, features] = await Promise.all([context.campaign(), context.repos.registers.list(kind.slug)]);
      const modified = options.now();
      const body = await exportWorkers.write(
        features.length,
        OFF_THREAD_MIN_RECORDS.features,
        async () => ({
          module: JOB_MODULE,
          name: 'writeRegisterFile',
          input: { format, kind: kind.slug, features: await packRows(features), campaign, modified },
        }),
        () => exportRegister(format, kind, features, campaign, modified),
      );
      const file = `${registerLayerName(kind)}-${today}.${format}`;
      return reply
        .type(GIS_EXPORT_FORMATS[format].contentType)
        .header('Content-Disposition', attachmentDisposition(file, `${kind.name}-${today}.${format}`))
        .header('Cache-Control', 'no-store')
        .send(body);
    });
  }
}
