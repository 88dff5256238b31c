import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { PhotoSettings } from '../../platform/config';
import { registerPublicZoneRoutes } from './public-zones.routes';
import { registerResidentReportRoutes } from './resident-reports.routes';
import { registerTriageRoutes } from './triage.routes';
import { registerBulletinRoutes } from './bulletins.routes';
import { DEFAULT_PUBLIC_LIMITS, type PublicLimits } from './public-limits';

export type { PublicLimits } from './public-limits';
export { seedSampleBulletin } from './sample-bulletin';

export interface PublicModuleOptions extends ModuleOptions {
  /** The caps of residents' photos: those of photo evidence (platform/config.ts). */
  photos?: Partial<PhotoSettings>;
  /** Rate limits per address and phone number (defaults in public-limits.ts). */
  limits?: Partial<PublicLimits>;
}

/**
 * The residents' site (PUBLIC_SITE=1, docs/public.md): the public map and zone pages, published photo pairs, 随手拍
 * reports, the monthly 公开通报. Its routes are always registered; the guard answers 404 for them while the site is off.
 */
export const publicModule: ServerModule<PublicModuleOptions> = async (app, { context, photos, limits }) => {
  registerPublicZoneRoutes(app, context);
  registerResidentReportRoutes(app, context, { photos, limits: { ...DEFAULT_PUBLIC_LIMITS, ...limits } });
  registerTriageRoutes(app, context, { photos });
  registerBulletinRoutes(app, context);
};
