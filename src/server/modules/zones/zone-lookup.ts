import type { RouteContext } from '../../platform/context';
import { foundOr404 } from '../../platform/found';
import type { ZoneFeature } from '../../../shared/zones/zone';

/** The zone, or the 404 "Zone <id> does not exist" every module answers. */
export async function zoneOr404(context: RouteContext, id: number, today = context.today()): Promise<ZoneFeature> {
  return foundOr404(await context.repos.zones.getZone(id, today), 'Zone', id);
}
