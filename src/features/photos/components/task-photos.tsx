import { lazy, Suspense, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapEngine } from '../../../map/map-engine';
import type { Task } from '../../../shared/zones/zone';
import { DEFAULT_PAIR_MAX_METERS, type Photo, type PhotoPhase } from '../../../shared/photos/photo';
import { problemText } from '../../../lib/problem-text';
import { formatDateTime } from '../../../lib/format';
import { withTexts } from '../../../lib/i18n';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import {
  uploadPhoto,
  useAfterUpload,
  usePairPublications,
  usePlacePhoto,
  useSetPairPublished,
  useZonePhotos,
  type UploadRequest,
} from '../../../data/photos';
import { PHOTO_COLORS } from '../photos.layer';
import { enqueue as enqueueOffline, newKey, useOutbox } from '../../../data/outbox';
import { requestOutboxSync } from '../../../lib/service-worker';
import { CompareDialog } from './compare-dialog';
import { preparePhoto, type PreparedPhoto } from '../../../lib/photo-prep/prepare-photo';
import { PositionLock, usePositionLock, type LockedFix } from './position-lock';
import { useWatermarkSetting } from '../watermark-setting';
import '../photos.css';

// The live camera view loads when someone first takes an after-photo with it.
const CaptureView = lazy(withTexts(() => import('./capture-view').then((module) => ({ default: module.CaptureView }))));

/** What each file of an upload has for itself. */
type Per = 'file' | 'fileName' | 'idempotencyKey' | 'onProgress';

interface QueuedUpload {
  key: string;
  name: string;
  request: Omit<UploadRequest, 'onProgress'>;
  progress: number;
  state: 'waiting' | 'sending' | 'done' | 'failed';
  error: string | null;
}

/**
 * A task's photo evidence: before/after pairs taken at the same position with the same reference
 * object (distance and flag from the server), the other photos, uploads with progress and retry,
 * placing a photo without GPS on the map, the live camera for the after-photo, and the compare view.
 */
