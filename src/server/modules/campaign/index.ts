import type { ServerModule } from '../../platform/context';
import { registerMetaRoutes } from './meta.routes';
import { registerBasemapRoutes } from './basemap.routes';
import { registerDeliverableRoutes } from './deliverables';

/** The campaign configuration, client meta, the basemap and the phases' deliverables. */
export const campaignModule: ServerModule = async (app, { context }) => {
  registerMetaRoutes(app, context);
  registerBasemapRoutes(app, context);
  registerDeliverableRoutes(app, context);
};
