import {
  TerraDraw,
  TerraDrawFreehandMode,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawRectangleMode,
  TerraDrawSelectMode,
  TerraDrawSessionUndoRedo,
  TerraDrawUndoRedoKeyboardShortcuts,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { Geometry, Position } from 'geojson';

export const DRAW_KINDS = ['polygon', 'rectangle', 'freehand', 'linestring', 'point'] as const;
export type DrawKind = (typeof DRAW_KINDS)[number];
export type DrawableGeometry = Extract<Geometry, { type: 'Point' | 'LineString' | 'Polygon' }>;

export interface DrawToolOptions {
  /** The shared validation: a refused shape cannot be finished. */
  validate(geometry: DrawableGeometry): { valid: boolean; reason?: string };
  /** Called with the current shape after every change (null when there is none); `drawing` while unfinished. */
  onChange(geometry: DrawableGeometry | null, drawing: boolean): void;
  /** Layer the drawing sits under (keeps labels readable). */
  beforeLayerId?: string;
}

/** A drawing session on a map: draw or edit one geometry, with snapping and undo/redo. */
export interface DrawTool {
  draw(kind: DrawKind): void;
  /** Draw a helper shape (a cutting line, a hole) and get it back; the edited geometry is restored after. */
  drawHelper(kind: 'linestring' | 'polygon'): Promise<DrawableGeometry | null>;
  edit(geometry: DrawableGeometry): void;
  geometry(): DrawableGeometry | null;
  /** Snap to these positions and edges (other zones, the town outline) when enabled. */
  setSnapping(enabled: boolean, references: Position[][]): void;
  undo(): void;
  redo(): void;
  destroy(): void;
}

const SNAP_PIXELS = 12;
/** Decimals terra-draw keeps (7: about 1 cm); a geometry given with more is refused by it, so edit() rounds. */
const COORDINATE_PRECISION = 7;
const roundPositions = (value: unknown): unknown =>
  typeof value === 'number'
    ? Number(value.toFixed(COORDINATE_PRECISION))
    : Array.isArray(value)
      ? value.map(roundPositions)
      : value;
const MODE_OF: Record<DrawKind, string> = {
  polygon: 'polygon',
  rectangle: 'rectangle',
  freehand: 'freehand',
  linestring: 'linestring',
  point: 'point',
};

/**
 * The drawing tool, built on terra-draw and its maplibre adapter. Knows geometries only. Loaded
 * lazily (it is not part of the map page's first JavaScript).
 */
export function createDrawTool(map: MaplibreMap, options: DrawToolOptions): DrawTool {
  let snapping = false;
  let references: Position[][] = [];

  // Snap to the nearest vertex of a reference line within a few pixels, else to the nearest edge.
  const snapToReferences: SnapToCustom = (event, context) => {
    if (!snapping || !references.length) return undefined;
    const pointer = { x: event.containerX, y: event.containerY };
    let best: { position: Position; distance: number } | null = null;
    for (const line of references) {
      for (let index = 0; index < line.length; index += 1) {
        const vertex = line[index]!;
        const projected = context.project(vertex[0]!, vertex[1]!);
        const distance = Math.hypot(projected.x - pointer.x, projected.y - pointer.y);
        if (distance <= SNAP_PIXELS && (!best || distance < best.distance)) best = { position: vertex, distance };
      }
    }
    if (best) return best.position;
    for (const line of references) {
      for (let index = 1; index < line.length; index += 1) {
        const a = context.project(line[index - 1]![0]!, line[index - 1]![1]!);
        const b = context.project(line[index]![0]!, line[index]![1]!);
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const lengthSquared = dx * dx + dy * dy;
        if (!lengthSquared) continue;
        const t = Math.max(0, Math.min(1, ((pointer.x - a.x) * dx + (pointer.y - a.y) * dy) / lengthSquared));
        const x = a.x + t * dx;
        const y = a.y + t * dy;
        const distance = Math.hypot(x - pointer.x, y - pointer.y);
        if (distance <= SNAP_PIXELS && (!best || distance < best.distance)) {
          const { lng, lat } = context.unproject(x, y);
          best = { position: [lng, lat], distance };
        }
      }
    }
    return best?.position;
  };

  const validation = (feature: GeoJSONStoreFeatures, context: { updateType: string }) => {
    // Check finished shapes only: a polygon still being drawn has too few corners by nature.
    if (context.updateType !== 'finish') return { valid: true };
    return options.validate(feature.geometry as DrawableGeometry);
  };
  const snappingOptions = { toCoordinate: true, toLine: true, toCustom: snapToReferences };
  const styles = { fillColor: '#2b7bd6', outlineColor: '#16202b', outlineWidth: 2, fillOpacity: 0.25 } as const;

  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({
      map,
      coordinatePrecision: COORDINATE_PRECISION,
      ...(options.beforeLayerId ? { renderBelowLayerId: options.beforeLayerId } : {}),
    }),
    modes: [
      new TerraDrawPolygonMode({ snapping: snappingOptions, validation, editable: true, styles }),
      new TerraDrawRectangleMode({ validation, styles }),
      new TerraDrawFreehandMode({ validation, styles }),
      new TerraDrawLineStringMode({
        snapping: snappingOptions,
        validation,
        editable: true,
        styles: { lineStringColor: '#16202b', lineStringWidth: 4 },
      }),
      new TerraDrawPointMode({ validation, styles: { pointColor: '#16202b', pointWidth: 8 } }),
      new TerraDrawSelectMode({
        flags: Object.fromEntries(
          ['polygon', 'rectangle', 'freehand', 'linestring', 'point'].map((mode) => [
            mode,
            {
              feature: {
                draggable: true,
                coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snappingOptions },
              },
            },
          ]),
        ),
      }),
    ],
    undoRedo: {
      sessionLevel: new TerraDrawSessionUndoRedo(),
      keyboardShortcuts: new TerraDrawUndoRedoKeyboardShortcuts(),
    },
  });
  draw.start();
  // For browser tests (test builds only), like window.__jinxiMap.
  if (import.meta.env.VITE_TEST_HOOKS === '1') (globalThis as { __terraDraw?: TerraDraw }).__terraDraw = draw;

  // The drawn shape, not terra-draw's helper points (closing, snapping, selection and midpoints).
  const shape = () =>
    draw.getSnapshot().find((feature) => feature.geometry.type !== 'Point' || feature.properties?.mode === 'point');
  const current = (): DrawableGeometry | null => (shape()?.geometry as DrawableGeometry | undefined) ?? null;
  let helper: { resolve(geometry: DrawableGeometry | null): void; saved: DrawableGeometry | null } | null = null;
  const notify = () => {
    if (!helper) options.onChange(current(), Boolean(shape()?.properties?.currentlyDrawing));
  };
  const editGeometry = (given: DrawableGeometry) => {
    const geometry = { ...given, coordinates: roundPositions(given.coordinates) } as DrawableGeometry;
    draw.clear();
    const mode = geometry.type === 'Point' ? 'point' : geometry.type === 'LineString' ? 'linestring' : 'polygon';
    const [result] = draw.addFeatures([{ type: 'Feature', geometry, properties: { mode } } as GeoJSONStoreFeatures]);
    draw.setMode('select');
    if (result?.valid && result.id !== undefined) draw.selectFeature(result.id);
    notify();
  };
  draw.on('change', notify);
  draw.on('finish', (id) => {
    if (helper) {
      const finished = draw.getSnapshot().find((feature) => feature.id === id);
      const { resolve, saved } = helper;
      helper = null;
      if (saved) editGeometry(saved);
      else draw.clear();
      resolve((finished?.geometry as DrawableGeometry | undefined) ?? null);
      return;
    }
    // One geometry per session: a finished shape is selected for editing.
    for (const feature of draw.getSnapshot())
      if (feature.id !== id && !feature.properties?.midPoint) draw.removeFeatures([feature.id!]);
    draw.setMode('select');
    draw.selectFeature(id);
    notify();
  });

  return {
    draw(kind) {
      draw.clear();
      draw.setMode(MODE_OF[kind]);
      notify();
    },
    edit: editGeometry,
    drawHelper(kind) {
      helper?.resolve(null);
      const saved = current();
      return new Promise((resolve) => {
        helper = { resolve, saved };
        draw.clear();
        draw.setMode(MODE_OF[kind]);
      });
    },
    geometry: current,
    setSnapping(enabled, lines) {
      snapping = enabled;
      references = lines;
    },
    undo() {
      draw.undo();
      notify();
    },
    redo() {
      draw.redo();
      notify();
    },
    destroy() {
      draw.stop();
    },
  };
}
