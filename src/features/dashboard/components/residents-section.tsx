import { useTranslation } from 'react-i18next';
import { useAnnualAssessment } from '../../../data/reports';

const percent = (value: number | null, language: string) =>
  value === null ? '—' : new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(value);

/**
 * 群众参与 in the leaders' overview: the year's 随手拍 reports, 我也遇到, answers to 解决了吗？满意吗？ and the town's
 * satisfaction, from the 年考核 (docs/assessment.md, "Residents") of the year of the day shown.
 */
export function ResidentsSection({ year }: { year: number }) {
  const { t, i18n } = useTranslation();
  const assessment = useAnnualAssessment(year);
  const residents = assessment.data?.residents;
  if (!residents) return null;
  const figures: [string, string][] = [
    ['reports', String(residents.reports)],
    ['meToo', String(residents.meToo)],
    ['feedback', String(residents.feedback)],
    ['satisfaction', percent(residents.satisfaction, i18n.language)],
  ];
  return (
    <section className="dashboard-section" data-testid="dashboard-residents">
      <h3>{t('dashboard.residents.title', { year })}</h3>
      <div className="kpis">
        {figures.map(([key, value]) => (
          <div key={key} className="kpi" data-kpi={`residents-${key}`}>
            <span className="kpi-value">{value}</span>
            <span className="kpi-label">{t(`dashboard.residents.${key}`)}</span>
          </div>
        ))}
      </div>
      {residents.satisfaction === null ? (
        <p className="muted">{t('dashboard.residents.tooFew', { count: assessment.data?.config.minFeedback ?? 0 })}</p>
      ) : null}
    </section>
  );
}
