import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatStamp } from '../../../lib/stamp';
import { problemText } from '../../../lib/problem-text';
import {
  useAddPointPhotos,
  useDeletedFloodEvents,
  useEventWrite,
  useFloodEvent,
  useFloodEventHistory,
} from '../../../data/flood';
import {
  pointPhotoUrl,
  type FloodEventChange,
  type FloodEventDetail,
  type FloodEventUpdateBody,
} from '../../../shared/flood/flood';
import { Message } from '../../../ui/message';

/** The editable copy of an event: its fields as typed, its points (kept ones by id). */
interface Draft {
  occurredOn: string;
  rainfallMm: string;
  notes: string;
  points: { id: string; coordinates: [number, number]; depthCm: string; notes: string }[];
}
const draftOf = (event: FloodEventDetail): Draft => ({
  occurredOn: event.occurredOn,
  rainfallMm: String(event.rainfallMm),
  notes: event.notes,
  points: event.points.map((point) => ({
    id: point.id,
    coordinates: point.coordinates,
    depthCm: String(point.depthCm),
    notes: point.notes,
  })),
});
const bodyOf = (draft: Draft): FloodEventUpdateBody => ({
  occurredOn: draft.occurredOn,
  rainfallMm: Number(draft.rainfallMm),
  notes: draft.notes,
  points: draft.points.map((point) => ({
    id: point.id,
    coordinates: point.coordinates,
    depthCm: Number(point.depthCm),
    notes: point.notes,
  })),
});

/** One change of the history in words. */
function ChangeText({ change, pointNo }: { change: FloodEventChange; pointNo(id: string | null): string }) {
  const { t } = useTranslation();
  const value = (raw: FloodEventChange['before']) => (raw === null || raw === '' ? '—' : String(raw));
  return (
    <>
      {t(`floodEvents.change.${change.field}`, {
        point: pointNo(change.pointId),
        before: value(change.before),
        after: value(change.after),
      })}
    </>
  );
}

/**
 * A rainfall event's panel (phone-first): its points with depth, notes and photos; for the water station, changing
 * the event and its points, adding photos, deleting it; its history (who, when, what changed).
 */
