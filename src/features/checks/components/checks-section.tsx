import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { problemText, problemFields } from '../../../lib/problem-text';
import { canCall } from '../../../shared/campaign/authorization';
import type { SessionUser } from '../../../shared/admin/auth';
import {
  FINDINGS_MAX_LENGTH,
  PASS_MIN_SCORE,
  quarterDays,
  quarterOf,
  REWORK_DAYS_DEFAULT,
  type QuarterlyCheck,
} from '../../../shared/checks/checks';
import { addDays } from '../../../shared/time/dates';
import { formatQuarter } from '../../../lib/format';
import type { Photo } from '../../../shared/photos/photo';
import { useZonePhotos } from '../../../data/photos';
import { useRecordCheck, useZoneChecks } from '../../../data/checks';
import { useChecklist } from '../../../data/inspections';
import { scoreSheet, type Answers, type Checklist } from '../../../shared/checklists/checklists';
import { ChecklistSheet, namedChecks, SheetShortfalls } from './checklist-sheet';
import '../checks.css';

export interface ChecksSectionProps {
  zoneId: string;
  /** The zone's item: when it has a checklist (评分细则), the check is scored on it. */
  item: string;
  user: SessionUser | null;
  today: string;
}

/**
 * 季检查 of a zone: its checks (quarter, day, pass/fail, score, findings, photos, who), and for
 * inspectors and the campaign office a form for this quarter's check. A fail asks for confirmation
 * first: it sends the zone's submitted and finished tasks back to rework.
 */
