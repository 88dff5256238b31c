import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { PhotoSettings } from '../../platform/config';
import { registerResponsibilityRoutes } from './responsibility.routes';

export type { ResponsibilityRepository } from './responsibility.rows';
export { seedSampleResponsibility } from './sample-responsibility';

export interface ResponsibilityModuleOptions extends ModuleOptions {
  /** The scan's upload limits: those of photo evidence (platform/config.ts). */
  photos?: Partial<PhotoSettings>;
}

/** 目标责任书: the letter of a unit and year from its approved plan, its signing state and scan. */
export const responsibilityModule: ServerModule<ResponsibilityModuleOptions> = async (app, { context, photos }) => {
  registerResponsibilityRoutes(app, context, photos);
};
