import * as z from 'zod/mini';
import { addDays, isValidDay } from '../time/dates';
import { daySchema } from '../zones/zone';
import { answersSchema, type Answers } from '../checklists/checklists';

/**
 * 季检查 (quarterly check): the inspector (纪委) checks every remediation zone once a quarter and
 * records pass/fail, a score and findings with photos. A failed check sends the zone's submitted
 * and finished tasks back to rework (返工).
 *
 * Rules (decided here, enforced by the server, used by the form):
 * - `quarter` is `YYYY-Qn`; it must contain `checkedOn` (a calendar day in Asia/Shanghai) and
 *   neither may lie in the future.
 * - A zone whose item has a checklist (评分细则, data/checklists) is scored on it: the body carries `answers`, the
 *   server computes `score` from them (`scoreSheet`) and keeps them with the check; a typed score is refused then.
 *   A zone whose item has none keeps the typed `score` (the server decides which applies, by the zone's item).
 * - `score` is a whole number 0–100. A passed check needs at least {@link PASS_MIN_SCORE} (the
 *   lowest passing grade, C ≥ 60, of the evaluation scale in the domain notes); a check scoring
 *   below that is a fail, there is no "pass anyway".
 * - A failed check needs findings (they become the rework reason of every task sent back); a fail
 *   may still score 60 or more (one serious finding can fail a zone).
 * - The work a failed check sends back gets its own due date, `reworkDueDate`, set by the checker
 *   (after today; {@link REWORK_DAYS_DEFAULT} days from the day it is recorded when not given): the
 *   units learn of the rework that day, so it is late only from that date, never from the tasks'
 *   first due dates (docs/workflows.md). A passed check sends nothing back and takes no such date.
 */
export const PASS_MIN_SCORE = 60;
/** Days the units get for rework after a failed check, unless the checker sets another date. */
export const REWORK_DAYS_DEFAULT = 15;

/** The rework due date of a failed check recorded on `today`. */
export function reworkDueDate(body: Pick<CheckBody, 'passed' | 'reworkDueDate'>, today: string): string | null {
  if (body.passed) return null;
  return body.reworkDueDate ?? addDays(today, REWORK_DAYS_DEFAULT);
}
export const FINDINGS_MAX_LENGTH = 2000;
/** At most this many photos of the zone are attached to one check. */
export const CHECK_PHOTOS_MAX = 20;
/** The note of a task sent back by a failed check starts with this, then the findings. */
export const CHECK_REWORK_NOTE_PREFIX = '季检查未通过：';

export const QUARTER_PATTERN = /^\d{4}-Q[1-4]$/;
export const quarterSchema = z
  .string()
  .check(z.regex(QUARTER_PATTERN, 'expected a quarter YYYY-Qn (n = 1–4), e.g. 2026-Q2'));

