import type ExcelJS from 'exceljs';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { Task, ZoneFeature } from '../../../shared/zones/zone';
import type { Photo } from '../../../shared/photos/photo';
import { csvField, type LedgerGrouping, type LedgerQuery } from '../../../shared/reports/ledger';
import { ZONE_LEDGER_FIELDS, zoneLedgerColumn } from '../../../shared/zones/zone-fields';
import { loadExcel, xmlSafe } from '../../platform/spreadsheet';

/** A zone of the ledger with its tasks and its before/after photos (not deleted). */
export interface LedgerZone {
  zone: ZoneFeature;
  tasks: Task[];
  photos: Photo[];
}

/** A photo in a ledger line: where its thumbnail is and where the full display image is linked to. */
export interface LedgerPhoto {
  id: string;
  /** Absolute URL of `/api/photos/:id/display`. */
  displayUrl: string;
  width: number;
  height: number;
}

/** One row of the ledger: a zone, one of its tasks, or a further before/after pair of the row above. */
export interface LedgerLine {
  kind: 'zone' | 'task' | 'pair';
  /** "3" for the third zone of the sheet, "3.2" for its second task. */
  number: string;
  item: string;
  zoneName: string;
  village: string;
  leadUnit: string;
  responsibleUnits: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  zoneStatus: string;
  progress: number | null;
  /** The zone's measures (一区一策) on a zone row, the task's on a task row. */
  measures: string;
  taskTitle: string;
  assignedUnit: string;
  dueDate: string | null;
  originalDueDate: string | null;
  taskStatus: string;
  /** Zones: "超期 N 天" (zoneOverdueDays) or false; tasks: whether overdue. */
  overdue: boolean | string | null;
  reworkCount: number | null;
  extensionCount: number | null;
  completedOn: string | null;
  before: LedgerPhoto | null;
  after: LedgerPhoto | null;
  pairDistanceM: number | null;
  pairCheck: string;
}

export interface LedgerSheet {
  /** Sheet name: ≤ 31 characters, none of []:*?/\ (Excel's rules), unique in the workbook. */
  name: string;
  /** What the sheet holds, for its header block ("整治项目：R4 …" or "牵头单位：水利站"). */
  title: string;
  lines: LedgerLine[];
}

export interface LedgerHeader {
  campaignName: string;
  grouping: LedgerGrouping;
  filters: string;
  /** Generation time, Asia/Shanghai, "YYYY-MM-DD HH:mm". */
  generatedAt: string;
  sampleData: boolean;
}

/** Columns of the ledger in order: key, Chinese header, width in characters. */
export const LEDGER_COLUMNS = [
  ['number', '序号', 7],
  // The zone's columns come from the one zone field list (src/shared/zones/zone-fields.ts).
  ...ZONE_LEDGER_FIELDS.map(zoneLedgerColumn),
  ['taskTitle', '整治任务', 28],
  ['assignedUnit', '承办单位', 11],
  ['dueDate', '完成期限', 11],
  ['originalDueDate', '原定期限', 11],
  ['taskStatus', '任务状态', 9],
  ['overdue', '超期', 6],
  ['reworkCount', '返工次数', 8],
  ['extensionCount', '延期次数', 8],
  ['completedOn', '完成日期', 11],
  ['before', '整治前照片', 18],
  ['after', '整治后照片', 18],
  ['pairDistanceM', '前后距离（米）', 10],
  ['pairCheck', '照片核查', 14],
] as const satisfies readonly (readonly [keyof LedgerLine, string, number])[];

/** Excel's sheet-name rules: no []:*?/\, not starting or ending with an apostrophe, at most 31 characters, unique. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean =
    wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet';
  let name = [...clean].slice(0, 31).join('');
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) {
    const suffix = ` (${n})`;
    name = [...clean].slice(0, 31 - suffix.length).join('') + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** The filters as a sentence for the header block (names, not codes). */
