import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem } from '../../platform/problem';
import { createZoneBodySchema, type ZoneGeometry, type ZoneSnapshot } from '../../../shared/zones/zone';
import { countPositions, geometryBounds } from '../../../shared/geo/bounds';
import type { ShapeCheck, ShapeCheckOptions, ShapeCheckRequest, ShapeCheckResult } from './zone-shape-check';
import type { BatchZone } from '../../../shared/zones/overlaps-within';
import { addDays } from '../../../shared/time/dates';
import type { CampaignResponse } from '../../../shared/campaign/campaign';

/**
 * A zone write's geometry checks run in a worker thread above this many corners (the new shape's and
 * those of the stored zones it is compared with), in this thread below it (docs/quality.md P10).
 */
export const SHAPE_WORKER_CORNERS = 2_000;
/** More corners than SHAPE_WORKER_CORNERS: its checks, and the village derivation of a new zone, run in worker threads. */
export function isDetailedShape(geometry: ZoneGeometry): boolean {
  return countPositions(geometry.coordinates) > SHAPE_WORKER_CORNERS;
}

/** The stored zones' corners, estimated from their JSON text: about this many characters a corner. */
const CHARS_PER_CORNER = 25;
/** validateZoneGeometry rounds to 7 decimals: the candidates' box is widened past that, the exact test decides. */
const BOX_MARGIN = 1e-6;
/** The worker's job (zone-shape-check.ts, checkZoneShape). */
const SHAPE_CHECK_MODULE = new URL('./zone-shape-check.ts', import.meta.url).href;
/** The batch's own overlaps in a worker (overlapsWithinBatch). */
const BATCH_OVERLAPS_MODULE = new URL('../../../shared/zones/overlaps-within.ts', import.meta.url).href;

/** The worker threads of the import (src/server/modules/gis/import/run-worker.ts), as the zone checks use them. */
export interface ShapeWorkers {
  run<T>(task: { module: string; name: string; input: unknown; key: string; bytes: number }): Promise<T>;
}

/**
 * The checks every zone write passes (item applies, units known, dates in order, the shared geometry
 * validation, overlaps with zones of the same item), for the zone routes and the GIS import alike.
 * Failures are HttpProblems (400, 409) naming the field. `cacheOutline` reads the town outline once
 * (for the many features of one import); `shapeWorkers` runs detailed shapes' geometry checks off the event loop.
 */
export function createZoneChecks(
  context: RouteContext,
  options: { cacheOutline?: boolean; shapeWorkers?: ShapeWorkers } = {},
) {
  const { repos } = context;
  let outline: Promise<Feature<Polygon | MultiPolygon> | null> | null = null;

  /** Stored zones of the item whose boxes meet the shape's (widened past validateZoneGeometry's rounding). */
  function overlapCandidates(category: string, geometry: ZoneGeometry, excludeIds: readonly number[]) {
    const [minLon, minLat, maxLon, maxLat] = geometryBounds(geometry);
    // No finite box: no position at all, which the validation refuses before any overlap counts.
    if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite)) return Promise.resolve([]);
    return repos.zoneWrites.overlapCandidates(
      category,
      [minLon - BOX_MARGIN, minLat - BOX_MARGIN, maxLon + BOX_MARGIN, maxLat + BOX_MARGIN],
      excludeIds,
    );
  }

  /**
   * `inThread`, or the same export of `module` in a worker thread when the shapes it looks at hold more than
   * SHAPE_WORKER_CORNERS corners, so one detailed shape does not hold every other request (docs/quality.md
   * P10); below that it stays here, where it takes less than the hand-over.
   */
  async function detailedOffThread<T>(
    corners: number,
    task: { module: string; name: string; input: unknown; bytes: number },
    inThread: () => Promise<T>,
    path: string,
  ): Promise<T> {
    if (!options.shapeWorkers || corners <= SHAPE_WORKER_CORNERS) return inThread();
    try {
      return await options.shapeWorkers.run<T>({ ...task, key: 'zone-shape' });
    } catch (error) {
      if ((error as { status?: unknown }).status === 429) {
        throw new HttpProblem(
          429,
          'The server is busy checking other detailed shapes: try again in a minute',
          undefined,
          undefined,
          { 'Retry-After': '30' },
        );
      }
      throw new HttpProblem(
        422,
        'This shape could not be checked (it took too long or needed too much memory): simplify it or split it',
        [{ path, message: 'too detailed to check' }],
      );
    }
  }

  /** The geometry checks of one zone write (zone-shape-check.ts), off the event loop when detailed. */
  async function checkShape(geometry: ZoneGeometry, request: ShapeCheckOptions, prefix: string): Promise<ShapeCheck> {
    const stored = request.candidates.reduce((sum, candidate) => sum + candidate.geometryJson.length, 0);
    const corners = countPositions(geometry.coordinates) + stored / CHARS_PER_CORNER;
    // The geometry rules need turf: loaded when first needed, not at start-up (docs/architecture.md).
    const inThread = async () => (await import('./zone-shape-check')).checkShape(geometry, request);
    if (!options.shapeWorkers || corners <= SHAPE_WORKER_CORNERS) return inThread();
    const input: ShapeCheckRequest = { ...request, geometryJson: JSON.stringify(geometry) };
    const result = await detailedOffThread<ShapeCheckResult>(
      corners,
      { module: SHAPE_CHECK_MODULE, name: 'checkZoneShape', input, bytes: input.geometryJson.length + stored },
      async () => {
        const check = await inThread();
        return check.valid ? { ...check, geometryJson: JSON.stringify(check.geometry) } : check;
      },
      `${prefix}geometry`,
    );
    if (!result.valid) return result;
    return { valid: true, geometry: JSON.parse(result.geometryJson) as ZoneGeometry, overlaps: result.overlaps };
  }

  /** overlapsWithinBatch (shared/zones/overlaps-within.ts) of a batch's new shapes, off the event loop when detailed. */
  async function overlapsWithinBatch(shapes: readonly BatchZone[]): Promise<Map<number, number>> {
    return detailedOffThread(
      shapes.reduce((sum, shape) => sum + countPositions(shape.geometry.coordinates), 0),
      { module: BATCH_OVERLAPS_MODULE, name: 'overlapsWithinBatch', input: shapes, bytes: 0 },
      async () => {
        // The exact test needs turf: loaded when first needed, not at start-up (docs/architecture.md).
        const { overlapsWithinBatch: compare } = await import('../../../shared/zones/overlaps-within');
        return compare(shapes);
      },
      'operations',
    );
  }

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
    const validate = options.geometryChanged && !options.geometryChecked;
    const compare = options.geometryChanged && !options.overlapReason;
    if (validate || compare) {
      const check = await checkShape(
        geometry,
        {
          validate,
          townOutline: validate ? await townOutline() : null,
          candidates: compare ? await overlapCandidates(snapshot.category, geometry, options.excludeIds) : [],
        },
        prefix,
      );
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
      if (check.overlaps.length) {
        throw new HttpProblem(
          409,
          `Overlaps ${check.overlaps.length} other zone(s) of item ${snapshot.category}: send overlapReason to save anyway`,
          [{ path: `${prefix}geometry`, message: 'overlaps another zone of the same item' }],
          { overlaps: check.overlaps.map(String) },
        );
      }
    }
    const normalised = { ...snapshot, geometry, responsibleUnits: [...new Set(snapshot.responsibleUnits)] };
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

  return { checkSnapshot, buildCreate, townOutline, overlapsWithinBatch };
}
