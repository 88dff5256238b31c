import * as maplibregl from 'maplibre-gl';
import type {
  GeoJSONSourceSpecification,
  LayerSpecification,
  LngLatBoundsLike,
  MapGeoJSONFeature,
  VectorSourceSpecification,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Feature, FeatureCollection } from 'geojson';
import 'maplibre-gl/dist/maplibre-gl.css';
import { diffLayers } from './layer-diff';
import {
  BASEMAP_LABEL_SOURCE,
  BASEMAP_SOURCE,
  createOfflineStyle,
  createRasterBasemapLayers,
  type RasterBasemap,
} from './style';
import type { DeckExtra, DeckLayerFactory, DeckOverlayHandle } from './deck-overlay';
import type { DrawTool, DrawToolOptions } from './draw-tool';

type IndexedFeature = { json: string; feature: FeatureCollection['features'][number] };

function indexFeatures(data: FeatureCollection, promoteId: string): Map<string, IndexedFeature> {
  const index = new Map<string, IndexedFeature>();
  for (const feature of data.features) {
    const id = feature.properties?.[promoteId];
    if (typeof id === 'string' || typeof id === 'number')
      index.set(String(id), { json: JSON.stringify(feature), feature });
  }
  return index;
}

/** A vector source with its tile addresses. */
export type VectorTiles = VectorSourceSpecification & { tiles: string[] };

/** Features added, removed or changed between two indexed versions of a source. */
export function diffFeatures(before: Map<string, IndexedFeature>, after: Map<string, IndexedFeature>) {
  const remove: string[] = [];
  const add: FeatureCollection['features'] = [];
  for (const [id, entry] of before) {
    const next = after.get(id);
    if (!next || next.json !== entry.json) remove.push(id);
  }
  for (const [id, entry] of after) {
    const previous = before.get(id);
    if (!previous || previous.json !== entry.json) add.push(entry.feature);
  }
  return { remove, add, changed: Math.max(remove.length, add.length) };
}

// maplibre 6 cannot find its worker after bundling: point it at the emitted file.
maplibregl.setWorkerUrl(workerUrl);

/** maplibre's message when a worker's script did not load (the worker is dead, its map stays blank). */
const WORKER_FAILED = /Worker failed to load/;
let workersHeld = false;
/**
 * Whether the worker's script failed to load. The worker starts with the app, before any map exists (the map waits
 * for its data): a map created later would never hear the failure, so it reads this instead (onWorkerFailure).
 */
let workerFailed = false;

/**
 * Start maplibre's worker and keep it for the life of the page. By default maplibre starts it with the first map
 * and terminates it when the last map is removed, starting a new one for the next map: switching pages then aborted
 * a worker still loading its script (`net::ERR_ABORTED`) and could leave the next map with a dead worker
 * (docs/architecture.md). Called by the first map, or earlier by the app's start when a map page is coming, so that
 * the worker's script loads and starts beside React's first render instead of after it (P2).
 */
export function holdWorkers(): void {
  if (workersHeld) return;
  workersHeld = true;
  maplibregl.prewarm();
  // The shared dispatcher hears a failed worker too, also before any map listens; each map reports it and recovers
  // (onWorkerFailure).
  maplibregl.getGlobalDispatcher().on('error', (event) => {
    if (WORKER_FAILED.test(event.error?.message ?? '')) workerFailed = true;
  });
}

/** Replace maplibre's workers if they do not answer (one that failed to load never does). */
export async function restartDeadWorkers(): Promise<void> {
  workerFailed = false;
  await maplibregl.getGlobalDispatcher().ensureWorkers();
}

const DRAFT_SOURCE = 'draft';

/** Layer groups, drawn bottom to top. Each group's layers sit below the group's slot layer. */
export const LAYER_GROUPS = ['base', 'data', 'flood', 'photos', 'overlay', 'draft', 'labels', 'data-labels'] as const;
export type LayerGroup = (typeof LAYER_GROUPS)[number];
const slotId = (group: LayerGroup) => `slot-${group}`;
/** Groups drawn only after the data has painted once: text is slow to lay out, the data matters first. */
const DEFERRED_GROUPS: readonly LayerGroup[] = ['labels', 'data-labels'];