export function describeFilters(query: LedgerQuery, campaign: CampaignResponse): string {
  const parts: string[] = [];
  const itemName = (code: string) => {
    const item = campaign.items.find((candidate) => candidate.code === code);
    return item ? `${code} ${item.name}` : code;
  };
  const statusName = (code: string) => campaign.zoneStatuses.find((status) => status.code === code)?.name ?? code;
  const unitName = (id: string) => campaign.units.find((unit) => unit.id === id)?.name ?? id;
  if (query.category?.length) parts.push(`整治项目 ${query.category.map(itemName).join('、')}`);
  if (query.status?.length) parts.push(`状态 ${query.status.map(statusName).join('、')}`);
  if (query.unit) parts.push(`单位 ${unitName(query.unit)}（牵头或责任）`);
  if (query.q?.trim()) parts.push(`名称含“${query.q.trim()}”`);
  if (query.overdue === 'true') parts.push('仅超期');
  if (query.overdue === 'false') parts.push('未超期');
  if (query.bbox) {
    const { minLon, minLat, maxLon, maxLat } = query.bbox;
    parts.push(`范围 ${minLon},${minLat} – ${maxLon},${maxLat}`);
  }
  return parts.length ? parts.join('；') : '无（全部整治区域）';
}

export interface BuildOptions {
  campaign: CampaignResponse;
  grouping: LedgerGrouping;
  /** Absolute origin for photo links, e.g. `https://jinxi.example.cn`. */
  origin: string;
}

const blankTask = {
  measures: '',
  taskTitle: '',
  assignedUnit: '',
  dueDate: null,
  originalDueDate: null,
  taskStatus: '',
  overdue: null,
  reworkCount: null,
  extensionCount: null,
  completedOn: null,
} satisfies Partial<LedgerLine>;
const blankZone = {
  item: '',
  zoneName: '',
  village: '',
  leadUnit: '',
  responsibleUnits: '',
  plannedStart: null,
  plannedEnd: null,
  zoneStatus: '',
  progress: null,
} satisfies Partial<LedgerLine>;
const noPair = { before: null, after: null, pairDistanceM: null, pairCheck: '' } satisfies Partial<LedgerLine>;

type PairCells = Pick<LedgerLine, 'before' | 'after' | 'pairDistanceM' | 'pairCheck'>;

/**
 * The before/after lines of a set of photos: each after-photo with the before-photo it is paired
 * with (oldest first), then before-photos no after-photo points at yet. Progress photos are not part
 * of the ledger.
 */
function pairLines(photos: readonly Photo[], origin: string): PairCells[] {
  const ref = (photo: Photo): LedgerPhoto => ({
    id: photo.id,
    displayUrl: `${origin}/api/photos/${photo.id}/display`,
    width: photo.width,
    height: photo.height,
  });
  const byId = new Map(photos.map((photo) => [photo.id, photo]));
  const oldestFirst = [...photos].sort(
    (a, b) => a.uploadedAt.localeCompare(b.uploadedAt) || Number(a.id) - Number(b.id),
  );
  const afters = oldestFirst.filter((photo) => photo.phase === 'after');
  const paired = new Set(afters.map((photo) => photo.pairedWith));
  const lines: PairCells[] = afters.map((after) => {
    const before = after.pairedWith ? byId.get(after.pairedWith) : undefined;
    return {
      before: before ? ref(before) : null,
      after: ref(after),
      pairDistanceM: after.pairDistanceM,
      pairCheck: after.pairFlagged ? (after.pairDistanceM === null ? '需核查：位置未知' : '需核查：距离超限') : '相符',
    };
  });
  for (const before of oldestFirst) {
    if (before.phase === 'before' && !paired.has(before.id)) {
      lines.push({ before: ref(before), after: null, pairDistanceM: null, pairCheck: '尚无整治后照片' });
    }
  }
  return lines;
}