export function TaskPhotos({
  zoneId,
  task,
  canUpload,
  engine,
  userId,
  canPublish = false,
}: {
  zoneId: string;
  task: Task;
  canUpload: boolean;
  /** The campaign office: it chooses which pairs the zone's public page shows (docs/public.md). */
  canPublish?: boolean;
  engine: MapEngine | null;
  /** The signed-in user: photos taken offline wait in their outbox (docs/field.md). */
  userId: string | null;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const photos = useZonePhotos(zoneId);
  const place = usePlacePhoto(zoneId);
  const afterUpload = useAfterUpload(zoneId);
  const publications = usePairPublications(zoneId, canPublish);
  const setPublished = useSetPairPublished(zoneId);
  const [comparing, setComparing] = useState<{ before: Photo; after: Photo } | null>(null);
  const [capturing, setCapturing] = useState<Photo | null>(null);
  const [placing, setPlacing] = useState<Photo | null>(null);
  const [queue, setQueue] = useState<QueuedUpload[]>([]);
  const sending = useRef(false);
  const [watermark, setWatermark] = useWatermarkSetting(userId);
  const queuedPhotos = useOutbox(userId).filter((item) => item.kind === 'photo' && item.taskId === task.id);
  const queuedBefore = queuedPhotos.some((item) => item.kind === 'photo' && item.phase === 'before');

  const mine = useMemo(() => (photos.data ?? []).filter((photo) => photo.taskId === task.id), [photos.data, task.id]);
  const byId = useMemo(() => new Map(mine.map((photo) => [photo.id, photo])), [mine]);
  const befores = mine.filter((photo) => photo.phase === 'before');
  const afters = mine.filter((photo) => photo.phase === 'after');
  const progress = mine.filter((photo) => photo.phase === 'progress');
  const pairedBefore = new Set(afters.map((photo) => photo.pairedWith).filter(Boolean));
  const latestBefore = befores[0] ?? null;

  // Send the queue one file at a time; a failed file waits for "retry" with the same key.
  useEffect(() => {
    if (sending.current) return;
    const next = queue.find((entry) => entry.state === 'waiting');
    if (!next) return;
    sending.current = true;
    const update = (patch: Partial<QueuedUpload>) =>
      setQueue((previous) => previous.map((entry) => (entry.key === next.key ? { ...entry, ...patch } : entry)));
    update({ state: 'sending', progress: 0, error: null });
    uploadPhoto({ ...next.request, onProgress: (share) => update({ progress: share }) })
      .then(async (answer) => {
        update({
          state: answer.photos.length ? 'done' : 'failed',
          progress: 1,
          error: answer.rejected?.[0]?.detail ?? null,
        });
        await afterUpload(task.id);
      })
      .catch((error: unknown) => {
        update({ state: 'failed', error: uploadError(error) });
      })
      .finally(() => {
        sending.current = false;
        // Wake the effect for the next file.
        setQueue((previous) => [...previous]);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queue]);

  const uploadError = (error: unknown): string =>
    problemText(error, t, {
      status: {
        0: 'photos.offline',
        413: 'photos.tooLarge',
        415: (problem) => t('photos.unsupported', { detail: problem?.detail ?? '' }),
        409: 'photos.needBefore',
        403: 'photos.forbidden',
        503: 'photos.unavailable',
      },
      otherwise: 'detail',
      fallback: 'photos.failed',
    }) ?? t('photos.failed');

  const enqueue = (files: PreparedPhoto[], fields: Omit<UploadRequest, Per | 'exif'>) => {
    // Offline: into the outbox (IndexedDB), sent in order when the network returns.
    if (!navigator.onLine && userId) {
      void (async () => {
        for (const { blob, name, exif } of files) {
          await enqueueOffline({
            kind: 'photo',
            file: blob,
            fileName: name,
            phase: fields.phase,
            referenceObject: fields.referenceObject,
            note: fields.note,
            position: fields.position,
            exif,
            reported: fields.reported,
            watermark,
            userId,
            taskId: task.id,
            zoneId,
          });
        }
        await requestOutboxSync();
      })();
      return;
    }
    setQueue((previous) => [
      ...previous.filter((entry) => entry.state !== 'done'),
      ...files.map(({ blob, name, exif }) => {
        const key = newKey();
        return {
          key,
          name,
          request: { ...fields, exif, watermark, file: blob, fileName: name, idempotencyKey: key },
          progress: 0,
          state: 'waiting' as const,
          error: null,
        };
      }),
    ]);
  };
  // Photos chosen from the album or the camera: the original's EXIF read, resized for weak links (docs/field.md).
  const enqueueFiles = (files: File[], fields: Omit<UploadRequest, Per | 'exif' | 'reported'>, fix: LockedFix | null) =>
    void Promise.all(
      files.map(async (file) => {
        // The phone's report: the locked fix (if any) and its clock when the file was made.
        const reported = {
          position: fix ? { lon: fix.lon, lat: fix.lat } : null,
          accuracyM: fix ? fix.accuracy : null,
          at: new Date(file.lastModified || Date.now()).toISOString(),
        };
        enqueue([await preparePhoto(file)], { ...fields, reported });
      }),
    );

  // Place a photo without GPS: the next map click is its position.
  useEffect(() => {
    if (!placing || !engine) return;
    return engine.startPicking(
      ([lon, lat]) => {
        place.mutate({ photo: placing, lon, lat });
        setPlacing(null);
      },
      () => setPlacing(null),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placing, engine]);

  const when = (photo: Photo) => formatDateTime(photo.takenAt ?? photo.uploadedAt, language);

  return (
    <section className="panel-section task-photos" aria-label={t('photos.title')} data-testid="task-photos">
      <h3>{t('photos.title')}</h3>
      {photos.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}

      {afters.length ? (
        <ul className="photo-pairs" data-testid="photo-pairs">
          {afters.map((after) => {
            const before = after.pairedWith ? byId.get(after.pairedWith) : undefined;
            return (
              <li key={after.id} className={`photo-pair${after.pairFlagged ? ' is-flagged' : ''}`}>
                <div className="pair-images">
                  {before ? <Thumb photo={before} label={t('photos.phase.before')} when={when(before)} /> : null}
                  <Thumb photo={after} label={t('photos.phase.after')} when={when(after)} />
                </div>
                <div className="pair-facts">
                  {after.referenceObject ? (
                    <span>{t('photos.referenceShown', { name: after.referenceObject })}</span>
                  ) : null}
                  <span className={after.pairFlagged ? 'pair-flag' : 'pair-ok'}>
                    {after.pairDistanceM === null
                      ? t('photos.positionUnknown')
                      : after.pairFlagged
                        ? t('photos.tooFar', { meters: Math.round(after.pairDistanceM), max: DEFAULT_PAIR_MAX_METERS })
                        : t('photos.samePlace', { meters: Math.round(after.pairDistanceM) })}
                  </span>
                  {before ? (
                    <button type="button" className="link-button" onClick={() => setComparing({ before, after })}>
                      {t('photos.compare')}
                    </button>
                  ) : null}
                  {before && publications.data ? (
                    <span className="pair-publication" data-testid="pair-publication">
                      <span className={publications.data.has(after.id) ? 'pair-ok' : 'muted'}>
                        {publications.data.has(after.id) ? t('photos.published') : t('photos.unpublished')}
                      </span>
                      <button
                        type="button"
                        className="link-button"
                        disabled={setPublished.isPending}
                        onClick={() =>
                          setPublished.mutate({ afterPhotoId: after.id, published: !publications.data.has(after.id) })
                        }
                      >
                        {publications.data.has(after.id) ? t('photos.unpublish') : t('photos.publish')}
                      </button>
                    </span>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}

      {setPublished.isError ? <Message tone="error">{t('photos.publishFailed')}</Message> : null}

      {[...befores.filter((photo) => !pairedBefore.has(photo.id)), ...progress].length ? (
        <ul className="photo-grid">
          {[...befores.filter((photo) => !pairedBefore.has(photo.id)), ...progress].map((photo) => (
            <li key={photo.id}>
              <Thumb photo={photo} label={t(`photos.phase.${photo.phase}`)} when={when(photo)} />
              {photo.referenceObject ? <div className="muted">{photo.referenceObject}</div> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {!mine.length && photos.data ? <p className="muted">{t('photos.none')}</p> : null}

      {canUpload && engine
        ? mine
            .filter((photo) => !photo.position)
            .map((photo) => (
              <p key={photo.id} className="muted no-position">
                {t('photos.noPosition', { phase: t(`photos.phase.${photo.phase}`), when: when(photo) })}{' '}
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={placing?.id === photo.id}
                  onClick={() => setPlacing(placing?.id === photo.id ? null : photo)}
                >
                  {placing?.id === photo.id ? t('photos.placingHint') : t('photos.place')}
                </button>
              </p>
            ))
        : null}

      {canUpload && photos.data ? (
        <UploadForm
          // A new form once the first before-photo is there: the natural next photo is the after-photo.
          key={befores.length || queuedBefore ? 'has-before' : 'no-before'}
          befores={befores}
          queuedBefore={queuedBefore}
          onFiles={(files, fields, fix) => enqueueFiles(files, { ...fields, zoneId, taskId: task.id }, fix)}
          onCamera={latestBefore ? () => setCapturing(latestBefore) : null}
          watermark={watermark}
          onWatermark={setWatermark}
        />
      ) : null}

      {queuedPhotos.length ? (
        <ul className="upload-queue" data-testid="queued-photos">
          {queuedPhotos.map((item) =>
            item.kind === 'photo' ? (
              <li key={item.key} className={`upload-${item.state}`}>
                <span className="upload-name">{item.fileName}</span>
                <span>{t(`photos.phase.${item.phase}`)}</span>
                <span>{t(`field.state.${item.state}`)}</span>
              </li>
            ) : null,
          )}
        </ul>
      ) : null}

      {queue.length ? (
        <ul className="upload-queue" data-testid="upload-queue">
          {queue.map((entry) => (
            <li key={entry.key} className={`upload-${entry.state}`}>
              <span className="upload-name">{entry.name}</span>
              <progress max={1} value={entry.progress} aria-label={t('photos.progress', { name: entry.name })} />
              <span>{t(`photos.state.${entry.state}`)}</span>
              {entry.error ? <span className="upload-error">{entry.error}</span> : null}
              {entry.state === 'failed' ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    setQueue((previous) =>
                      previous.map((candidate) =>
                        candidate.key === entry.key ? { ...candidate, state: 'waiting', error: null } : candidate,
                      ),
                    )
                  }
                >
                  {t('photos.retry')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      {comparing ? (
        <CompareDialog before={comparing.before} after={comparing.after} onClose={() => setComparing(null)} />
      ) : null}
      {capturing ? (
        <Suspense fallback={null}>
          <CaptureView
            before={capturing}
            maxDistanceMeters={DEFAULT_PAIR_MAX_METERS}
            onCancel={() => setCapturing(null)}
            onCapture={({ blob, position }) => {
              setCapturing(null);
              enqueue([{ blob, name: `after-${task.id}.jpg`, exif: null }], {
                zoneId,
                taskId: task.id,
                phase: 'after',
                referenceObject: capturing.referenceObject,
                note: '',
                position,
                reported: { position, accuracyM: null, at: new Date().toISOString() },
              });
            }}
          />
        </Suspense>
      ) : null}
    </section>
  );
}

function Thumb({ photo, label, when }: { photo: Photo; label: string; when: string }) {
  return (
    <figure className="photo-thumb" data-photo-id={photo.id}>
      <a href={photo.urls.display} target="_blank" rel="noreferrer">
        <img src={photo.urls.thumb} alt={`${label} ${when}`} loading="lazy" />
      </a>
      <figcaption>
        <span className="phase-dot" style={{ background: PHOTO_COLORS[photo.phase] }} aria-hidden />
        {label} · {when}
      </figcaption>
    </figure>
  );
}

function UploadForm({
  befores,
  queuedBefore,
  onFiles,
  onCamera,
  watermark,
  onWatermark,
}: {
  befores: Photo[];
  /** 水印 on the display image, remembered on this device. */
  watermark: boolean;
  onWatermark(on: boolean): void;
  /** A before-photo waits in the outbox: the after-photo may follow it. */
  queuedBefore: boolean;
  onFiles(
    files: File[],
    fields: { phase: PhotoPhase; referenceObject: string; note: string; position: null },
    fix: LockedFix | null,
  ): void;
  onCamera: (() => void) | null;
}) {
  const { t } = useTranslation();
  const hasBefore = befores.length > 0 || queuedBefore;
  const [phase, setPhase] = useState<PhotoPhase>(hasBefore ? 'after' : 'before');
  const references = [...new Set(befores.map((photo) => photo.referenceObject).filter(Boolean))];
  const [referenceObject, setReferenceObject] = useState(references[0] ?? '');
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const input = useRef<HTMLInputElement | null>(null);
  const lock = usePositionLock();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!files.length) return;
    onFiles(files, { phase, referenceObject: referenceObject.trim(), note: note.trim(), position: null }, lock.fix);
    setFiles([]);
    setNote('');
    if (input.current) input.current.value = '';
  };
  return (
    <form className="upload-form" onSubmit={submit} aria-label={t('photos.upload')}>
      <fieldset className="phase-choice">
        <legend>{t('photos.phaseLabel')}</legend>
        {(['before', 'progress', 'after'] as const).map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="phase"
              value={value}
              checked={phase === value}
              disabled={value === 'after' && !hasBefore}
              onChange={() => setPhase(value)}
            />{' '}
            {t(`photos.phase.${value}`)}
          </label>
        ))}
      </fieldset>
      {phase === 'after' && !hasBefore ? <p className="muted">{t('photos.needBefore')}</p> : null}
      <Field label={t('photos.reference')}>
        <input
          name="referenceObject"
          maxLength={80}
          list="reference-objects"
          placeholder={t('photos.referencePlaceholder')}
          value={referenceObject}
          onChange={(event) => setReferenceObject(event.target.value)}
        />
      </Field>
      <datalist id="reference-objects">
        {references.map((reference) => (
          <option key={reference} value={reference} />
        ))}
      </datalist>
      <Field label={t('photos.note')}>
        <input name="photoNote" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
      </Field>
      <PositionLock lock={lock} />
      <label className="watermark-choice">
        <input
          type="checkbox"
          name="watermark"
          checked={watermark}
          onChange={(event) => onWatermark(event.target.checked)}
        />{' '}
        {t('photos.watermark')}
      </label>
      <div className="form-row">
        <Field label={t('photos.files')}>
          <input
            ref={input}
            name="file"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/heic,image/*"
            multiple
            onChange={(event) => setFiles([...(event.target.files ?? [])])}
          />
        </Field>
        <Field label={t('photos.shoot')}>
          <input
            name="cameraFile"
            type="file"
            accept="image/*"
            capture="environment"
            onChange={(event) => setFiles([...(event.target.files ?? [])])}
          />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={!files.length}>
          {t('photos.send', { count: files.length })}
        </button>
        {onCamera ? (
          <button type="button" className="secondary-button" onClick={onCamera}>
            {t('photos.camera')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
