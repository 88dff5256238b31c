import type { ServerModule } from '../../platform/context';
import { registerCheckRoutes } from './checks.routes';

/** 季检查 (quarterly checks). */
export const checksModule: ServerModule = async (app, { context }) => {
  registerCheckRoutes(app, context);
};
