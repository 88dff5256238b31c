import type { ModuleOptions, ServerModule } from '../../platform/context';
import { registerRegisterRoutes } from './registers.routes';

export type { RegisterRepository } from './registers.repo';
export { seedSampleRegisters } from './sample-registers';

/** The plan's registers (台账): objects per kind with history, river-section readings, and the zones' links. */
export const registersModule: ServerModule<ModuleOptions> = async (app, { context }) => {
  registerRegisterRoutes(app, context);
};
