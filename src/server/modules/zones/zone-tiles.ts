import { createHash } from 'node:crypto';
import type { GeoJSONVT, GeoJSONVTTile } from '@maplibre/geojson-vt';
import type { RouteContext } from '../../platform/context';
import { currentTown } from '../../platform/towns';
import type { ZoneFeature } from '../../../shared/zones/zone';
import { ZONE_TILE_LAYER, ZONE_TILE_MAX_ZOOM, zoneTileProperties } from '../../../shared/zones/zone-tiles';
import { nextTurn } from '../../platform/next-turn';

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
 * The zone tiles of every town: one geojson-vt index per town, cut lazily from the repository's zones on the first
 * tile asked for and cut again when the town's zone data stamp (zones or tasks written, added or removed; the day,
 * for `overdue`) has moved. Requests that come while an index is being built wait for that one build. The libraries
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

  async function build(stamp: string): Promise<TileIndex> {
    const started = performance.now();
    const [{ GeoJSONVT }, { fromGeojsonVt }, zones] = await Promise.all([
      import('@maplibre/geojson-vt'),
      import('@maplibre/vt-pbf'),
      readAllZones(),
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

  /** The town's index for `stamp`: the one built, the one being built, or a new one. */
  function indexFor(town: string, stamp: string): Promise<TileIndex> {
    const cached = indexes.get(town);
    if (cached) {
      const fresh = cached.then((found) => (found.stamp === stamp ? found : null));
      return fresh.then((found) => found ?? rebuild(town, stamp, cached));
    }
    return rebuild(town, stamp, undefined);
  }
  function rebuild(town: string, stamp: string, stale: Promise<TileIndex> | undefined): Promise<TileIndex> {
    // Another request may have started the build for this stamp meanwhile.
    const latest = indexes.get(town);
    if (latest && latest !== stale) return latest;
    const building = build(stamp);
    indexes.set(town, building);
    building.catch(() => indexes.delete(town));
    return building;
  }

  return {
    stats,
    /** The town's data stamp now and its tiles' ETag (an ETag is per address: one per stamp will do). */
    async version(): Promise<{ stamp: string; etag: string }> {
      const stamp = `${context.today()}/${await context.repos.zones.zoneDataStamp()}`;
      return { stamp, etag: `"zt-${createHash('sha1').update(stamp).digest('base64url').slice(0, 20)}"` };
    },
    /** The tile z/x/y (checked by the caller) of the town of the request; null when no zone reaches it. */
    async tile(stamp: string, z: number, x: number, y: number): Promise<Uint8Array | null> {
      const { index, encode, encoded } = await indexFor(currentTown() ?? context.towns.defaultTown, stamp);
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
