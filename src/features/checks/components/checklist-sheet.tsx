import { useTranslation } from 'react-i18next';
import {
  measureGrade,
  scoreSheet,
  type Answers,
  type Checklist,
  type ChecklistCheck,
  type MeasureCheck,
} from '../../../shared/checklists/checklists';

export interface ChecklistSheetProps {
  sheet: Checklist;
  answers: Answers;
  onChange(answers: Answers): void;
  /** Readings typed but not numbers yet (kept as text while typing), by check id. */
  drafts: Record<string, string>;
  onDraft(drafts: Record<string, string>): void;
}

const label = (entry: { label: string; labelEn: string }, language: string) =>
  language.startsWith('en') ? entry.labelEn : entry.label;

/**
 * The 评分细则 of an item as a form for a phone: big 符合/不符合 toggles, the road class with its rule, readings with
 * their unit and thresholds, and the live score (`scoreSheet`, the function the server stores). Used by the
 * monthly self-inspection and the 季检查.
 */
export function ChecklistSheet({ sheet, answers, onChange, drafts, onDraft }: ChecklistSheetProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const scored = scoreSheet(sheet, answers);
  const missing = sheet.checks.filter((check) => check.required && answers[check.id] === undefined).length;
  const set = (id: string, value: Answers[string] | undefined) => {
    const next = { ...answers };
    if (value === undefined) delete next[id];
    else next[id] = value;
    onChange(next);
  };

  return (
    <div className="checklist-sheet" data-testid="checklist-sheet">
      <p className="checklist-score" aria-live="polite">
        <strong>{t('inspections.liveScore', { score: scored.score })}</strong>
        {missing ? <span className="muted"> {t('inspections.incomplete', { count: missing })}</span> : null}
      </p>
      <ol className="checklist-checks">
        {sheet.checks.map((check) => (
          <li key={check.id} className="checklist-check" data-check={check.id}>
            <div className="checklist-check-head">
              <span>{label(check, language)}</span>
              <span className="muted">{t('inspections.weight', { weight: check.weight })}</span>
            </div>
            {check.required ? null : <p className="muted checklist-hint">{t('inspections.optional')}</p>}
            <CheckControl
              check={check}
              answer={answers[check.id]}
              draft={drafts[check.id]}
              onAnswer={(value) => set(check.id, value)}
              onDraft={(text) => onDraft({ ...drafts, [check.id]: text })}
            />
          </li>
        ))}
      </ol>
    </div>
  );
}

function Toggle(props: { value: boolean | undefined; onChange(value: boolean): void; name: string; yes?: string }) {
  const { t } = useTranslation();
  return (
    <div className="checklist-toggle" role="group" aria-label={props.name}>
      <button
        type="button"
        className={`toggle-yes${props.value === true ? ' is-on' : ''}`}
        aria-pressed={props.value === true}
        onClick={() => props.onChange(true)}
      >
        {props.yes ?? t('inspections.yes')}
      </button>
      <button
        type="button"
        className={`toggle-no${props.value === false ? ' is-on' : ''}`}
        aria-pressed={props.value === false}
        onClick={() => props.onChange(false)}
      >
        {props.yes ? t('inspections.ruleNotMet') : t('inspections.no')}
      </button>
    </div>
  );
}

