import { useEffect, useState, type FormEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { Agenda, Decision, Meeting } from '../../../shared/meetings/meetings';
import { addDays } from '../../../shared/time/dates';
import {
  useAddDecision,
  useConvertDecision,
  useMeeting,
  useRegenerateAgenda,
  useUpdateMeeting,
} from '../../../data/meetings';
import { useZones } from '../../../data/zones';
import { formatDateTime, formatQuarter, unitName } from '../../../lib/format';
import { problemText } from '../../../lib/problem-text';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { ProblemMessage } from '../../../ui/problem-message';
import '../../../ui/document-page.css';

type Link = (path: string) => (event: MouseEvent) => void;

/** One meeting: its agenda (with links), the minutes editor, the decisions; prints as the 会议纪要 on A4. */
export function MeetingDetail({
  campaign,
  id,
  canWrite,
  onNavigate,
}: {
  campaign: CampaignResponse;
  id: string;
  canWrite: boolean;
  onNavigate(path: string): void;
}) {
  const { t, i18n } = useTranslation();
  const meeting = useMeeting(id);
  const regenerate = useRegenerateAgenda();
  const unitLabel = (unit: string | null) => unitName(campaign.units, unit, i18n.language);
  const link: Link = (path) => (event) => {
    event.preventDefault();
    onNavigate(path);
  };
  if (meeting.isPending) return <Message>{t('common.loading')}</Message>;
  if (!meeting.data) {
    return (
      <main className="report-page">
        <ProblemMessage error={meeting.error} wording={{ fallback: 'common.loadFailed' }} />
      </main>
    );
  }
  const data = meeting.data;
  return (
    <main className="report-page meeting-page" aria-labelledby="meeting-title">
      <div className="report-toolbar no-print">
        <a href="/meetings" onClick={link('/meetings')}>
          {t('meetings.back')}
        </a>
        {canWrite && data.state === 'planned' ? (
          <button type="button" disabled={regenerate.isPending} onClick={() => regenerate.mutate(data)}>
            {t('meetings.regenerate')}
          </button>
        ) : null}
        <button type="button" onClick={() => window.print()}>
          {t('meetings.print')}
        </button>
      </div>
      {regenerate.error ? (
        <Message tone="error">
          {problemText(regenerate.error, t, { status: { 412: 'meetings.stale' }, otherwise: 'detail' })}
        </Message>
      ) : null}
      <h2 id="meeting-title">
        {data.state === 'held' ? t('meetings.minutesTitle', { title: data.title }) : data.title}
      </h2>
      <dl className="meeting-facts">
        <dt>{t('meetings.fields.kind')}</dt>
        <dd>{t(`meetings.kind.${data.kind}`)}</dd>
        <dt>{t('meetings.fields.when')}</dt>
        <dd>
          {data.date} {data.time}
        </dd>
        <dt>{t('meetings.fields.place')}</dt>
        <dd>{data.place || '—'}</dd>
        <dt>{t('meetings.fields.attendees')}</dt>
        <dd>{data.attendees.map(unitLabel).join('、') || '—'}</dd>
        <dt>{t('meetings.fields.state')}</dt>
        <dd>{t(`meetings.state.${data.state}`)}</dd>
      </dl>
      <h3>{t('meetings.agenda')}</h3>
      {data.agenda ? (
        <AgendaView agenda={data.agenda} unitLabel={unitLabel} link={link} />
      ) : (
        <p className="muted">{t('meetings.noAgenda')}</p>
      )}
      <h3>{t('meetings.minutes')}</h3>
      <MinutesEditor meeting={data} canWrite={canWrite} />
      <h3>{t('meetings.decisions')}</h3>
      <Decisions meeting={data} campaign={campaign} canWrite={canWrite} unitLabel={unitLabel} link={link} />
    </main>
  );
}

function AgendaView({
  agenda,
  unitLabel,
  link,
}: {
  agenda: Agenda;
  unitLabel(unit: string | null): string;
  link: Link;
}) {
  const { t, i18n } = useTranslation();
  const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
  return (
    <div className="meeting-agenda">
      <p className="muted">
        {t('meetings.generatedAt', { at: formatDateTime(agenda.generatedAt, i18n.language), day: agenda.asOf })}
      </p>
      <h4>{t('meetings.overdue', { count: agenda.overdueTotal })}</h4>
      {agenda.overdueByUnit.length ? (
        <ol className="agenda-list">
          {agenda.overdueByUnit.map((entry) => (
            <li key={entry.unit}>
              <strong>{t('meetings.overdueOfUnit', { unit: unitLabel(entry.unit), count: entry.count })}</strong>
              <ul>
                {entry.tasks.map((task) => (
                  <li key={task.taskId}>
                    <a
                      href={`/?zone=${task.zoneId}&task=${task.taskId}`}
                      onClick={link(`/?zone=${task.zoneId}&task=${task.taskId}`)}
                    >
                      {task.zoneName} · {task.title}
                    </a>{' '}
                    <span className="muted">
                      {t('meetings.daysLate', { date: task.dueDate, count: task.daysLate })}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('meetings.nothing')}</p>
      )}
      <h4>
        {t('meetings.supervisions', {
          open: agenda.supervisionTotals.open,
          unanswered: agenda.supervisionTotals.unanswered,
          overdue: agenda.supervisionTotals.overdue,
        })}
      </h4>
      {agenda.supervisions.length ? (
        <ul className="agenda-list">
          {agenda.supervisions.map((entry) => (
            <li key={entry.id}>
              <a href="/supervisions?status=open" onClick={link('/supervisions?status=open')}>
                {entry.target}
              </a>{' '}
              <span className="muted">
                {unitLabel(entry.unit)} · {t('meetings.deadline', { date: entry.deadline })}
              </span>{' '}
              {entry.overdue ? (
                <span className="agenda-flag is-late">{t('meetings.supervisionOverdue')}</span>
              ) : entry.unanswered ? (
                <span className="agenda-flag">{t('meetings.unanswered')}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('meetings.nothing')}</p>
      )}
      <h4>{t('meetings.failedChecks', { count: agenda.failedChecks.length })}</h4>
      {agenda.failedChecks.length ? (
        <ul className="agenda-list">
          {agenda.failedChecks.map((check) => (
            <li key={check.checkId}>
              <a href={`/?zone=${check.zoneId}`} onClick={link(`/?zone=${check.zoneId}`)}>
                {check.zoneName}
              </a>{' '}
              <span className="muted">
                {t('meetings.checkScore', { quarter: formatQuarter(check.quarter, i18n.language), score: check.score })}
              </span>
              {check.findings ? <span className="agenda-findings">{check.findings}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('meetings.nothing')}</p>
      )}
      <h4>{t('meetings.ranking')}</h4>
      <div className="meeting-table-scroll">
        <table className="meeting-table">
          <thead>
            <tr>
              <th>{t('meetings.rank')}</th>
              <th>{t('meetings.unit')}</th>
              <th>{t('meetings.tasksDone')}</th>
              <th>{t('meetings.completion')}</th>
              <th>{t('meetings.onTime')}</th>
            </tr>
          </thead>
          <tbody>
            {agenda.ranking.map((entry) => (
              <tr key={entry.unit}>
                <td>{entry.rank}</td>
                <td className="unit-cell">{unitLabel(entry.unit)}</td>
                <td>
                  {entry.done}/{entry.tasks}
                </td>
                <td>{percent(entry.completionRate)}</td>
                <td>{percent(entry.onTimeRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function MinutesEditor({ meeting, canWrite }: { meeting: Meeting; canWrite: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateMeeting();
  const [minutes, setMinutes] = useState(meeting.minutes);
  useEffect(() => setMinutes(meeting.minutes), [meeting.minutes]);
  if (!canWrite) {
    return <div className="meeting-minutes">{meeting.minutes || t('meetings.noMinutes')}</div>;
  }
  const save = (held: boolean) =>
    update.mutate({ meeting, body: { minutes, ...(held ? { state: 'held' as const } : {}) } });
  return (
    <div>
      <div className="meeting-minutes print-only">{minutes || t('meetings.noMinutes')}</div>
      <div className="no-print">
        <textarea
          name="minutes"
          className="meeting-minutes-input"
          rows={8}
          value={minutes}
          aria-label={t('meetings.minutes')}
          onChange={(event) => setMinutes(event.target.value)}
        />
        <div className="meeting-actions">
          <button type="button" className="primary-button" disabled={update.isPending} onClick={() => save(false)}>
            {t('meetings.saveMinutes')}
          </button>
          {meeting.state === 'planned' ? (
            <button type="button" disabled={update.isPending} onClick={() => save(true)}>
              {t('meetings.markHeld')}
            </button>
          ) : null}
          {update.isSuccess ? <span className="muted">{t('meetings.saved')}</span> : null}
        </div>
        {update.error ? (
          <Message tone="error">
            {problemText(update.error, t, { status: { 412: 'meetings.stale' }, otherwise: 'detail' })}
          </Message>
        ) : null}
      </div>
    </div>
  );
}

function Decisions({
  meeting,
  campaign,
  canWrite,
  unitLabel,
  link,
}: {
  meeting: Meeting;
  campaign: CampaignResponse;
  canWrite: boolean;
  unitLabel(unit: string | null): string;
  link: Link;
}) {
  const { t } = useTranslation();
  return (
    <div className="meeting-decisions">
      {meeting.decisions.length ? (
        <ol className="decision-list">
          {meeting.decisions.map((decision) => (
            <DecisionItem key={decision.id} decision={decision} canWrite={canWrite} unitLabel={unitLabel} link={link} />
          ))}
        </ol>
      ) : (
        <p className="muted">{t('meetings.noDecisions')}</p>
      )}
      {canWrite ? <NewDecisionForm meeting={meeting} campaign={campaign} /> : null}
    </div>
  );
}

function DecisionItem({
  decision,
  canWrite,
  unitLabel,
  link,
}: {
  decision: Decision;
  canWrite: boolean;
  unitLabel(unit: string | null): string;
  link: Link;
}) {
  const { t } = useTranslation();
  const convert = useConvertDecision();
  const zones = useZones();
  const [action, setAction] = useState<'task' | 'supervise' | null>(null);
  const owned = (zones.data?.features ?? []).filter(
    (zone) =>
      zone.properties.leadUnit === decision.ownerUnit || zone.properties.responsibleUnits.includes(decision.ownerUnit),
  );
  const choices = owned.length ? owned : (zones.data?.features ?? []);
  const [zoneId, setZoneId] = useState('');
  const chosen = zoneId || choices[0]?.id || '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!action || !chosen) return;
    convert.mutate({ decision, action, zoneId: chosen }, { onSuccess: () => setAction(null) });
  };
  return (
    <li className="decision" data-decision={decision.id}>
      <span className="decision-text">{decision.text}</span>
      <span className="muted">
        {t('meetings.owner', { unit: unitLabel(decision.ownerUnit) })} · {t('meetings.due', { date: decision.dueDate })}
      </span>
      {decision.outcome === 'task' && decision.taskId ? (
        <span className="decision-outcome">{t('meetings.becameTask')}</span>
      ) : null}
      {decision.outcome === 'supervision' && decision.supervisionId ? (
        <a className="decision-outcome" href="/supervisions?status=open" onClick={link('/supervisions?status=open')}>
          {t('meetings.becameSupervision')}
        </a>
      ) : null}
      {canWrite && decision.outcome === null ? (
        <div className="decision-actions no-print">
          {action ? (
            <form onSubmit={submit} className="decision-convert">
              <Field label={t('meetings.zone')}>
                <select name="zone" value={chosen} onChange={(event) => setZoneId(event.target.value)}>
                  {choices.map((zone) => (
                    <option key={zone.id} value={zone.id}>
                      {zone.properties.name}
                    </option>
                  ))}
                </select>
              </Field>
              <button type="submit" className="primary-button" disabled={convert.isPending || !chosen}>
                {t(action === 'task' ? 'meetings.confirmTask' : 'meetings.confirmSupervise')}
              </button>
              <button type="button" onClick={() => setAction(null)}>
                {t('common.cancel')}
              </button>
            </form>
          ) : (
            <>
              <button type="button" onClick={() => setAction('task')}>
                {t('meetings.toTask')}
              </button>
              <button type="button" onClick={() => setAction('supervise')}>
                {t('meetings.toSupervise')}
              </button>
            </>
          )}
          {convert.error ? (
            <Message tone="error">{problemText(convert.error, t, { otherwise: 'detail' })}</Message>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function NewDecisionForm({ meeting, campaign }: { meeting: Meeting; campaign: CampaignResponse }) {
  const { t, i18n } = useTranslation();
  const add = useAddDecision(meeting.id);
  const [text, setText] = useState('');
  const [ownerUnit, setOwnerUnit] = useState(meeting.attendees[0] ?? campaign.units[0]?.id ?? '');
  const [dueDate, setDueDate] = useState(() => addDays(campaign.today, 7));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ text, ownerUnit, dueDate }, { onSuccess: () => setText('') });
  };
  return (
    <form className="meeting-form decision-form no-print" onSubmit={submit}>
      <Field label={t('meetings.decisionText')}>
        <input
          name="decision"
          value={text}
          required
          maxLength={500}
          onChange={(event) => setText(event.target.value)}
        />
      </Field>
      <Field label={t('meetings.ownerUnit')}>
        <select name="ownerUnit" value={ownerUnit} onChange={(event) => setOwnerUnit(event.target.value)}>
          {campaign.units.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {unitName(campaign.units, unit.id, i18n.language)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('meetings.dueDate')}>
        <input
          type="date"
          name="dueDate"
          value={dueDate}
          min={campaign.today}
          required
          onChange={(event) => setDueDate(event.target.value)}
        />
      </Field>
      <button type="submit" className="primary-button" disabled={add.isPending}>
        {t('meetings.addDecision')}
      </button>
      {add.error ? <Message tone="error">{problemText(add.error, t, { otherwise: 'detail' })}</Message> : null}
    </form>
  );
}
