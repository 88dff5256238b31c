import { useState, type FormEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { MEETING_KINDS, type MeetingKind } from '../../../shared/meetings/meetings';
import { useCreateMeeting, useMeetingList } from '../../../data/meetings';
import { unitName } from '../../../lib/format';
import { problemText } from '../../../lib/problem-text';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { ProblemMessage } from '../../../ui/problem-message';
import { MeetingDetail } from './meeting-detail';
import '../meetings.css';
import '../../../ui/document-page.css';

export interface MeetingsPageProps {
  campaign: CampaignResponse;
  /** The office and leaders plan meetings, keep minutes and record decisions. */
  canWrite: boolean;
  /** The URL's query string: ?id= opens one meeting. */
  search: string;
  onNavigate(path: string): void;
}

/** 例会 and 专项工作会议: the list (latest first) with a form to plan one, or one meeting (?id=). */
export function MeetingsPage({ campaign, canWrite, search, onNavigate }: MeetingsPageProps) {
  const id = new URLSearchParams(search).get('id');
  if (id) return <MeetingDetail campaign={campaign} id={id} canWrite={canWrite} onNavigate={onNavigate} />;
  return <MeetingList campaign={campaign} canWrite={canWrite} onNavigate={onNavigate} />;
}

function MeetingList({ campaign, canWrite, onNavigate }: Omit<MeetingsPageProps, 'search'>) {
  const { t, i18n } = useTranslation();
  const list = useMeetingList();
  const go = (path: string) => (event: MouseEvent) => {
    event.preventDefault();
    onNavigate(path);
  };
  const open = (id: string) => go(`/meetings?id=${encodeURIComponent(id)}`);
  return (
    <main className="report-page meetings-page" aria-labelledby="meetings-title">
      <div className="report-toolbar no-print">
        <a href="/reports/responsibility" onClick={go('/reports/responsibility')}>
          {t('meetings.responsibility')}
        </a>
      </div>
      <h2 id="meetings-title">{t('meetings.title')}</h2>
      <p className="muted">{t('meetings.intro')}</p>
      {canWrite ? <NewMeetingForm campaign={campaign} onCreated={(id) => onNavigate(`/meetings?id=${id}`)} /> : null}
      {list.isPending ? <Message>{t('common.loading')}</Message> : null}
      <ProblemMessage error={list.error} wording={{ fallback: 'common.loadFailed' }} />
      {list.data && !list.data.length ? <Message>{t('meetings.none')}</Message> : null}
      {list.data?.length ? (
        <ul className="meeting-list">
          {list.data.map((meeting) => (
            <li key={meeting.id} className="meeting-card">
              <a href={`/meetings?id=${meeting.id}`} onClick={open(meeting.id)}>
                {meeting.title}
              </a>
              <span className={`meeting-state is-${meeting.state}`}>{t(`meetings.state.${meeting.state}`)}</span>
              <span className="muted">
                {t(`meetings.kind.${meeting.kind}`)} · {meeting.date} {meeting.time}
                {meeting.place ? ` · ${meeting.place}` : ''}
              </span>
              <span className="muted">
                {t('meetings.decisionCount', { count: meeting.decisions.length })}
                {meeting.attendees.length
                  ? ` · ${meeting.attendees.map((unit) => unitName(campaign.units, unit, i18n.language)).join('、')}`
                  : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </main>
  );
}

function NewMeetingForm({ campaign, onCreated }: { campaign: CampaignResponse; onCreated(id: string): void }) {
  const { t, i18n } = useTranslation();
  const create = useCreateMeeting();
  const [kind, setKind] = useState<MeetingKind>('routine');
  const [title, setTitle] = useState(() => t('meetings.defaultTitle.routine'));
  const [date, setDate] = useState(campaign.today);
  const [time, setTime] = useState('09:00');
  const [place, setPlace] = useState('');
  const [attendees, setAttendees] = useState<string[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ kind, title, date, time, place, attendees }, { onSuccess: (meeting) => onCreated(meeting.id) });
  };
  return (
    <details className="meeting-new no-print">
      <summary>{t('meetings.plan')}</summary>
      <form onSubmit={submit} className="meeting-form">
        <Field label={t('meetings.fields.kind')}>
          <select
            name="kind"
            value={kind}
            onChange={(event) => {
              const next = event.target.value as MeetingKind;
              setKind(next);
              setTitle(t(`meetings.defaultTitle.${next}`));
            }}
          >
            {MEETING_KINDS.map((entry) => (
              <option key={entry} value={entry}>
                {t(`meetings.kind.${entry}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('meetings.fields.title')}>
          <input
            name="title"
            value={title}
            required
            maxLength={120}
            onChange={(event) => setTitle(event.target.value)}
          />
        </Field>
        <Field label={t('meetings.fields.date')}>
          <input type="date" name="date" value={date} required onChange={(event) => setDate(event.target.value)} />
        </Field>
        <Field label={t('meetings.fields.time')}>
          <input type="time" name="time" value={time} required onChange={(event) => setTime(event.target.value)} />
        </Field>
        <Field label={t('meetings.fields.place')}>
          <input name="place" value={place} maxLength={120} onChange={(event) => setPlace(event.target.value)} />
        </Field>
        <Field label={t('meetings.fields.attendees')}>
          <select
            name="attendees"
            multiple
            size={6}
            value={attendees}
            onChange={(event) => setAttendees([...event.target.selectedOptions].map((option) => option.value))}
          >
            {campaign.units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unitName(campaign.units, unit.id, i18n.language)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="primary-button" disabled={create.isPending}>
          {t('meetings.create')}
        </button>
        {create.error ? <Message tone="error">{problemText(create.error, t, { otherwise: 'detail' })}</Message> : null}
      </form>
    </details>
  );
}
