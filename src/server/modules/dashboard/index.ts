import type { ServerModule } from '../../platform/context';
import { registerDashboardRoutes } from './dashboard.routes';

export { dashboardAsOf, pastDayOr400 } from './dashboard.routes';

/** The leader dashboard's figures. */
export const dashboardModule: ServerModule = async (app, { context }) => {
  registerDashboardRoutes(app, context);
};
