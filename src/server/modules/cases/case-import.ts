import Papa from 'papaparse';
import {
  CASE_SOURCE_LABELS,
  CASE_SOURCES,
  deadlineFor,
  type CaseSource,
  type CaseStatus,
  type ProblemCode,
} from '../../../shared/cases/case';
import type { NewCaseRow } from './cases.repo';
import { gcj02ToWgs84 } from '../../../shared/geo/gcj02';

/**
 * Reading a platform's case export (CSV): encoding detection, column mapping, row validation and conversion.
 * Pure: the route stores the valid rows through the repository in one transaction.
 */

/** The fields an import understands, with the headers real exports use for them (first match wins). */
export const IMPORT_FIELDS = {
  caseNo: ['案件编号', '案卷编号', '案件号', '任务号', '编号', 'case_no', 'caseno'],
  source: ['问题来源', '案件来源', '来源', 'source'],
  kind: ['问题类型', '案件类型', '类型', 'kind'],
  majorName: ['大类', '大类名称', '问题大类', 'major'],
  minorName: ['小类', '小类名称', '问题小类', 'minor'],
  code: ['问题编码', '小类编码', '问题代码', '案件编码', '编码', 'code'],
  description: ['问题描述', '案件描述', '描述', 'description'],
  address: ['发生地址', '地址', '位置描述', 'address'],
  lon: ['经度', 'x坐标', 'x', 'lon', 'lng', 'longitude'],
  lat: ['纬度', 'y坐标', 'y', 'lat', 'latitude'],
  reportedAt: ['上报时间', '发现时间', '受理时间', 'reported_at'],
  registeredAt: ['立案时间', 'registered_at'],
  dispatchedAt: ['派遣时间', '派遣时刻', 'dispatched_at'],
  unit: ['处置部门', '处置单位', '责任单位', '主办部门', 'unit'],
  deadlineAt: ['处置时限', '处置截止时间', '截止时间', 'deadline_at'],
  disposedAt: ['处置时间', '处置完成时间', '处理时间', '反馈时间', 'disposed_at'],
  closedAt: ['结案时间', 'closed_at'],
  status: ['案件状态', '状态', 'status'],
  extensionCount: ['延期次数', 'extension_count'],
  reworkCount: ['返工次数', 'rework_count'],
  suspended: ['是否挂账', '挂账', '是否缓办', 'suspended'],
} as const satisfies Record<string, readonly string[]>;
export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_FIELD_KEYS = Object.keys(IMPORT_FIELDS) as ImportField[];
/** field → the header it is read from. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** BOM → that encoding; valid UTF-8 → UTF-8; anything else → GB18030 (a superset of GBK, which real exports use). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

const normalise = (header: string) => header.replace(/\s+/g, '').toLowerCase();

/** Guess the mapping from the headers: each field takes the first header matching one of its names. */
export function detectMapping(headers: readonly string[]): ColumnMapping {
  const byName = new Map(headers.map((header) => [normalise(header), header]));
  const mapping: ColumnMapping = {};
  for (const field of IMPORT_FIELD_KEYS) {
    for (const name of IMPORT_FIELDS[field]) {
      const header = byName.get(normalise(name));
      if (header !== undefined) {
        mapping[field] = header;
        break;
      }
    }
  }
  return mapping;
}

/** A stable key of a header row, so a mapping chosen once is offered again for the same export layout. */
export function headerSignature(headers: readonly string[]): string {
  let hash = 2166136261;
  for (const char of headers.join('\u0001')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return `${headers.length}-${hash.toString(16)}`;
}

const STATUS_NAMES: Record<string, CaseStatus> = {
  待受理: 'reported',
  信息收集: 'reported',
  已上报: 'reported',
  上报: 'reported',
  已受理: 'reported',
  已立案: 'registered',
  立案: 'registered',
  待派遣: 'registered',
  已派遣: 'dispatched',
  派遣: 'dispatched',
  待处置: 'dispatched',
  处置中: 'disposing',
  处理中: 'disposing',
  已处置: 'feedback',
  处理反馈: 'feedback',
  待核查: 'feedback',
  核查中: 'feedback',
  核查通过: 'verified',
  待结案: 'verified',
  已结案: 'closed',
  结案: 'closed',
  已作废: 'voided',
  作废: 'voided',
};
const SOURCE_NAMES = new Map<string, CaseSource>([
  ...CASE_SOURCES.map((source) => [CASE_SOURCE_LABELS[source], source] as [string, CaseSource]),
  ...CASE_SOURCES.map((source) => [source, source] as [string, CaseSource]),
  ['监督员', 'inspector'],
  ['监督员采集', 'inspector'],
  ['公众投诉', 'public'],
  ['市民投诉', 'public'],
  ['12345', 'hotline'],
  ['热线', 'hotline'],
  ['领导批示', 'leader'],
  ['巡查', 'patrol'],
  ['媒体', 'media'],
]);

/**
 * A platform time → UTC ISO. Local Asia/Shanghai times "2025-03-04 09:12:00", "2025/3/4 9:12", "2025-03-04"
 * (midnight), or an ISO time with an offset. Null for an empty cell; `undefined` for one that is not a time.
 */
export function parsePlatformTime(text: string): string | null | undefined {
  const value = text.trim();
  if (value === '') return null;
  const fast = fastLocalTime(value);
  if (fast !== undefined) return fast;
  const local = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(
    value,
  );
  if (local) {
    return shanghaiToIso(
      Number(local[1]),
      Number(local[2]),
      Number(local[3]),
      Number(local[4] ?? 0),
      Number(local[5] ?? 0),
      Number(local[6] ?? 0),
    );
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : new Date(time).toISOString();
  }
  return undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A checked Asia/Shanghai (UTC+8, no daylight saving) wall-clock time → UTC ISO, or undefined if not a real time. */
function shanghaiToIso(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour - 8, minute, second)).toISOString();
}