export interface MapEngineOptions {
  container: HTMLElement;
  bounds: LngLatBoundsLike;
  backgroundColor: string;
  /** Lets tests read canvas pixels. */
  preserveDrawingBuffer?: boolean;
  locale?: Record<string, string>;
}

export interface FeatureEvent {
  layerId: string;
  feature: MapGeoJSONFeature | null;
  /** Where the pointer is (longitude, latitude), when over a feature. */
  position?: [number, number];
}

/**
 * The generic map engine: owns the maplibre map, its GeoJSON sources and layer groups, hover and
 * click on named layers, the optional raster basemap and a lazily loaded deck.gl overlay.
 * Knows GeoJSON and layers, never zones or tasks.
 */
export class MapEngine {
  readonly map: maplibregl.Map;
  private readonly groups = new Map<LayerGroup, LayerSpecification[]>();
  private readonly loaded: Promise<void>;
  private basemapLayers: LayerSpecification[] = [];
  private deck: Promise<DeckOverlayHandle> | null = null;
  /** The deck.gl overlay once loaded: a click on one of its objects belongs to it, not to the map's layers. */
  private deckReady: DeckOverlayHandle | null = null;
  private destroyed = false;
  /** Per source with promoted ids: id → serialised feature, to send changes as diffs. */
  private readonly sourceIndex = new Map<
    string,
    Map<string, { json: string; feature: FeatureCollection['features'][number] }>
  >();
  private isReady = false;
  private readonly pending: (() => void)[] = [];
  private dataPainted = false;
  private readonly paintedWaiters: (() => void)[] = [];
  private readonly pendingDeferred = new Map<LayerGroup, LayerSpecification[]>();
  /** Who takes map clicks as positions right now (recording a waterlogging point, placing a facility). */
  private picker: { click(event: maplibregl.MapMouseEvent): void; cancel(): void } | null = null;
  /** Shapes being entered, by owner, drawn on top of the data until saved. */
  private readonly drafts = new Map<string, Feature[]>();
  private tooltip: HTMLElement | null = null;

