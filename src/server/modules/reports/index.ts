import type { ServerModule } from '../../platform/context';
import { registerLedgerRoutes } from './ledger.routes';
import { registerReportRoutes } from './reports.routes';

/** The ledger export (台帐), 月报告 and 年考核. */
export const reportsModule: ServerModule = async (app, { context }) => {
  registerLedgerRoutes(app, context, { now: context.now });
  registerReportRoutes(app, context, { now: context.now });
};
