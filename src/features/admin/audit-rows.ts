import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../shared/admin/audit';
import { auditLines, auditLineText } from '../../shared/admin/audit-changes';
import type { CampaignResponse } from '../../shared/campaign/campaign';
import { csvText } from '../../shared/reports/ledger';
import { formatDateTimeFull, unitName } from '../../lib/format';

/** One audit entry in words: what the table shows and the export writes (no codes, usernames or JSON). */
export interface AuditRowText {
  time: string;
  actor: string;
  unit: string;
  action: string;
  target: string;
  changes: string[];
}

const known = (t: TFunction, key: string, fallback: string) => {
  const text = t(key, { defaultValue: '' });
  return text === '' ? fallback : text;
};

export function auditRowText(
  entry: AuditEntry,
  t: TFunction,
  language: string,
  campaign: CampaignResponse | undefined,
): AuditRowText {
  const type = entry.targetType ? known(t, `audit.targets.${entry.targetType}`, t('audit.targets.other')) : '';
  return {
    time: formatDateTimeFull(entry.at, language, { seconds: true }),
    actor: entry.actorName ?? t('audit.anonymous'),
    unit: unitName(campaign?.units ?? [], entry.actorUnit, language),
    action: known(t, `audit.actions.${entry.action}`, t('audit.actions.other')),
    target: type ? [type, entry.targetName].filter(Boolean).join(' ') : '—',
    changes: campaign
      ? auditLines(entry.detail, entry.targetType, campaign).map((line) =>
          auditLineText(
            line,
            (key, values) => t(`audit.notes.${key}`, values),
            (change) => (change.i18nKey ? t(change.i18nKey) : change.label),
          ),
        )
      : [],
  };
}

/** The export's columns, in order. */
const COLUMNS = ['time', 'actor', 'unit', 'action', 'target', 'changes'] as const;

/** The entries as CSV (UTF-8 with BOM, formula-guarded), headed 时间, 操作人, 单位, 操作, 对象, 变更 in zh-CN. */
export function auditCsv(
  entries: readonly AuditEntry[],
  t: TFunction,
  language: string,
  campaign: CampaignResponse | undefined,
): string {
  const rows = entries.map((entry) => auditRowText(entry, t, language, campaign));
  return csvText([
    COLUMNS.map((column) => t(`audit.columns.${column}`)),
    ...rows.map((row) => COLUMNS.map((column) => (column === 'changes' ? row.changes.join('；') : row[column]))),
  ]);
}
