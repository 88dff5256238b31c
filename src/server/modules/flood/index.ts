import type { ServerModule } from '../../platform/context';
import { registerFloodRoutes } from './flood.routes';

/** Flood-prone zones: profiles and flood events. */
export const floodModule: ServerModule = async (app, { context }) => {
  registerFloodRoutes(app, context);
};
