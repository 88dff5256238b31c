import * as z from 'zod/mini';
import { itemCodeSchema } from '../campaign/campaign';

/**
 * 评分细则 (checklists): each item's 整治要求 (the plan's wording, data/campaign.json items[].content) as
 * concrete checks with weights, one file per item in data/checklists/<item>.json. One sheet serves the lead
 * unit's monthly self-inspection (月度自查) and the inspector's 季检查. The schema, the answer rules and the
 * score live here, used by the server (start-up validation, inspections, checks) and the forms.
 *
 * Check kinds:
 * - `yesno`: met or not (e.g. R5 围挡). Met earns the weight.
 * - `choice`: pick one option, each with its own rule (S1 road class: 主干道严禁 / 次干道严控 / 小街巷规范),
 *   then say whether the spot meets the rule of that option. Met earns the weight.
 * - `measure`: a reading with a unit, graded against two thresholds (R3 黑臭 indicators, the national
 *   《城市黑臭水体整治工作指南》): within the good side earns the weight, the 轻度 band earns `mildCredit` of it,
 *   the 重度 side nothing. The bands are closed at the 轻度 end: the guide's 轻度 ranges (透明度 25–10 cm,
 *   氨氮 8.0–15 mg/L, …) include their ends.
 *
 * A check that is not `required` may be left out (not applicable at this spot): it leaves both what was earned and
 * what was possible, so the score is rescaled over the checks that apply.
 */

export const CHECK_ID_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
/** Credit of a reading in the 轻度 band unless the check says otherwise. */
export const MILD_CREDIT_DEFAULT = 0.5;

const text = z.string().check(z.trim(), z.minLength(1));

const checkBase = {
  id: z.string().check(z.regex(CHECK_ID_PATTERN, 'a check id is lower-case letters, digits and -')),
  label: text,
  labelEn: text,
  /** Points of this check; the weights of a sheet add up to 100. */
  weight: z.number().check(z.positive('a weight is positive')),
  /** The plan's (or the cited standard's) wording the check comes from; for plan checks, a part of the item's 整治要求. */
  source: text,
  /** A check that is not required may be left unanswered (not applicable here). */
  required: z._default(z.boolean(), true),
};

export const yesNoCheckSchema = z.strictObject({ ...checkBase, kind: z.literal('yesno') });

export const choiceOptionSchema = z.strictObject({
  value: z.string().check(z.regex(CHECK_ID_PATTERN, 'an option value is lower-case letters, digits and -')),
  label: text,
  labelEn: text,
  /** The rule at a spot of this option (S1: 严禁 / 严控 / 规范), which the answer says is met or not. */
  rule: text,
  ruleEn: text,
});
export const choiceCheckSchema = z.strictObject({
  ...checkBase,
  kind: z.literal('choice'),
  options: z.array(choiceOptionSchema).check(z.minLength(2)),
});

/** `higher`: larger readings are better (透明度, 溶解氧, 氧化还原电位); `lower`: smaller are better (氨氮). */
export const measureCheckSchema = z.strictObject({
  ...checkBase,
  kind: z.literal('measure'),
  unit: text,
  better: z.enum(['higher', 'lower']),
  /** The bound between good and 轻度 (in the 轻度 band). */
  mild: z.number(),
  /** The bound between 轻度 and 重度 (in the 轻度 band). */
  severe: z.number(),
  /** The range a reading may take at all (an answer outside is refused). */
  min: z.number(),
  max: z.number(),
  mildCredit: z._default(z.number().check(z.minimum(0), z.maximum(1)), MILD_CREDIT_DEFAULT),
});

export const checklistCheckSchema = z.discriminatedUnion('kind', [
  yesNoCheckSchema,
  choiceCheckSchema,
  measureCheckSchema,
]);
export type ChecklistCheck = z.infer<typeof checklistCheckSchema>;
export type MeasureCheck = z.infer<typeof measureCheckSchema>;
export type ChoiceCheck = z.infer<typeof choiceCheckSchema>;

const WEIGHT_TOTAL = 100;
const EPSILON = 1e-9;

