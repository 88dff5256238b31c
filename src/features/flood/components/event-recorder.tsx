import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapEngine } from '../../../map/map-engine';
import { problemText } from '../../../lib/problem-text';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { useRecordFloodEvent } from '../../../data/flood';
import { queueWhenOffline } from '../../../data/outbox';
import { useSession } from '../../../data/session';

interface DraftPoint {
  key: number;
  coordinates: [number, number];
  depthCm: string;
  /** HH:MM on the event's day (Asia/Shanghai), optional. */
  time: string;
}

const DRAFT_OWNER = 'flood-event';
const DRAFT_COLOR = '#e8590c';

/**
 * Record a rainfall event: its day, rainfall and notes, and the waterlogging points observed,
 * placed by clicking the map. One request saves the event with all its points.
 */
export function EventRecorder({ engine, today, onDone }: { engine: MapEngine; today: string; onDone(): void }) {
  const { t } = useTranslation();
  const userId = useSession().data?.user?.id ?? null;
  const record = useRecordFloodEvent();
  const [occurredOn, setOccurredOn] = useState(today);
  const [rainfallMm, setRainfallMm] = useState('');
  const [notes, setNotes] = useState('');
  const [points, setPoints] = useState<DraftPoint[]>([]);
  const [picking, setPicking] = useState(false);
  const nextKey = useRef(1);

  // Clicks on the map add points while picking.
  useEffect(() => {
    if (!picking) return;
    return engine.startPicking(
      (coordinates) => {
        const key = nextKey.current++;
        setPoints((previous) => [...previous, { key, coordinates, depthCm: '', time: '' }]);
      },
      () => setPicking(false),
    );
  }, [engine, picking]);

  useEffect(() => {
    engine.setDraft(
      DRAFT_OWNER,
      points.map((point) => ({
        type: 'Feature',
        properties: { color: DRAFT_COLOR },
        geometry: { type: 'Point', coordinates: point.coordinates },
      })),
    );
  }, [engine, points]);
  useEffect(() => () => engine.setDraft(DRAFT_OWNER, []), [engine]);

  const update = (key: number, patch: Partial<DraftPoint>) =>
    setPoints((previous) => previous.map((point) => (point.key === key ? { ...point, ...patch } : point)));

  const missingDepth = points.some((point) => point.depthCm.trim() === '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (missingDepth) return;
    setPicking(false);
    const body = {
      occurredOn,
      rainfallMm: Number(rainfallMm),
      notes: notes.trim(),
      points: points.map((point) => ({
        coordinates: [Number(point.coordinates[0].toFixed(7)), Number(point.coordinates[1].toFixed(7))] as [
          number,
          number,
        ],
        depthCm: Math.round(Number(point.depthCm)),
        observedAt: point.time ? `${occurredOn}T${point.time}:00+08:00` : null,
      })),
    };
    // Offline: kept in the outbox and sent, once, when the network returns (docs/field.md).
    void queueWhenOffline({ kind: 'flood-event', body }, userId).then((queued) =>
      queued ? onDone() : record.mutate(body, { onSuccess: onDone }),
    );
  };

  const errorText = problemText(record.error, t, {
    status: { 403: 'floodEvent.forbidden' },
    otherwise: { invalid: 'editor.invalid', fields: 'path' },
  });

  return (
    <form className="flood-form event-recorder" onSubmit={submit} aria-label={t('floodEvent.title')}>
      <h3>{t('floodEvent.title')}</h3>
      <div className="form-row">
        <Field label={t('floodEvent.day')}>
          <input
            name="occurredOn"
            type="date"
            required
            max={today}
            value={occurredOn}
            onChange={(event) => setOccurredOn(event.target.value)}
          />
        </Field>
        <Field label={t('floodEvent.rainfall')}>
          <input
            name="rainfallMm"
            type="number"
            required
            min={0}
            max={1000}
            step={0.1}
            value={rainfallMm}
            onChange={(event) => setRainfallMm(event.target.value)}
          />
        </Field>
      </div>
      <Field label={t('editor.notes')}>
        <textarea
          name="notes"
          rows={2}
          maxLength={2000}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
        />
      </Field>
      <div className="form-actions">
        <button
          type="button"
          className="secondary-button"
          aria-pressed={picking}
          onClick={() => setPicking(!picking)}
          data-testid="pick-points"
        >
          {picking ? t('floodEvent.stopPicking') : t('floodEvent.pick')}
        </button>
      </div>
      {picking ? <p className="muted">{t('floodEvent.pickHint')}</p> : null}
      {points.length ? (
        <table className="data-table draft-points">
          <caption>{t('floodEvent.points', { count: points.length })}</caption>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('floodEvent.depth')}</th>
              <th>{t('floodEvent.time')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {points.map((point, index) => (
              <tr key={point.key}>
                <td title={`${point.coordinates[0].toFixed(5)}, ${point.coordinates[1].toFixed(5)}`}>{index + 1}</td>
                <td>
                  <input
                    aria-label={t('floodEvent.depthOf', { number: index + 1 })}
                    type="number"
                    required
                    min={0}
                    max={500}
                    value={point.depthCm}
                    onChange={(event) => update(point.key, { depthCm: event.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={t('floodEvent.timeOf', { number: index + 1 })}
                    type="time"
                    value={point.time}
                    onChange={(event) => update(point.key, { time: event.target.value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="link-button danger"
                    onClick={() => setPoints((previous) => previous.filter((candidate) => candidate.key !== point.key))}
                  >
                    {t('floodEvent.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('floodEvent.noPoints')}</p>
      )}
      {errorText ? <Message tone="error">{errorText}</Message> : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={record.isPending || missingDepth}>
          {record.isPending ? t('editor.saving') : t('floodEvent.save')}
        </button>
        <button type="button" className="link-button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
