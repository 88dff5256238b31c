import type { ServerModule } from '../../platform/context';
import { registerZoneRoutes } from './zones.routes';
import { registerZoneWriteRoutes } from './zone-writes.routes';

export { createZoneChecks } from './zone-validation';
export type { ZoneOperation, WriteResult, ZoneWriteRepository } from './zone-writes.repo';
export type { ZoneOutline, ZoneOutlineFilter, ZoneRepository } from './zones.repo';

/** Remediation zones (整治区域): reads, versioned writes, history, restore, batch. */
export const zonesModule: ServerModule = async (app, { context }) => {
  registerZoneWriteRoutes(app, context);
  registerZoneRoutes(app, context);
};
export { zoneOr404 } from './zone-lookup';
