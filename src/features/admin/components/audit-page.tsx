import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { AUDIT_PAGE_SIZE, useAudit, type AuditFilterState } from '../../../data/admin';
import { formatDateTimeFull } from '../../../lib/format';
import '../admin.css';

const ACTIONS = [
  'login',
  'login_failed',
  'login_throttled',
  'login_ceiling_reached',
  'logout',
  'password_changed',
  'password_change_failed',
  'password_reset',
  'user_created',
  'user_updated',
  'user_disabled',
  'user_enabled',
  'denied_write',
  'supervision_created',
] as const;

/** The audit log (R12) with filters; times shown in Asia/Shanghai, stored in UTC. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<AuditFilterState>({
    actor: '',
    action: '',
    outcome: '',
    from: '',
    to: '',
    page: 0,
  });
  const audit = useAudit(filter);
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
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actions.${action}`)}
              </option>
            ))}
          </select>
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
          <p className="muted">{t('audit.count', { count: audit.data.total })}</p>
          <table className="data-table audit-table">
            <thead>
              <tr>
                <th>{t('audit.time')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.target')}</th>
                <th>{t('audit.outcome')}</th>
                <th>{t('audit.address')}</th>
                <th>{t('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.entries.map((entry) => (
                <tr key={entry.id} className={`outcome-${entry.outcome}`} data-action={entry.action}>
                  <td className="nowrap">{formatDateTimeFull(entry.at, i18n.language, { seconds: true })}</td>
                  <td>{entry.actorName ?? '—'}</td>
                  <td>
                    {i18n.exists(`audit.actions.${entry.action}`) ? t(`audit.actions.${entry.action}`) : entry.action}
                  </td>
                  <td>
                    {entry.targetType
                      ? `${i18n.exists(`audit.targets.${entry.targetType}`) ? t(`audit.targets.${entry.targetType}`) : entry.targetType} ${entry.targetName ?? entry.targetId ?? ''}`
                      : '—'}
                  </td>
                  <td>{t(`audit.outcomes.${entry.outcome}`)}</td>
                  <td>{entry.ip ?? '—'}</td>
                  <td>
                    {entry.detail ? (
                      <details>
                        <summary>{t('audit.show')}</summary>
                        <pre className="audit-detail">{JSON.stringify(entry.detail, null, 2)}</pre>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
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