export function ChecksSection({ zoneId, item, user, today }: ChecksSectionProps) {
  const { t, i18n } = useTranslation();
  const checks = useZoneChecks(zoneId);
  const photos = useZonePhotos(zoneId);
  const { sheet, failed: sheetFailed } = useChecklist(item);
  const [open, setOpen] = useState(false);
  const canRecord = canCall(user?.role ?? null, 'POST', '/api/zones/:id/checks');
  const quarter = quarterOf(today);
  const checkedThisQuarter = checks.data?.some((check) => check.quarter === quarter) ?? false;

  return (
    <section className="panel-section checks" aria-label={t('checks.title')} data-testid="checks-section">
      <h3>
        {t('checks.title')} {checks.data?.length ? <span className="muted">({checks.data.length})</span> : null}
      </h3>
      {checks.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {checks.data && !checks.data.length ? <p className="muted">{t('checks.none')}</p> : null}
      {checks.data?.length ? (
        <ul className="check-list">
          {checks.data.map((check) => (
            <CheckEntry key={check.id} check={check} sheet={sheet ?? null} photos={photos.data ?? []} />
          ))}
        </ul>
      ) : null}
      {canRecord && checks.data && !checkedThisQuarter && !open ? (
        <button type="button" className="secondary-button" onClick={() => setOpen(true)}>
          {t('checks.record', { quarter: formatQuarter(quarter, i18n.language) })}
        </button>
      ) : null}
      {canRecord && open && sheet === undefined && sheetFailed ? (
        <Message tone="error">{t('common.loadFailed')}</Message>
      ) : null}
      {canRecord && checks.data && !checkedThisQuarter && open && sheet !== undefined ? (
        <CheckForm
          sheet={sheet}
          zoneId={zoneId}
          quarter={quarter}
          today={today}
          photos={photos.data ?? []}
          onDone={() => setOpen(false)}
        />
      ) : null}
    </section>
  );
}

function CheckEntry({ check, sheet, photos }: { check: QuarterlyCheck; sheet: Checklist | null; photos: Photo[] }) {
  const { t, i18n } = useTranslation();
  const attached = photos.filter((photo) => check.photoIds.includes(photo.id));
  return (
    <li className={`check-entry${check.passed ? '' : ' is-failed'}`} data-check-id={check.id}>
      <div className="check-head">
        <strong>{formatQuarter(check.quarter, i18n.language)}</strong>
        <span className={`check-result ${check.passed ? 'is-passed' : 'is-failed'}`}>
          {check.passed ? t('checks.passed') : t('checks.failed')}
        </span>
        <span>{t('checks.scoreValue', { score: check.score })}</span>
      </div>
      {check.answers && sheet ? <SheetShortfalls sheet={sheet} answers={check.answers} /> : null}
      {check.findings ? <p className="check-findings">{check.findings}</p> : null}
      {check.reworkDueDate ? (
        <p className="check-rework-due">{t('checks.reworkDueValue', { date: check.reworkDueDate })}</p>
      ) : null}
      {attached.length ? (
        <ul className="check-photos">
          {attached.map((photo) => (
            <li key={photo.id}>
              <a href={photo.urls.display} target="_blank" rel="noreferrer">
                <img
                  src={photo.urls.thumb}
                  alt={t('checks.photoAlt', { name: photo.originalName || photo.id })}
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="task-meta muted">{t('checks.by', { name: check.checkedByName, date: check.checkedOn })}</div>
    </li>
  );
}

function CheckForm(props: {
  zoneId: string;
  sheet: Checklist | null;
  quarter: string;
  today: string;
  photos: Photo[];
  onDone(): void;
}) {
  const { t, i18n } = useTranslation();
  const record = useRecordCheck(props.zoneId);
  const [passed, setPassed] = useState(true);
  const [score, setScore] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const { sheet } = props;
  const sheetScore = sheet ? scoreSheet(sheet, answers) : null;
  const [checkedOn, setCheckedOn] = useState(props.today);
  const [findings, setFindings] = useState('');
  const [reworkDue, setReworkDue] = useState(addDays(props.today, REWORK_DAYS_DEFAULT));
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);

  const save = () => {
    record.mutate(
      {
        quarter: props.quarter,
        checkedOn,
        passed,
        ...(sheet ? { answers } : { score: Number(score) }),
        findings: findings.trim(),
        ...(passed ? {} : { reworkDueDate: reworkDue }),
        ...(photoIds.length ? { photoIds } : {}),
      },
      { onSuccess: props.onDone, onSettled: () => setConfirming(false) },
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passed) save();
    else setConfirming(true);
  };
  const togglePhoto = (id: string) =>
    setPhotoIds((current) => (current.includes(id) ? current.filter((entry) => entry !== id) : [...current, id]));

  const error = problemText(record.error, t, {
    status: {
      409: 'checks.duplicate',
      400: (problem) => t('checks.invalid', { detail: problemFields(problem) }),
      422: (problem) =>
        t('inspections.badAnswers', {
          checks: sheet ? namedChecks(sheet, problem?.errors?.map((entry) => entry.path) ?? [], i18n.language) : '',
        }),
    },
  });
  const lowPass = sheetScore
    ? passed && sheetScore.complete && sheetScore.score < PASS_MIN_SCORE
    : passed && score !== '' && Number(score) < PASS_MIN_SCORE;

  return (
    <form
      className="check-form"
      onSubmit={submit}
      aria-label={t('checks.formTitle', { quarter: formatQuarter(props.quarter, i18n.language) })}
    >
      <fieldset className="check-choice">
        <legend>{t('checks.result')}</legend>
        <label>
          <input type="radio" name="check-result" checked={passed} onChange={() => setPassed(true)} />
          {t('checks.passed')}
        </label>
        <label>
          <input type="radio" name="check-result" checked={!passed} onChange={() => setPassed(false)} />
          {t('checks.failed')}
        </label>
      </fieldset>
      {sheet ? (
        <>
          <p className="muted">{t('checks.scoredOnSheet')}</p>
          <ChecklistSheet sheet={sheet} answers={answers} onChange={setAnswers} drafts={drafts} onDraft={setDrafts} />
        </>
      ) : (
        <Field label={t('checks.score')}>
          <input
            name="check-score"
            type="number"
            inputMode="numeric"
            required
            min={passed ? PASS_MIN_SCORE : 0}
            max={100}
            step={1}
            value={score}
            onChange={(event) => setScore(event.target.value)}
          />
        </Field>
      )}
      {lowPass ? <p className="muted">{t('checks.passNeedsScore', { score: PASS_MIN_SCORE })}</p> : null}
      <Field label={t('checks.checkedOn')}>
        <input
          name="check-date"
          type="date"
          required
          min={quarterDays(props.quarter).first}
          max={props.today}
          value={checkedOn}
          onChange={(event) => setCheckedOn(event.target.value)}
        />
      </Field>
      <Field label={passed ? t('checks.findingsOptional') : t('checks.findings')}>
        <textarea
          name="check-findings"
          required={!passed}
          maxLength={FINDINGS_MAX_LENGTH}
          rows={3}
          value={findings}
          onChange={(event) => setFindings(event.target.value)}
        />
      </Field>
      {passed ? null : (
        <Field label={t('checks.reworkDue', { days: REWORK_DAYS_DEFAULT })}>
          <input
            name="check-rework-due"
            type="date"
            required
            min={addDays(props.today, 1)}
            value={reworkDue}
            onChange={(event) => setReworkDue(event.target.value)}
          />
        </Field>
      )}
      <fieldset className="check-photo-choice">
        <legend>{t('checks.photos')}</legend>
        {props.photos.length ? (
          <ul className="check-photos">
            {props.photos.map((photo) => (
              <li key={photo.id}>
                <label className={photoIds.includes(photo.id) ? 'is-chosen' : undefined}>
                  <input
                    type="checkbox"
                    checked={photoIds.includes(photo.id)}
                    onChange={() => togglePhoto(photo.id)}
                    aria-label={t('checks.choosePhoto', {
                      name: photo.originalName || photo.id,
                      date: photo.uploadedAt.slice(0, 10),
                    })}
                  />
                  <img src={photo.urls.thumb} alt="" loading="lazy" />
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('checks.noPhotos')}</p>
        )}
      </fieldset>
      {error ? <Message tone="error">{error}</Message> : null}
      {confirming ? (
        <div className="check-confirm" role="alertdialog" aria-label={t('checks.confirmTitle')}>
          <p>{t('checks.confirmRework', { date: reworkDue })}</p>
          <div className="form-actions">
            <button type="button" className="primary-button danger" disabled={record.isPending} onClick={save}>
              {t('checks.confirmFail')}
            </button>
            <button type="button" className="link-button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button
            type="submit"
            className="primary-button"
            disabled={record.isPending || (sheetScore !== null && (!sheetScore.complete || lowPass))}
          >
            {t('checks.save')}
          </button>
          <button type="button" className="link-button" onClick={props.onDone}>
            {t('common.cancel')}
          </button>
        </div>
      )}
    </form>
  );
}