/** Calendar day → the day before (for local times before 08:00, which fall on the previous UTC day). */
const PREVIOUS_DAY = new Map<string, string>();

/** The common export format "YYYY-MM-DD HH:mm:ss" read by character codes (no regex): 100k rows × 6 times. */
function fastLocalTime(value: string): string | undefined {
  if (value.length !== 19) return undefined;
  if (
    value[4] !== '-' ||
    value[7] !== '-' ||
    (value[10] !== ' ' && value[10] !== 'T') ||
    value[13] !== ':' ||
    value[16] !== ':'
  ) {
    return undefined;
  }
  const digits = (start: number, length: number) => {
    let n = 0;
    for (let i = start; i < start + length; i++) {
      const code = value.charCodeAt(i) - 48;
      if (code < 0 || code > 9) return -1;
      n = n * 10 + code;
    }
    return n;
  };
  const parts = [digits(0, 4), digits(5, 2), digits(8, 2), digits(11, 2), digits(14, 2), digits(17, 2)];
  if (parts.some((part) => part < 0)) return undefined;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const date = value.slice(0, 10);
  // Checked once per calendar day; the UTC text is then written directly (UTC = local − 8 h).
  let previous = PREVIOUS_DAY.get(date);
  if (previous === undefined) {
    const checked = shanghaiToIso(year, month, day, 12, 0, 0);
    if (checked === undefined) return undefined;
    previous = new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
    if (PREVIOUS_DAY.size > 100_000) PREVIOUS_DAY.clear();
    PREVIOUS_DAY.set(date, previous);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const utcHour = hour >= 8 ? hour - 8 : hour + 16;
  return `${hour >= 8 ? date : previous}T${utcHour < 10 ? '0' : ''}${utcHour}:${value.slice(14, 16)}:${value.slice(17, 19)}.000Z`;
}

export interface ImportRowError {
  /** The line of the file (the header is line 1). */
  row: number;
  field: ImportField | null;
  message: string;
}

export interface ImportOptions {
  mapping: ColumnMapping;
  crs: 'wgs84' | 'gcj02';
  codes: readonly ProblemCode[];
  /** Campaign units: id and name. */
  units: readonly { id: string; name: string }[];
}

export interface ParsedImport {
  encoding: Encoding;
  headers: string[];
  rowCount: number;
  rows: NewCaseRow[];
  errors: ImportRowError[];
  /** Unit names that match no campaign unit (the cases keep no unit). */
  unknownUnits: string[];
}

/** Parse a CSV text into header + rows (papaparse; delimiter guessed among , ; tab). */
export function parseCsvText(text: string): { headers: string[]; records: string[][] } {
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', '\t', ';'],
  });
  const [headerRow = [], ...records] = parsed.data;
  return { headers: headerRow.map((header) => header.trim()), records };
}

