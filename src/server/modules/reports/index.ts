import type { ServerModule } from '../../platform/context';
import { registerLedgerRoutes } from './ledger.routes';
import { registerReportRoutes } from './reports.routes';

export { monthlyReport, type ReportContext } from './reports.routes';
export { PG_DAY_OF, SQLITE_DAY_OF, type ShanghaiDayOf } from './reports.rows';

/** The ledger export (台帐), 月报告 and 年考核. */
export const reportsModule: ServerModule = async (app, { context }) => {
  registerLedgerRoutes(app, context, { now: context.now });
  registerReportRoutes(app, context, { now: context.now });
};
