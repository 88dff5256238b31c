import * as z from 'zod/mini';
import { monthSchema } from '../reports/assessment';
import { answersSchema } from './checklists';

/**
 * 月度自查 (monthly self-inspection): plan §四(四), 各专项整治的牵头单位每月要对本项整治的开展情况进行检查督查.
 * The lead unit of a zone's item (or the campaign office) fills the item's checklist for the zone once a month;
 * the score is computed from the answers by `scoreSheet` (checklists.ts), never typed.
 */
export const INSPECTION_NOTE_MAX_LENGTH = 2000;
export const INSPECTION_PHOTOS_MAX = 20;

const photoIdSchema = z.string().check(z.regex(/^[1-9]\d{0,11}$/, 'a photo id is a positive whole number'));

/** The month (YYYY-MM) of a day (YYYY-MM-DD). */
export const monthOfDay = (day: string) => day.slice(0, 7);

/** The body of `POST /api/zones/:id/inspections`, judged against `today` (YYYY-MM-DD, Asia/Shanghai). */
export function inspectionBodySchema(today: string) {
  return z
    .strictObject({
      month: monthSchema,
      answers: answersSchema,
      note: z._default(z.string().check(z.trim(), z.maxLength(INSPECTION_NOTE_MAX_LENGTH)), ''),
      photoIds: z._default(
        z.array(photoIdSchema).check(z.maxLength(INSPECTION_PHOTOS_MAX, `at most ${INSPECTION_PHOTOS_MAX} photos`)),
        [],
      ),
    })
    .check(
      z.superRefine((body, ctx) => {
        if (body.month > monthOfDay(today))
          ctx.addIssue({ code: 'custom', path: ['month'], message: `${body.month} lies in the future` });
        if (new Set(body.photoIds).size !== body.photoIds.length)
          ctx.addIssue({ code: 'custom', path: ['photoIds'], message: 'a photo is listed twice' });
      }),
    );
}
export type InspectionBody = z.output<ReturnType<typeof inspectionBodySchema>>;

/** A monthly self-inspection as the API returns it. */
export const monthlyInspectionSchema = z.object({
  id: z.string(),
  zoneId: z.string(),
  itemCode: z.string(),
  month: z.string(),
  /** The inspecting unit (null when the campaign office inspected). */
  unitId: z.nullable(z.string()),
  inspectedBy: z.string(),
  inspectedByName: z.string(),
  answers: answersSchema,
  score: z.int(),
  note: z.string(),
  photoIds: z.array(z.string()),
  createdAt: z.string(),
  version: z.int(),
});
export type MonthlyInspection = z.infer<typeof monthlyInspectionSchema>;
export const monthlyInspectionListSchema = z.array(monthlyInspectionSchema);

const zoneRef = { zoneId: z.string(), zoneName: z.string(), zoneCategory: z.string() };

/** `GET /api/inspections?month=&unit=`: the unit's zones (of items it leads that have a checklist) this month. */
export const inspectionOverviewSchema = z.object({
  month: z.string(),
  unit: z.nullable(z.string()),
  inspections: z.array(z.extend(monthlyInspectionSchema, { zoneName: z.string(), zoneCategory: z.string() })),
  uninspected: z.array(z.object(zoneRef)),
});
export type InspectionOverview = z.infer<typeof inspectionOverviewSchema>;

export const inspectionQuerySchema = z.strictObject({
  month: z.optional(monthSchema),
  unit: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});

/** The month `count` months after (negative: before) `month` (YYYY-MM). */
export function shiftMonth(month: string, count: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** data/sample/inspections.json: sample 月度自查 and a 季检查 on the sheet (示例数据), by sample zone key and demo account. */
export const sampleInspectionsFileSchema = z.strictObject({
  $comment: z.string(),
  inspections: z.array(
    z.strictObject({
      zone: z.string(),
      monthOffset: z.int().check(z.maximum(0)),
      by: z.string(),
      answers: answersSchema,
      note: z.string(),
    }),
  ),
  checks: z.array(
    z.strictObject({
      zone: z.string(),
      by: z.string(),
      passed: z.boolean(),
      answers: answersSchema,
      findings: z.string(),
    }),
  ),
});
export type SampleInspectionsFile = z.infer<typeof sampleInspectionsFileSchema>;
