import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { clientHasEtag } from '../../platform/preconditions';
import { createZoneTiles } from './zone-tiles';
import { daySchema } from '../../../shared/zones/zone';
import { pastDayOr400 } from '../dashboard';

/** The deepest zoom a tile may be asked for (the map overzooms past ZONE_TILE_MAX_ZOOM; this bounds the cutting). */
const MAX_TILE_ZOOM = 22;
export const ZONE_TILE_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

const tileQuerySchema = z.strictObject({
  /** The client's version of the zone list, so that a changed list asks again (the ETag answers the rest). */
  v: z.optional(z.string()),
  /** A past day: the zones as they stood then (those that existed, in their status then). */
  asOf: z.optional(daySchema),
});

const tileParamsSchema = z.strictObject({
  z: z.string().check(z.regex(/^\d{1,2}$/, 'z must be a whole number')),
  x: z.string().check(z.regex(/^\d{1,8}$/, 'x must be a whole number')),
  y: z.string().check(z.regex(/^\d{1,8}\.pbf$/, 'y must be a whole number followed by .pbf')),
});

/**
 * `GET /api/zones/tiles/{z}/{x}/{y}.pbf[?asOf=day]`: the town's zones as Mapbox Vector Tiles (zone-tiles.ts), today's
 * or as they stood on a past day (the day the overview shows).
 */
export function registerZoneTileRoutes(app: FastifyInstance, context: RouteContext): void {
  const tiles = createZoneTiles(context);
  app.get('/api/zones/tiles/:z/:x/:y', async (request, reply) => {
    const params = parseOr400(tileParamsSchema, request.params, 'tile address');
    const query = parseOr400(tileQuerySchema, request.query, 'query');
    const asOf = query.asOf === undefined ? null : pastDayOr400(query.asOf, context.today());
    const [zoom, x, y] = [Number(params.z), Number(params.x), Number.parseInt(params.y, 10)];
    const size = 2 ** zoom;
    if (zoom > MAX_TILE_ZOOM || x >= size || y >= size) {
      throw new HttpProblem(400, `No tile ${zoom}/${x}/${y}: z is 0–${MAX_TILE_ZOOM}, x and y 0–${size - 1}`);
    }
    const { stamp, etag } = await tiles.version(asOf);
    reply.header('ETag', etag);
    // Kept by the browser, asked again every time: the zones change during the day.
    reply.header('Cache-Control', 'private, no-cache');
    if (clientHasEtag(request, etag)) return reply.code(304).send();
    const body = await tiles.tile(stamp, asOf, zoom, x, y);
    if (!body) return reply.code(204).send();
    return reply.type(ZONE_TILE_CONTENT_TYPE).send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}