/** The quarter (YYYY-Qn) of a calendar day YYYY-MM-DD. */
export function quarterOf(day: string): string {
  if (!isValidDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** The first and last day of a quarter (YYYY-MM-DD). */
export function quarterDays(quarter: string): { first: string; last: string } {
  if (!QUARTER_PATTERN.test(quarter)) throw new RangeError(`not a quarter: ${quarter}`);
  const year = quarter.slice(0, 4);
  const n = Number(quarter.slice(6));
  const firstMonth = 3 * (n - 1) + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = lastMonth === 3 || lastMonth === 12 ? 31 : 30;
  const pad = (value: number) => String(value).padStart(2, '0');
  return { first: `${year}-${pad(firstMonth)}-01`, last: `${year}-${pad(lastMonth)}-${lastDay}` };
}

/** The quarter before (negative `count`) or after this one. */
export function shiftQuarter(quarter: string, count: number): string {
  const index = Number(quarter.slice(0, 4)) * 4 + Number(quarter.slice(6)) - 1 + count;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

const photoIdSchema = z.string().check(z.regex(/^[1-9]\d{0,11}$/, 'a photo id is a positive whole number'));

const checkBodyShape = z.strictObject({
  quarter: quarterSchema,
  checkedOn: daySchema,
  passed: z.boolean(),
  score: z.optional(z.int().check(z.minimum(0, 'score is at least 0'), z.maximum(100, 'score is at most 100'))),
  /** The checklist's answers, keyed by check id, for a zone whose item has a checklist. */
  answers: z.optional(answersSchema),
  findings: z.string().check(z.trim(), z.maxLength(FINDINGS_MAX_LENGTH)),
  reworkDueDate: z.optional(daySchema),
  photoIds: z.optional(
    z.array(photoIdSchema).check(z.maxLength(CHECK_PHOTOS_MAX, `at most ${CHECK_PHOTOS_MAX} photos`)),
  ),
});
export type CheckBody = z.infer<typeof checkBodyShape>;

/**
 * The body of `POST /api/zones/:id/checks`, judged against `today` (YYYY-MM-DD, Asia/Shanghai):
 * the cross-field rules above, each reported at the field it concerns.
 */
export function checkBodySchema(today: string) {
  return checkBodyShape.check(
    z.superRefine((body, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (isValidDay(body.checkedOn)) {
        if (body.checkedOn > today) issue('checkedOn', `the check day lies in the future (today is ${today})`);
        else if (quarterOf(body.checkedOn) !== body.quarter)
          issue('checkedOn', `${body.checkedOn} is not in ${body.quarter}`);
      }
      if (body.quarter > quarterOf(today)) issue('quarter', `${body.quarter} lies in the future`);
      if (!body.passed && !body.findings) issue('findings', 'a failed check needs findings (the reason for rework)');
      const scoreIssue = passScoreIssue(body.passed, body.score);
      if (scoreIssue) issue('score', scoreIssue);
      if (body.score !== undefined && body.answers !== undefined)
        issue('score', 'a check scored on the checklist takes no typed score: the score comes from the answers');
      if (body.reworkDueDate !== undefined && isValidDay(body.reworkDueDate)) {
        if (body.passed) issue('reworkDueDate', 'a passed check sends no work back: no rework due date');
        else if (body.reworkDueDate <= today)
          issue('reworkDueDate', `the rework due date must lie after today (${today})`);
      }
      if (body.photoIds && new Set(body.photoIds).size !== body.photoIds.length)
        issue('photoIds', 'a photo is listed twice');
    }),
  );
}

/** Why `score` cannot go with a pass (null: it can): a passed check needs at least {@link PASS_MIN_SCORE}. */
export function passScoreIssue(passed: boolean, score: number | undefined): string | null {
  return passed && score !== undefined && score < PASS_MIN_SCORE
    ? `a passed check needs a score of at least ${PASS_MIN_SCORE}`
    : null;
}

/** A check as the repository stores it: the score resolved (typed, or computed from the answers). */
export type ScoredCheckBody = Omit<CheckBody, 'score' | 'answers'> & { score: number; answers?: Answers | null };

/** A quarterly check as the API returns it. */
export const quarterlyCheckSchema = z.object({
  id: z.string(),
  zoneId: z.string(),
  quarter: z.string(),
  checkedOn: z.string(),
  passed: z.boolean(),
  score: z.int(),
  /** The checklist's answers the score was computed from; null for a typed score (and checks from before). */
  answers: z.nullable(answersSchema),
  findings: z.string(),
  /** The due date of the work a failed check sent back; null for a passed check. */
  reworkDueDate: z.nullable(z.string()),
  photoIds: z.array(z.string()),
  /** The inspector's user id and display name (username when it has none). */
  checkedBy: z.string(),
  checkedByName: z.string(),
  createdAt: z.string(),
});
export type QuarterlyCheck = z.infer<typeof quarterlyCheckSchema>;
export const quarterlyCheckListSchema = z.array(quarterlyCheckSchema);

/** The answer to a recorded check: the check and the tasks a failed check sent back to rework. */
export const createdCheckSchema = z.object({
  check: quarterlyCheckSchema,
  reworkedTaskIds: z.array(z.string()),
});
export type CreatedCheck = z.infer<typeof createdCheckSchema>;

/** `GET /api/checks?quarter=`: the quarter's checks with their zones, and the zones still to check. */
export const quarterOverviewSchema = z.object({
  quarter: z.string(),
  checks: z.array(
    z.extend(quarterlyCheckSchema, { zoneName: z.string(), zoneCategory: z.string(), zoneStatus: z.string() }),
  ),
  unchecked: z.array(
    z.object({ zoneId: z.string(), zoneName: z.string(), zoneCategory: z.string(), zoneStatus: z.string() }),
  ),
});
export type QuarterOverview = z.infer<typeof quarterOverviewSchema>;

export const quarterQuerySchema = z.object({ quarter: z.optional(quarterSchema) });
