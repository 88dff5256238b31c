declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  /** Parse the .shp (geometries, in the file's coordinates when no .prj is given). */
  export function parseShp(shp: ArrayBufferView | ArrayBuffer, prj?: string): (Geometry | null)[];
  /** Parse the .dbf with the text decoded by `encoding` (a TextDecoder label). */
  export function parseDbf(dbf: ArrayBufferView | ArrayBuffer, encoding?: string): Record<string, unknown>[];
}
