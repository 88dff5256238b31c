import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { Notifier } from '../notifications';
import { registerSupervisionRoutes } from './supervisions.routes';

export type { SupervisionEffects } from './supervisions.repo';

export interface SupervisionModuleOptions extends ModuleOptions {
  /** Writes each 督办 event's inbox items in the 督办's transaction (the notifications module). */
  notifier?: Pick<Notifier, 'supervisionEffects'>;
}

/** 督办 (supervision): issued, answered, closed or sent back. */
export const supervisionModule: ServerModule<SupervisionModuleOptions> = async (app, { context, notifier }) => {
  registerSupervisionRoutes(app, context, {
    ...(notifier ? { effects: (event) => notifier.supervisionEffects(event) } : {}),
  });
};
