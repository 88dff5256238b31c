import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/admin/auth';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import type { Task, ZoneFeature } from '../../../shared/zones/zone';
import { canCall } from '../../../shared/campaign/authorization';
import { addDays } from '../../../shared/time/dates';
import {
  hasPhotoPair,
  possibleTaskActions,
  taskActorFor,
  type TaskAction,
  type TaskUpdate,
} from '../../../shared/tasks/task';
import { problemText } from '../../../lib/problem-text';
import { formatDateTime, unitName } from '../../../lib/format';
import { localName } from '../../../lib/i18n';
import { OverdueFlag, StatusBadge } from '../../../ui/status-badge';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { useTask, useTaskAction, useTaskNote, useTaskUpdates } from '../../../data/tasks';
import { enqueue, newKey, useOutbox } from '../../../data/outbox';
import { requestOutboxSync } from '../../../lib/service-worker';
import { taskWithQueued } from '../queued-task';
import { ProblemMessage } from '../../../ui/problem-message';
import '../tasks.css';

/** Actions that ask for a reason (and a date) before they are sent. */
const NEEDS_FORM: readonly TaskAction[] = ['reject', 'request_extension', 'suspend', 'refuse_extension'];
const PRIMARY: readonly TaskAction[] = ['start', 'submit', 'accept'];

export interface TaskDetailProps {
  taskId: string;
  zone: ZoneFeature;
  lookup: CampaignLookup;
  today: string;
  user: SessionUser | null;
  onBack(): void;
  /** The task's photo evidence, composed in by the app (photos are their own feature). */
  renderPhotos(task: Task, canUpload: boolean): ReactNode;
}

