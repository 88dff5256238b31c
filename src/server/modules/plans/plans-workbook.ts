import { FUNDING_SOURCE_NAMES } from '../../../shared/plans/plans';
import { PLAN_SUMMARY_COLUMNS, planSummaryTitle, type PlanSummary } from '../../../shared/plans/summary';
import { loadExcel, xmlSafe } from '../../platform/spreadsheet';

/** What the 上报 workbook names: the town, the items' and units' names, when it was made, sample data or not. */
export interface PlanWorkbookNames {
  townName: string;
  itemName(code: string): string;
  unitName(id: string): string;
  /** Asia/Shanghai, "YYYY-MM-DD HH:mm". */
  generatedAt: string;
  sampleData: boolean;
}

/** The row of the column headers (1-based); the projects follow it. */
export const PLAN_WORKBOOK_HEADER_ROW = 3;

/**
 * The 上报 workbook: one sheet overall in the county's layout — the title row, a line saying what it holds, the
 * column headers, one row per project of an approved plan ordered by item (整治项目 is a column, so the sheet sorts and
 * filters by it), then the 合计 row (projects, budget) and the budget per funding source.
 */
export async function writePlanWorkbook(summary: PlanSummary, names: PlanWorkbookNames): Promise<Buffer> {
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet(`${summary.year}年度计划汇总`, {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const width = PLAN_SUMMARY_COLUMNS.length;
  sheet.columns = PLAN_SUMMARY_COLUMNS.map(([key, , columnWidth]) => ({ key, width: columnWidth }));

  sheet.mergeCells(1, 1, 1, width);
  const title = sheet.getCell(1, 1);
  title.value = planSummaryTitle(names.townName, summary.year);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, width);
  sheet.getCell(2, 1).value = xmlSafe(
    [
      names.sampleData ? '示例数据：由示例数据生成，不代表真实计划' : '',
      `汇总已审核通过的年度计划；计划报送截止 ${summary.due}；生成时间 ${names.generatedAt}`,
    ]
      .filter(Boolean)
      .join('　'),
  );

  const header = sheet.getRow(PLAN_WORKBOOK_HEADER_ROW);
  PLAN_SUMMARY_COLUMNS.forEach(([, label], index) => {
    const cell = header.getCell(index + 1);
    cell.value = label;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = {
      top: { style: 'thin' },
      bottom: { style: 'thin' },
      left: { style: 'thin' },
      right: { style: 'thin' },
    };
  });

  let rowNumber = PLAN_WORKBOOK_HEADER_ROW;
  for (const row of summary.rows) {
    rowNumber += 1;
    const values: Record<(typeof PLAN_SUMMARY_COLUMNS)[number][0], string | number> = {
      seq: row.seq,
      item: names.itemName(row.item),
      leadUnit: names.unitName(row.leadUnit),
      responsibleUnits: row.responsibleUnits.map(names.unitName).join('、'),
      place: row.place,
      tasks: row.tasks,
      person: row.person,
      budget: row.budget,
      funding: FUNDING_SOURCE_NAMES[row.funding],
      due: row.due,
      carriedOver: row.carriedOver ? '是' : '否',
    };
    const line = sheet.getRow(rowNumber);
    PLAN_SUMMARY_COLUMNS.forEach(([key], index) => {
      const value = values[key];
      const cell = line.getCell(index + 1);
      cell.value = typeof value === 'string' ? xmlSafe(value) : value;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
    line.getCell(PLAN_SUMMARY_COLUMNS.findIndex(([key]) => key === 'budget') + 1).numFmt = '0.00';
  }

  const budgetColumn = PLAN_SUMMARY_COLUMNS.findIndex(([key]) => key === 'budget') + 1;
  const total = sheet.getRow(rowNumber + 1);
  total.getCell(1).value = '合计';
  total.getCell(2).value = `${summary.totals.projects}个项目（续建${summary.totals.carriedOver}个）`;
  total.getCell(budgetColumn).value = summary.totals.budget;
  total.getCell(budgetColumn).numFmt = '0.00';
  total.font = { bold: true };
  const funding = sheet.getRow(rowNumber + 2);
  funding.getCell(1).value = '其中';
  funding.getCell(2).value = Object.entries(summary.totals.byFunding)
    .map(([source, amount]) => `${FUNDING_SOURCE_NAMES[source as keyof typeof FUNDING_SOURCE_NAMES]} ${amount} 万元`)
    .join('；');
  sheet.views = [{ state: 'frozen', ySplit: PLAN_WORKBOOK_HEADER_ROW }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
