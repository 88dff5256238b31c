import type { ServerModule } from '../../platform/context';
import { registerSupervisionRoutes } from './supervisions.routes';

/** 督办 (supervision notices). */
export const supervisionModule: ServerModule = async (app, { context }) => {
  registerSupervisionRoutes(app, context);
};
