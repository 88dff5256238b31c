import type { FastifyInstance } from 'fastify';
import { zoneOr404 } from './zone-lookup';
import type { RouteContext } from '../../platform/context';
import { parseOr400 } from '../../platform/problem';
import * as z from 'zod/mini';
import {
  GEOJSON_MAX_FEATURES,
  ZONE_GEOMETRY_CHOICES,
  ZONE_PAGE_SIZE,
  zoneQuerySchema,
  type ZoneFeature,
} from '../../../shared/zones/zone';
import { withoutGeometry } from '../../../shared/geo/bounds';
import { etagOf } from '../../platform/preconditions';
import { idParamsSchema } from '../../platform/params';

function wholeNumberParam(name: string, min: number, max: number) {
  return z.optional(
    z.pipe(
      z.string(),
      z.transform((value, ctx) => {
        const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
        if (number >= min && number <= max) return number;
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `${name} must be a whole number from ${min} to ${max}`,
        });
        return z.NEVER;
      }),
    ),
  );
}

/**
 * `GET /api/zones`: the filters, optionally a page (`limit` at most GEOJSON_MAX_FEATURES, `offset`), and
 * `geometry=none` for the zones without their geometry (each with its box as `bbox`).
 */
const zoneListQuerySchema = z.extend(zoneQuerySchema, {
  limit: wholeNumberParam('limit', 1, GEOJSON_MAX_FEATURES),
  offset: wholeNumberParam('offset', 0, 999_999_999),
  geometry: z.optional(z.enum(ZONE_GEOMETRY_CHOICES, 'geometry must be full or none')),
});

/** Read routes for remediation zones (整治区域) and their tasks. */
export function registerZoneRoutes(app: FastifyInstance, context: RouteContext): void {
  // Without limit/offset every matching zone; with them one page (by id) and how many match (numberMatched).
  // With geometry=none the same zones without their geometry: an unfiltered page takes the boxes from the spatial
  // index without reading a shape (a county's list, docs/quality.md P9); otherwise from the shapes read.
  app.get('/api/zones', async (request) => {
    const { limit, offset, geometry, ...query } = parseOr400(zoneListQuerySchema, request.query, 'query');
    const light = geometry === 'none';
    const shaped = (zones: ZoneFeature[]) => (light ? zones.map(withoutGeometry) : zones);
    const today = context.today();
    if (limit === undefined && offset === undefined) {
      return { type: 'FeatureCollection', features: shaped(await context.repos.zones.listZones(query, today)) };
    }
    const page = { limit: limit ?? ZONE_PAGE_SIZE, offset: offset ?? 0 };
    if (Object.values(query).every((value) => value === undefined)) {
      const { zones, total } = light
        ? await context.repos.zones.pageZonesWithoutGeometry(page, today)
        : await context.repos.zones.pageZones({ geometryTypes: null }, page, today);
      return { type: 'FeatureCollection', features: zones, numberMatched: total, numberReturned: zones.length };
    }
    const all = await context.repos.zones.listZones(query, today);
    const features = shaped(all.slice(page.offset, page.offset + page.limit));
    return { type: 'FeatureCollection', features, numberMatched: all.length, numberReturned: features.length };
  });

  app.get('/api/zones/:id', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const zone = await zoneOr404(context, id);
    reply.header('ETag', etagOf(zone.properties.version));
    reply.header('Cache-Control', 'no-cache');
    return zone;
  });

  app.get('/api/zones/:id/tasks', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const today = context.today();
    await zoneOr404(context, id, today);
    return context.repos.tasks.listTasksOfZone(id, today);
  });
}
