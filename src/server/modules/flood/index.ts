import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { PhotoSettings } from '../../platform/config';
import { registerFloodEventRoutes } from './flood-events.routes';
import type { FloodAlertNotifier } from './alert-delivery';
import { registerFloodRoutes } from './flood.routes';
import { registerSensorRoutes } from './sensors.routes';
import { registerResponseRoutes } from './responses.routes';

export { seedSampleFloodSeason } from './sample-flood-season';

export interface FloodModuleOptions extends ModuleOptions {
  /** Photos of waterlogging points take the photo evidence's limits (platform/config.ts). */
  photos?: Partial<PhotoSettings>;
  /** Tells threshold alerts to the people on duty and the water station (the notifications module). */
  notifier?: FloodAlertNotifier;
}

/** Flood-prone zones: profiles and flood events; monitoring stations, readings, alerts, the duty roster, emergency responses and pump stations. */
export const floodModule: ServerModule<FloodModuleOptions> = async (app, { context, photos, notifier }) => {
  registerFloodRoutes(app, context);
  registerFloodEventRoutes(app, context, photos);
  registerSensorRoutes(app, context, notifier);
  registerResponseRoutes(app, context);
};
