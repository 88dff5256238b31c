import type { LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { LayerGroup, MapEngine, VectorTiles } from './map-engine';
import type { RasterBasemap } from './style';

/** One source of the map content: GeoJSON data, or vector tiles. */
export type ContentSource =
  | { id: string; data: FeatureCollection; promoteId?: string; vector?: undefined }
  | { id: string; vector: VectorTiles; data?: undefined };

/**
 * What a page shows on its map, as data (docs/architecture.md): sources, layer groups and the online raster
 * basemap. A group or the raster left out is not touched (another component owns it, or its data has not come).
 */
export interface MapContent {
  sources: readonly ContentSource[];
  groups: Partial<Record<LayerGroup, LayerSpecification[]>>;
  raster?: RasterBasemap | null;
}

/** What has been handed to an engine: each source's data (or tile address) and the raster basemap. */
export interface AppliedContent {
  engine: MapEngine | null;
  sources: Map<string, unknown>;
  raster: unknown;
}

export const nothingApplied = (): AppliedContent => ({ engine: null, sources: new Map(), raster: undefined });

/**
 * Hand map content to the engine: a source only when its data object changed (build it from memoised data),
 * the raster basemap only when it changed, every listed group each time (the engine applies only the difference).
 * `applied` remembers what this engine has had.
 */
export function applyMapContent(engine: MapEngine, content: MapContent, applied: { current: AppliedContent }): void {
  if (applied.current.engine !== engine) applied.current = { ...nothingApplied(), engine };
  const done = applied.current;
  for (const source of content.sources) {
    // Vector tiles by their address: a new address fetches the tiles again.
    const key = source.vector?.tiles[0] ?? source.data;
    if (done.sources.get(source.id) === key) continue;
    if (source.vector) engine.setVectorTiles(source.id, source.vector);
    else engine.setGeoJson(source.id, source.data, source.promoteId);
    done.sources.set(source.id, key);
  }
  if (content.raster !== undefined && content.raster !== done.raster) {
    engine.setRasterBasemap(content.raster);
    done.raster = content.raster;
  }
  for (const [group, layers] of Object.entries(content.groups) as [LayerGroup, LayerSpecification[]][])
    engine.setLayers(group, layers);
}
