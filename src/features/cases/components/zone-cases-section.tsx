import { useTranslation } from 'react-i18next';
import { CASE_STATUSES } from '../../../shared/cases/case';
import { useCaseCodeLabel, useZoneCases } from '../../../data/cases';
import '../cases.css';

/**
 * 数字城管 cases inside the zone (joined by position): counts by status, the latest ones, and 复发 — new cases
 * reported after the zone was accepted.
 */
export function ZoneCasesSection({ zoneId }: { zoneId: string }) {
  const { t } = useTranslation();
  const cases = useZoneCases(zoneId);
  const codeLabel = useCaseCodeLabel();
  if (!cases.data) return null;
  const { total, byStatus, relapse, relapseCount } = cases.data;
  return (
    <section className="panel-section zone-cases" aria-label={t('casesPage.zone.title')} data-testid="zone-cases">
      <h3>{t('casesPage.zone.title')}</h3>
      {relapse ? (
        <p className="zone-relapse" role="status" data-testid="zone-relapse">
          {t('casesPage.zone.relapse', { count: relapseCount })}
        </p>
      ) : null}
      {total === 0 ? (
        <p className="muted">{t('casesPage.zone.none')}</p>
      ) : (
        <>
          <p>
            {t('casesPage.zone.total', { total })}:{' '}
            {CASE_STATUSES.filter((status) => byStatus[status])
              .map((status) => `${t(`casesPage.status.${status}`)} ${byStatus[status]}`)
              .join(' · ')}
          </p>
          <ul className="zone-case-list">
            {cases.data.cases.slice(0, 10).map((cityCase) => (
              <li key={cityCase.id}>
                <a href={`/cases?case=${encodeURIComponent(cityCase.id)}`}>{cityCase.caseNo}</a>{' '}
                {codeLabel(cityCase.code, cityCase.legacyLabel)} {t(`casesPage.status.${cityCase.status}`)}
                {cityCase.synthetic ? <span className="synthetic-badge">{t('casesPage.synthetic')}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