export function EventPanel({ eventId, canEdit, onClose }: { eventId: string; canEdit: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const event = useFloodEvent(eventId);
  const history = useFloodEventHistory(eventId);
  const write = useEventWrite();
  const photos = useAddPointPhotos(eventId);
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (event.data) setDraft(draftOf(event.data));
  }, [event.data]);
  if (event.isError) return <Message tone="error">{t('common.loadFailed')}</Message>;
  if (!event.data || !draft) return <Message>{t('common.loading')}</Message>;
  const current = event.data;
  // Points are named by their place in the event's first list (点 1, 点 2 …), never by their database id.
  const order = new Map(current.points.map((point, index) => [point.id, index + 1]));
  const pointNo = (id: string | null) => (id && order.has(id) ? String(order.get(id)) : t('floodEvents.otherPoint'));
  const setPoint = (index: number, patch: Partial<Draft['points'][number]>) =>
    setDraft({ ...draft, points: draft.points.map((point, at) => (at === index ? { ...point, ...patch } : point)) });
  const error = problemText(write.error ?? photos.error, t, {
    status: { 412: 'floodEvents.stale', 415: 'floodEvents.notPhoto', 413: 'floodEvents.tooLarge' },
    otherwise: { invalid: 'floodEvents.invalid', fields: 'message' },
  });

  return (
    <section className="season-section event-panel" data-testid="event-panel" data-event-id={current.id}>
      <h3>
        {t('floodEvents.title', { day: current.occurredOn })}
        <button type="button" className="link-button" onClick={onClose}>
          {t('floodSeason.close')}
        </button>
      </h3>
      {current.deletedAt ? <Message tone="error">{t('floodEvents.deleted')}</Message> : null}
      <form
        className="event-form"
        onSubmit={(submit) => {
          submit.preventDefault();
          write.mutate({ action: 'update', id: current.id, version: current.version, body: bodyOf(draft) });
        }}
      >
        <fieldset disabled={!canEdit || current.deletedAt !== null || write.isPending}>
          <label>
            {t('floodEvent.day')}
            <input
              type="date"
              value={draft.occurredOn}
              onChange={(change) => setDraft({ ...draft, occurredOn: change.target.value })}
            />
          </label>
          <label>
            {t('floodEvents.rainfall')}
            <input
              type="number"
              inputMode="decimal"
              min={0}
              max={1000}
              step={0.1}
              value={draft.rainfallMm}
              onChange={(change) => setDraft({ ...draft, rainfallMm: change.target.value })}
            />
          </label>
          <label>
            {t('floodEvents.notes')}
            <input
              value={draft.notes}
              maxLength={2000}
              onChange={(change) => setDraft({ ...draft, notes: change.target.value })}
            />
          </label>
          <ol className="event-points">
            {draft.points.map((point, index) => {
              const saved = current.points.find((each) => each.id === point.id);
              return (
                <li key={point.id} data-testid="event-point">
                  <strong>{t('floodEvents.point', { no: pointNo(point.id) })}</strong>
                  <label>
                    {t('floodEvents.depth')}
                    <input
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={500}
                      value={point.depthCm}
                      onChange={(change) => setPoint(index, { depthCm: change.target.value })}
                    />
                  </label>
                  <label>
                    {t('floodEvents.notes')}
                    <input
                      value={point.notes}
                      maxLength={500}
                      onChange={(change) => setPoint(index, { notes: change.target.value })}
                    />
                  </label>
                  <div className="point-photos">
                    {saved?.photos.map((photo) => (
                      <a key={photo.id} href={pointPhotoUrl(photo.id, 'display')} target="_blank" rel="noopener">
                        <img
                          src={pointPhotoUrl(photo.id, 'thumb')}
                          alt={t('floodEvents.photoOf', { no: pointNo(point.id) })}
                          width={96}
                          height={72}
                          loading="lazy"
                        />
                      </a>
                    ))}
                  </div>
                  {canEdit && current.deletedAt === null ? (
                    <div className="button-row">
                      <label className="file-button">
                        {t('floodEvents.addPhotos')}
                        <input
                          type="file"
                          accept="image/*"
                          multiple
                          disabled={photos.isPending}
                          onChange={(change) => {
                            const files = [...(change.target.files ?? [])];
                            change.target.value = '';
                            if (files.length) photos.mutate({ pointId: point.id, files });
                          }}
                        />
                      </label>
                      <button
                        type="button"
                        onClick={() => setDraft({ ...draft, points: draft.points.filter((_, at) => at !== index) })}
                      >
                        {t('floodEvents.removePoint')}
                      </button>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {canEdit && current.deletedAt === null ? (
            <div className="button-row">
              <button type="submit" className="primary-button">
                {t('floodEvents.save')}
              </button>
              <button
                type="button"
                className="danger-button"
                onClick={() => {
                  if (globalThis.confirm(t('floodEvents.confirmDelete', { day: current.occurredOn }))) {
                    write.mutate(
                      { action: 'delete', id: current.id, version: current.version },
                      { onSuccess: onClose },
                    );
                  }
                }}
              >
                {t('floodEvents.delete')}
              </button>
            </div>
          ) : null}
        </fieldset>
      </form>
      {canEdit && current.deletedAt !== null ? (
        <button
          type="button"
          className="primary-button"
          disabled={write.isPending}
          onClick={() => write.mutate({ action: 'restore', id: current.id, version: current.version })}
        >
          {t('floodEvents.restore')}
        </button>
      ) : null}
      {write.isSuccess ? <Message>{t('floodEvents.saved')}</Message> : null}
      {error ? <Message tone="error">{error}</Message> : null}
      <h4>{t('floodEvents.history')}</h4>
      <ol className="season-list timeline" data-testid="event-history">
        {history.data?.map((entry, index) => (
          <li key={index}>
            <time>{formatStamp(entry.at)}</time> {entry.actor ?? t('floodEvents.someone')}{' '}
            {t(`floodEvents.action.${entry.action}`)}
            {entry.changes.length ? (
              <ul>
                {entry.changes.map((change, at) => (
                  <li key={at}>
                    <ChangeText change={change} pointNo={pointNo} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The deleted events, each restorable from its panel. */
export function DeletedEvents({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation();
  const deleted = useDeletedFloodEvents(true);
  if (!deleted.data?.length) return null;
  return (
    <details className="season-section deleted-events">
      <summary>{t('floodEvents.deletedList', { count: deleted.data.length })}</summary>
      <ul className="season-list">
        {deleted.data.map((event) => (
          <li key={event.id}>
            <button type="button" className="link-button" onClick={() => onOpen(event.id)}>
              {t('floodEvents.title', { day: event.occurredOn })}
            </button>{' '}
            {event.rainfallMm} mm
          </li>
        ))}
      </ul>
    </details>
  );
}
