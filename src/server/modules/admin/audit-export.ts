import { PassThrough } from 'node:stream';
import type { AuditEntry, AuditExportQuery } from '../../../shared/admin/audit';
import { auditRowText, type AuditRowText } from '../../../shared/admin/audit-rows';
import { auditWord } from '../../../shared/admin/audit-words';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { csvText } from '../../../shared/reports/ledger';
import { shanghaiTimestamp } from '../../../shared/time/dates';
import { loadExcel, xmlSafe } from '../../platform/spreadsheet';
import { nextTurn } from '../../platform/next-turn';

/** The export's columns in order, with their width in characters; headed by the words under `audit.columns`. */
export const AUDIT_EXPORT_COLUMNS = [
  ['time', 20],
  ['actor', 16],
  ['unit', 12],
  ['action', 18],
  ['target', 28],
  ['outcome', 7],
  ['changes', 48],
  ['reason', 30],
] as const satisfies readonly (readonly [keyof AuditRowText, number])[];

/** The entries in the page's words, in zh-CN: times in Asia/Shanghai, names for codes, changes one per line. */
export function auditExportRows(entries: readonly AuditEntry[], campaign: CampaignResponse): string[][] {
  const unitName = (id: string | null) => (id ? (campaign.units.find((unit) => unit.id === id)?.name ?? id) : '—');
  return entries.map((entry) => {
    const row = auditRowText(
      entry,
      {
        word: auditWord,
        time: (iso) => shanghaiTimestamp(new Date(iso), { seconds: true }),
        unit: unitName,
        label: (change) => change.label,
      },
      campaign,
    );
    return AUDIT_EXPORT_COLUMNS.map(([key]) => (key === 'changes' ? row.changes.join('\n') : row[key]));
  });
}

const header = () => AUDIT_EXPORT_COLUMNS.map(([key]) => auditWord(`columns.${key}`)!);

/** The filters as a sentence for the workbook's header block (words, not codes). */
export function describeAuditFilters(query: AuditExportQuery, campaign: CampaignResponse): string {
  const column = (key: string) => auditWord(`columns.${key}`)!;
  const parts: string[] = [];
  if (query.actor?.trim()) parts.push(`${column('actor')}“${query.actor.trim()}”`);
  if (query.unit)
    parts.push(`${column('unit')} ${campaign.units.find((unit) => unit.id === query.unit)?.name ?? query.unit}`);
  if (query.action)
    parts.push(`${column('action')} ${auditWord(`actions.${query.action}`) ?? auditWord('actions.other')}`);
  if (query.targetType) parts.push(`${column('target')} ${auditWord(`targets.${query.targetType}`)}`);
  if (query.target?.trim()) parts.push(`${column('target')}“${query.target.trim()}”`);
  if (query.outcome) parts.push(`${column('outcome')} ${auditWord(`outcomes.${query.outcome}`)}`);
  if (query.from || query.to) parts.push(`日期 ${query.from ?? '最早'} 至 ${query.to ?? '今天'}`);
  return parts.length ? parts.join('；') : '无（全部记录）';
}

/** The CSV: UTF-8 with BOM, CRLF, one header line, changes as lines within their cell, formulas guarded. */
export function writeAuditCsv(rows: readonly string[][]): Buffer {
  return Buffer.from(csvText([header(), ...rows]), 'utf8');
}

/** Where the workbook's column headers are (a header block above them). */
export const AUDIT_HEADER_ROW = 5;

/** Rows written between two turns of the event loop, so other requests are answered while a big export is written. */
const ROWS_PER_TURN = 250;

/**
 * The workbook: a header block (title, filters, generation time and count), a frozen header row with an
 * autofilter, one row per entry; every cell a typed string, never a formula. Written as a stream that gives
 * the event loop a turn every ROWS_PER_TURN rows (docs/quality.md P10).
 */
export async function writeAuditWorkbook(
  rows: readonly string[][],
  info: { campaignName: string; filters: string; generatedAt: string },
): Promise<Buffer> {
  const Excel = await loadExcel();
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = info.campaignName;
  workbook.title = `${info.campaignName} 操作日志`;
  const sheet = workbook.addWorksheet('操作日志', {
    views: [{ state: 'frozen', ySplit: AUDIT_HEADER_ROW, xSplit: 0 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = AUDIT_EXPORT_COLUMNS.map(([key, width]) => ({ key, width }));
  sheet.autoFilter = {
    from: { row: AUDIT_HEADER_ROW, column: 1 },
    to: { row: AUDIT_HEADER_ROW + Math.max(rows.length, 1), column: AUDIT_EXPORT_COLUMNS.length },
  };
  const title = sheet.getCell('A1');
  title.value = xmlSafe(`${info.campaignName} 操作日志`);
  title.font = { bold: true, size: 16 };
  sheet.getCell('A2').value = xmlSafe(`筛选条件：${info.filters}`);
  sheet.getCell('A3').value = `生成时间：${info.generatedAt}（北京时间）；共 ${rows.length} 条`;
  const headerRow = sheet.getRow(AUDIT_HEADER_ROW);
  headerRow.values = header();
  headerRow.font = { bold: true };
  headerRow.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  headerRow.commit();
  for (const [index, values] of rows.entries()) {
    const row = sheet.getRow(AUDIT_HEADER_ROW + 1 + index);
    values.forEach((value, column) => {
      // A plain string cell: Excel shows "=1+1" as text and never evaluates it.
      if (value) row.getCell(column + 1).value = xmlSafe(value);
    });
    row.alignment = { vertical: 'top', wrapText: true };
    row.commit();
    if (index % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
  }
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
