import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/admin/auth';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import {
  actionRefusal,
  replyRefusal,
  type Supervision,
  type SupervisionAction,
} from '../../../shared/supervision/supervision';
import { formatDateTime, unitName } from '../../../lib/format';
import { problemFields, problemText } from '../../../lib/problem-text';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { OverdueFlag } from '../../../ui/status-badge';
import { useReplySupervision, useSupervisionAction } from '../../../data/supervision';
import { uploadPhoto } from '../../../data/photos';
import '../supervision.css';

export interface SupervisionCardProps {
  supervision: Supervision;
  user: SessionUser | null;
  lookup: CampaignLookup;
  today: string;
  /** Show what it is about (zone, task, case): on the 督办 page, not inside the zone's own panel. */
  showTarget?: boolean;
}

/**
 * One 督办: the directive, its status and thread; the responsible unit's reply form (progress, photos, a new
 * date) and the issuer's (or the office's) close and send-back. Offered only where the shared rules allow.
 */
export function SupervisionCard({ supervision, user, lookup, today, showTarget = false }: SupervisionCardProps) {
  const { t, i18n } = useTranslation();
  const actor = user ? { id: user.id, role: user.role, unit: user.unit } : null;
  const mayReply = actor !== null && replyRefusal(supervision, actor) === null;
  const mayAct = (action: SupervisionAction) => actor !== null && actionRefusal(supervision, action, actor) === null;
  const [mode, setMode] = useState<'idle' | 'reply' | 'reopen'>('idle');
  const language = i18n.language;

  return (
    <li
      className={`supervision-card is-${supervision.status}${supervision.overdue ? ' is-overdue' : ''}`}
      data-testid="supervision-card"
    >
      <div className="supervision-head">
        <span className={`supervision-status status-${supervision.status}`}>
          {t(`supervision.status.${supervision.status}`)}
        </span>
        {supervision.overdue ? <OverdueFlag label={t('supervision.overdue')} /> : null}
      </div>
      {showTarget ? (
        <div className="supervision-target">
          {supervision.caseNo
            ? t('supervision.onCase', { no: supervision.caseNo })
            : supervision.taskTitle
              ? t('supervision.onTaskOfZone', { title: supervision.taskTitle, zone: supervision.zoneName })
              : supervision.zoneName}
        </div>
      ) : supervision.taskTitle ? (
        <div className="supervision-target">{t('supervision.onTask', { title: supervision.taskTitle })}</div>
      ) : null}
      <div className="supervision-note">{supervision.note}</div>
      <div className="task-meta">
        <span>{t('supervision.deadline', { date: supervision.deadline })}</span>
        <span>{t('supervision.unit', { unit: unitName(lookup, supervision.unit, language) })}</span>
        <span className="muted">
          {t('supervision.by', { name: supervision.createdByName, date: supervision.createdAt.slice(0, 10) })}
        </span>
      </div>
      {supervision.steps.length ? (
        <ol className="supervision-thread">
          {supervision.steps.map((step) => (
            <li key={step.id} className={`step-${step.kind}`}>
              <span className="supervision-step-kind">{t(`supervision.step.${step.kind}`)}</span>{' '}
              <span className="muted">
                {step.actorName} · {formatDateTime(step.at, language)}
              </span>
              {step.text ? <div>{step.text}</div> : null}
              {step.newDate ? (
                <div className="muted">
                  {t(step.kind === 'reopen' ? 'supervision.newDeadline' : 'supervision.promised', {
                    date: step.newDate,
                  })}
                </div>
              ) : null}
              {step.photoIds.length ? (
                <div className="supervision-photos">
                  {step.photoIds.map((id) => (
                    <a key={id} href={`/api/photos/${encodeURIComponent(id)}/display`} target="_blank" rel="noreferrer">
                      <img src={`/api/photos/${encodeURIComponent(id)}/thumb`} alt={t('supervision.photo')} />
                    </a>
                  ))}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {mode === 'idle' ? (
        <div className="form-actions">
          {mayReply ? (
            <button type="button" className="primary-button" onClick={() => setMode('reply')}>
              {t('supervision.reply')}
            </button>
          ) : null}
          {mayAct('close') ? <CloseButton supervision={supervision} /> : null}
          {mayAct('reopen') ? (
            <button type="button" className="secondary-button" onClick={() => setMode('reopen')}>
              {t(supervision.status === 'closed' ? 'supervision.reopen' : 'supervision.sendBack')}
            </button>
          ) : null}
        </div>
      ) : mode === 'reply' ? (
        <ReplyForm supervision={supervision} today={today} onDone={() => setMode('idle')} />
      ) : (
        <ReopenForm supervision={supervision} today={today} onDone={() => setMode('idle')} />
      )}
    </li>
  );
}

const actionError = (error: unknown, t: ReturnType<typeof useTranslation>['t']) =>
  problemText(error, t, {
    status: {
      412: 'supervision.stale',
      409: 'supervision.wrongStatus',
      403: 'supervision.forbidden',
      400: (problem) => t('supervision.invalid', { detail: problemFields(problem) }),
    },
  });

function CloseButton({ supervision }: { supervision: Supervision }) {
  const { t } = useTranslation();
  const action = useSupervisionAction();
  const error = actionError(action.error, t);
  return (
    <>
      <button
        type="button"
        className="primary-button"
        disabled={action.isPending}
        onClick={() => action.mutate({ supervision, action: 'close', body: {} })}
      >
        {t('supervision.close')}
      </button>
      {error ? <Message tone="error">{error}</Message> : null}
    </>
  );
}

function ReopenForm({ supervision, today, onDone }: { supervision: Supervision; today: string; onDone(): void }) {
  const { t } = useTranslation();
  const action = useSupervisionAction();
  const [note, setNote] = useState('');
  const [deadline, setDeadline] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    action.mutate(
      {
        supervision,
        action: 'reopen',
        body: { note: note.trim(), ...(deadline ? { deadline } : {}) },
      },
      { onSuccess: onDone },
    );
  };
  const error = actionError(action.error, t);
  return (
    <form className="supervision-form" onSubmit={submit}>
      <Field label={t('supervision.reopenNote')}>
        <textarea
          name="supervision-reopen-note"
          required
          maxLength={500}
          rows={2}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </Field>
      <Field label={t('supervision.newDeadlineLabel')}>
        <input
          name="supervision-reopen-deadline"
          type="date"
          min={today}
          value={deadline}
          onChange={(event) => setDeadline(event.target.value)}
        />
      </Field>
      {error ? <Message tone="error">{error}</Message> : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={action.isPending}>
          {t(supervision.status === 'closed' ? 'supervision.reopen' : 'supervision.sendBack')}
        </button>
        <button type="button" className="link-button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function ReplyForm({ supervision, today, onDone }: { supervision: Supervision; today: string; onDone(): void }) {
  const { t } = useTranslation();
  const reply = useReplySupervision();
  const [progress, setProgress] = useState('');
  const [newDate, setNewDate] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadFailed, setUploadFailed] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setUploadFailed(false);
    const photoIds: string[] = [];
    if (files.length && supervision.zoneId) {
      setUploading(true);
      try {
        // Through the zone's photo upload (progress photos), then named in the reply.
        for (const file of files) {
          const answer = await uploadPhoto({
            zoneId: supervision.zoneId,
            file,
            fileName: file.name,
            phase: 'progress',
            taskId: supervision.taskId,
            referenceObject: '',
            note: '',
            position: null,
            exif: null,
            reported: null,
            idempotencyKey: crypto.randomUUID(),
            onProgress: () => undefined,
          });
          photoIds.push(...answer.photos.map((photo) => photo.id));
        }
      } catch {
        setUploadFailed(true);
        return;
      } finally {
        setUploading(false);
      }
    }
    reply.mutate(
      { supervision, body: { progress: progress.trim(), photoIds, newDate: newDate || null } },
      { onSuccess: onDone },
    );
  };
  const error = problemText(reply.error, t, {
    status: {
      409: 'supervision.wrongStatus',
      403: 'supervision.forbidden',
      400: (problem) => t('supervision.invalid', { detail: problemFields(problem) }),
    },
  });
  return (
    <form className="supervision-form" onSubmit={(event) => void submit(event)}>
      <Field label={t('supervision.progress')}>
        <textarea
          name="supervision-progress"
          required
          maxLength={1000}
          rows={3}
          value={progress}
          onChange={(event) => setProgress(event.target.value)}
        />
      </Field>
      {supervision.zoneId ? (
        <Field label={t('supervision.photos')}>
          <input
            name="supervision-photos"
            type="file"
            accept="image/*"
            multiple
            onChange={(event) => setFiles([...(event.target.files ?? [])])}
          />
        </Field>
      ) : null}
      <Field label={t('supervision.promisedLabel')}>
        <input
          name="supervision-new-date"
          type="date"
          min={today}
          value={newDate}
          onChange={(event) => setNewDate(event.target.value)}
        />
      </Field>
      {uploadFailed ? <Message tone="error">{t('supervision.uploadFailed')}</Message> : null}
      {error ? <Message tone="error">{error}</Message> : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={reply.isPending || uploading}>
          {t('supervision.sendReply')}
        </button>
        <button type="button" className="link-button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
