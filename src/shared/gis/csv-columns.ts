/**
 * The column names a CSV's geometry is found by (the one list; issue 15): what Excel sheets from Chinese
 * offices, GIS exports and survey tables call them. Compared trimmed, case-insensitively, with a unit in
 * brackets dropped (`经度(°)`, `X坐标（米）`). X/Y may be eastings and northings: the coordinate system is then
 * proposed from the values, as for a Shapefile without a .prj.
 */
export const CSV_WKT_COLUMNS = ['wkt', 'geometry', 'geom', 'the_geom', 'shape', '几何', '空间信息', '图形'] as const;
export const CSV_LON_COLUMNS = [
  'lon',
  'lng',
  'long',
  'longitude',
  'x',
  'x坐标',
  '经度',
  '东经',
  '經度',
  '東經',
] as const;
export const CSV_LAT_COLUMNS = ['lat', 'latitude', 'y', 'y坐标', '纬度', '北纬', '緯度', '北緯'] as const;

const normalise = (name: string) =>
  name
    .trim()
    .replace(/\s*[(（[【].*[)）\]】]\s*$/, '')
    .toLowerCase();

const isOneOf = (list: readonly string[]) => (name: string) => list.includes(normalise(name));

/** The geometry columns among a CSV's header names: a WKT column, or a longitude/x and latitude/y pair. */
export function csvGeometryColumns(fields: readonly string[]): { wkt?: string; lon?: string; lat?: string } {
  const wkt = fields.find(isOneOf(CSV_WKT_COLUMNS));
  const lon = fields.find(isOneOf(CSV_LON_COLUMNS));
  const lat = fields.find(isOneOf(CSV_LAT_COLUMNS));
  return { ...(wkt ? { wkt } : {}), ...(lon ? { lon } : {}), ...(lat ? { lat } : {}) };
}
