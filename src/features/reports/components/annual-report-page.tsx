import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { COMMENDATION_CATEGORIES, type AssessmentReport, type Commendation } from '../../../shared/reports/assessment';
import { Message } from '../../../ui/message';
import { useAnnualAssessment } from '../../../data/reports';
import { unitName } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';
import '../reports.css';
import '../../../ui/document-page.css';

/** The year of `?year=` when it is well-formed and has begun, else the running year. */
export function yearFromLocation(search: string, today: string): number {
  const year = new URLSearchParams(search).get('year') ?? '';
  const current = Number(today.slice(0, 4));
  return /^\d{4}$/.test(year) && Number(year) <= current && Number(year) >= 2000 ? Number(year) : current;
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** 年考核: the units ranked by composite with their indicators and grades; printable on A4. */
export function AnnualReportPage({
  campaign,
  search,
  onSearch,
}: {
  campaign: CampaignResponse;
  /** The page's query string (from the app's router) and a way to change it in place. */
  search: string;
  onSearch(next: string): void;
}) {
  const { t, i18n } = useTranslation();
  const current = Number(campaign.today.slice(0, 4));
  const [year, setYear] = useState(() => yearFromLocation(search, campaign.today));
  const assessment = useAnnualAssessment(year);
  const unitLabel = (id: string) => unitName(campaign.units, id, i18n.language);
  const changeYear = (next: number) => {
    if (!Number.isInteger(next) || next < 2000 || next > current) return;
    setYear(next);
    onSearch(`year=${next}`);
  };
  const weights = assessment.data?.config.weights;
  const grades = assessment.data?.config.grades;
  const minTasks = assessment.data?.config.minTasks ?? 0;
  const planText = (plan: AssessmentReport['units'][number]['plan']) => {
    if (!plan) return '—';
    const status =
      plan.status === 'approved'
        ? t('assessment.plan.approved', { done: plan.done, projects: plan.projects })
        : t(`assessment.plan.${plan.status}`);
    const submission =
      plan.submission === 'late' || plan.submission === 'missing'
        ? t(`assessment.plan.${plan.submission}`, { points: plan.penalty })
        : '';
    return [status, submission].filter(Boolean).join('，');
  };
  const commendValue = (entry: Commendation) =>
    t(`assessment.commendValue.${entry.category}`, {
      value:
        entry.category === 'overall'
          ? entry.value.toFixed(1)
          : entry.category === 'satisfaction'
            ? percent(entry.value)
            : entry.value,
    });

  return (
    <main className="report-page" aria-labelledby="annual-title">
      <div className="report-toolbar no-print">
        <label>
          {t('assessment.year')}
          <input
            type="number"
            value={year}
            min={2000}
            max={current}
            onChange={(event) => changeYear(Number(event.target.value))}
          />
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('assessment.print')}
        </button>
      </div>
      <h2 id="annual-title">{t('assessment.annualTitle', { name: campaign.campaign.name, year })}</h2>
      {assessment.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {assessment.isPending ? <Message>{t('common.loading')}</Message> : null}
      {assessment.data ? (
        <>
          <p className="muted">{t('assessment.period', { from: assessment.data.from, to: assessment.data.to })}</p>
          <table className="report-table" data-testid="annual-table" aria-label={t('assessment.rankingTable')}>
            <thead>
              <tr>
                <th scope="col">{t('assessment.rank')}</th>
                <th scope="col">{t('assessment.unit')}</th>
                <th scope="col">{t('assessment.plan.title')}</th>
                <th scope="col">{t('assessment.expected')}</th>
                <th scope="col">{t('assessment.indicators.completion')}</th>
                <th scope="col">{t('assessment.indicators.onTime')}</th>
                <th scope="col">{t('assessment.indicators.rework')}</th>
                <th scope="col">{t('assessment.indicators.extension')}</th>
                <th scope="col">{t('assessment.indicators.photo')}</th>
                <th scope="col">{t('assessment.indicators.check')}</th>
                <th scope="col">{t('casesPage.assessment')}</th>
                <th scope="col">{t('assessment.indicators.supervision')}</th>
                <th scope="col">{t('assessment.indicators.satisfaction')}</th>
                <th scope="col">{t('assessment.indicators.participation')}</th>
                <th scope="col">{t('assessment.composite')}</th>
                <th scope="col">{t('assessment.grade')}</th>
              </tr>
            </thead>
            <tbody>
              {assessment.data.units.map((row) => (
                <tr key={row.unit} data-unit={row.unit} className={row.composite === null ? 'is-unscored' : ''}>
                  <td data-field="rank">{row.rank ?? '—'}</td>
                  <th scope="row">{unitLabel(row.unit)}</th>
                  <td data-field="plan">{planText(row.plan)}</td>
                  <td>{row.indicators.expected}</td>
                  <td>{percent(row.indicators.completion)}</td>
                  <td>{percent(row.indicators.onTime)}</td>
                  <td>{percent(row.indicators.rework)}</td>
                  <td>{percent(row.indicators.extension)}</td>
                  <td>{percent(row.indicators.photo)}</td>
                  <td>{row.indicators.check === null ? '—' : row.indicators.check.toFixed(1)}</td>
                  <td data-field="cases">{row.indicators.cases === null ? '—' : row.indicators.cases.toFixed(1)}</td>
                  <td
                    data-field="supervision"
                    title={t('assessment.supervisionTitle', {
                      supervisionsDue: row.indicators.supervisionsDue,
                      supervisionsOverdue: row.indicators.supervisionsOverdue,
                    })}
                  >
                    {percent(row.indicators.supervision)}
                  </td>
                  <td
                    data-field="satisfaction"
                    title={t('assessment.satisfactionTitle', {
                      feedback: row.indicators.feedback,
                      satisfied: row.indicators.satisfied,
                    })}
                  >
                    {percent(row.indicators.satisfaction)}
                  </td>
                  <td
                    data-field="participation"
                    title={t('assessment.participationTitle', {
                      reports: row.indicators.residentReports,
                      meToo: row.indicators.meToo,
                      feedback: row.indicators.feedback,
                    })}
                  >
                    {percent(row.indicators.participation)}
                  </td>
                  <td data-field="composite">
                    {row.unranked === 'too-few-tasks'
                      ? t('assessment.tooFewTasks', { count: minTasks })
                      : row.composite === null
                        ? t('assessment.unscored')
                        : row.composite.toFixed(1)}
                  </td>
                  <td data-field="grade">{row.grade ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {minTasks > 0 ? (
            <p className="muted report-note" data-testid="ranking-threshold">
              {t('assessment.thresholdNote', { count: minTasks })}
            </p>
          ) : null}
          {weights && grades ? (
            <p className="muted report-note">
              {t('assessment.weightsNote', {
                completion: weights.completion,
                onTime: weights.onTime,
                rework: weights.rework,
                extension: weights.extension,
                photo: weights.photo,
                check: weights.check,
                A: grades.A,
                B: grades.B,
                C: grades.C,
                D: grades.D,
              })}
            </p>
          ) : null}
          {assessment.data.config.plan ? (
            <p className="muted report-note" data-testid="plan-note">
              {t('assessment.plan.note', {
                late: assessment.data.config.plan.late,
                missing: assessment.data.config.plan.missing,
              })}
            </p>
          ) : null}
          {weights ? (
            <p className="muted report-note">
              {t('assessment.residentsNote', {
                count: assessment.data.config.minFeedback ?? 0,
                satisfaction: weights.satisfaction ?? 0,
                participation: weights.participation ?? 0,
                cases: weights.cases ?? 0,
                supervision: weights.supervision ?? 0,
              })}
            </p>
          ) : null}
          <h3>{t('assessment.itemTable')}</h3>
          {assessment.data.items.length ? (
            <table className="report-table" data-testid="item-satisfaction" aria-label={t('assessment.itemTable')}>
              <thead>
                <tr>
                  <th scope="col">{t('assessment.item')}</th>
                  <th scope="col">{t('assessment.feedback')}</th>
                  <th scope="col">{t('assessment.satisfied')}</th>
                  <th scope="col">{t('assessment.indicators.satisfaction')}</th>
                </tr>
              </thead>
              <tbody>
                {assessment.data.items.map((row) => (
                  <tr key={row.item} data-item={row.item}>
                    <th scope="row">{itemLabel(campaign.items, row.item, i18n.language)}</th>
                    <td>{row.feedback}</td>
                    <td>{row.satisfied}</td>
                    <td>
                      {row.satisfaction === null
                        ? t('assessment.tooFewAnswers', { count: assessment.data!.config.minFeedback ?? 0 })
                        : percent(row.satisfaction)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t('assessment.noItemFeedback')}</p>
          )}
          <section className="commendations" data-testid="commendations" aria-labelledby="commend-title">
            <h3 id="commend-title">{t('assessment.commendTitle')}</h3>
            <p className="muted">{t('assessment.commendNote')}</p>
            <dl>
              {COMMENDATION_CATEGORIES.map((category) => {
                const entries = assessment.data!.commendations.filter((entry) => entry.category === category);
                return (
                  <div key={category} data-category={category}>
                    <dt>{t(`assessment.commend.${category}`)}</dt>
                    <dd>
                      {entries.length
                        ? entries.map((entry) => `${unitLabel(entry.unit)}（${commendValue(entry)}）`).join('、')
                        : t('assessment.noCandidates')}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </section>
        </>
      ) : null}
    </main>
  );
}