/** One task: its facts, the workflow actions this user may take, and its update thread. */
export function TaskDetail({ taskId, zone, lookup, today, user, onBack, renderPhotos }: TaskDetailProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const task = useTask(taskId);
  const updates = useTaskUpdates(taskId);
  const act = useTaskAction(zone.id);
  const [pending, setPending] = useState<TaskAction | null>(null);
  const queued = useOutbox(user?.id ?? null).filter((item) => item.taskId === taskId);

  const unitLabel = (id: string) => unitName(lookup, id, language);

  if (task.isError)
    return (
      <div className="task-detail">
        <button type="button" className="link-button back-link" onClick={onBack}>
          {t('task.back')}
        </button>
        <ProblemMessage
          error={task.error}
          wording={{ status: { 404: () => t('task.notFound', { id: taskId }) }, fallback: 'common.loadFailed' }}
        />
      </div>
    );
  if (!task.data) return <Message>{t('common.loading')}</Message>;
  const actor = taskActorFor(user, task.data, zone.properties.leadUnit);
  // With writes waiting in the outbox, the task as it will be once they are sent (docs/field.md).
  const current = taskWithQueued(task.data, queued, actor);
  const status = lookup.taskStatus(current.status);
  const actions = possibleTaskActions(
    {
      status: current.status,
      dueDate: current.dueDate,
      extensionRequest: current.extensionRequest,
      statusBeforeSuspend: current.statusBeforeSuspend,
      beforePhotoCount: current.beforePhotoCount,
      afterPhotoCount: current.afterPhotoCount,
    },
    actor,
  );
  const pairOk = hasPhotoPair(current);
  // Photos: as for the task's work, and also the zone's responsible units.
  const mayUpload =
    user !== null &&
    canCall(user.role, 'POST', '/api/zones/:id/photos') &&
    (user.role !== 'unit' ||
      actor === 'unit' ||
      (user.unit !== null && zone.properties.responsibleUnits.includes(user.unit)));
  const mayNote =
    user !== null && canCall(user.role, 'POST', '/api/tasks/:id/notes') && (user.role !== 'unit' || actor === 'unit');

  // Offline, or behind writes of this task still waiting: into the outbox, against the version shown.
  const queue = (action: TaskAction, body: { reason?: string; dueDate?: string }) =>
    user
      ? enqueue({
          kind: 'action',
          action,
          body,
          ifMatch: current.version,
          mine: current,
          userId: user.id,
          taskId: current.id,
          zoneId: zone.id,
        }).then(() => {
          setPending(null);
          void requestOutboxSync();
        })
      : undefined;
  const run = (action: TaskAction, body: { reason?: string; dueDate?: string } = {}) => {
    if (!navigator.onLine || queued.length) return void queue(action, body);
    act.mutate({ task: current, action, body }, { onSuccess: () => setPending(null) });
  };

  const errorText = problemText(act.error, t, {
    refusal: 'task.refusal.',
    status: { 412: 'task.stale', 403: 'task.forbidden' },
    otherwise: 'detail',
  });

  return (
    <div className="task-detail" data-testid="task-detail">
      <button type="button" className="link-button back-link" onClick={onBack}>
        {t('task.back')}
      </button>
      <header className="panel-header">
        <div className="panel-kicker">{zone.properties.name}</div>
        <h2 className="panel-title">{current.title}</h2>
        <div className="panel-badges">
          {status ? <StatusBadge label={localName(status, language)} color={status.color} /> : null}
          {current.overdue ? <OverdueFlag label={t('zones.overdue')} /> : null}
          {current.reworkCount ? (
            <span className="rework">{t('panel.rework', { count: current.reworkCount })}</span>
          ) : null}
        </div>
        <TaskLink zoneId={zone.id} taskId={current.id} title={current.title} />
      </header>
      <dl className="facts">
        <dt>{t('task.assignedUnit')}</dt>
        <dd>{unitLabel(current.assignedUnit)}</dd>
        <dt>{t('task.dueDate')}</dt>
        <dd>
          {current.dueDate}
          {current.originalDueDate !== current.dueDate ? (
            <span className="muted"> {t('panel.extendedFrom', { date: current.originalDueDate })}</span>
          ) : null}
        </dd>
        {current.extensionRequest ? (
          <>
            <dt>{t('task.extensionRequested')}</dt>
            <dd className="extension-request">
              {t('task.extensionTo', { date: current.extensionRequest.dueDate })}：{current.extensionRequest.reason}
            </dd>
          </>
        ) : null}
        <dt>{t('task.photos')}</dt>
        <dd>{t('task.photoCounts', { before: current.beforePhotoCount, after: current.afterPhotoCount })}</dd>
      </dl>
      {current.measures ? <p className="measures">{current.measures}</p> : null}

      {actions.length ? (
        <section className="panel-section task-actions" aria-label={t('task.actions')}>
          <div className="form-actions">
            {actions.map((action) => {
              const blocked = action === 'submit' && current.afterPhotoCount === 0;
              return (
                <button
                  key={action}
                  type="button"
                  className={PRIMARY.includes(action) ? 'primary-button' : 'secondary-button'}
                  disabled={act.isPending || blocked}
                  aria-pressed={pending === action}
                  onClick={() =>
                    NEEDS_FORM.includes(action) || (action === 'accept' && !pairOk) ? setPending(action) : run(action)
                  }
                >
                  {t(`task.action.${action}`)}
                </button>
              );
            })}
          </div>
          {actions.includes('submit') && current.afterPhotoCount === 0 ? (
            <p className="muted">{t('task.submitNeedsPhoto')}</p>
          ) : null}
          {actions.includes('accept') && !pairOk ? (
            <p className="muted" data-testid="accept-needs-pair">
              {t('task.acceptNeedsPair')}
            </p>
          ) : null}
          {pending ? (
            <ActionForm
              key={pending}
              action={pending}
              minDate={addDays(current.dueDate, 1)}
              busy={act.isPending}
              onCancel={() => setPending(null)}
              onSubmit={(body) => run(pending, body)}
            />
          ) : null}
          {errorText ? <Message tone="error">{errorText}</Message> : null}
        </section>
      ) : null}

      {queued.length ? (
        <Message>
          <span data-testid="task-queued">{t('field.taskQueued', { count: queued.length })}</span>
        </Message>
      ) : null}
      {renderPhotos(current, mayUpload)}

      <section className="panel-section" aria-label={t('task.thread')}>
        <h3>{t('task.thread')}</h3>
        {updates.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
        {updates.data ? (
          updates.data.length ? (
            <ol className="task-thread" data-testid="task-thread">
              {updates.data.map((entry) => (
                <ThreadEntry key={entry.id} entry={entry} lookup={lookup} language={language} />
              ))}
            </ol>
          ) : (
            <p className="muted">{t('task.noUpdates')}</p>
          )
        ) : null}
        {mayNote ? <NoteForm zoneId={zone.id} taskId={current.id} userId={user?.id ?? null} /> : null}
      </section>
      <p className="muted today-note">{t('task.today', { date: today })}</p>
    </div>
  );
}

function ActionForm(props: {
  action: TaskAction;
  minDate: string;
  busy: boolean;
  onCancel(): void;
  onSubmit(body: { reason?: string; dueDate?: string }): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [dueDate, setDueDate] = useState(props.minDate);
  const needsDate = props.action === 'request_extension';
  const reasonRequired = props.action !== 'refuse_extension';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit({ reason: reason.trim() || undefined, ...(needsDate ? { dueDate } : {}) });
  };
  return (
    <form className="action-form" onSubmit={submit} aria-label={t(`task.action.${props.action}`)}>
      {needsDate ? (
        <Field label={t('task.newDueDate')}>
          <input
            name="dueDate"
            type="date"
            required
            min={props.minDate}
            value={dueDate}
            onChange={(event) => setDueDate(event.target.value)}
          />
        </Field>
      ) : null}
      <Field label={t(`task.reasonFor.${props.action}`)}>
        <textarea
          name="reason"
          rows={2}
          maxLength={1000}
          required={reasonRequired}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={props.busy || (reasonRequired && !reason.trim())}>
          {t(`task.confirm.${props.action}`)}
        </button>
        <button type="button" className="link-button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function ThreadEntry({ entry, lookup, language }: { entry: TaskUpdate; lookup: CampaignLookup; language: string }) {
  const { t } = useTranslation();
  const statusName = (code: string | null) => {
    const status = code ? lookup.taskStatus(code) : undefined;
    return status ? localName(status, language) : (code ?? '');
  };
  const what = (() => {
    switch (entry.kind) {
      case 'created':
        return t('task.entry.created');
      case 'action':
        return entry.fromStatus !== entry.toStatus
          ? t('task.entry.moved', {
              action: t(`task.action.${entry.action}`),
              from: statusName(entry.fromStatus),
              to: statusName(entry.toStatus),
            })
          : t(`task.action.${entry.action}`);
      case 'note':
        return t('task.entry.note');
      case 'supervision':
        return t('task.entry.supervision', { date: String(entry.data?.deadline ?? '') });
      case 'photo': {
        const phase = entry.data?.phase;
        return typeof phase === 'string'
          ? t('task.entry.photoOf', { count: Number(entry.data?.count ?? 1), phase: t(`photos.phase.${phase}`) })
          : t('task.entry.photo');
      }
      case 'edit':
        return t('task.entry.edit');
    }
  })();
  const requested = entry.data?.requestedDueDate;
  return (
    <li className={`thread-entry thread-kind-${entry.kind}`}>
      <div className="thread-head">
        <strong>{entry.actorName ?? entry.actor ?? t('task.entry.system')}</strong>
        <span className="muted"> · {formatDateTime(entry.at, language)}</span>
      </div>
      <div>
        {what}
        {typeof requested === 'string' ? ` → ${requested}` : null}
      </div>
      {entry.note ? <div className="thread-note">{entry.note}</div> : null}
    </li>
  );
}

/** The task's own address (docs/field.md): sent in 企业微信/钉钉/微信, it opens this task, after sign-in if needed. */
const taskLink = (origin: string, zoneId: string, taskId: string) =>
  `${origin}/?zone=${encodeURIComponent(zoneId)}&task=${encodeURIComponent(taskId)}`;

/** The task's QR code, loaded when first shown (the qrcode package stays out of the zone panel's JavaScript). */
const QrCode = lazy(() => import('../../../ui/qr-code').then((module) => ({ default: module.QrCode })));

function TaskLink({ zoneId, taskId, title }: { zoneId: string; taskId: string; title: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const [showQr, setShowQr] = useState(false);
  const link = taskLink(window.location.origin, zoneId, taskId);
  return (
    <div className="task-link">
      <button type="button" className="link-button" aria-expanded={showQr} onClick={() => setShowQr(!showQr)}>
        {showQr ? t('field.hideQr') : t('field.showQr')}
      </button>
      {showQr ? (
        <figure className="task-qr" data-testid="task-qr">
          <Suspense fallback={null}>
            <QrCode className="task-qr-code" text={link} label={t('field.qrLabel', { title })} />
          </Suspense>
          <figcaption>
            {title}
            <br />
            {t('field.qrHint')}
          </figcaption>
        </figure>
      ) : null}
      <button
        type="button"
        className="link-button"
        onClick={() =>
          void navigator.clipboard
            ?.writeText(link)
            .then(() => setCopied(true))
            .catch(() => setCopied(false))
        }
      >
        {copied ? t('field.linkCopied') : t('field.copyLink')}
      </button>
    </div>
  );
}

function NoteForm({ zoneId, taskId, userId }: { zoneId: string; taskId: string; userId: string | null }) {
  const { t } = useTranslation();
  const note = useTaskNote(zoneId);
  const [text, setText] = useState('');
  // One key per note written: sent again (an interrupted send, a second tap), the server adds it once.
  const [key, setKey] = useState(newKey);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    if (!navigator.onLine && userId) {
      void enqueue({ kind: 'note', note: text.trim(), userId, taskId, zoneId }).then(() => {
        setText('');
        void requestOutboxSync();
      });
      return;
    }
    note.mutate(
      { taskId, note: text.trim(), key },
      {
        onSuccess: () => {
          setText('');
          setKey(newKey());
        },
      },
    );
  };
  return (
    <form className="note-form" onSubmit={submit}>
      <Field label={t('task.addNote')}>
        <textarea
          name="note"
          rows={2}
          maxLength={2000}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </Field>
      {note.error ? <Message tone="error">{t('common.saveFailed')}</Message> : null}
      <div className="form-actions">
        <button type="submit" className="secondary-button" disabled={note.isPending || !text.trim()}>
          {t('task.sendNote')}
        </button>
      </div>
    </form>
  );
}
