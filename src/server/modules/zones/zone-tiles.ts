import { createHash } from 'node:crypto';
import type { GeoJSONVT, GeoJSONVTTile } from '@maplibre/geojson-vt';
import type { RouteContext } from '../../platform/context';
import { currentTown } from '../../platform/towns';
import type { ZoneFeature } from '../../../shared/zones/zone';
import { ZONE_TILE_LAYER, ZONE_TILE_MAX_ZOOM, zoneTileProperties } from '../../../shared/zones/zone-tiles';
import { nextTurn } from '../../platform/next-turn';
import { dashboardAsOf } from '../dashboard';

const READ_PAGE = 2000;
/** Encoded tiles kept per town (a view asks for a dozen; a day's panning for a few hundred). */
const ENCODED_KEPT = 1000;

/** One town's tile index, the data it was cut from (`stamp`) and its tiles' serializer. */
interface TileIndex {
  stamp: string;
  index: GeoJSONVT;
  encode(tile: GeoJSONVTTile): Uint8Array;
  /** Tiles already encoded, by `z/x/y` (null: empty), up to ENCODED_KEPT of them. */
  encoded: Map<string, Uint8Array | null>;
}

/**
 * The zone tiles of every town: one geojson-vt index per town (and one of the past day someone looks at: the zones
 * that existed then, in their status then), cut lazily from the repository's zones on the first tile asked for and
 * cut again when the town's zone data stamp (zones or tasks written, added or removed; the day, for `overdue`) has
 * moved. Requests that come while an index is being built wait for that one build. The libraries
 * load with the first tile (server start-up stays light, docs/architecture.md).
 */
export function createZoneTiles(context: RouteContext) {
  const indexes = new Map<string, Promise<TileIndex>>();
  /** How long the last index took to build (ms), for the test that holds it to its budget. */
  const stats = { builds: 0, lastBuildMs: 0 };

  /**
   * Every zone, read in pages with a turn of the event loop between them: a county's 11,000 zones in one read
   * would hold other requests (`/api/health`) for ~200 ms; a page of READ_PAGE holds them for a fifth of that.
   */
  async function readAllZones(): Promise<ZoneFeature[]> {
    const today = context.today();
    const zones: ZoneFeature[] = [];
    for (let page: ZoneFeature[] | null = null; !page || page.length === READ_PAGE;) {
      if (page) await nextTurn();
      ({ zones: page } = await context.repos.zones.pageZones(
        { geometryTypes: null },
        { limit: READ_PAGE, offset: zones.length },
        today,
      ));
      zones.push(...page);
    }
    return zones;
  }

  /** Every zone, or on a past day those that existed then, in their status then (as the overview shows that day). */
  async function zonesOn(asOf: string | null): Promise<ZoneFeature[]> {
    const zones = await readAllZones();
    if (asOf === null) return zones;
    const { statuses, links } = await dashboardAsOf(context, asOf);
    // Reading the day holds the thread about as long as cutting the index does: other requests go in between.
    await nextTurn();
    const overdue = new Set(links.overdue);
    return zones
      .filter((zone) => statuses[zone.id] !== undefined)
      .map((zone) => ({
        ...zone,
        properties: { ...zone.properties, status: statuses[zone.id]!, overdue: overdue.has(zone.id) },
      }));
  }

  async function build(stamp: string, asOf: string | null): Promise<TileIndex> {
    const started = performance.now();
    const [{ GeoJSONVT }, { fromGeojsonVt }, zones] = await Promise.all([
      import('@maplibre/geojson-vt'),
      import('@maplibre/vt-pbf'),
      zonesOn(asOf),
    ]);
    const index = new GeoJSONVT(
      {
        type: 'FeatureCollection',
        features: zones.map((zone) => ({
          type: 'Feature',
          geometry: zone.geometry,
          properties: { ...zoneTileProperties(zone) },
        })),
      },
      // Only the first zoom levels are cut up front; closer tiles are cut from them when first asked for.
      { maxZoom: ZONE_TILE_MAX_ZOOM, indexMaxZoom: 4 },
    );
    stats.builds += 1;
    stats.lastBuildMs = performance.now() - started;
    await nextTurn();
    return { stamp, index, encode: (tile) => fromGeojsonVt({ [ZONE_TILE_LAYER]: tile }), encoded: new Map() };
  }

  /**
   * The town's index for `stamp`: the one built, the one being built, or a new one. Each town keeps today's index and
   * one of a past day (`asOf`, part of its stamp), the day someone is looking at.
   */
  function indexFor(town: string, stamp: string, asOf: string | null): Promise<TileIndex> {
    const key = asOf === null ? town : `${town} past`;
    const cached = indexes.get(key);
    if (cached) {
      const fresh = cached.then((found) => (found.stamp === stamp ? found : null));
      return fresh.then((found) => found ?? rebuild(key, stamp, asOf, cached));
    }
    return rebuild(key, stamp, asOf, undefined);
  }
  function rebuild(
    key: string,
    stamp: string,
    asOf: string | null,
    stale: Promise<TileIndex> | undefined,
  ): Promise<TileIndex> {
    // Another request may have started the build for this stamp meanwhile.
    const latest = indexes.get(key);
    if (latest && latest !== stale) return latest;
    const building = build(stamp, asOf);
    indexes.set(key, building);
    building.catch(() => indexes.delete(key));
    return building;
  }

  return {
    stats,
    /**
     * The town's data stamp now, for today's zones or those of a past day, and its tiles' ETag (an ETag is per
     * address: one per stamp will do).
     */
    async version(asOf: string | null): Promise<{ stamp: string; etag: string }> {
      const stamp = `${context.today()}/${await context.repos.zones.zoneDataStamp()}${asOf === null ? '' : `/${asOf}`}`;
      return { stamp, etag: `"zt-${createHash('sha1').update(stamp).digest('base64url').slice(0, 20)}"` };
    },
    /** The tile z/x/y (checked by the caller) of the town of the request; null when no zone reaches it. */
    async tile(stamp: string, asOf: string | null, z: number, x: number, y: number): Promise<Uint8Array | null> {
      const { index, encode, encoded } = await indexFor(currentTown() ?? context.towns.defaultTown, stamp, asOf);
      const key = `${z}/${x}/${y}`;
      let body = encoded.get(key);
      if (body === undefined) {
        const tile = index.getTile(z, x, y);
        body = tile && tile.features.length ? encode(tile) : null;
        if (encoded.size >= ENCODED_KEPT) encoded.clear();
        encoded.set(key, body);
      }
      return body;
    },
  };
}
