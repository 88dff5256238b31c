import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Message } from '../../../ui/message';
import { ProblemMessage } from '../../../ui/problem-message';
import { formatDateTime } from '../../../lib/format';
import { useTriage, useTriageQueue } from '../../../data/public-triage';
import type { TriageReport } from '../../../shared/public/reports';

/**
 * 公众举报 triage on the cases page (docs/public.md): each waiting report with its photos, text, place and the
 * reporter's phone number (the office only); accept it as a case, merge it into the selected case, or reject it
 * with a reason the reporter reads.
 */
export function TriagePanel({ selectedCaseId, onCase }: { selectedCaseId: string | null; onCase(id: string): void }) {
  const { t } = useTranslation();
  const queue = useTriageQueue(true);
  if (queue.isPending) return <Message>{t('common.loading')}</Message>;
  if (queue.isError) return <Message tone="error">{t('common.loadFailed')}</Message>;
  return (
    <section className="case-triage" aria-label={t('casesPage.triage.title')} data-testid="case-triage">
      <h2>{t('casesPage.triage.title')}</h2>
      {queue.data.reports.length === 0 ? (
        <p>{t('casesPage.triage.empty')}</p>
      ) : (
        <ul>
          {queue.data.reports.map((report) => (
            <TriageItem key={report.id} report={report} selectedCaseId={selectedCaseId} onCase={onCase} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TriageItem({
  report,
  selectedCaseId,
  onCase,
}: {
  report: TriageReport;
  selectedCaseId: string | null;
  onCase(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const triage = useTriage();
  const [reason, setReason] = useState('');
  const [rejecting, setRejecting] = useState(false);
  return (
    <li className="case-triage-item">
      <p>
        <strong>{t(`publicSite.category.${report.category}`)}</strong> ·{' '}
        {formatDateTime(report.createdAt, i18n.language)}
        {report.meToo > 0 ? ` · ${t('publicSite.follow.meToo', { count: report.meToo })}` : ''}
      </p>
      {report.description && <p className="case-triage-text">{report.description}</p>}
      <p>
        {t('casesPage.triage.place', { lon: report.lon.toFixed(6), lat: report.lat.toFixed(6) })}
        {report.phone ? ` · ${t('casesPage.triage.phone', { phone: report.phone })}` : ''}
      </p>
      <div className="case-triage-photos">
        {report.photos.map((url) => (
          <img key={url} src={url} alt={t('casesPage.triage.photo')} loading="lazy" />
        ))}
      </div>
      <div className="case-action-buttons">
        <button
          type="button"
          className="primary"
          disabled={triage.isPending}
          onClick={() =>
            triage.mutate(
              { id: report.id, action: 'accept' },
              { onSuccess: (decided) => decided.caseId && onCase(decided.caseId) },
            )
          }
        >
          {t('casesPage.triage.accept')}
        </button>
        <button
          type="button"
          disabled={triage.isPending || !selectedCaseId}
          title={selectedCaseId ? undefined : t('casesPage.triage.mergeHint')}
          onClick={() => selectedCaseId && triage.mutate({ id: report.id, action: 'merge', caseId: selectedCaseId })}
        >
          {t('casesPage.triage.merge')}
        </button>
        <button type="button" disabled={triage.isPending} onClick={() => setRejecting(true)}>
          {t('casesPage.triage.reject')}
        </button>
      </div>
      {rejecting && (
        <form
          className="case-triage-reject"
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim()) triage.mutate({ id: report.id, action: 'reject', reason });
          }}
        >
          <label>
            {t('casesPage.triage.reason')}
            <textarea value={reason} rows={2} onChange={(event) => setReason(event.target.value)} />
          </label>
          <button type="submit" disabled={!reason.trim() || triage.isPending}>
            {t('casesPage.triage.rejectConfirm')}
          </button>
        </form>
      )}
      <ProblemMessage error={triage.error} />
    </li>
  );
}
