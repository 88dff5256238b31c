import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { ImportSettings } from '../gis';
import { registerRegisterRoutes } from './registers.routes';

export type { RegisterRepository } from './registers.repo';
export { seedSampleRegisters } from './sample-registers';

export interface RegistersModuleOptions extends ModuleOptions {
  /** The GIS import's limits, which a register's import keeps too (upload size, features, worker timeout). */
  imports?: Partial<ImportSettings>;
}

/** The plan's registers (台账): objects per kind with history, river-section readings, the zones' links, import. */
export const registersModule: ServerModule<RegistersModuleOptions> = async (app, { context, imports }) => {
  registerRegisterRoutes(app, context, imports);
};
