/**
 * The compact binary form of many case points (GET /api/cases/points.bin): a small header, a JSON dictionary, then
 * one typed column per attribute, so 100k cases travel as ~2.2 MB instead of ~40 MB of GeoJSON and the client hands
 * the columns to deck.gl as binary attributes without building one object per case.
 *
 * Layout (little-endian; every column starts on a multiple of its element size):
 *
 *   0  magic "JXCP"                  4 bytes
 *   4  version                       Uint16 (1)
 *   6  flags                         Uint16 (bit 0: every case is synthetic, 生成的示例数据)
 *   8  count                         Uint32
 *  12  dictionary byte length        Uint32
 *  16  origin longitude              Float64 (WGS 84)
 *  24  origin latitude               Float64
 *  32  epoch day                     Int32 (days since 1970-01-01 of day 0, calendar of Asia/Shanghai)
 *  36  reserved                      Uint32 (0)
 *  40  dictionary                    UTF-8 JSON {codes, statuses, units, villages}, padded with spaces to 8 bytes
 *      positions                     Float32 × 2 × count: lon − origin lon, lat − origin lat, interleaved
 *      ids                           Uint32 × count: cases.id
 *      days                          Uint16 × count: reported day − epoch day (Asia/Shanghai)
 *      minutes                       Uint16 × count: reported minute of that day (0–1439)
 *      codes                         Uint16 × count: index into dictionary.codes
 *      statuses                      Uint8 × count: index into dictionary.statuses
 *      units                         Uint8 × count: index into dictionary.units, 255 = not dispatched
 *      villages                      Uint8 × count: index into dictionary.villages, 255 = unknown
 *      flags                         Uint8 × count: bit 0 synthetic, bit 1 suspended (挂账)
 */
export const CASE_POINTS_MAGIC = 'JXCP';
export const CASE_POINTS_VERSION = 1;
export const CASE_POINTS_CONTENT_TYPE = 'application/octet-stream';
/** A missing unit or village in the Uint8 columns. */
export const CASE_POINTS_NONE = 255;
export const CASE_POINT_FLAG_SYNTHETIC = 1;
export const CASE_POINT_FLAG_SUSPENDED = 2;
const HEADER_BYTES = 40;
/** Bytes per case after the header and dictionary. */
export const CASE_POINT_BYTES = 8 + 4 + 2 + 2 + 2 + 1 + 1 + 1 + 1;

export interface CasePointsDictionary {
  /** Problem codes (5 digits), in the order of data/problem-codes.csv, then any others. */
  codes: string[];
  statuses: string[];
  /** Campaign unit ids (at most 255). */
  units: string[];
  /** 12-digit village codes (at most 255). */
  villages: string[];
}

export interface CasePoints {
  count: number;
  /** Every case in the set is synthetic (生成的示例数据). */
  allSynthetic: boolean;
  originLon: number;
  originLat: number;
  epochDay: number;
  dictionary: CasePointsDictionary;
  positions: Float32Array;
  ids: Uint32Array;
  days: Uint16Array;
  minutes: Uint16Array;
  codes: Uint16Array;
  statuses: Uint8Array;
  units: Uint8Array;
  villages: Uint8Array;
  flags: Uint8Array;
}

/** A buffer that is not a case point set of this version; says what is wrong. */
export class CasePointsFormatError extends Error {
  override name = 'CasePointsFormatError';
}

/** Empty columns for `count` cases, to be filled in place (the server's reader, tests). */
export function allocateCasePoints(
  count: number,
  header: Pick<CasePoints, 'originLon' | 'originLat' | 'epochDay' | 'dictionary' | 'allSynthetic'>,
): CasePoints {
  return {
    count,
    ...header,
    positions: new Float32Array(count * 2),
    ids: new Uint32Array(count),
    days: new Uint16Array(count),
    minutes: new Uint16Array(count),
    codes: new Uint16Array(count),
    statuses: new Uint8Array(count),
    units: new Uint8Array(count),
    villages: new Uint8Array(count),
    flags: new Uint8Array(count),
  };
}