export const checklistSchema = z
  .strictObject({
    $comment: z.optional(z.string()),
    item: itemCodeSchema,
    title: text,
    titleEn: text,
    checks: z.array(checklistCheckSchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((sheet, ctx) => {
      const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      const total = sheet.checks.reduce((sum, check) => sum + check.weight, 0);
      if (Math.abs(total - WEIGHT_TOTAL) > EPSILON)
        issue(['checks'], `the weights add up to ${total}, not ${WEIGHT_TOTAL}`);
      const seen = new Set<string>();
      sheet.checks.forEach((check, index) => {
        if (seen.has(check.id)) issue(['checks', index, 'id'], `check id ${check.id} is used twice`);
        seen.add(check.id);
        if (check.kind === 'choice') {
          const values = check.options.map((option) => option.value);
          if (new Set(values).size !== values.length) issue(['checks', index, 'options'], 'an option is listed twice');
        }
        if (check.kind === 'measure') {
          const ordered = check.better === 'higher' ? check.severe <= check.mild : check.mild <= check.severe;
          if (!ordered) issue(['checks', index], `the 轻度 bound and the 重度 bound are the wrong way round`);
          if (!(check.min < check.max)) issue(['checks', index], 'min must be below max');
        }
      });
    }),
  );
export type Checklist = z.infer<typeof checklistSchema>;

/**
 * A sheet checked against the campaign: its item exists, and every check not citing a national standard
 * (a source starting with 《) cites words of the item's 整治要求. Returns the problems (empty: fine).
 */
export function checklistProblems(sheet: Checklist, items: readonly { code: string; content: string }[]): string[] {
  const item = items.find((candidate) => candidate.code === sheet.item);
  if (!item) return [`${sheet.item}: no such item in the campaign`];
  return sheet.checks
    .filter((check) => !check.source.startsWith('《') && !item.content.includes(check.source))
    .map((check) => `${sheet.item} ${check.id}: “${check.source}” is not in the item's 整治要求`);
}

/** The answer to one check: yes/no, the chosen option with whether its rule is met, or a reading. */
export const checkAnswerSchema = z.union([
  z.boolean(),
  z.number().check(z.refine(Number.isFinite, 'a reading is a finite number')),
  z.strictObject({ option: z.string(), met: z.boolean() }),
]);
export type CheckAnswer = z.infer<typeof checkAnswerSchema>;
export const answersSchema = z.record(z.string(), checkAnswerSchema);
export type Answers = z.infer<typeof answersSchema>;

export interface AnswerIssue {
  /** The check id (or the unknown id given). */
  check: string;
  message: string;
}

/** What is wrong with `answers` against `sheet`: unknown checks, missing required answers, wrong kinds, out of range. */
export function answerIssues(sheet: Checklist, answers: Answers): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const byId = new Map(sheet.checks.map((check) => [check.id, check]));
  for (const id of Object.keys(answers))
    if (!byId.has(id)) issues.push({ check: id, message: `no check ${id} on the ${sheet.item} sheet` });
  for (const check of sheet.checks) {
    const answer = answers[check.id];
    if (answer === undefined) {
      if (check.required)
        issues.push({ check: check.id, message: `check ${check.id} (${check.label}) needs an answer` });
      continue;
    }
    if (check.kind === 'yesno' && typeof answer !== 'boolean')
      issues.push({ check: check.id, message: `check ${check.id} (${check.label}) is answered yes or no` });
    if (check.kind === 'choice') {
      if (typeof answer !== 'object')
        issues.push({ check: check.id, message: `check ${check.id} (${check.label}) is answered { option, met }` });
      else if (!check.options.some((option) => option.value === answer.option))
        issues.push({
          check: check.id,
          message: `check ${check.id} (${check.label}) has no option ${answer.option} (one of ${check.options.map((option) => option.value).join(', ')})`,
        });
    }
    if (check.kind === 'measure') {
      if (typeof answer !== 'number')
        issues.push({ check: check.id, message: `check ${check.id} (${check.label}) is a reading in ${check.unit}` });
      else if (answer < check.min || answer > check.max)
        issues.push({
          check: check.id,
          message: `check ${check.id} (${check.label}): ${answer} ${check.unit} is outside ${check.min}–${check.max}`,
        });
    }
  }
  return issues;
}

/** The grade of a reading: good, 轻度 (mild) or 重度 (severe) 黑臭. */
export type MeasureGrade = 'good' | 'mild' | 'severe';

export function measureGrade(check: Pick<MeasureCheck, 'better' | 'mild' | 'severe'>, value: number): MeasureGrade {
  if (check.better === 'higher') {
    if (value < check.severe) return 'severe';
    return value <= check.mild ? 'mild' : 'good';
  }
  if (value > check.severe) return 'severe';
  return value >= check.mild ? 'mild' : 'good';
}

export interface CheckScore {
  id: string;
  /** Share of the weight earned, 0–1; null when not answered (not applicable). */
  credit: number | null;
  /** Points earned (weight × credit); 0 when not answered. */
  points: number;
  /** For readings: the grade. */
  grade?: MeasureGrade;
}

export interface SheetScore {
  /** 0–100, whole: earned over the weights of the answered checks, rounded half up. */
  score: number;
  checks: CheckScore[];
  /** Every required check has an answer. */
  complete: boolean;
}

function creditOf(check: ChecklistCheck, answer: CheckAnswer): { credit: number; grade?: MeasureGrade } {
  if (check.kind === 'yesno') return { credit: answer === true ? 1 : 0 };
  if (check.kind === 'choice') return { credit: typeof answer === 'object' && answer.met ? 1 : 0 };
  if (typeof answer !== 'number') return { credit: 0 };
  const grade = measureGrade(check, answer);
  return { credit: grade === 'good' ? 1 : grade === 'mild' ? check.mildCredit : 0, grade };
}

/**
 * The score of a (possibly partly) filled sheet: the one function the server stores and the forms show.
 * Unanswered checks count as not applicable (their weight leaves the total); a sheet with nothing answered scores 0.
 */
export function scoreSheet(sheet: Checklist, answers: Answers): SheetScore {
  let earned = 0;
  let possible = 0;
  let complete = true;
  const checks = sheet.checks.map((check): CheckScore => {
    const answer = answers[check.id];
    if (answer === undefined) {
      if (check.required) complete = false;
      return { id: check.id, credit: null, points: 0 };
    }
    const { credit, grade } = creditOf(check, answer);
    earned += check.weight * credit;
    possible += check.weight;
    return { id: check.id, credit, points: check.weight * credit, ...(grade ? { grade } : {}) };
  });
  const score = possible > 0 ? Math.floor((100 * earned) / possible + 0.5 + EPSILON) : 0;
  return { score: Math.min(100, score), checks, complete };
}

/** `GET /api/checklists`: every item's sheet. */
export const checklistListSchema = z.array(checklistSchema);
