import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { Commentary, MonthlyReport } from '../../../shared/reports/assessment';
import { problemText } from '../../../lib/problem-text';
import { Message } from '../../../ui/message';
import { useMonthlyReport, useReportZones, useSaveCommentary } from '../../../data/reports';
import { ZoneSnapshot } from './zone-snapshot';
import { unitName } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';
import '../reports.css';
import '../../../ui/document-page.css';

const FIGURES = [
  'planned',
  'started',
  'finished',
  'overdue',
  'rework',
  'photos',
  'supervisions',
  'overdueSupervisions',
] as const;

/** The month of `?month=` when it is well-formed and has begun, else the running month. */
export function monthFromLocation(search: string, today: string): string {
  const month = new URLSearchParams(search).get('month') ?? '';
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && month <= today.slice(0, 7) ? month : today.slice(0, 7);
}

/** 月报告: figures per unit, the town summary, the office's commentary and a map snapshot; printable on A4. */
export function MonthlyReportPage({
  campaign,
  canEdit,
  search,
  onSearch,
  footer,
}: {
  campaign: CampaignResponse;
  /** The campaign office may edit the commentary in place. */
  canEdit: boolean;
  /** What follows the report for the month shown (the app puts the month's 公开通报 there). */
  footer?: (month: string) => ReactNode;
  /** The page's query string (from the app's router) and a way to change it in place. */
  search: string;
  onSearch(next: string): void;
}) {
  const { t, i18n } = useTranslation();
  const today = campaign.today;
  const [month, setMonth] = useState(() => monthFromLocation(search, today));
  const report = useMonthlyReport(month);
  const zones = useReportZones();
  const unitLabel = (id: string) => unitName(campaign.units, id, i18n.language);
  const changeMonth = (next: string) => {
    if (!/^\d{4}-\d{2}$/.test(next) || next > today.slice(0, 7)) return;
    setMonth(next);
    onSearch(`month=${next}`);
  };

  return (
    <main className="report-page" aria-labelledby="monthly-title">
      <div className="report-toolbar no-print">
        <label>
          {t('assessment.month')}
          <input
            type="month"
            value={month}
            max={today.slice(0, 7)}
            min="2017-01"
            onChange={(event) => changeMonth(event.target.value)}
          />
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('assessment.print')}
        </button>
      </div>
      <h2 id="monthly-title">{t('assessment.monthlyTitle', { name: campaign.campaign.name, month })}</h2>
      {report.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {report.data ? (
        <>
          <p className="muted">{t('assessment.asOf', { date: report.data.asOf })}</p>
          <table className="report-table" data-testid="monthly-table" aria-label={t('assessment.unitTable')}>
            <thead>
              <tr>
                <th scope="col">{t('assessment.unit')}</th>
                <th scope="col">{t('assessment.leads')}</th>
                <th scope="col">{t('assessment.figures.planned')}</th>
                <th scope="col">{t('assessment.figures.started')}</th>
                <th scope="col">{t('assessment.figures.finished')}</th>
                <th scope="col">{t('assessment.figures.overdue')}</th>
                <th scope="col">{t('assessment.figures.rework')}</th>
                <th scope="col">{t('assessment.figures.photos')}</th>
                <th scope="col">{t('assessment.figures.supervisions')}</th>
                <th scope="col">{t('assessment.figures.overdueSupervisions')}</th>
              </tr>
            </thead>
            <tbody>
              {report.data.units.map((row) => (
                <tr key={row.unit} data-unit={row.unit}>
                  <th scope="row">{unitLabel(row.unit)}</th>
                  <td>{row.leads.map((code) => itemLabel(campaign.items, code, i18n.language)).join('、') || '—'}</td>
                  {FIGURES.map((figure) => (
                    <td
                      key={figure}
                      data-figure={figure}
                      className={figure === 'overdue' && row[figure] ? 'is-bad' : ''}
                    >
                      {row[figure]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-unit="town" data-testid="town-summary">
                <th scope="row">{t('assessment.town')}</th>
                <td />
                {FIGURES.map((figure) => (
                  <td key={figure} data-figure={figure}>
                    {report.data.town[figure]}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>

          <h3>{t('assessment.commentaryTitle')}</h3>
          <div className="report-commentary-list">
            <CommentaryBlock
              key={`town-${month}`}
              month={month}
              unit=""
              label={t('assessment.town')}
              commentary={report.data.town.commentary}
              canEdit={canEdit}
            />
            {report.data.units
              .filter((row) => canEdit || row.commentary)
              .map((row) => (
                <CommentaryBlock
                  key={`${row.unit}-${month}`}
                  month={month}
                  unit={row.unit}
                  label={unitLabel(row.unit)}
                  commentary={row.commentary}
                  canEdit={canEdit}
                />
              ))}
          </div>
        </>
      ) : report.isPending ? (
        <Message>{t('common.loading')}</Message>
      ) : null}

      <section className="report-section" aria-labelledby="monthly-map-title">
        <h3 id="monthly-map-title">{t('assessment.map.title')}</h3>
        {zones.data ? <ZoneSnapshot zones={zones.data.features} statuses={campaign.zoneStatuses} /> : null}
        {zones.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      </section>

      {footer?.(month)}
    </main>
  );
}

/** One unit's (unit '' = the town's) commentary, editable in place by the campaign office. */
function CommentaryBlock({
  month,
  unit,
  label,
  commentary,
  canEdit,
}: {
  month: string;
  unit: string;
  label: string;
  commentary: MonthlyReport['town']['commentary'];
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveCommentary(month);
  const id = unit || 'town';

  const submit = () => {
    if (draft === null) return;
    setProblem(null);
    save.mutate(
      { unit, text: draft, version: commentary?.version ?? null },
      {
        onSuccess: (_saved: Commentary) => setDraft(null),
        onError: (error) =>
          setProblem(problemText(error, t, { status: { 412: 'assessment.stale' }, fallback: 'assessment.saveFailed' })),
      },
    );
  };

  return (
    <section
      className={`report-commentary${commentary?.text ? '' : ' is-empty'}`}
      data-testid={`commentary-${id}`}
      aria-label={t('assessment.commentaryOf', { unit: label })}
    >
      <h4>{label}</h4>
      {draft === null ? (
        <>
          <p className="report-commentary-text" data-testid={`commentary-text-${id}`}>
            {commentary?.text || <span className="muted">{t('assessment.noCommentary')}</span>}
          </p>
          {canEdit ? (
            <button
              type="button"
              className="no-print"
              aria-label={t('assessment.editCommentary', { unit: label })}
              onClick={() => setDraft(commentary?.text ?? '')}
            >
              {t('assessment.edit')}
            </button>
          ) : null}
        </>
      ) : (
        <div className="no-print">
          <textarea
            aria-label={t('assessment.commentaryOf', { unit: label })}
            value={draft}
            maxLength={4000}
            rows={4}
            onChange={(event) => setDraft(event.target.value)}
          />
          <div className="report-actions">
            <button type="button" className="primary" disabled={save.isPending} onClick={submit}>
              {t('assessment.save')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {problem ? <Message tone="error">{problem}</Message> : null}
    </section>
  );
}
