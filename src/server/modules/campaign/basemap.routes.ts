import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';

/** The offline base map (illustrative outline, water, roads) and the communities and villages. */
export function registerBasemapRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/api/basemap', async () => ({
    type: 'FeatureCollection',
    features: await context.repos.basemap.listBasemapFeatures(),
  }));

  app.get('/api/places', async () => ({
    type: 'FeatureCollection',
    features: (await context.repos.basemap.listPlaces()).map((place) => ({
      type: 'Feature',
      id: place.code2023,
      geometry: { type: 'Point', coordinates: [place.lon, place.lat] },
      properties: {
        name: place.name,
        shortName: place.shortName,
        kind: place.kind,
        code2020: place.code2020,
        code2023: place.code2023,
      },
    })),
  }));
}
