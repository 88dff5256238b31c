import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { ShapeWorkers } from './zone-validation';
import { registerZoneRoutes } from './zones.routes';
import { registerZoneWriteRoutes } from './zone-writes.routes';
import { registerZoneTileRoutes } from './zone-tiles.routes';

export { createZoneChecks, type ShapeWorkers } from './zone-validation';
export type { ZoneOperation, WriteResult, ZoneWriteRepository } from './zone-writes.repo';
export type { ZoneOutline, ZoneOutlineFilter, ZoneRepository } from './zones.repo';

export interface ZonesModuleOptions extends ModuleOptions {
  /** Worker threads for detailed shapes' geometry checks (docs/quality.md P10); without them every check runs here. */
  shapeWorkers?: ShapeWorkers;
}

/** Remediation zones (整治区域): reads, versioned writes, history, restore, batch. */
export const zonesModule: ServerModule<ZonesModuleOptions> = async (app, { context, shapeWorkers }) => {
  registerZoneWriteRoutes(app, context, shapeWorkers);
  registerZoneRoutes(app, context);
  registerZoneTileRoutes(app, context);
};
export { zoneOr404 } from './zone-lookup';
