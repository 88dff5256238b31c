import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { Message } from '../../../ui/message';
import { useAnnualAssessment } from '../../../data/reports';
import { unitName } from '../../../lib/format';
import '../reports.css';

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
                <th scope="col">{t('assessment.expected')}</th>
                <th scope="col">{t('assessment.indicators.completion')}</th>
                <th scope="col">{t('assessment.indicators.onTime')}</th>
                <th scope="col">{t('assessment.indicators.rework')}</th>
                <th scope="col">{t('assessment.indicators.extension')}</th>
                <th scope="col">{t('assessment.indicators.photo')}</th>
                <th scope="col">{t('assessment.indicators.check')}</th>
                <th scope="col">{t('casesPage.assessment')}</th>
                <th scope="col">{t('assessment.indicators.supervision')}</th>
                <th scope="col">{t('assessment.composite')}</th>
                <th scope="col">{t('assessment.grade')}</th>
              </tr>
            </thead>
            <tbody>
              {assessment.data.units.map((row) => (
                <tr key={row.unit} data-unit={row.unit} className={row.composite === null ? 'is-unscored' : ''}>
                  <td data-field="rank">{row.rank ?? '—'}</td>
                  <th scope="row">{unitLabel(row.unit)}</th>
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
        </>
      ) : null}
    </main>
  );
}