const pad8 = (value: number) => Math.ceil(value / 8) * 8;

function checkDictionary(dictionary: CasePointsDictionary): void {
  if (dictionary.units.length > 255) throw new CasePointsFormatError('at most 255 units fit the Uint8 unit column');
  if (dictionary.villages.length > 255) throw new CasePointsFormatError('at most 255 villages fit the Uint8 column');
  if (dictionary.codes.length > 65535) throw new CasePointsFormatError('at most 65535 codes fit the Uint16 column');
}

/** Write a point set in the binary layout above. Columns may be longer than `count` (only `count` are written). */
export function encodeCasePoints(points: CasePoints): Uint8Array {
  checkDictionary(points.dictionary);
  const count = points.count;
  const json = new TextEncoder().encode(JSON.stringify(points.dictionary));
  const dictionaryBytes = pad8(json.length);
  const total = HEADER_BYTES + dictionaryBytes + count * CASE_POINT_BYTES;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = CASE_POINTS_MAGIC.charCodeAt(i);
  view.setUint16(4, CASE_POINTS_VERSION, true);
  view.setUint16(6, points.allSynthetic ? 1 : 0, true);
  view.setUint32(8, count, true);
  view.setUint32(12, dictionaryBytes, true);
  view.setFloat64(16, points.originLon, true);
  view.setFloat64(24, points.originLat, true);
  view.setInt32(32, points.epochDay, true);
  bytes.set(json, HEADER_BYTES);
  bytes.fill(0x20, HEADER_BYTES + json.length, HEADER_BYTES + dictionaryBytes);
  let offset = HEADER_BYTES + dictionaryBytes;
  const put = (column: ArrayBufferView & { BYTES_PER_ELEMENT: number }, elements: number) => {
    const length = elements * column.BYTES_PER_ELEMENT;
    if (column.byteLength < length) throw new CasePointsFormatError('a column is shorter than the count');
    bytes.set(new Uint8Array(column.buffer, column.byteOffset, length), offset);
    offset += length;
  };
  // Typed arrays are little-endian on every platform this runs on (x86, ARM); checked once here.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('big-endian platforms are not supported');
  put(points.positions, count * 2);
  put(points.ids, count);
  put(points.days, count);
  put(points.minutes, count);
  put(points.codes, count);
  put(points.statuses, count);
  put(points.units, count);
  put(points.villages, count);
  put(points.flags, count);
  return bytes;
}

/**
 * Read a point set: the columns are views on the given bytes (no copy) when they are 8-byte aligned, else on a
 * copy. Throws CasePointsFormatError naming what is wrong (magic, version, truncation, dictionary).
 */
