import * as z from 'zod/mini';
import { zoneQuerySchema } from '../zones/zone';

/** How the ledger (台帐) is split into sheets: one per campaign item, or one per lead unit (牵头单位). */
export const LEDGER_GROUPINGS = ['item', 'unit'] as const;
export type LedgerGrouping = (typeof LEDGER_GROUPINGS)[number];

/** `GET /api/reports/ledger.xlsx|csv`: the zone filters of `GET /api/zones` plus the grouping. */
export const ledgerQuerySchema = z.strictObject({
  ...zoneQuerySchema.shape,
  by: z.optional(z.enum(LEDGER_GROUPINGS, { error: 'by must be item or unit' })),
});
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;

/**
 * A cell text that a spreadsheet would read as a formula or command (= + - @, or a leading tab or
 * carriage return) gets a leading apostrophe (formula injection, docs/quality.md R10). For CSV, where a
 * value has no type; the workbook writes typed string cells instead.
 */
export function guardSpreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A CSV field (RFC 4180): formula-guarded, quoted when it holds a quote, comma, CR or LF. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  const text = guardSpreadsheetText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV text as this product writes it: a byte-order mark first (Excel on Chinese Windows then reads
 * it as UTF-8), CRLF line ends, every field through `csvField`.
 */
export function csvText(rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The text before `guardSpreadsheetText`: reading back a CSV this product wrote (the GIS import). */
export function unguardSpreadsheetText(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
