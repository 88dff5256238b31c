import type { ServerModule } from '../../platform/context';
import { registerSessionRoutes } from './session.routes';
import { registerUserRoutes } from './users.routes';
import { registerAuditRoutes } from './audit.routes';
import { registerApiTokenRoutes } from './api-tokens.routes';

/** Accounts, sessions (log in/out), the audit log, API tokens. */
export const adminModule: ServerModule = async (app, { context }) => {
  registerSessionRoutes(app, context);
  registerUserRoutes(app, context);
  registerAuditRoutes(app, context);
  registerApiTokenRoutes(app, context);
};