export function decodeCasePoints(input: ArrayBuffer | Uint8Array): CasePoints {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  if (bytes.length < HEADER_BYTES) {
    throw new CasePointsFormatError(`truncated: ${bytes.length} bytes, the header alone has ${HEADER_BYTES}`);
  }
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== CASE_POINTS_MAGIC) throw new CasePointsFormatError(`not a case point set (magic "${magic}")`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== CASE_POINTS_VERSION) {
    throw new CasePointsFormatError(`version ${version} is not supported (this reader knows ${CASE_POINTS_VERSION})`);
  }
  const count = view.getUint32(8, true);
  const dictionaryBytes = view.getUint32(12, true);
  const expected = HEADER_BYTES + dictionaryBytes + count * CASE_POINT_BYTES;
  if (dictionaryBytes % 8 !== 0) throw new CasePointsFormatError('the dictionary length is not a multiple of 8');
  if (bytes.length !== expected) {
    throw new CasePointsFormatError(
      `${bytes.length < expected ? 'truncated' : 'too long'}: ${bytes.length} bytes for ${count} cases (expected ${expected})`,
    );
  }
  let dictionary: CasePointsDictionary;
  try {
    dictionary = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + dictionaryBytes)),
    ) as CasePointsDictionary;
  } catch {
    throw new CasePointsFormatError('the dictionary is not valid UTF-8 JSON');
  }
  const lists = [dictionary?.codes, dictionary?.statuses, dictionary?.units, dictionary?.villages];
  if (!lists.every((list) => Array.isArray(list) && list.every((entry) => typeof entry === 'string'))) {
    throw new CasePointsFormatError('the dictionary needs codes, statuses, units and villages as lists of texts');
  }
  let offset = bytes.byteOffset + HEADER_BYTES + dictionaryBytes;
  const take = <T>(make: (buffer: ArrayBufferLike, offset: number, length: number) => T, size: number, n: number) => {
    const column = make(bytes.buffer, offset, n);
    offset += n * size;
    return column;
  };
  return {
    count,
    allSynthetic: (view.getUint16(6, true) & 1) === 1,
    originLon: view.getFloat64(16, true),
    originLat: view.getFloat64(24, true),
    epochDay: view.getInt32(32, true),
    dictionary,
    positions: take((b, o, n) => new Float32Array(b, o, n), 4, count * 2),
    ids: take((b, o, n) => new Uint32Array(b, o, n), 4, count),
    days: take((b, o, n) => new Uint16Array(b, o, n), 2, count),
    minutes: take((b, o, n) => new Uint16Array(b, o, n), 2, count),
    codes: take((b, o, n) => new Uint16Array(b, o, n), 2, count),
    statuses: take((b, o, n) => new Uint8Array(b, o, n), 1, count),
    units: take((b, o, n) => new Uint8Array(b, o, n), 1, count),
    villages: take((b, o, n) => new Uint8Array(b, o, n), 1, count),
    flags: take((b, o, n) => new Uint8Array(b, o, n), 1, count),
  };
}

const DAY_MS = 86_400_000;
/** Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day number (days since 1970-01-01) and minute of day of an instant (ms). */
export function shanghaiDayAndMinute(instantMs: number): { day: number; minute: number } {
  const local = instantMs + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, minute: Math.floor((local - day * DAY_MS) / 60_000) };
}

const digit = (text: string, index: number) => text.charCodeAt(index) - 48;

/**
 * Minutes since 1970-01-01 00:00 in Asia/Shanghai of a UTC ISO text like `2026-03-01T15:30:00.000Z`, read without
 * allocating (the server reads 100k of them per request); any other form of date-time goes through Date.parse.
 */
export function shanghaiMinutesOf(iso: string): number {
  if (iso.length < 17 || iso.charCodeAt(iso.length - 1) !== 90 /* Z */ || iso.charCodeAt(10) !== 84 /* T */) {
    return Math.floor((Date.parse(iso) + SHANGHAI_OFFSET_MS) / 60_000);
  }
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const month = digit(iso, 5) * 10 + digit(iso, 6);
  const day = digit(iso, 8) * 10 + digit(iso, 9);
  const hour = digit(iso, 11) * 10 + digit(iso, 12);
  const minute = digit(iso, 14) * 10 + digit(iso, 15);
  // Days from the civil date (H. Hinnant's days_from_civil), proleptic Gregorian.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const days = era * 146097 + dayOfEra - 719468;
  return days * 1440 + hour * 60 + minute + 480;
}

/** [west, south, east, north] around every case point, null without any. */
export function casePointsBox(points: CasePoints): [number, number, number, number] | null {
  if (points.count === 0) return null;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < points.count; i += 1) {
    const lon = points.originLon + points.positions[i * 2]!;
    const lat = points.originLat + points.positions[i * 2 + 1]!;
    if (lon < box[0]) box[0] = lon;
    if (lat < box[1]) box[1] = lat;
    if (lon > box[2]) box[2] = lon;
    if (lat > box[3]) box[3] = lat;
  }
  return box;
}

/** YYYY-MM-DD → its day number (days since 1970-01-01); the day is a calendar day, no time zone applies. */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** Day number → YYYY-MM-DD. */
export function dayText(dayNumberValue: number): string {
  return new Date(dayNumberValue * DAY_MS).toISOString().slice(0, 10);
}

/** The default epoch: 2000-01-01 (Uint16 days then reach 2179). */
export const CASE_POINTS_EPOCH_DAY = dayNumber('2000-01-01');
