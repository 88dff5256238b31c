import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { parseOr400 } from '../../platform/problem';
import { foundOr404, orNotFound } from '../../platform/found';
import { idParams, idParamsSchema } from '../../platform/params';
import { writeActor } from '../../platform/auth/guard';
import { zoneOr404 } from '../zones';
import { geometryBounds } from '../../../shared/geo/bounds';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { ZoneFeature } from '../../../shared/zones/zone';
import {
  publicPhotoUrl,
  type PairPublication,
  type PublicName,
  type PublicZone,
  type PublicZoneCollection,
  type PublicZoneFeature,
} from '../../../shared/public/public';

const photoIdParamsSchema = idParams('photo');

/** The item of a zone as residents see it (its code and names); the code alone when the campaign lacks it. */
function publicItem(config: CampaignResponse, code: string) {
  const item = config.items.find((candidate) => candidate.code === code);
  return { code, name: item?.name ?? code, nameEn: item?.nameEn ?? code };
}

function publicUnit(config: CampaignResponse, id: string): PublicName | null {
  const unit = config.units.find((candidate) => candidate.id === id);
  return unit ? { name: unit.name, nameEn: unit.nameEn } : null;
}

/**
 * Every property is copied by name into a new object: nothing of the staff answer (notes, measures, 督办, versions,
 * override reasons) reaches residents unless listed here and in src/shared/public/public.ts.
 */
function publicFeature(zone: ZoneFeature, config: CampaignResponse): PublicZoneFeature {
  return {
    type: 'Feature',
    id: zone.id,
    geometry: zone.geometry,
    properties: {
      name: zone.properties.name,
      item: publicItem(config, zone.properties.category),
      status: zone.properties.status,
    },
  };
}

/** The public site's reads: the zones map, a zone's page and the published photos (docs/public.md). */
export function registerPublicZoneRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  app.get('/api/public/zones', async (): Promise<PublicZoneCollection> => {
    const config = await context.campaign();
    const zones = await repos.zones.listZones({}, context.today());
    return {
      type: 'FeatureCollection',
      features: zones.map((zone) => publicFeature(zone, config)),
      statuses: config.zoneStatuses.map(({ code, name, nameEn, color }) => ({ code, name, nameEn, color })),
    };
  });

  app.get('/api/public/zones/:id', async (request): Promise<PublicZone> => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const zone = await zoneOr404(context, id);
    const config = await context.campaign();
    const [minLon, minLat, maxLon, maxLat] = geometryBounds(zone.geometry);
    const pairs = await repos.publicSite.publishedPairs(id);
    return {
      id: zone.id,
      name: zone.properties.name,
      item: publicItem(config, zone.properties.category),
      status: zone.properties.status,
      leadUnit: publicUnit(config, zone.properties.leadUnit),
      plannedStart: zone.properties.plannedStart,
      plannedEnd: zone.properties.plannedEnd,
      progress: zone.properties.progress,
      centre: [(minLon + maxLon) / 2, (minLat + maxLat) / 2],
      pairs: pairs.map((pair) => ({
        before: publicPhotoUrl(String(pair.before_id)),
        after: publicPhotoUrl(String(pair.after_id)),
        publishedAt: pair.published_at,
      })),
    };
  });

  // Only the display image (upright, re-encoded, without EXIF/GPS) of a photo in a published pair; anything
  // else is "not there" to a visitor.
  app.get('/api/public/photos/:id', async (request, reply) => {
    const { id } = parseOr400(photoIdParamsSchema, request.params, 'photo id');
    const key = foundOr404(await repos.publicSite.publishedPhotoKey(id), 'Published photo', id);
    const bytes = orNotFound(await repos.photoFiles.readDerivative(key, 'display'), `Photo ${id} is missing`);
    return reply
      .type('image/jpeg')
      .header('Cache-Control', 'public, max-age=300')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Disposition', `inline; filename="photo-${id}.jpg"`)
      .send(bytes);
  });

  // The campaign office publishes a before/after pair (by its after-photo) or withdraws it.
  const setPublished = (published: boolean) => async (request: FastifyRequest) => {
    const { id } = parseOr400(photoIdParamsSchema, request.params, 'photo id');
    const result = orNotFound(
      await repos.publicSite.setPublished(id, published, writeActor(request), context.now().toISOString()),
      `Photo ${id} is not an after-photo paired with a before-photo`,
    );
    const answer: PairPublication = {
      photoId: String(id),
      published: result.publishedAt !== null,
      publishedAt: result.publishedAt,
    };
    return answer;
  };
  app.put('/api/photos/:id/publication', setPublished(true));
  app.delete('/api/photos/:id/publication', setPublished(false));

  // Which of a zone's pairs its public page shows (已公开), for the office's publish buttons.
  app.get('/api/zones/:id/publications', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    await zoneOr404(context, id);
    const pairs = await repos.publicSite.publishedPairs(id);
    return { afterPhotoIds: pairs.map((pair) => String(pair.after_id)) };
  });
}
