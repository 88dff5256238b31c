import type { ServerModule } from '../../platform/context';
import { registerMetaRoutes } from './meta.routes';
import { registerBasemapRoutes } from './basemap.routes';

/** The campaign configuration, client meta and the basemap. */
export const campaignModule: ServerModule = async (app, { context }) => {
  registerMetaRoutes(app, context);
  registerBasemapRoutes(app, context);
};