/** Split the zones into sheets (by item or by lead unit) and each zone into its rows. */
export function buildLedgerSheets(zones: readonly LedgerZone[], options: BuildOptions): LedgerSheet[] {
  const { campaign, grouping, origin } = options;
  const unitName = (id: string) => campaign.units.find((unit) => unit.id === id)?.name ?? id;
  const zoneStatusName = (code: string) => campaign.zoneStatuses.find((status) => status.code === code)?.name ?? code;
  const taskStatusName = (code: string) => campaign.taskStatuses.find((status) => status.code === code)?.name ?? code;
  const itemOf = (code: string) => campaign.items.find((item) => item.code === code);

  const groups = new Map<string, LedgerZone[]>();
  const keyOf = (entry: LedgerZone) =>
    grouping === 'item' ? entry.zone.properties.category : entry.zone.properties.leadUnit;
  for (const entry of zones) {
    const key = keyOf(entry);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const order = grouping === 'item' ? campaign.items.map((item) => item.code) : campaign.units.map((unit) => unit.id);
  const keys = [...groups.keys()].sort((a, b) => {
    const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });

  const taken = new Set<string>();
  return keys.map((key) => {
    const item = itemOf(key);
    const label = grouping === 'item' ? (item ? `${key} ${item.name}` : key) : unitName(key);
    const lines: LedgerLine[] = [];
    groups.get(key)!.forEach((entry, zoneIndex) => {
      const p = entry.zone.properties;
      const zoneItem = itemOf(p.category);
      const evidence = entry.photos.filter((photo) => photo.phase === 'before' || photo.phase === 'after');
      const number = String(zoneIndex + 1);
      const zonePairs = pairLines(
        evidence.filter((photo) => photo.taskId === null),
        origin,
      );
      lines.push({
        kind: 'zone',
        number,
        item: zoneItem ? `${p.category} ${zoneItem.name}` : p.category,
        zoneName: p.name,
        village: p.village ?? '',
        leadUnit: unitName(p.leadUnit),
        responsibleUnits: p.responsibleUnits.map(unitName).join('、'),
        plannedStart: p.plannedStart,
        plannedEnd: p.plannedEnd,
        zoneStatus: zoneStatusName(p.status),
        progress: p.progress,
        ...blankTask,
        measures: p.measures,
        overdue: p.overdue ? `超期 ${p.overdueDays} 天` : false,
        ...(zonePairs[0] ?? noPair),
      });
      for (const pair of zonePairs.slice(1)) {
        lines.push({ kind: 'pair', number, ...blankZone, ...blankTask, ...pair });
      }
      entry.tasks.forEach((task, taskIndex) => {
        const taskNumber = `${number}.${taskIndex + 1}`;
        const pairs = pairLines(
          evidence.filter((photo) => photo.taskId === task.id),
          origin,
        );
        lines.push({
          kind: 'task',
          number: taskNumber,
          ...blankZone,
          measures: task.measures,
          taskTitle: task.title,
          assignedUnit: unitName(task.assignedUnit),
          dueDate: task.dueDate,
          originalDueDate: task.originalDueDate,
          taskStatus: taskStatusName(task.status),
          overdue: task.overdue,
          reworkCount: task.reworkCount,
          extensionCount: task.extensionCount,
          completedOn: task.completedOn,
          ...(pairs[0] ?? noPair),
        });
        for (const pair of pairs.slice(1)) {
          lines.push({ kind: 'pair', number: taskNumber, ...blankZone, ...blankTask, ...pair });
        }
      });
    });
    return {
      name: sheetName(label, taken),
      title: grouping === 'item' ? `整治项目：${label}` : `牵头单位：${label}`,
      lines,
    };
  });
}

/** A calendar day (YYYY-MM-DD) as the Date exceljs writes as that day's serial number (UTC midnight). */
const excelDay = (day: string) => new Date(`${day}T00:00:00Z`);

const HEADER_ROW = 7;
const IMAGE_BOX = { width: 120, height: 90 };
const DATE_KEYS = new Set(['plannedStart', 'plannedEnd', 'dueDate', 'originalDueDate', 'completedOn']);

/**
 * The ledger as an Excel workbook: a header block, a frozen header row with an autofilter, one row
 * per zone and task. Dates are real Excel dates (yyyy-mm-dd). Every text is a typed string cell,
 * never a formula. Thumbnails are embedded (each photo's bytes once) and link to the display image.
 */
export async function writeLedgerWorkbook(
  sheets: readonly LedgerSheet[],
  header: LedgerHeader,
  readThumb: (photoId: string) => Promise<Buffer | null>,
): Promise<Buffer> {
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  workbook.creator = header.campaignName;
  workbook.title = `${header.campaignName} 台帐`;
  const imageIds = new Map<string, number | null>();
  const imageOf = async (photoId: string) => {
    if (!imageIds.has(photoId)) {
      const bytes = await readThumb(photoId);
      // exceljs's Buffer type predates Node's generic Buffer.
      imageIds.set(
        photoId,
        bytes ? workbook.addImage({ buffer: bytes as unknown as ExcelJS.Buffer, extension: 'jpeg' }) : null,
      );
    }
    return imageIds.get(photoId)!;
  };
  const list = sheets.length ? sheets : [{ name: '台帐', title: '无符合筛选条件的整治区域', lines: [] }];
  for (const sheet of list) {
    const worksheet = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
      pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    worksheet.columns = LEDGER_COLUMNS.map(([key, , width]) => ({ key, width }));
    const title = worksheet.getCell('A1');
    title.value = xmlSafe(`${header.campaignName} 台帐`);
    title.font = { bold: true, size: 16 };
    worksheet.getCell('A2').value = xmlSafe(sheet.title);
    worksheet.getCell('A3').value = xmlSafe(`筛选条件：${header.filters}`);
    worksheet.getCell('A4').value = `生成时间：${header.generatedAt}（北京时间）`;
    if (header.sampleData) {
      const sample = worksheet.getCell('A5');
      sample.value = '示例数据：本台帐由示例数据生成，不代表真实整治情况';
      sample.font = { bold: true, color: { argb: 'FFC62828' } };
    }
    const headerRow = worksheet.getRow(HEADER_ROW);
    headerRow.values = LEDGER_COLUMNS.map(([, label]) => label);
    headerRow.font = { bold: true };
    headerRow.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    headerRow.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    worksheet.autoFilter = {
      from: { row: HEADER_ROW, column: 1 },
      to: { row: HEADER_ROW + Math.max(sheet.lines.length, 1), column: LEDGER_COLUMNS.length },
    };

    let rowNumber = HEADER_ROW;
    for (const line of sheet.lines) {
      rowNumber += 1;
      const row = worksheet.getRow(rowNumber);
      LEDGER_COLUMNS.forEach(([key], index) => {
        const cell = row.getCell(index + 1);
        const value = line[key];
        if (key === 'before' || key === 'after') return;
        if (value === null || value === '') return;
        if (DATE_KEYS.has(key)) {
          cell.value = excelDay(value as string);
          cell.numFmt = 'yyyy-mm-dd';
        } else if (key === 'overdue') {
          cell.value = typeof value === 'string' ? value : value ? '是' : '否';
          if (value) cell.font = { color: { argb: 'FFC62828' }, bold: true };
        } else if (typeof value === 'number') {
          cell.value = value;
        } else {
          // A plain string cell: Excel shows "=HYPERLINK(…)" as text and never evaluates it.
          cell.value = xmlSafe(String(value));
        }
      });
      row.alignment = { vertical: 'middle', wrapText: true };
      if (line.kind === 'zone') {
        row.font = { bold: true };
        row.eachCell((cell) => {
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF5F7FA' } };
        });
      }
      const titleCell = row.getCell(LEDGER_COLUMNS.findIndex(([key]) => key === 'taskTitle') + 1);
      titleCell.alignment = { vertical: 'middle', wrapText: true, indent: 2 };
      let hasImage = false;
      for (const key of ['before', 'after'] as const) {
        const photo = line[key];
        if (!photo) continue;
        const column = LEDGER_COLUMNS.findIndex(([candidate]) => candidate === key);
        const imageId = await imageOf(photo.id);
        const label = key === 'before' ? '整治前' : '整治后';
        if (imageId === null) {
          row.getCell(column + 1).value = { text: `${label}大图（缩略图缺失）`, hyperlink: photo.displayUrl };
          continue;
        }
        hasImage = true;
        const scale = Math.min(
          IMAGE_BOX.width / Math.max(photo.width, 1),
          IMAGE_BOX.height / Math.max(photo.height, 1),
        );
        worksheet.addImage(imageId, {
          tl: { col: column + 0.05, row: rowNumber - 1 + 0.05 },
          ext: {
            width: Math.max(1, Math.round(photo.width * scale)),
            height: Math.max(1, Math.round(photo.height * scale)),
          },
          editAs: 'oneCell',
          hyperlinks: { hyperlink: photo.displayUrl, tooltip: `${label}照片大图` },
        });
      }
      if (hasImage) row.height = IMAGE_BOX.height * 0.75 + 8;
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The ledger as CSV: UTF-8 with a byte-order mark (Excel on Chinese Windows then reads it as
 * UTF-8), CRLF line ends, one header line, the rows of every sheet in order; dates as ISO text
 * (YYYY-MM-DD), photo columns as the URLs of the display images.
 */
export function writeLedgerCsv(sheets: readonly LedgerSheet[]): Buffer {
  const lines = [LEDGER_COLUMNS.map(([, label]) => csvField(label)).join(',')];
  for (const sheet of sheets) {
    for (const line of sheet.lines) {
      lines.push(
        LEDGER_COLUMNS.map(([key]) => {
          const value = line[key];
          if (key === 'before' || key === 'after') return csvField((value as LedgerPhoto | null)?.displayUrl ?? null);
          return csvField(value as string | number | boolean | null);
        }).join(','),
      );
    }
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
