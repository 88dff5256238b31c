import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { problemText } from '../../../lib/problem-text';
import { formatDateTime, formatMonth } from '../../../lib/format';
import { uploadPhoto, useAfterUpload, useZonePhotos } from '../../../data/photos';
import type { Photo } from '../../../shared/photos/photo';
import { newKey } from '../../../data/outbox';
import { preparePhoto } from '../../../lib/photo-prep/prepare-photo';
import { useChecklist, useRecordInspection, useZoneInspections } from '../../../data/inspections';
import type { Answers, Checklist } from '../../../shared/checklists/checklists';
import { INSPECTION_NOTE_MAX_LENGTH, monthOfDay, type MonthlyInspection } from '../../../shared/checklists/inspections';
import { ChecklistSheet, namedChecks, SheetShortfalls } from './checklist-sheet';
import '../checks.css';

export interface InspectionSectionProps {
  zoneId: string;
  /** The zone's item (its checklist is the sheet). */
  item: string;
  today: string;
  /** The caller may record (the lead unit of the item, or the campaign office). */
  canRecord: boolean;
}

/**
 * 月度自查 of a zone (plan §四(四)): its monthly self-inspections with score, note and photos, and for the item's lead
 * unit a "月度自查" button opening the checklist form with photos from the camera. Loaded lazily with the zone panel.
 */
export function InspectionSection(props: InspectionSectionProps) {
  const { sheet } = useChecklist(props.item);
  // Zones of items without a checklist (R4, U1) have no self-inspection: nothing shown, nothing asked.
  return sheet ? <InspectionList {...props} sheet={sheet} /> : null;
}

