import type { ServerModule } from '../../platform/context';
import { registerTaskRoutes } from './tasks.routes';

/** Tasks of a zone, their workflow and update threads, work lists. */
export const tasksModule: ServerModule = async (app, { context }) => {
  registerTaskRoutes(app, context);
};
