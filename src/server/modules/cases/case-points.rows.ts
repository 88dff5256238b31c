import { CASE_STATUSES } from '../../../shared/cases/case';
import {
  allocateCasePoints,
  CASE_POINT_FLAG_SUSPENDED,
  CASE_POINT_FLAG_SYNTHETIC,
  CASE_POINTS_EPOCH_DAY,
  CASE_POINTS_NONE,
  shanghaiMinutesOf,
  type CasePoints,
} from '../../../shared/cases/case-points';

/** The rows of the case layer, both engines: `@from`/`@to` (UTC ISO or null), raw rows in this column order. */
export const CASE_POINTS_WHERE =
  'WHERE (CAST(@from AS TEXT) IS NULL OR reported_at >= @from) AND (CAST(@to AS TEXT) IS NULL OR reported_at < @to)';
export const CASE_POINTS_SQL = {
  count: `SELECT count(*) AS n, min(synthetic) AS "allSynthetic" FROM cases ${CASE_POINTS_WHERE}`,
  rows: `SELECT id, lon, lat, reported_at, code, status, unit_id, village_code, synthetic, suspended
       FROM cases ${CASE_POINTS_WHERE} ORDER BY id`,
};

const STATUS_INDEX = new Map<string, number>(CASE_STATUSES.map((status, index) => [status, index]));

/**
 * Raw (array) rows straight into preallocated typed columns: no object per row. Codes, units and villages become
 * dictionary indexes as they are met. `n` is how many rows there are (at most that many are read).
 */
export function fillCasePoints(
  n: number,
  allSynthetic: boolean,
  rows: Iterable<unknown[]>,
  codeOrder: readonly string[],
): CasePoints {
  const codes = [...codeOrder];
  const codeIndex = new Map(codes.map((code, index) => [code, index]));
  const units: string[] = [];
  const unitIndex = new Map<string, number>();
  const villages: string[] = [];
  const villageIndex = new Map<string, number>();
  const points = allocateCasePoints(n, {
    originLon: 0,
    originLat: 0,
    epochDay: CASE_POINTS_EPOCH_DAY,
    dictionary: { codes, statuses: [...CASE_STATUSES], units, villages },
    allSynthetic: n > 0 && allSynthetic,
  });
  const { positions, ids, days, minutes, statuses, flags } = points;
  let i = 0;
  for (const row of rows) {
    if (i >= n) break;
    const lon = row[1] as number;
    const lat = row[2] as number;
    if (i === 0) {
      // The origin: the first point rounded to 0.01°, so every offset stays small (Float32 ≈ 1 cm here).
      points.originLon = Math.round(lon * 100) / 100;
      points.originLat = Math.round(lat * 100) / 100;
    }
    positions[i * 2] = lon - points.originLon;
    positions[i * 2 + 1] = lat - points.originLat;
    ids[i] = row[0] as number;
    const localMinutes = shanghaiMinutesOf(row[3] as string);
    const day = Math.floor(localMinutes / 1440);
    days[i] = Math.min(65535, Math.max(0, day - CASE_POINTS_EPOCH_DAY));
    minutes[i] = localMinutes - day * 1440;
    const code = row[4] as string;
    let codeAt = codeIndex.get(code);
    if (codeAt === undefined) {
      codeAt = codes.length;
      codes.push(code);
      codeIndex.set(code, codeAt);
    }
    points.codes[i] = codeAt;
    statuses[i] = STATUS_INDEX.get(row[5] as string) ?? 0;
    points.units[i] = dictionaryIndex(row[6] as string | null, units, unitIndex);
    points.villages[i] = dictionaryIndex(row[7] as string | null, villages, villageIndex);
    flags[i] = (row[8] ? CASE_POINT_FLAG_SYNTHETIC : 0) | (row[9] ? CASE_POINT_FLAG_SUSPENDED : 0);
    i += 1;
  }
  points.count = i;
  return points;
}

/** The index of a value in a growing Uint8 dictionary; 255 for none (or past the 255th distinct value). */
function dictionaryIndex(value: string | null, list: string[], index: Map<string, number>): number {
  if (value === null || value === '') return CASE_POINTS_NONE;
  const known = index.get(value);
  if (known !== undefined) return known;
  if (list.length >= CASE_POINTS_NONE) return CASE_POINTS_NONE;
  list.push(value);
  index.set(value, list.length - 1);
  return list.length - 1;
}