function CheckControl(props: {
  check: ChecklistCheck;
  answer: Answers[string] | undefined;
  draft: string | undefined;
  onAnswer(value: Answers[string] | undefined): void;
  onDraft(text: string): void;
}) {
  const { t, i18n } = useTranslation();
  const { check, answer } = props;
  const name = label(check, i18n.language);
  const notApplicable = check.required ? null : (
    <button
      type="button"
      className={`link-button${answer === undefined ? ' is-on' : ''}`}
      onClick={() => props.onAnswer(undefined)}
    >
      {t('inspections.notApplicable')}
    </button>
  );
  if (check.kind === 'yesno')
    return (
      <div className="checklist-control">
        <Toggle
          name={name}
          value={typeof answer === 'boolean' ? answer : undefined}
          onChange={(value) => props.onAnswer(value)}
        />
        {notApplicable}
      </div>
    );
  if (check.kind === 'choice') {
    const chosen = typeof answer === 'object' ? answer : undefined;
    const option = check.options.find((candidate) => candidate.value === chosen?.option);
    return (
      <div className="checklist-control">
        <div className="checklist-options" role="radiogroup" aria-label={name}>
          {check.options.map((candidate) => (
            <button
              key={candidate.value}
              type="button"
              role="radio"
              aria-checked={chosen?.option === candidate.value}
              className={chosen?.option === candidate.value ? 'is-on' : undefined}
              onClick={() => props.onAnswer({ option: candidate.value, met: chosen?.met ?? true })}
            >
              {label(candidate, i18n.language)}
            </button>
          ))}
        </div>
        {option ? (
          <>
            <p className="checklist-hint">{i18n.language.startsWith('en') ? option.ruleEn : option.rule}</p>
            <Toggle
              name={name}
              yes={t('inspections.ruleMet')}
              value={chosen?.met}
              onChange={(met) => props.onAnswer({ option: option.value, met })}
            />
          </>
        ) : (
          <p className="muted checklist-hint">{t('inspections.chooseOption', { label: name })}</p>
        )}
        {notApplicable}
      </div>
    );
  }
  return <MeasureControl {...props} check={check} name={name} />;
}

function MeasureControl(props: {
  check: MeasureCheck;
  name: string;
  answer: Answers[string] | undefined;
  draft: string | undefined;
  onAnswer(value: Answers[string] | undefined): void;
  onDraft(text: string): void;
}) {
  const { t } = useTranslation();
  const { check } = props;
  const text = props.draft ?? (typeof props.answer === 'number' ? String(props.answer) : '');
  const value = text.trim() === '' ? NaN : Number(text);
  const inRange = Number.isFinite(value) && value >= check.min && value <= check.max;
  const grade = inRange ? measureGrade(check, value) : null;
  const threshold = t(check.better === 'higher' ? 'inspections.thresholdHigher' : 'inspections.thresholdLower', {
    mild: check.mild,
    severe: check.severe,
    unit: check.unit,
  });
  return (
    <div className="checklist-control">
      <label className="checklist-measure">
        <input
          type="number"
          inputMode="decimal"
          step="any"
          min={check.min}
          max={check.max}
          aria-label={props.name}
          value={text}
          onChange={(event) => {
            const next = event.target.value;
            props.onDraft(next);
            const number = next.trim() === '' ? NaN : Number(next);
            props.onAnswer(Number.isFinite(number) && number >= check.min && number <= check.max ? number : undefined);
          }}
        />
        <span className="checklist-unit">{check.unit}</span>
      </label>
      <p className="muted checklist-hint">{threshold}</p>
      {text !== '' && !inRange ? (
        <p className="checklist-grade is-severe">{t('inspections.outOfRange', { min: check.min, max: check.max })}</p>
      ) : null}
      {grade ? <p className={`checklist-grade is-${grade}`}>{t(`inspections.grade.${grade}`)}</p> : null}
    </div>
  );
}

/** The labels of the checks a 422 named (`answers.<id>`), for a plain message. */
export function namedChecks(sheet: Checklist, paths: readonly string[], language: string): string {
  return paths
    .map((path) => sheet.checks.find((check) => `answers.${check.id}` === path))
    .filter((check): check is ChecklistCheck => Boolean(check))
    .map((check) => label(check, language))
    .join('、');
}

/** What a filled sheet found wanting: the checks that earned less than their weight, named (读数 with their grade). */
export function SheetShortfalls({ sheet, answers }: { sheet: Checklist; answers: Answers }) {
  const { t, i18n } = useTranslation();
  const scored = scoreSheet(sheet, answers);
  const short = scored.checks.filter((entry) => entry.credit !== null && entry.credit < 1);
  if (!short.length) return <p className="muted sheet-shortfalls">{t('inspections.allMet')}</p>;
  const names = short.map((entry) => {
    const check = sheet.checks.find((candidate) => candidate.id === entry.id)!;
    return entry.grade
      ? `${label(check, i18n.language)}（${t(`inspections.gradeShort.${entry.grade}`)}）`
      : label(check, i18n.language);
  });
  return <p className="sheet-shortfalls">{t('inspections.shortfalls', { checks: names.join('、') })}</p>;
}
