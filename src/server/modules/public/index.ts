import type { ServerModule } from '../../platform/context';
import { registerPublicZoneRoutes } from './public-zones.routes';

/**
 * The residents' site (PUBLIC_SITE=1, docs/public.md): the public map and zone pages, published photo pairs. Its
 * routes are always registered; the guard answers 404 for them while the site is off.
 */
export const publicModule: ServerModule = async (app, { context }) => {
  registerPublicZoneRoutes(app, context);
};
