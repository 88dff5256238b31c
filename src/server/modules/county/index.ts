import type { ServerModule } from '../../platform/context';
import { registerCountyRoutes } from './county.routes';

/** Many towns: the list of towns and the county overview (县级). */
export const countyModule: ServerModule = async (app, { context }) => {
  registerCountyRoutes(app, context);
};
