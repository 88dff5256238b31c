import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem } from '../../platform/problem';
import { createZoneBodySchema, type ZoneSnapshot } from '../../../shared/zones/zone';
import { addDays } from '../../../shared/time/dates';
import type { CampaignResponse } from '../../../shared/campaign/campaign';

/**
 * The checks every zone write passes (item applies, units known, dates in order, the shared geometry
 * validation, overlaps with zones of the same item), for the zone routes and the GIS import alike.
 * Failures are HttpProblems (400, 409) naming the field. `cacheOutline` reads the town outline once
 * (for the many features of one import).
 */
export function createZoneChecks(context: RouteContext, options: { cacheOutline?: boolean } = {}) {
  const { repos } = context;
  let outline: Promise<Feature<Polygon | MultiPolygon> | null> | null = null;

  async function readTownOutline(): Promise<Feature<Polygon | MultiPolygon> | null> {
    const found = (await repos.basemap.listBasemapFeatures()).find((feature) => feature.properties.layer === 'outline');
    return found && (found.geometry.type === 'Polygon' || found.geometry.type === 'MultiPolygon')
      ? (found as Feature<Polygon | MultiPolygon>)
      : null;
  }

  /** Check everything about a zone's new state; returns it normalised, with the item's lead unit. */
  async function checkSnapshot(
    snapshot: ZoneSnapshot,
    config: CampaignResponse,
    options: {
      geometryChanged: boolean;
      excludeIds: readonly number[];
      overlapReason?: string;
      pathPrefix?: string;
      /** The geometry passed validateZoneGeometry already (an import checks it in a worker): only the overlaps here. */
      geometryChecked?: boolean;
    },
  ): Promise<{ snapshot: ZoneSnapshot; leadUnit: string }> {
    const prefix = options.pathPrefix ?? '';
    const item = config.items.find((candidate) => candidate.code === snapshot.category);
    if (!item || !item.applicable || !item.leadUnit) {
      throw new HttpProblem(400, `Item ${snapshot.category} does not apply to this town`, [
        { path: `${prefix}properties.category`, message: 'not applicable' },
      ]);
    }
    const unknown = snapshot.responsibleUnits.filter(
      (unit) => !config.units.some((candidate) => candidate.id === unit),
    );
    if (unknown.length) {
      throw new HttpProblem(400, `Unknown unit ${unknown[0]!.slice(0, 64)}`, [
        { path: `${prefix}properties.responsibleUnits`, message: 'unknown unit' },
      ]);
    }
    if (snapshot.plannedStart > snapshot.plannedEnd) {
      throw new HttpProblem(400, 'The planned end is before the planned start', [
        { path: `${prefix}properties.plannedEnd`, message: 'before the start' },
      ]);
    }
    let geometry = snapshot.geometry;
    if (options.geometryChanged && !options.geometryChecked) {
      // The geometry rules need turf: loaded when first needed, not at start-up (docs/architecture.md).
      const { validateZoneGeometry } = await import('../../../shared/zones/geometry');
      const check = validateZoneGeometry(snapshot.geometry, { townOutline: await townOutline() });
      if (!check.valid) {
        throw new HttpProblem(
          400,
          `Invalid geometry: ${check.detail}`,
          [{ path: `${prefix}geometry`, message: check.detail }],
          {
            reason: check.reason,
          },
        );
      }
      geometry = check.geometry;
    }
    const normalised = { ...snapshot, geometry, responsibleUnits: [...new Set(snapshot.responsibleUnits)] };
    if (options.geometryChanged && !options.overlapReason) {
      const overlaps = await repos.zoneWrites.findOverlaps(normalised.category, geometry, options.excludeIds);
      if (overlaps.length) {
        throw new HttpProblem(
          409,
          `Overlaps ${overlaps.length} other zone(s) of item ${normalised.category}: send overlapReason to save anyway`,
          [{ path: `${prefix}geometry`, message: 'overlaps another zone of the same item' }],
          { overlaps: overlaps.map(String) },
        );
      }
    }
    return { snapshot: normalised, leadUnit: item.leadUnit };
  }

  async function buildCreate(
    body: z.infer<typeof createZoneBodySchema>,
    config: CampaignResponse,
    prefix = '',
    excludeIds: readonly number[] = [],
    checked: { geometryChecked?: boolean } = {},
  ) {
    const item = config.items.find((candidate) => candidate.code === body.properties.category);
    const today = context.today();
    const draft: ZoneSnapshot = {
      status: 'not_started',
      responsibleUnits: item?.responsibleUnits ?? [],
      progress: 0,
      measures: '',
      notes: '',
      village: null,
      ...body.properties,
      plannedStart: body.properties.plannedStart ?? today,
      plannedEnd: body.properties.plannedEnd ?? addDays(today, 90),
      geometry: body.geometry,
    };
    return checkSnapshot(draft, config, {
      geometryChanged: true,
      excludeIds,
      overlapReason: body.overlapReason,
      pathPrefix: prefix,
      geometryChecked: checked.geometryChecked ?? false,
    });
  }

  function townOutline() {
    if (!options.cacheOutline) return readTownOutline();
    outline ??= readTownOutline();
    return outline;
  }

  return { checkSnapshot, buildCreate, townOutline };
}
