import type { CaseRecord, CaseStatus, ProblemCode } from './case';
import { CASE_SOURCE_LABELS } from './case';
import { guardSpreadsheetText } from '../reports/ledger';

/** The Chinese names a platform export uses for the statuses (also matched when importing). */
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  reported: '待受理',
  registered: '已立案',
  dispatched: '已派遣',
  disposing: '处置中',
  feedback: '待核查',
  verified: '待结案',
  closed: '已结案',
  voided: '已作废',
};

/** Columns of a platform-style export (数字城管 案件导出), in order. */
export const PLATFORM_CSV_HEADERS = [
  '案件编号',
  '问题来源',
  '问题类型',
  '大类',
  '小类',
  '问题编码',
  '问题描述',
  '发生地址',
  '经度',
  '纬度',
  '上报时间',
  '立案时间',
  '派遣时间',
  '处置部门',
  '处置时限',
  '处置时间',
  '结案时间',
  '案件状态',
  '延期次数',
  '返工次数',
  '是否挂账',
] as const;

/** A UTC ISO instant as the platform writes it: Asia/Shanghai local time "YYYY-MM-DD HH:mm:ss" (empty for null). */
export function platformTime(iso: string | null): string {
  if (!iso) return '';
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

/** What the platform CSV writes of a case. */
export type ExportableCase = CaseRecord;

/** One export row per case, in PLATFORM_CSV_HEADERS order; texts guarded against formula injection. */
export function platformCsvRow(
  cityCase: ExportableCase,
  codes: ReadonlyMap<string, ProblemCode>,
  unitNames: ReadonlyMap<string, string>,
): string[] {
  const code = codes.get(cityCase.code);
  return [
    cityCase.caseNo,
    CASE_SOURCE_LABELS[cityCase.source],
    code?.kind ?? '',
    code?.majorName ?? '',
    code?.name ?? '',
    cityCase.code,
    cityCase.description,
    cityCase.address,
    cityCase.lon.toFixed(6),
    cityCase.lat.toFixed(6),
    platformTime(cityCase.reportedAt),
    platformTime(cityCase.registeredAt),
    platformTime(cityCase.dispatchedAt),
    cityCase.unitId ? (unitNames.get(cityCase.unitId) ?? cityCase.unitId) : '',
    platformTime(cityCase.deadlineAt),
    platformTime(cityCase.disposedAt),
    platformTime(cityCase.closedAt),
    CASE_STATUS_LABELS[cityCase.status],
    String(cityCase.extensionCount),
    String(cityCase.reworkCount),
    cityCase.suspended ? '是' : '否',
  ].map(guardSpreadsheetText);
}
