import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { FUNDING_SOURCES } from '../../../shared/plans/plans';
import { PLAN_SUMMARY_COLUMNS, type PlanSummaryRow } from '../../../shared/plans/summary';
import { planWorkbookUrl, usePlanSummary } from '../../../data/plans';
import { unitName } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';
import { Message } from '../../../ui/message';
import { ProblemMessage } from '../../../ui/problem-message';
import { planYearFrom } from './plans-page';
import '../plans.css';
import '../../../ui/document-page.css';

/**
 * The town's plan (汇总表): the approved plans of the year in the county's layout, the same columns as the xlsx 上报
 * workbook, printable on A4 landscape; below it, each lead unit's plan state.
 */
export function PlanSummaryPage({
  campaign,
  sampleData,
  search,
  onSearch,
}: {
  campaign: CampaignResponse;
  sampleData: boolean;
  search: string;
  onSearch(next: string): void;
}) {
  const { t, i18n } = useTranslation();
  const year = planYearFrom(search, campaign.today);
  const summary = usePlanSummary(year);
  const unitLabel = (id: string) => unitName(campaign.units, id, i18n.language);
  const cell = (row: PlanSummaryRow, key: (typeof PLAN_SUMMARY_COLUMNS)[number][0]) => {
    switch (key) {
      case 'item':
        return itemLabel(campaign.items, row.item, i18n.language);
      case 'leadUnit':
        return unitLabel(row.leadUnit);
      case 'responsibleUnits':
        return row.responsibleUnits.map(unitLabel).join('、');
      case 'funding':
        return t(`plans.funding.${row.funding}`);
      case 'carriedOver':
        return t(row.carriedOver ? 'plans.yes' : 'plans.no');
      default:
        return String(row[key]);
    }
  };
  return (
    <main className="report-page plan-summary-page" aria-labelledby="plan-summary-title">
      <div className="report-toolbar no-print">
        <label>
          {t('plans.year')}
          <input
            type="number"
            value={year}
            min={2000}
            max={Number(campaign.today.slice(0, 4)) + 1}
            onChange={(event) => {
              const next = Number(event.target.value);
              if (Number.isInteger(next) && next >= 2000) onSearch(`year=${next}`);
            }}
          />
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('plans.print')}
        </button>
        <a href={planWorkbookUrl(year)} download>
          {t('plans.workbookLink')}
        </a>
      </div>
      <h2 id="plan-summary-title">{t('plans.summaryTitle', { year, town: summary.data?.town ?? '' })}</h2>
      {sampleData ? <p className="muted">{t('plans.sampleNote')}</p> : null}
      {summary.isPending ? <Message>{t('common.loading')}</Message> : null}
      <ProblemMessage error={summary.error} wording={{ fallback: 'common.loadFailed' }} />
      {summary.data ? (
        <>
          <p className="muted">{t('plans.summaryNote', { date: summary.data.due })}</p>
          <div className="plans-table-wrap">
            <table className="report-table plan-summary-table" data-testid="plan-summary">
              <thead>
                <tr>
                  {PLAN_SUMMARY_COLUMNS.map(([key]) => (
                    <th key={key} scope="col">
                      {t(`plans.columns.${key}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {summary.data.rows.map((row) => (
                  <tr key={`${row.planId}-${row.seq}`} data-lead-unit={row.leadUnit}>
                    {PLAN_SUMMARY_COLUMNS.map(([key]) => (
                      <td key={key} data-field={key}>
                        {cell(row, key)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="plan-summary-total">
                  <th scope="row">{t('plans.total')}</th>
                  <td colSpan={6}>
                    {t('plans.totalProjects', {
                      count: summary.data.totals.projects,
                      carriedOver: summary.data.totals.carriedOver,
                    })}
                  </td>
                  <td data-field="budget">{summary.data.totals.budget}</td>
                  <td colSpan={3}>
                    {FUNDING_SOURCES.map(
                      (source) => `${t(`plans.funding.${source}`)} ${summary.data!.totals.byFunding[source]}`,
                    ).join('；')}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          {!summary.data.rows.length ? <Message>{t('plans.noneApproved')}</Message> : null}
          <h3>{t('plans.unitStates')}</h3>
          <ul className="plan-unit-states">
            {summary.data.units.map((entry) => (
              <li key={entry.unit} data-unit={entry.unit}>
                {unitLabel(entry.unit)}：{t(`plans.states.${entry.state ?? 'none'}`)}
                {entry.late ? `（${t(entry.submittedAt ? 'plans.late' : 'plans.notSubmittedLate')}）` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </main>
  );
}
