import type { ServerModule } from '../../platform/context';
import { registerFloodRoutes } from './flood.routes';
import { registerSensorRoutes } from './sensors.routes';

/** Flood-prone zones: profiles and flood events; monitoring stations, readings, alerts and the duty roster. */
export const floodModule: ServerModule = async (app, { context }) => {
  registerFloodRoutes(app, context);
  registerSensorRoutes(app, context);
};
