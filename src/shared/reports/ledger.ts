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

/** The text before `guardSpreadsheetText`: reading back a CSV this product wrote (the GIS import). */
export function unguardSpreadsheetText(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
