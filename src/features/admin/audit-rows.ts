import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../shared/admin/audit';
import { auditRowText as rowText, type AuditRowText } from '../../shared/admin/audit-rows';
import type { CampaignResponse } from '../../shared/campaign/campaign';
import { formatDateTimeFull, unitName } from '../../lib/format';

export type { AuditRowText };

/** One audit entry in the UI language: the words the export (`GET /api/audit/export`) writes in zh-CN. */
export function auditRowText(
  entry: AuditEntry,
  t: TFunction,
  language: string,
  campaign: CampaignResponse | undefined,
): AuditRowText {
  return rowText(
    entry,
    {
      word: (key, values) => t(`audit.${key}`, { ...values, defaultValue: '' }) || undefined,
      time: (iso) => formatDateTimeFull(iso, language, { seconds: true }),
      unit: (id) => unitName(campaign?.units ?? [], id, language),
      label: (change) => (change.i18nKey ? t(change.i18nKey) : change.label),
    },
    campaign,
  );
}
