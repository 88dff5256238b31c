import type { ServerModule } from '../../platform/context';
import { registerFloodRoutes } from './flood.routes';
import { registerSensorRoutes } from './sensors.routes';
import { registerResponseRoutes } from './responses.routes';

export { seedSampleFloodSeason } from './sample-flood-season';

/** Flood-prone zones: profiles and flood events; monitoring stations, readings, alerts, the duty roster, emergency responses and pump stations. */
export const floodModule: ServerModule = async (app, { context }) => {
  registerFloodRoutes(app, context);
  registerSensorRoutes(app, context);
  registerResponseRoutes(app, context);
};
