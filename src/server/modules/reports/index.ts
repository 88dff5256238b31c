import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { Notifier } from '../notifications';
import type { ExportWorkers } from '../gis';
import { registerLedgerRoutes } from './ledger.routes';
import { registerReportRoutes } from './reports.routes';

export { monthlyReport, type ReportContext } from './reports.routes';
export { periodCutoff } from './weekly';
export { PG_DAY_OF, SQLITE_DAY_OF, type ShanghaiDayOf } from './reports.rows';

export interface ReportsModuleOptions extends ModuleOptions {
  /** Queues the weekly briefing for the leaders' group (the notifications module's outbox), by hand or on schedule. */
  notifier?: Pick<Notifier, 'enqueueMessage' | 'link' | 'onTick'>;
  /** The worker threads that write a large ledger (the GIS exports', src/server/app.ts). */
  exportWorkers: ExportWorkers;
}

/** The ledger export (台帐), 月报告, 年考核 and the weekly briefing (周报). */
export const reportsModule: ServerModule<ReportsModuleOptions> = async (app, { context, notifier, exportWorkers }) => {
  registerLedgerRoutes(app, context, { now: context.now, exportWorkers });
  registerReportRoutes(app, context, { now: context.now, ...(notifier ? { notifier } : {}) });
};