function InspectionList({ zoneId, today, canRecord, sheet }: InspectionSectionProps & { sheet: Checklist }) {
  const { t, i18n } = useTranslation();
  const inspections = useZoneInspections(zoneId);
  const photos = useZonePhotos(zoneId);
  const [open, setOpen] = useState(false);
  const month = monthOfDay(today);
  const inspectedThisMonth = inspections.data?.some((entry) => entry.month === month) ?? false;
  return (
    <section
      className="panel-section inspections"
      aria-label={t('inspections.title')}
      data-testid="inspections-section"
    >
      <h3>
        {t('inspections.title')}{' '}
        {inspections.data?.length ? <span className="muted">({inspections.data.length})</span> : null}
      </h3>
      {inspections.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {inspections.data && !inspections.data.length ? <p className="muted">{t('inspections.none')}</p> : null}
      {inspections.data?.length ? (
        <ul className="check-list">
          {inspections.data.map((entry) => (
            <InspectionEntry key={entry.id} inspection={entry} sheet={sheet} photos={photos.data ?? []} />
          ))}
        </ul>
      ) : null}
      {canRecord && inspections.data && !inspectedThisMonth && !open ? (
        <button type="button" className="primary-button inspection-open" onClick={() => setOpen(true)}>
          {t('inspections.record', { month: formatMonth(month, i18n.language) })}
        </button>
      ) : null}
      {canRecord && !inspectedThisMonth && open ? (
        <InspectionForm zoneId={zoneId} sheet={sheet} month={month} onDone={() => setOpen(false)} />
      ) : null}
    </section>
  );
}

function InspectionEntry({
  inspection,
  sheet,
  photos,
}: {
  inspection: MonthlyInspection;
  sheet: Checklist;
  photos: Photo[];
}) {
  const { t, i18n } = useTranslation();
  const attached = photos.filter((photo) => inspection.photoIds.includes(photo.id));
  return (
    <li className="check-entry" data-inspection-id={inspection.id}>
      <div className="check-head">
        <strong>{formatMonth(inspection.month, i18n.language)}</strong>
        <span>{t('inspections.scoreValue', { score: inspection.score })}</span>
      </div>
      <SheetShortfalls sheet={sheet} answers={inspection.answers} />
      {inspection.note ? <p className="check-findings">{inspection.note}</p> : null}
      {attached.length ? (
        <ul className="check-photos">
          {attached.map((photo, index) => (
            <li key={photo.id}>
              <a href={photo.urls.display} target="_blank" rel="noreferrer">
                <img src={photo.urls.thumb} alt={t('inspections.photoAlt', { number: index + 1 })} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="task-meta muted">
        {t('inspections.by', {
          name: inspection.inspectedByName,
          date: formatDateTime(inspection.createdAt, i18n.language),
        })}
      </div>
    </li>
  );
}

function InspectionForm(props: { zoneId: string; sheet: Checklist; month: string; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const record = useRecordInspection(props.zoneId);
  const afterUpload = useAfterUpload(props.zoneId);
  const [answers, setAnswers] = useState<Answers>({});
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<{ id: string; thumb: string }[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadFailed, setUploadFailed] = useState(false);
  const missing = props.sheet.checks.some((check) => check.required && answers[check.id] === undefined);

  const addPhotos = async (files: File[]) => {
    setUploading(true);
    setUploadFailed(false);
    try {
      for (const original of files) {
        // Like a task's photos: the original's EXIF read, then resized for a weak link (docs/field.md).
        const { blob, name, exif } = await preparePhoto(original);
        const answer = await uploadPhoto({
          zoneId: props.zoneId,
          file: blob,
          fileName: name,
          phase: 'progress',
          taskId: null,
          referenceObject: '',
          note: '',
          position: null,
          exif,
          reported: null,
          idempotencyKey: newKey(),
          onProgress: () => undefined,
        });
        setPhotos((current) => [
          ...current,
          ...answer.photos.map((photo) => ({ id: photo.id, thumb: photo.urls.thumb })),
        ]);
      }
      await afterUpload(null);
    } catch {
      setUploadFailed(true);
    } finally {
      setUploading(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate(
      { month: props.month, answers, note: note.trim(), photoIds: photos.map((photo) => photo.id) },
      { onSuccess: props.onDone },
    );
  };
  const error = problemText(record.error, t, {
    status: {
      409: 'inspections.duplicate',
      422: (problem) =>
        t('inspections.badAnswers', {
          checks: namedChecks(props.sheet, problem?.errors?.map((entry) => entry.path) ?? [], i18n.language),
        }),
    },
  });

  return (
    <form
      className="check-form inspection-form"
      onSubmit={submit}
      aria-label={t('inspections.formTitle', { month: formatMonth(props.month, i18n.language) })}
    >
      <h4>{i18n.language.startsWith('en') ? props.sheet.titleEn : props.sheet.title}</h4>
      <ChecklistSheet sheet={props.sheet} answers={answers} onChange={setAnswers} drafts={drafts} onDraft={setDrafts} />
      <Field label={t('inspections.note')}>
        <textarea
          name="inspection-note"
          maxLength={INSPECTION_NOTE_MAX_LENGTH}
          rows={2}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </Field>
      <fieldset className="inspection-photos">
        <legend>{t('inspections.photos')}</legend>
        {photos.length ? (
          <ul className="check-photos">
            {photos.map((photo, index) => (
              <li key={photo.id}>
                <img src={photo.thumb} alt={t('inspections.photoAlt', { number: index + 1 })} />
              </li>
            ))}
          </ul>
        ) : null}
        <label className="secondary-button inspection-camera">
          {t('inspections.takePhoto')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            disabled={uploading}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              if (files.length) void addPhotos(files);
            }}
          />
        </label>
        {uploading ? <p className="muted">{t('inspections.uploading')}</p> : null}
        {uploadFailed ? <Message tone="error">{t('inspections.uploadFailed')}</Message> : null}
      </fieldset>
      {error ? <Message tone="error">{error}</Message> : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={record.isPending || uploading || missing}>
          {t('inspections.save')}
        </button>
        <button type="button" className="link-button" onClick={props.onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