/** Validate and convert the records. Every problem is a row error with the line number and what is wrong. */
export function convertRecords(
  headers: readonly string[],
  records: readonly string[][],
  options: ImportOptions,
): { rows: NewCaseRow[]; errors: ImportRowError[]; unknownUnits: string[] } {
  const column = new Map<ImportField, number>();
  for (const field of IMPORT_FIELD_KEYS) {
    const header = options.mapping[field];
    if (header === undefined) continue;
    const index = headers.indexOf(header);
    if (index >= 0) column.set(field, index);
  }
  const codes = new Map(options.codes.map((code) => [code.code, code]));
  const codesByName = new Map<string, ProblemCode>();
  for (const code of options.codes) {
    if (!codesByName.has(code.name)) codesByName.set(code.name, code);
    if (!codesByName.has(code.legacyLabel)) codesByName.set(code.legacyLabel, code);
  }
  const units = new Map<string, string>();
  for (const unit of options.units) {
    units.set(unit.id, unit.id);
    units.set(unit.name, unit.id);
  }
  const unknownUnits = new Set<string>();
  const seen = new Set<string>();
  const rows: NewCaseRow[] = [];
  const errors: ImportRowError[] = [];
  for (const [index, record] of records.entries()) {
    const line = index + 2;
    const get = (field: ImportField) => {
      const at = column.get(field);
      return at === undefined ? '' : (record[at] ?? '').trim();
    };
    const rowErrors: ImportRowError[] = [];
    const fail = (field: ImportField | null, message: string) => rowErrors.push({ row: line, field, message });
    const caseNo = get('caseNo');
    if (!caseNo) fail('caseNo', '案件编号 is empty');
    else if (caseNo.length > 64) fail('caseNo', '案件编号 is longer than 64 characters');
    else if (seen.has(caseNo)) fail('caseNo', `案件编号 ${caseNo} appears twice in the file`);
    // Code: the 5-digit column, else the 小类 name (or its legacy label).
    const codeText = get('code');
    const minor = get('minorName');
    let code: ProblemCode | undefined;
    if (codeText) {
      code = codes.get(codeText.padStart(5, '0'));
      if (!code) fail('code', `unknown problem code ${codeText.slice(0, 20)}`);
    } else if (minor) {
      code = codesByName.get(minor);
      if (!code) fail('minorName', `unknown 小类 ${minor.slice(0, 40)} (no code column)`);
    } else {
      fail('code', 'no problem code (问题编码) and no 小类');
    }
    const major = get('majorName');
    const legacyLabel = major || minor ? `${major}/${minor}`.slice(0, 120) : null;
    // Point.
    const lonText = get('lon');
    const latText = get('lat');
    let lon = Number(lonText);
    let lat = Number(latText);
    if (!lonText || !latText || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      fail(lonText ? 'lat' : 'lon', '经度/纬度 missing or not numbers');
    } else if (lon < 73 || lon > 136 || lat < 3 || lat > 54) {
      fail('lon', `经度/纬度 ${lonText.slice(0, 20)}, ${latText.slice(0, 20)} is outside China (swapped columns?)`);
    } else if (options.crs === 'gcj02') {
      [lon, lat] = gcj02ToWgs84(lon, lat);
    }
    // Times.
    const time = (field: ImportField, required = false) => {
      const text = get(field);
      const value = parsePlatformTime(text);
      if (value === undefined) {
        fail(field, `${text.slice(0, 30)} is not a time like 2025-03-04 09:12:00`);
        return null;
      }
      if (value === null && required) fail(field, '上报时间 is empty');
      return value;
    };
    const reportedAt = time('reportedAt', true);
    const registeredAt = time('registeredAt');
    const dispatchedAt = time('dispatchedAt');
    let deadlineAt = time('deadlineAt');
    const disposedAt = time('disposedAt');
    const closedAt = time('closedAt');
    // Unit.
    const unitText = get('unit');
    let unitId: string | null = null;
    if (unitText) {
      unitId = units.get(unitText) ?? null;
      if (!unitId && unknownUnits.size < 100) unknownUnits.add(unitText.slice(0, 40));
    }
    // Status: named, or inferred from the times.
    const statusText = get('status');
    let status: CaseStatus | undefined = statusText ? STATUS_NAMES[statusText] : undefined;
    if (statusText && !status) fail('status', `unknown 案件状态 ${statusText.slice(0, 20)}`);
    status ??= closedAt
      ? 'closed'
      : disposedAt
        ? 'feedback'
        : dispatchedAt
          ? 'dispatched'
          : registeredAt
            ? 'registered'
            : 'reported';
    const count = (field: ImportField) => {
      const text = get(field);
      if (!text) return 0;
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0 || n > 1000) {
        fail(field, `${text.slice(0, 20)} is not a count`);
        return 0;
      }
      return n;
    };
    const extensionCount = count('extensionCount');
    const reworkCount = count('reworkCount');
    const suspendedText = get('suspended');
    const suspended = ['是', '1', 'true', 'y', 'yes', '挂账', '缓办'].includes(suspendedText.toLowerCase());
    const sourceText = get('source');
    const source = SOURCE_NAMES.get(sourceText) ?? 'import';
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      if (caseNo) seen.add(caseNo);
      continue;
    }
    seen.add(caseNo);
    if (!deadlineAt && dispatchedAt && code) deadlineAt = deadlineFor(dispatchedAt, code.timeLimitHours);
    const description = get('description').slice(0, 2000);
    rows.push({
      caseNo,
      code: code!.code,
      legacyLabel,
      description,
      address: get('address').slice(0, 200),
      source,
      lon: Math.round(lon * 1e7) / 1e7,
      lat: Math.round(lat * 1e7) / 1e7,
      status,
      unitId,
      reportedAt: reportedAt!,
      registeredAt,
      dispatchedAt,
      deadlineAt,
      disposedAt,
      closedAt,
      extensionCount,
      reworkCount,
      suspended: suspended && status !== 'closed' && status !== 'voided',
      suspendedAt: null,
      // Cases made by scripts/generate-cases.ts stay flagged as synthetic when they come back through an import.
      synthetic: caseNo.startsWith('SIM') || description.includes('生成的示例数据'),
      steps: [
        {
          action: 'import',
          fromStatus: null,
          toStatus: status,
          actorRole: null,
          actorUnit: null,
          at: reportedAt!,
          note: '平台导入',
        },
      ],
    });
  }
  return { rows, errors, unknownUnits: [...unknownUnits] };
}
