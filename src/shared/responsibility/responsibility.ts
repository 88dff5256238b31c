import * as z from 'zod/mini';
import { daySchema } from '../zones/zone';
import { FUNDING_SOURCES } from '../plans/plans';

/**
 * 目标责任书 (the plan, 第二阶段: 镇政府就每年度整治工作与有关区镇和部门签订目标责任书): one per unit and year, generated
 * from the unit's APPROVED annual plan (src/shared/plans): the duties of the items it leads or shares with their
 * 整治要求 (data/campaign.json), the assessment terms, the signature blocks and the appendix of the plan's targets.
 * Its signing is recorded: signed or not, the day, a scan of the signed letter, who recorded it.
 */

/** The party that signs with each unit (甲方). */
export const RESPONSIBILITY_ISSUER = '锦溪镇人民政府';

/** The letter's title for a year. */
export const responsibilityTitle = (year: number) => `锦溪镇${year}年度环境综合整治目标责任书`;

/** The assessment terms (考核) every letter carries, from the plan's 保障措施 (四). */
export const ASSESSMENT_TERMS = [
  '月报告：乙方每月向镇环境综合整治推进小组办公室报告本单位整治任务的进展情况。',
  '季检查：镇纪委（监察室）会同推进小组办公室每季度对乙方整治任务进行检查，检查结果予以通报。',
  '年考核：整治工作实行目标管理，纳入年度部门考核；以本责任书所附目标为考核基准，按期完成率、返工和督办办理情况计分。',
  '牵头单位每月对本项整治的开展情况进行检查督查；未按期完成的，由镇政府督办。',
] as const;

/** The state of a unit's letter for a year; version 0: nothing recorded yet (If-Match "0" records the first). */
export const responsibilityStateSchema = z.object({
  unit: z.string(),
  year: z.int(),
  signed: z.boolean(),
  signedOn: z.nullable(daySchema),
  hasScan: z.boolean(),
  recordedByName: z.nullable(z.string()),
  recordedAt: z.nullable(z.string()),
  version: z.int().check(z.minimum(0)),
});
export type ResponsibilityState = z.infer<typeof responsibilityStateSchema>;

export const emptyResponsibilityState = (unit: string, year: number): ResponsibilityState => ({
  unit,
  year,
  signed: false,
  signedOn: null,
  hasScan: false,
  recordedByName: null,
  recordedAt: null,
  version: 0,
});

/** `GET /api/responsibility?year=`: every unit with duties or a plan that year, with its plan's state and signing. */
export const responsibilityOverviewSchema = z.object({
  year: z.int(),
  units: z.array(
    z.extend(responsibilityStateSchema, {
      /** The unit's plan state that year (null: no plan); only an approved plan gives a letter. */
      planState: z.nullable(z.string()),
    }),
  ),
});
export type ResponsibilityOverview = z.infer<typeof responsibilityOverviewSchema>;

/** One target of the appendix: a project of the approved plan. */
export const responsibilityTargetSchema = z.object({
  item: z.string(),
  /** 项目: the zone's name, or the new place. */
  project: z.string(),
  zoneId: z.nullable(z.string()),
  carriedOver: z.boolean(),
  /** 整治内容. */
  content: z.string(),
  person: z.string(),
  /** 万元. */
  budget: z.number(),
  funding: z.enum(FUNDING_SOURCES),
  due: daySchema,
});
export type ResponsibilityTarget = z.infer<typeof responsibilityTargetSchema>;

/** `GET /api/responsibility/:year/:unit`: the letter (null without an approved plan) and its signing state. */
export const responsibilityLetterSchema = z.object({
  year: z.int(),
  unit: z.string(),
  title: z.string(),
  issuer: z.string(),
  /** The approved plan it is generated from; null: the unit has no approved plan that year (no letter). */
  plan: z.nullable(z.object({ id: z.string(), approvedAt: z.nullable(z.string()), version: z.int() })),
  /** The items the unit leads or shares, with their 整治要求. */
  duties: z.array(
    z.object({ item: z.string(), name: z.string(), role: z.enum(['lead', 'responsible']), content: z.string() }),
  ),
  terms: z.array(z.string()),
  targets: z.array(responsibilityTargetSchema),
  state: responsibilityStateSchema,
});
export type ResponsibilityLetter = z.infer<typeof responsibilityLetterSchema>;

/** `PUT /api/responsibility/:year/:unit` (If-Match): signed with the day, or not signed (no day). */
export const responsibilityStateBodySchema = z
  .strictObject({ signed: z.boolean(), signedOn: z.nullable(daySchema) })
  .check(
    z.refine((body) => body.signed === (body.signedOn !== null), {
      message: 'a signed letter needs its signing day; an unsigned one has none',
      path: ['signedOn'],
    }),
  );
export type ResponsibilityStateBody = z.infer<typeof responsibilityStateBodySchema>;

const yearParam = z.pipe(z.string().check(z.regex(/^\d{4}$/, 'year is a four-digit year')), z.transform(Number));
export const responsibilityYearQuerySchema = z.strictObject({ year: yearParam });
export const responsibilityParamsSchema = z.object({
  year: yearParam,
  unit: z.string().check(z.minLength(1), z.maxLength(64)),
});

/** The items a unit leads or shares (applicable ones), in the campaign's order. */
export function dutiesOf(
  items: readonly {
    code: string;
    name: string;
    applicable: boolean;
    leadUnit?: string | null;
    responsibleUnits: readonly string[];
    content: string;
  }[],
  unit: string,
): ResponsibilityLetter['duties'] {
  return items
    .filter((item) => item.applicable && (item.leadUnit === unit || item.responsibleUnits.includes(unit)))
    .map((item) => ({
      item: item.code,
      name: item.name,
      role: item.leadUnit === unit ? ('lead' as const) : ('responsible' as const),
      content: item.content,
    }));
}

/** Who may read a unit's letter: everyone but other units. */
export const mayReadLetter = (unit: string, actor: { role: string; unit: string | null }) =>
  actor.role !== 'unit' || actor.unit === unit;
