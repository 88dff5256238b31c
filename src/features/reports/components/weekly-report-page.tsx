import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { isoWeekOf, weekRange, weekSchema, type WeeklyBriefing } from '../../../shared/reports/weekly';
import { addDays } from '../../../shared/time/dates';
import { useSendWeeklyBriefing, useWeeklyBriefing } from '../../../data/reports';
import { unitName } from '../../../lib/format';
import { problemText } from '../../../lib/problem-text';
import { Message } from '../../../ui/message';
import '../reports.css';
import '../../../ui/document-page.css';

/** The week of `?week=` when it is well-formed and has begun, else this week. */
export function weekFromLocation(search: string, today: string): string {
  const week = new URLSearchParams(search).get('week') ?? '';
  const range = weekSchema.safeParse(week).success ? weekRange(week) : null;
  return range && range.from <= today ? week : isoWeekOf(today);
}

const CHANGE_FIGURES = ['planned', 'started', 'finished', 'rework', 'photos'] as const;

/**
 * 周报 (例会材料) for the leadership meeting: the week's changes, overdue tasks, 督办 status and the units' ranking;
 * printable on A4, and sent by the campaign office to the leaders' group.
 */
export function WeeklyReportPage({
  campaign,
  canSend,
  search,
  onSearch,
  onNavigate,
}: {
  campaign: CampaignResponse;
  /** The campaign office sends it to the leaders' group. */
  canSend: boolean;
  search: string;
  onSearch(next: string): void;
  onNavigate(path: string): void;
}) {
  const { t, i18n } = useTranslation();
  const today = campaign.today;
  const [week, setWeek] = useState(() => weekFromLocation(search, today));
  const briefing = useWeeklyBriefing(week);
  const send = useSendWeeklyBriefing();
  const unitLabel = (id: string | null) => unitName(campaign.units, id, i18n.language);
  const range = weekRange(week)!;
  const changeWeek = (next: string) => {
    const nextRange = weekSchema.safeParse(next).success ? weekRange(next) : null;
    if (!nextRange || nextRange.from > today) return;
    send.reset();
    setWeek(next);
    onSearch(`week=${next}`);
  };
  const sent = send.data
    ? send.data.queued
      ? t('assessment.weekly.sent', {
          channels: send.data.channels.map((channel) => t(`assessment.weekly.channels.${channel}`)).join('、'),
        })
      : t('assessment.weekly.alreadySent')
    : null;
  const sendProblem = problemText(send.error, t, {
    status: { 409: 'assessment.weekly.noGroup', 403: 'assessment.weekly.notAllowed' },
    fallback: 'assessment.weekly.sendFailed',
  });
  const link = (path: string) => (event: MouseEvent) => {
    event.preventDefault();
    onNavigate(path);
  };

  return (
    <main className="report-page weekly-page" aria-labelledby="weekly-title">
      <div className="report-toolbar weekly-toolbar no-print">
        <button type="button" onClick={() => changeWeek(isoWeekOf(addDays(range.from, -7)))}>
          {t('assessment.weekly.previous')}
        </button>
        <label>
          {t('assessment.weekly.week')}
          <input
            type="week"
            name="week"
            value={week}
            max={isoWeekOf(today)}
            onChange={(event) => changeWeek(event.target.value)}
          />
        </label>
        <button
          type="button"
          disabled={addDays(range.to, 1) > today}
          onClick={() => changeWeek(isoWeekOf(addDays(range.to, 1)))}
        >
          {t('assessment.weekly.next')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('assessment.print')}
        </button>
        {canSend ? (
          <button
            type="button"
            className="primary"
            disabled={send.isPending || !briefing.data}
            onClick={() => send.mutate(week)}
          >
            {t('assessment.weekly.send')}
          </button>
        ) : null}
      </div>
      <div className="no-print">
        {sent ? <Message>{sent}</Message> : null}
        {sendProblem ? <Message tone="error">{sendProblem}</Message> : null}
      </div>
      <h2 id="weekly-title">
        {t('assessment.weekly.title', {
          name: campaign.campaign.name,
          year: week.slice(0, 4),
          n: Number(week.slice(6)),
        })}
      </h2>
      <p className="muted">{t('assessment.weekly.period', { from: range.from, to: range.to })}</p>
      {briefing.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {briefing.isPending ? <Message>{t('common.loading')}</Message> : null}
      {briefing.data ? <Briefing briefing={briefing.data} unitLabel={unitLabel} link={link} /> : null}
    </main>
  );
}

function Briefing({
  briefing,
  unitLabel,
  link,
}: {
  briefing: WeeklyBriefing;
  unitLabel(id: string | null): string;
  link(path: string): (event: MouseEvent) => void;
}) {
  const { t } = useTranslation();
  const { supervisions } = briefing;
  return (
    <>
      <p className="muted">{t('assessment.asOf', { date: briefing.asOf })}</p>
      <section className="report-section" aria-labelledby="weekly-changes">
        <h3 id="weekly-changes">{t('assessment.weekly.changes')}</h3>
        <dl className="weekly-figures" data-testid="weekly-changes">
          {CHANGE_FIGURES.map((figure) => (
            <div key={figure} data-figure={figure}>
              <dt>{t(`assessment.weekly.figures.${figure}`)}</dt>
              <dd>{briefing.changes[figure]}</dd>
            </div>
          ))}
          <div data-figure="supervisions">
            <dt>{t('assessment.weekly.figures.supervisions')}</dt>
            <dd>{supervisions.issued}</dd>
          </div>
        </dl>
      </section>

      <section className="report-section" aria-labelledby="weekly-overdue">
        <h3 id="weekly-overdue">{t('assessment.weekly.overdueTitle', { count: briefing.overdueTotal })}</h3>
        {briefing.overdueTasks.length ? (
          <div className="weekly-table-wrap">
            <table className="report-table weekly-table" data-testid="weekly-overdue">
              <thead>
                <tr>
                  <th scope="col">{t('assessment.weekly.task')}</th>
                  <th scope="col">{t('assessment.weekly.responsible')}</th>
                  <th scope="col">{t('assessment.weekly.dueDate')}</th>
                  <th scope="col">{t('assessment.weekly.daysLate')}</th>
                </tr>
              </thead>
              <tbody>
                {briefing.overdueTasks.map((task) => (
                  <tr key={task.taskId}>
                    <th scope="row">
                      <a
                        href={`/?zone=${task.zoneId}&task=${task.taskId}`}
                        onClick={link(`/?zone=${task.zoneId}&task=${task.taskId}`)}
                      >
                        {task.zoneName} · {task.title}
                      </a>
                    </th>
                    <td>{unitLabel(task.unit)}</td>
                    <td>{task.dueDate}</td>
                    <td className="is-bad">{t('assessment.weekly.days', { count: task.daysLate })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('assessment.weekly.noOverdue')}</p>
        )}
        {briefing.overdueTotal > briefing.overdueTasks.length ? (
          <p className="muted">{t('assessment.weekly.more', { count: briefing.overdueTasks.length })}</p>
        ) : null}
      </section>

      <section className="report-section" aria-labelledby="weekly-supervisions">
        <h3 id="weekly-supervisions">{t('assessment.weekly.supervisionTitle')}</h3>
        <dl className="weekly-figures" data-testid="weekly-supervisions">
          {(['issued', 'closed', 'open', 'replied', 'overdue'] as const).map((figure) => (
            <div key={figure} data-figure={figure}>
              <dt>{t(`assessment.weekly.supervision.${figure}`)}</dt>
              <dd className={figure === 'overdue' && supervisions.overdue ? 'is-bad' : undefined}>
                {supervisions[figure]}
              </dd>
            </div>
          ))}
        </dl>
        {briefing.overdueSupervisions.length ? (
          <div className="weekly-table-wrap">
            <table className="report-table weekly-table">
              <thead>
                <tr>
                  <th scope="col">{t('assessment.weekly.supervisionTarget')}</th>
                  <th scope="col">{t('assessment.weekly.responsible')}</th>
                  <th scope="col">{t('assessment.weekly.deadline')}</th>
                  <th scope="col">{t('assessment.weekly.daysLate')}</th>
                </tr>
              </thead>
              <tbody>
                {briefing.overdueSupervisions.map((entry) => (
                  <tr key={entry.id}>
                    <th scope="row">
                      <a href={entry.link} onClick={link(entry.link)}>
                        {entry.target}
                      </a>
                    </th>
                    <td>{unitLabel(entry.unit)}</td>
                    <td>{entry.deadline}</td>
                    <td className="is-bad">{t('assessment.weekly.days', { count: entry.daysLate })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="report-section" aria-labelledby="weekly-ranking">
        <h3 id="weekly-ranking">{t('assessment.weekly.rankingTitle', { year: briefing.asOf.slice(0, 4) })}</h3>
        <div className="weekly-table-wrap">
          <table className="report-table weekly-table" data-testid="weekly-ranking">
            <thead>
              <tr>
                <th scope="col">{t('assessment.rank')}</th>
                <th scope="col">{t('assessment.unit')}</th>
                <th scope="col">{t('assessment.composite')}</th>
                <th scope="col">{t('assessment.grade')}</th>
                <th scope="col">{t('assessment.weekly.finishedThisWeek')}</th>
                <th scope="col">{t('assessment.weekly.overdueNow')}</th>
              </tr>
            </thead>
            <tbody>
              {briefing.ranking.map((entry) => (
                <tr key={entry.unit} data-unit={entry.unit} className={entry.rank === null ? 'is-unscored' : undefined}>
                  <td>{entry.rank ?? '—'}</td>
                  <th scope="row">{unitLabel(entry.unit)}</th>
                  <td>{entry.composite ?? '—'}</td>
                  <td>{entry.grade ?? '—'}</td>
                  <td>{entry.finished}</td>
                  <td className={entry.overdue ? 'is-bad' : undefined}>{entry.overdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
