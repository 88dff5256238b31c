/**
 * The CSV import's parsing, run in an import worker thread (src/server/modules/gis/import/run-worker.ts)
 * so a 300,000-row export never blocks the server's event loop (docs/quality.md P10). The worker
 * keeps its last parse for a minute: the second step of one import reads the same bytes again.
 */
import {
  convertRecords,
  decodeCsv,
  parseCsvText,
  type ColumnMapping,
  type Encoding,
  type ImportOptions,
  type ImportRowError,
} from './case-import';
import type { NewCaseRow } from './cases.repo';

interface Parsed {
  key: string;
  encoding: Encoding;
  headers: string[];
  records: string[][];
}
let last: { parsed: Parsed; timer: NodeJS.Timeout } | null = null;

function parse(key: string, bytes: Uint8Array): Parsed {
  if (last?.parsed.key === key) {
    last.timer.refresh();
    return last.parsed;
  }
  if (last) clearTimeout(last.timer);
  last = null;
  const { text, encoding } = decodeCsv(bytes);
  const { headers, records } = parseCsvText(text);
  const parsed = { key, encoding, headers, records };
  const timer = setTimeout(() => (last = null), 60_000);
  timer.unref();
  last = { parsed, timer };
  return parsed;
}

/** Step 1: the encoding and the header row (the mapping is chosen from them). */
export function readCaseCsvHeaders(input: { key: string; bytes: Uint8Array }): {
  encoding: Encoding;
  headers: string[];
  rowCount: number;
} {
  const { encoding, headers, records } = parse(input.key, input.bytes);
  return { encoding, headers, rowCount: records.length };
}

export interface ConvertedCsv {
  rowCount: number;
  validCount: number;
  errorCount: number;
  /** The first `maxErrors` row errors. */
  errors: ImportRowError[];
  unknownUnits: string[];
  /** Every valid row's 案件编号, in file order. */
  caseNumbers: string[];
  /** The first 10 valid rows without their steps (the preview's sample). */
  sample: Omit<NewCaseRow, 'steps'>[];
  /** Every valid row, when asked for (commit). */
  rows?: NewCaseRow[];
}

/** Step 2: validate and convert every record with the chosen mapping. */
export function convertCaseCsv(input: {
  key: string;
  bytes: Uint8Array;
  mapping: ColumnMapping;
  options: Omit<ImportOptions, 'mapping'>;
  maxErrors: number;
  withRows: boolean;
}): ConvertedCsv {
  const { headers, records } = parse(input.key, input.bytes);
  const { rows, errors, unknownUnits } = convertRecords(headers, records, { ...input.options, mapping: input.mapping });
  return {
    rowCount: records.length,
    validCount: rows.length,
    errorCount: errors.length,
    errors: errors.slice(0, input.maxErrors),
    unknownUnits,
    caseNumbers: rows.map((row) => row.caseNo),
    sample: rows.slice(0, 10).map(({ steps: _steps, ...row }) => row),
    ...(input.withRows ? { rows } : {}),
  };
}