  constructor(options: MapEngineOptions) {
    holdWorkers();
    this.map = new maplibregl.Map({
      container: options.container,
      style: createOfflineStyle(options.backgroundColor),
      bounds: options.bounds,
      fitBoundsOptions: { padding: 24 },
      attributionControl: { compact: true },
      canvasContextAttributes: { preserveDrawingBuffer: options.preserveDrawingBuffer ?? false },
      // Labels appear at once instead of fading in over many (software-rendered) frames.
      fadeDuration: 0,
      localIdeographFontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
      dragRotate: false,
      pitchWithRotate: false,
      ...(options.locale ? { locale: options.locale } : {}),
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    // 'style.load' comes before the first frame ('load' after it): sources added then are in the first render.
    this.loaded = new Promise((resolve) => {
      this.map.once('style.load', () => {
        for (const group of LAYER_GROUPS) {
          this.map.addLayer({ id: slotId(group), type: 'background', layout: { visibility: 'none' } });
        }
        this.isReady = true;
        // Apply what callers asked for before the style loaded, in order, inside the load event.
        for (const operation of this.pending.splice(0)) operation();
        resolve();
      });
    });
  }

  /** Run now if the style has loaded, else right when it does: callers need not wait for `load`. */
  private whenReady(operation: () => void): void {
    if (this.isReady) operation();
    else this.pending.push(operation);
  }

  /**
   * Resolves once the data layers have painted for the first time: extras (deck.gl markers and the code
   * they need) wait for it so that they do not compete with the first view (P2).
   */
  whenDataPainted(): Promise<void> {
    if (this.dataPainted) return Promise.resolve();
    return new Promise((resolve) => this.paintedWaiters.push(resolve));
  }

  /** Add a GeoJSON source or replace its data. `promoteId` names the property used for feature-state. */
  setGeoJson(sourceId: string, data: FeatureCollection, promoteId?: string): void {
    this.whenReady(() => this.applyGeoJson(sourceId, data, promoteId));
  }

  private applyGeoJson(sourceId: string, data: FeatureCollection, promoteId?: string): void {
    const source = this.map.getSource(sourceId) as maplibregl.GeoJSONSource | undefined;
    const byId = promoteId ? indexFeatures(data, promoteId) : null;
    const previous = this.sourceIndex.get(sourceId);
    if (byId) this.sourceIndex.set(sourceId, byId);
    if (source) {
      // A few changed features (a saved zone, a status change) go to the map as a diff (P3).
      const diff = byId && previous ? diffFeatures(previous, byId) : null;
      if (diff && diff.changed <= Math.max(10, byId!.size / 4)) {
        if (diff.changed) source.updateData({ remove: diff.remove, add: diff.add });
      } else {
        source.setData(data);
      }
      return;
    }
    const specification: GeoJSONSourceSpecification = { type: 'geojson', data, ...(promoteId ? { promoteId } : {}) };
    this.map.addSource(sourceId, specification);
  }

  /**
   * Add a vector source or point it at new tile addresses: a new address (its `?v=` changed with the data, or a past
   * day's) makes the map fetch the tiles in view again. Feature-state (setFeatureState) reads its tile layer of the
   * same name.
   */
  setVectorTiles(sourceId: string, spec: VectorTiles): void {
    this.whenReady(() => {
      const source = this.map.getSource<maplibregl.VectorTileSource>(sourceId);
      if (!source) {
        this.map.addSource(sourceId, spec);
      } else if (this.map.isSourceLoaded(sourceId)) {
        source.setTiles(spec.tiles);
      } else {
        this.replaceSource(sourceId, spec);
      }
    });
  }

  /**
   * A source whose tiles are on their way is replaced, with its layers, rather than given the new address: maplibre
   * finishes a tile on its way from the old address, then lays that old data out again for the new one (and calls
   * the tile loaded), so the map would show, for a while or until the next change, zones of the old address (today's
   * on a past day).
   */
  private replaceSource(sourceId: string, spec: VectorTiles): void {
    const layers = this.map.getStyle().layers;
    const uses = (layer: LayerSpecification) => 'source' in layer && layer.source === sourceId;
    const following = new Map<string, string | undefined>();
    for (const [index, layer] of layers.entries()) if (uses(layer)) following.set(layer.id, layers[index + 1]?.id);
    for (const layer of layers) if (uses(layer)) this.map.removeLayer(layer.id);
    this.map.removeSource(sourceId);
    this.map.addSource(sourceId, spec);
    // From the last: each layer goes back before the one that followed it, which is back already or never left.
    for (const layer of [...layers].reverse()) if (uses(layer)) this.map.addLayer(layer, following.get(layer.id));
  }

  /**
   * Make a group's layers equal to `layers`, changing only what differs (no source reloads). Label
   * groups wait until the data layers have painted once (progressive first paint).
   */
  setLayers(group: LayerGroup, layers: LayerSpecification[]): void {
    this.whenReady(() => this.setLayersNow(group, layers));
  }

  private setLayersNow(group: LayerGroup, layers: LayerSpecification[]): void {
    if (!this.dataPainted && DEFERRED_GROUPS.includes(group)) {
      this.pendingDeferred.set(group, layers);
      return;
    }
    if (!this.dataPainted && group === 'data' && layers.length && !this.groups.get('data')?.length) {
      this.map.once('idle', () => {
        if (this.destroyed) return;
        this.dataPainted = true;
        for (const [pendingGroup, pendingLayers] of this.pendingDeferred) this.applyLayers(pendingGroup, pendingLayers);
        this.pendingDeferred.clear();
        for (const resolve of this.paintedWaiters.splice(0)) resolve();
      });
    }
    this.applyLayers(group, layers);
  }

  private applyLayers(group: LayerGroup, layers: LayerSpecification[]): void {
    const current = this.groups.get(group) ?? [];
    const diff = diffLayers(current, layers);
    for (const id of diff.remove) if (this.map.getLayer(id)) this.map.removeLayer(id);
    const addIds = new Set(diff.add.map((layer) => layer.id));
    for (let index = layers.length - 1; index >= 0; index -= 1) {
      const layer = layers[index]!;
      if (!addIds.has(layer.id)) continue;
      const following = layers.slice(index + 1).find((candidate) => this.map.getLayer(candidate.id));
      this.map.addLayer(layer, following?.id ?? slotId(group));
    }
    for (const { id, filter } of diff.setFilter) this.map.setFilter(id, filter as maplibregl.FilterSpecification);
    for (const { id, name, value } of diff.setPaint) this.map.setPaintProperty(id, name as never, value as never);
    for (const { id, name, value } of diff.setLayout) this.map.setLayoutProperty(id, name as never, value as never);
    this.groups.set(group, layers);
  }

  /** A vector source's feature is in its tile layer of the same name (setVectorTiles); other sources have none. */
  setFeatureState(sourceId: string, id: string | number, state: Record<string, unknown>): void {
    this.whenReady(() => {
      const source = this.map.getSource(sourceId);
      if (source)
        this.map.setFeatureState(
          { source: sourceId, sourceLayer: source.type == 'geojson' ? '' : sourceId, id },
          state,
        );
    });
  }

  /** Call `handler` with the top feature under the pointer on the given layers (null when it leaves). */
  onHover(layerIds: readonly string[], handler: (event: FeatureEvent) => void): () => void {
    let inside = false;
    const leave = () => {
      if (!inside) return;
      inside = false;
      this.map.getCanvas().style.cursor = '';
      handler({ layerId: '', feature: null });
    };
    const move = (event: maplibregl.MapMouseEvent) => {
      if (this.picker) return;
      const present = layerIds.filter((id) => this.map.getLayer(id));
      const feature = present.length ? this.map.queryRenderedFeatures(event.point, { layers: present })[0] : undefined;
      if (!feature) return leave();
      inside = true;
      this.map.getCanvas().style.cursor = 'pointer';
      handler({ layerId: feature.layer.id, feature, position: [event.lngLat.lng, event.lngLat.lat] });
    };
    this.map.on('mousemove', move);
    this.map.on('mouseout', leave);
    return () => {
      this.map.off('mousemove', move);
      this.map.off('mouseout', leave);
    };
  }

  /**
   * Call `handler` with the feature clicked on the given layers, or null for a click elsewhere. A click belongs to the
   * topmost feature under it among every handler's layers: a register's point or a flood station drawn over a zone is
   * that object's click, and the zone's handler hears null (its panel closes) rather than opening the zone as well.
   */
  onClick(layerIds: readonly string[], handler: (event: FeatureEvent) => void): () => void {
    const entry = { layerIds, handler };
    this.clickHandlers.add(entry);
    if (this.clickHandlers.size === 1) this.map.on('click', this.dispatchClick);
    return () => {
      this.clickHandlers.delete(entry);
      if (!this.clickHandlers.size) this.map.off('click', this.dispatchClick);
    };
  }

  private readonly clickHandlers = new Set<{
    layerIds: readonly string[];
    handler: (event: FeatureEvent) => void;
  }>();

  private readonly dispatchClick = (event: maplibregl.MapMouseEvent) => {
    // While positions are being picked, a click places something and selects nothing.
    if (this.picker) return;
    // A click on a deck.gl object (a case point) is that object's: it neither selects nor clears a feature below.
    if (this.deckReady?.pickAt(event.point.x, event.point.y)) return;
    const entries = [...this.clickHandlers];
    const present = [...new Set(entries.flatMap((entry) => entry.layerIds))].filter((id) => this.map.getLayer(id));
    // A few pixels of slack so thin lines and small points are easy to hit with a finger.
    const { x, y } = event.point;
    const box: [maplibregl.PointLike, maplibregl.PointLike] = [
      [x - 4, y - 4],
      [x + 4, y + 4],
    ];
    const top = present.length ? this.map.queryRenderedFeatures(box, { layers: present })[0] : undefined;
    for (const entry of entries) {
      const mine = top && entry.layerIds.includes(top.layer.id) ? top : null;
      entry.handler({ layerId: mine?.layer.id ?? '', feature: mine });
    }
  };

  /**
   * Until the returned function is called, every click on the map gives its position to `onPick`
   * instead of selecting features. One picker at a time: starting another cancels this one
   * (`onCancel`).
   */
  startPicking(onPick: (position: [number, number]) => void, onCancel: () => void = () => {}): () => void {
    this.picker?.cancel();
    const canvas = this.map.getCanvasContainer();
    const picker = {
      click: (event: maplibregl.MapMouseEvent) => onPick([event.lngLat.lng, event.lngLat.lat]),
      cancel: () => {
        stop();
        onCancel();
      },
    };
    const stop = () => {
      if (this.picker !== picker) return;
      this.map.off('click', picker.click);
      canvas.classList.remove('is-picking');
      this.picker = null;
    };
    this.picker = picker;
    this.map.on('click', picker.click);
    canvas.classList.add('is-picking');
    return stop;
  }

  /**
   * Show shapes being entered or compared (owner → features) above the data: points, lines and
   * polygon outlines, coloured by their `color` property (polygons tinted by `fillOpacity`, none by default).
   */
  setDraft(owner: string, features: Feature[]): void {
    if (features.length) this.drafts.set(owner, features);
    else this.drafts.delete(owner);
    const all = [...this.drafts.values()].flat();
    this.setGeoJson(DRAFT_SOURCE, { type: 'FeatureCollection', features: all });
    // The draft layers' style loads with the first draft (not in the first JavaScript, P1); calls keep their order.
    void import('./draft-layers').then(({ draftLayers }) => {
      if (!this.destroyed) this.setLayers('draft', all.length ? draftLayers(DRAFT_SOURCE) : []);
    });
  }

  /** A short text beside the pointer (a hovered feature's name), or none. Plain text, never HTML. */
  setTooltip(tip: { position: [number, number]; text: string } | null): void {
    if (!tip) {
      this.tooltip?.remove();
      return;
    }
    if (!this.tooltip) {
      this.tooltip = document.createElement('div');
      this.tooltip.className = 'map-tooltip';
      this.tooltip.setAttribute('role', 'tooltip');
    }
    const { x, y } = this.map.project(tip.position);
    this.tooltip.textContent = tip.text;
    this.tooltip.style.transform = `translate(${Math.round(x + 14)}px, ${Math.round(y + 14)}px)`;
    if (!this.tooltip.isConnected) this.map.getContainer().append(this.tooltip);
  }

  /** Show an online raster basemap under the data, or none (the offline map) when null. */
  setRasterBasemap(basemap: RasterBasemap | null): void {
    this.whenReady(() => this.applyRasterBasemap(basemap));
  }

  private applyRasterBasemap(basemap: RasterBasemap | null): void {
    for (const layer of this.basemapLayers) if (this.map.getLayer(layer.id)) this.map.removeLayer(layer.id);
    for (const source of [BASEMAP_SOURCE, BASEMAP_LABEL_SOURCE])
      if (this.map.getSource(source)) this.map.removeSource(source);
    this.basemapLayers = [];
    if (!basemap) return;
    this.map.addSource(BASEMAP_SOURCE, {
      type: 'raster',
      tiles: basemap.tiles,
      tileSize: 256,
      maxzoom: basemap.maxZoom,
      attribution: basemap.attribution,
    });
    if (basemap.labelTiles?.length) {
      this.map.addSource(BASEMAP_LABEL_SOURCE, {
        type: 'raster',
        tiles: basemap.labelTiles,
        tileSize: 256,
        maxzoom: basemap.maxZoom,
      });
    }
    this.basemapLayers = createRasterBasemapLayers(basemap);
    for (const layer of this.basemapLayers) this.map.addLayer(layer, slotId('base'));
    // Raster layers go right above the background, under every data layer.
    const firstBase = this.groups.get('base')?.[0]?.id;
    if (firstBase) for (const layer of this.basemapLayers) this.map.moveLayer(layer.id, firstBase);
  }

  /**
   * Keep the map's centre and every later fit clear of a panel floating over it (its box on the page), or of
   * none (null): a panel as wide as the map covers its bottom (a bottom sheet), else its right side.
   */
  keepClearOf(panel: DOMRect | null): void {
    this.whenReady(() => {
      const box = this.map.getContainer().getBoundingClientRect();
      const padding = { top: 0, right: 0, bottom: 0, left: 0 };
      if (panel && panel.width >= box.width - 1) padding.bottom = Math.max(0, Math.round(box.bottom - panel.top));
      else if (panel) padding.right = Math.max(0, Math.round(box.right - panel.left));
      this.map.setPadding(padding);
    });
  }

  /**
   * Fit the view to bounds. `coveredBottomShare` is the share of the map's height hidden under a
   * bottom sheet (phones), kept free of the fitted bounds.
   */
  fitBounds(bounds: LngLatBoundsLike, options: { maxZoom?: number; coveredBottomShare?: number } = {}): void {
    this.whenReady(() => this.applyFitBounds(bounds, options));
  }

  private applyFitBounds(bounds: LngLatBoundsLike, options: { maxZoom?: number; coveredBottomShare?: number }): void {
    // A side panel may have just opened: measure the container before fitting, not after.
    this.map.resize();
    const { clientWidth, clientHeight } = this.map.getContainer();
    const margin = Math.max(24, Math.min(100, Math.round(Math.min(clientWidth, clientHeight) * 0.12)));
    const covered = Math.round(clientHeight * (options.coveredBottomShare ?? 0));
    this.map.fitBounds(bounds, {
      padding: { top: margin, left: margin, right: margin, bottom: margin + covered },
      maxZoom: options.maxZoom ?? 16,
      duration: 600,
    });
  }

  /**
   * Draw deck.gl layers over the map. deck.gl is loaded on first use only (it is not part of the
   * initial bundle) and added after the map's load event, as deck.gl #10733 requires. Each owner sets
   * its own layers; `extras` loads the aggregation layers or extensions with them.
   */
  async setDeckLayers(factory: DeckLayerFactory, owner = 'default', extras: readonly DeckExtra[] = []): Promise<void> {
    await this.loaded;
    if (this.destroyed) return;
    // The first time, wait until the map has painted what it has: deck.gl is an extra, not part of the first view.
    this.deck ??= new Promise<void>((resolve) => this.map.once('idle', () => resolve()))
      .then(() => import('./deck-overlay'))
      .then((module) => module.createDeckOverlay(this.map))
      .then((overlay) => (this.deckReady = overlay));
    const overlay = await this.deck;
    if (!this.destroyed) await overlay.setLayers(factory, owner, extras);
  }

  /** Start a drawing session (terra-draw, loaded on first use). */
  async startDrawTool(options: DrawToolOptions): Promise<DrawTool> {
    await this.loaded;
    const { createDrawTool } = await import('./draw-tool');
    return createDrawTool(this.map, { ...options, beforeLayerId: options.beforeLayerId ?? slotId('labels') });
  }

  /**
   * Call `handler` once if the map's worker fails to load (the map would stay blank). Other map errors are
   * logged as maplibre logs them when nobody listens.
   */
  onWorkerFailure(handler: () => void): void {
    let reported = false;
    const report = () => {
      if (reported || this.destroyed) return;
      reported = true;
      console.warn('map worker failed to load; restarting it');
      handler();
    };
    this.map.on('error', (event) => {
      if (!WORKER_FAILED.test(event.error?.message ?? '')) {
        console.error(event.error);
        return;
      }
      report();
    });
    // It may have failed before this map existed.
    if (workerFailed) queueMicrotask(report);
  }

  destroy(): void {
    this.destroyed = true;
    void this.deck?.then((overlay) => overlay.destroy());
    this.map.remove();
  }
}
