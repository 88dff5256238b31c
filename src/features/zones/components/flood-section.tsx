import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_LEVELS, type FloodProfileBody } from '../../../shared/flood';
import { ApiError } from '../../../lib/api';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { useFloodChecklist, useSaveFloodProfile, useZoneFlood, type FloodSection as FloodData } from '../flood.queries';

const EMPTY: FloodProfileBody = {
  riskLevel: 'medium',
  maxDepthCm: null,
  typicalDurationHours: null,
  affectedHouseholds: null,
  cause: '',
  drainageMeasures: '',
};
const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));

/** Flood attributes of a low-lying flood-prone area (R4): risk, depth, duration, households, cause, measures, facilities, events. */
export function FloodSection({ zoneId, canEdit }: { zoneId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const flood = useZoneFlood(zoneId, true);
  const [editing, setEditing] = useState(false);
  if (flood.isError) return <Message tone="error">{t('common.loadFailed')}</Message>;
  if (!flood.data) return null;
  const { profile, facilities, events } = flood.data;
  return (
    <section className="panel-section flood" aria-label={t('flood.title')} data-testid="flood-section">
      <h3>{t('flood.title')}</h3>
      {editing ? (
        <ProfileForm zoneId={zoneId} data={flood.data} onDone={() => setEditing(false)} />
      ) : profile ? (
        <dl className="facts">
          <dt>{t('flood.risk')}</dt>
          <dd className={`risk risk-${profile.riskLevel}`}>{t(`flood.levels.${profile.riskLevel}`)}</dd>
          <dt>{t('flood.maxDepth')}</dt>
          <dd>{profile.maxDepthCm === null ? '—' : t('flood.cm', { value: profile.maxDepthCm })}</dd>
          <dt>{t('flood.duration')}</dt>
          <dd>
            {profile.typicalDurationHours === null ? '—' : t('flood.hours', { value: profile.typicalDurationHours })}
          </dd>
          <dt>{t('flood.households')}</dt>
          <dd>{profile.affectedHouseholds ?? '—'}</dd>
          <dt>{t('flood.cause')}</dt>
          <dd>{profile.cause || '—'}</dd>
          <dt>{t('flood.measures')}</dt>
          <dd>{profile.drainageMeasures || '—'}</dd>
        </dl>
      ) : (
        <p className="muted">{t('flood.noProfile')}</p>
      )}
      {facilities.length ? (
        <p className="muted">
          {t('flood.facilities')}：
          {facilities.map((facility) => `${facility.name}（${facility.componentCode}）`).join('、')}
        </p>
      ) : null}
      <p className="muted">
        {events.length ? t('flood.events', { count: events.length, last: events[0]!.occurredOn }) : t('flood.noEvents')}
      </p>
      {canEdit && !editing ? (
        <div className="form-actions">
          <button type="button" className="secondary-button" onClick={() => setEditing(true)}>
            {profile ? t('flood.edit') : t('flood.add')}
          </button>
          <ChecklistButton zoneId={zoneId} />
        </div>
      ) : null}
    </section>
  );
}

function ChecklistButton({ zoneId }: { zoneId: string }) {
  const { t } = useTranslation();
  const checklist = useFloodChecklist(zoneId);
  return (
    <>
      <button type="button" className="link-button" disabled={checklist.isPending} onClick={() => checklist.mutate()}>
        {t('flood.checklist')}
      </button>
      {checklist.data ? <span className="muted">{t('flood.checklistDone', checklist.data)}</span> : null}
      {checklist.error ? <Message tone="error">{t('common.saveFailed')}</Message> : null}
    </>
  );
}

function ProfileForm({ zoneId, data, onDone }: { zoneId: string; data: FloodData; onDone(): void }) {
  const { t } = useTranslation();
  const save = useSaveFloodProfile(zoneId);
  const [form, setForm] = useState<FloodProfileBody>(() => {
    if (!data.profile) return EMPTY;
    const { riskLevel, maxDepthCm, typicalDurationHours, affectedHouseholds, cause, drainageMeasures } = data.profile;
    return { riskLevel, maxDepthCm, typicalDurationHours, affectedHouseholds, cause, drainageMeasures };
  });
  const set = <K extends keyof FloodProfileBody>(key: K, value: FloodProfileBody[K]) =>
    setForm({ ...form, [key]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ body: form, version: data.profile?.version ?? null }, { onSuccess: onDone });
  };
  return (
    <form className="flood-form" onSubmit={submit}>
      <Field label={t('flood.risk')}>
        <select
          name="riskLevel"
          value={form.riskLevel}
          onChange={(event) => set('riskLevel', event.target.value as FloodProfileBody['riskLevel'])}
        >
          {RISK_LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(`flood.levels.${level}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="form-row">
        <Field label={t('flood.maxDepthLabel')}>
          <input
            name="maxDepthCm"
            type="number"
            min={0}
            max={500}
            value={form.maxDepthCm ?? ''}
            onChange={(event) => set('maxDepthCm', numberOrNull(event.target.value))}
          />
        </Field>
        <Field label={t('flood.durationLabel')}>
          <input
            name="typicalDurationHours"
            type="number"
            min={0}
            max={720}
            step={0.5}
            value={form.typicalDurationHours ?? ''}
            onChange={(event) => set('typicalDurationHours', numberOrNull(event.target.value))}
          />
        </Field>
        <Field label={t('flood.households')}>
          <input
            name="affectedHouseholds"
            type="number"
            min={0}
            max={100000}
            value={form.affectedHouseholds ?? ''}
            onChange={(event) => set('affectedHouseholds', numberOrNull(event.target.value))}
          />
        </Field>
      </div>
      <Field label={t('flood.cause')}>
        <textarea
          name="cause"
          rows={2}
          maxLength={2000}
          value={form.cause}
          onChange={(event) => set('cause', event.target.value)}
        />
      </Field>
      <Field label={t('flood.measures')}>
        <textarea
          name="drainageMeasures"
          rows={2}
          maxLength={2000}
          value={form.drainageMeasures}
          onChange={(event) => set('drainageMeasures', event.target.value)}
        />
      </Field>
      {save.error ? (
        <Message tone="error">
          {save.error instanceof ApiError && save.error.status === 412 ? t('flood.stale') : t('common.saveFailed')}
        </Message>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="link-button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
