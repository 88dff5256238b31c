import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/field';
import type { Task } from '../../../shared/zones/zone';
import { problemText, problemFields } from '../../../lib/problem-text';
import { Message } from '../../../ui/message';
import { useCreateSupervision, useZoneSupervisions } from '../../../data/supervision';
import type { SessionUser } from '../../../shared/admin/auth';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { SupervisionCard } from './supervision-card';
import '../supervision.css';

export interface SupervisionSectionProps {
  zoneId: string;
  tasks: Task[] | undefined;
  today: string;
  canSupervise: boolean;
  user: SessionUser | null;
  lookup: CampaignLookup;
}

/**
 * 督办 on a zone and its tasks: leaders (and the campaign office) issue them with a note and a deadline; each card
 * carries the unit's reply and the issuer's close or send-back.
 */
export function SupervisionSection({ zoneId, tasks, today, canSupervise, user, lookup }: SupervisionSectionProps) {
  const { t } = useTranslation();
  const supervisions = useZoneSupervisions(zoneId);
  const create = useCreateSupervision(zoneId);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [deadline, setDeadline] = useState('');
  const [taskId, setTaskId] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { note: note.trim(), deadline, taskId: taskId || null },
      {
        onSuccess: () => {
          setOpen(false);
          setNote('');
          setDeadline('');
          setTaskId('');
        },
      },
    );
  };
  const error = problemText(create.error, t, {
    status: { 400: (problem) => t('supervision.invalid', { detail: problemFields(problem) }) },
  });

  if (!canSupervise && !supervisions.data?.length) return null;
  return (
    <section className="panel-section supervision" aria-label={t('supervision.title')}>
      <h3>
        {t('supervision.title')}{' '}
        {supervisions.data?.length ? <span className="muted">({supervisions.data.length})</span> : null}
      </h3>
      {supervisions.data?.length ? (
        <ul className="supervision-list">
          {supervisions.data.map((entry) => (
            <SupervisionCard key={entry.id} supervision={entry} user={user} lookup={lookup} today={today} />
          ))}
        </ul>
      ) : null}
      {canSupervise && !open ? (
        <button type="button" className="secondary-button" onClick={() => setOpen(true)}>
          {t('supervision.add')}
        </button>
      ) : null}
      {canSupervise && open ? (
        <form className="supervision-form" onSubmit={submit}>
          <Field label={t('supervision.target')}>
            <select value={taskId} onChange={(event) => setTaskId(event.target.value)} name="supervision-target">
              <option value="">{t('supervision.wholeZone')}</option>
              {tasks?.map((task) => (
                <option key={task.id} value={task.id}>
                  {task.title}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('supervision.note')}>
            <textarea
              name="supervision-note"
              required
              maxLength={500}
              rows={3}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </Field>
          <Field label={t('supervision.deadlineLabel')}>
            <input
              name="supervision-deadline"
              type="date"
              required
              min={today}
              value={deadline}
              onChange={(event) => setDeadline(event.target.value)}
            />
          </Field>
          {error ? <Message tone="error">{error}</Message> : null}
          <div className="form-actions">
            <button type="submit" className="primary-button" disabled={create.isPending}>
              {t('supervision.submit')}
            </button>
            <button type="button" className="link-button" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
