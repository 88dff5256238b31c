import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  READING_FIELDS,
  RIVER_SECTIONS,
  blackOdorousIndicators,
  type RegisterKind,
} from '../../../shared/registers/kinds';
import type { RegisterFeature } from '../../../shared/registers/register';
import { registerHistoryQuery, riverReadingsQuery, useRegisterWrites } from '../../../data/registers';
import { formatDateTime } from '../../../lib/format';
import { ProblemMessage } from '../../../ui/problem-message';
import { AttributeList } from './attribute-list';
import { RegisterForm } from './register-form';

const ReadingChart = lazy(() => import('./reading-chart').then((module) => ({ default: module.ReadingChart })));

/** Who changed what when, newest first, in field names (no codes). */
function History({ kind, id }: { kind: RegisterKind; id: number }) {
  const { t, i18n } = useTranslation();
  const history = useQuery(registerHistoryQuery(kind.slug, id));
  const name = (path: string) => {
    if (path === 'name') return t('registers.name');
    if (path === 'geometry') return t('registers.geometry');
    if (path === 'ownerUnit') return t('registers.owner');
    return t(`registers.fields.${path.replace(/^attributes\./, '')}`);
  };
  const action = {
    create: 'registers.historyCreate',
    update: 'registers.historyUpdate',
    delete: 'registers.historyDelete',
  };
  return (
    <ul className="register-history" data-testid="register-history">
      {(history.data ?? []).map((entry) => (
        <li key={entry.version}>
          <span>{formatDateTime(entry.at, i18n.language)}</span> <strong>{entry.by ?? '—'}</strong>{' '}
          {t(action[entry.action])}
          {/* An import's note names its file (导入自 <file>): data, shown as written. */}
          {entry.note ? <span className="muted"> · {entry.note}</span> : null}
          {entry.action === 'update' && Object.keys(entry.changes).length ? (
            <span className="muted">
              {' '}
              {t('registers.changedFields', { fields: Object.keys(entry.changes).map(name).join('、') })}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A river section's readings: a table (values past the 黑臭 limit marked), a small chart, and a form for the owner. */
function Readings({ id, canEdit, today }: { id: number; canEdit: boolean; today: string }) {
  const { t } = useTranslation();
  const readings = useQuery(riverReadingsQuery(id));
  const { addReading } = useRegisterWrites(RIVER_SECTIONS);
  const [sampledOn, setSampledOn] = useState(today);
  const [values, setValues] = useState<Record<string, string>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const numbers = Object.fromEntries(
      Object.entries(values)
        .filter(([, value]) => value.trim() !== '')
        .map(([key, value]) => [key, Number(value)]),
    );
    addReading.mutate({ id, reading: { sampledOn, values: numbers } }, { onSuccess: () => setValues({}) });
  };
  const rows = readings.data ?? [];
  return (
    <section className="register-readings">
      <h4>{t('registers.readings')}</h4>
      {rows.length ? (
        <>
          <div className="register-table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t('registers.sampledOn')}</th>
                  {READING_FIELDS.map((field) => (
                    <th key={field.key}>
                      {t(`registers.readingFields.${field.key}`)}（{field.unit}）
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((reading) => {
                  const bad = new Set<string>(blackOdorousIndicators(reading.values));
                  return (
                    <tr key={reading.id}>
                      <td>{reading.sampledOn}</td>
                      {READING_FIELDS.map((field) => (
                        <td key={field.key} className={bad.has(field.key) ? 'register-bad' : undefined}>
                          {reading.values[field.key] ?? '—'}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Suspense fallback={null}>
            <ReadingChart readings={rows} />
          </Suspense>
        </>
      ) : (
        <p className="muted">{t('registers.empty')}</p>
      )}
      {canEdit ? (
        <form className="register-reading-form" onSubmit={submit}>
          <label className="field">
            <span>{t('registers.sampledOn')}</span>
            <input type="date" required max={today} value={sampledOn} onChange={(e) => setSampledOn(e.target.value)} />
          </label>
          {READING_FIELDS.map((field) => (
            <label key={field.key} className="field">
              <span>
                {t(`registers.readingFields.${field.key}`)}（{field.unit}）
              </span>
              <input
                type="number"
                step="any"
                min={field.min}
                max={field.max}
                value={values[field.key] ?? ''}
                onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
              />
            </label>
          ))}
          <ProblemMessage error={addReading.error} wording={{ otherwise: 'detail' }} />
          <button type="submit" className="primary-button" disabled={addReading.isPending}>
            {t('registers.addReading')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** One register object: its attributes, and for who may change it edit/delete; its history; a river section's readings. */
export function RegisterDetail({
  kind,
  feature,
  canEdit,
  today,
  onClose,
}: {
  kind: RegisterKind;
  feature: RegisterFeature;
  canEdit: boolean;
  today: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const { remove } = useRegisterWrites(kind.slug);
  if (editing) {
    return (
      <RegisterForm
        kind={kind}
        feature={feature}
        geometry={null}
        onSaved={() => setEditing(false)}
        onCancel={() => setEditing(false)}
      />
    );
  }
  return (
    <div className="register-detail" data-testid="register-detail">
      <h3>
        {feature.properties.name} <span className="muted">{t(`registers.kinds.${kind.slug}`)}</span>
      </h3>
      <AttributeList kind={kind} feature={feature} today={today} />
      <div className="register-actions">
        {canEdit ? (
          <>
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {t('registers.edit')}
            </button>
            <button
              type="button"
              className="link-button danger"
              onClick={() => {
                if (window.confirm(t('registers.confirmDelete', { name: feature.properties.name }))) {
                  remove.mutate(feature, { onSuccess: onClose });
                }
              }}
            >
              {t('registers.delete')}
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="link-button"
          aria-expanded={showHistory}
          onClick={() => setShowHistory(!showHistory)}
        >
          {t('registers.history')}
        </button>
        <button type="button" className="link-button" onClick={onClose}>
          {t('registers.close')}
        </button>
      </div>
      <ProblemMessage error={remove.error} wording={{ status: { 403: 'registers.denied', 412: 'registers.stale' } }} />
      {showHistory ? <History kind={kind} id={feature.id} /> : null}
      {kind.slug === RIVER_SECTIONS ? <Readings id={feature.id} canEdit={canEdit} today={today} /> : null}
    </div>
  );
}
