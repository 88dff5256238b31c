import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { AUDIT_PAGE_SIZE, auditExportUrl, useAudit, type AuditFilterState } from '../../../data/admin';
import { useCampaign } from '../../../data/campaign';
import {
  AUDIT_EXPORT_FORMATS,
  AUDIT_EXPORT_MAX,
  AUDIT_TARGET_TYPES,
  type AuditExportFormat,
} from '../../../shared/admin/audit';
import { AUDIT_ACTIONS } from '../../../shared/admin/audit-words';
import { auditRowText } from '../audit-rows';
import { UnitOptions } from '../../../ui/unit-options';
import '../admin.css';

/** The audit log (R12) with filters; times shown in Asia/Shanghai, stored in UTC. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<AuditFilterState>({
    actor: '',
    action: '',
    outcome: '',
    targetType: '',
    target: '',
    unit: '',
    from: '',
    to: '',
    page: 0,
  });
  const audit = useAudit(filter);
  const campaign = useCampaign().data;
  const [format, setFormat] = useState<AuditExportFormat>('xlsx');
  const tooMany = (audit.data?.total ?? 0) > AUDIT_EXPORT_MAX;
  const set = (patch: Partial<AuditFilterState>) => setFilter({ ...filter, ...patch, page: patch.page ?? 0 });
  const pages = audit.data ? Math.max(1, Math.ceil(audit.data.total / AUDIT_PAGE_SIZE)) : 1;
  return (
    <main className="admin-page" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <div className="admin-form form-row" role="search">
        <Field label={t('audit.actor')}>
          <input name="actor" value={filter.actor} maxLength={64} onChange={(e) => set({ actor: e.target.value })} />
        </Field>
        <Field label={t('audit.action')}>
          <select name="action" value={filter.action} onChange={(e) => set({ action: e.target.value })}>
            <option value="">{t('audit.allActions')}</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actions.${action}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.unit')}>
          <select name="unit" value={filter.unit} onChange={(e) => set({ unit: e.target.value })}>
            <option value="">{t('audit.allUnits')}</option>
            <UnitOptions units={campaign?.units ?? []} />
          </select>
        </Field>
        <Field label={t('audit.targetType')}>
          <select name="targetType" value={filter.targetType} onChange={(e) => set({ targetType: e.target.value })}>
            <option value="">{t('audit.allTargetTypes')}</option>
            {AUDIT_TARGET_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`audit.targets.${type}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.targetName')}>
          <input name="target" value={filter.target} maxLength={64} onChange={(e) => set({ target: e.target.value })} />
        </Field>
        <Field label={t('audit.outcome')}>
          <select
            name="outcome"
            value={filter.outcome}
            onChange={(e) => set({ outcome: e.target.value as AuditFilterState['outcome'] })}
          >
            <option value="">{t('audit.allOutcomes')}</option>
            <option value="ok">{t('audit.outcomes.ok')}</option>
            <option value="failed">{t('audit.outcomes.failed')}</option>
            <option value="denied">{t('audit.outcomes.denied')}</option>
          </select>
        </Field>
        <Field label={t('audit.from')}>
          <input name="from" type="date" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
        </Field>
        <Field label={t('audit.to')}>
          <input name="to" type="date" value={filter.to} onChange={(e) => set({ to: e.target.value })} />
        </Field>
      </div>
      {audit.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {audit.data ? (
        <>
          <div className="audit-summary">
            <p className="muted">{t('audit.count', { count: audit.data.total })}</p>
            <div className="audit-export">
              <select
                name="exportFormat"
                aria-label={t('audit.exportFormat')}
                value={format}
                onChange={(e) => setFormat(e.target.value as AuditExportFormat)}
              >
                {AUDIT_EXPORT_FORMATS.map((option) => (
                  <option key={option} value={option}>
                    {t(`audit.formats.${option}`)}
                  </option>
                ))}
              </select>
              {tooMany ? (
                <button type="button" disabled>
                  {t('audit.export')}
                </button>
              ) : (
                <a className="secondary-button" href={auditExportUrl(filter, format)} download>
                  {t('audit.export')}
                </a>
              )}
            </div>
          </div>
          {tooMany ? (
            <Message tone="error">{t('audit.tooMany', { count: audit.data.total, max: AUDIT_EXPORT_MAX })}</Message>
          ) : null}
          <table className="data-table audit-table">
            <thead>
              <tr>
                <th>{t('audit.time')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.unit')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.target')}</th>
                <th>{t('audit.outcome')}</th>
                <th>{t('audit.address')}</th>
                <th>{t('audit.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.entries.map((entry) => {
                const row = auditRowText(entry, t, i18n.language, campaign);
                return (
                  <tr key={entry.id} className={`outcome-${entry.outcome}`} data-action={entry.action}>
                    <td className="nowrap" data-label={t('audit.time')}>
                      {row.time}
                    </td>
                    <td data-label={t('audit.actor')}>{row.actor}</td>
                    <td data-label={t('audit.unit')}>{row.unit}</td>
                    <td data-label={t('audit.action')}>{row.action}</td>
                    <td data-label={t('audit.target')}>{row.target}</td>
                    <td data-label={t('audit.outcome')}>{t(`audit.outcomes.${entry.outcome}`)}</td>
                    <td data-label={t('audit.address')}>{entry.ip ?? '—'}</td>
                    <td className="audit-changes" data-label={t('audit.changes')}>
                      {row.changes.map((line, index) => (
                        <div key={index}>{line}</div>
                      ))}
                      {row.reason ? <div>{t('audit.notes.reason', { reason: row.reason })}</div> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="pager">
            <button
              type="button"
              className="link-button"
              disabled={filter.page === 0}
              onClick={() => set({ page: filter.page - 1 })}
            >
              {t('audit.previous')}
            </button>
            <span>{t('audit.page', { page: filter.page + 1, pages })}</span>
            <button
              type="button"
              className="link-button"
              disabled={filter.page + 1 >= pages}
              onClick={() => set({ page: filter.page + 1 })}
            >
              {t('audit.next')}
            </button>
          </div>
        </>
      ) : audit.isPending ? (
        <Message>{t('common.loading')}</Message>
      ) : null}
    </main>
  );
}
