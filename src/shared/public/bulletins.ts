import * as z from 'zod/mini';
import { monthSchema, type MonthlyFigures } from '../reports/assessment';

/**
 * The monthly 公开通报 (docs/public.md, "The monthly bulletin"): generated from the 月报告 as a snapshot, edited by
 * the campaign office (title, text, the items it shows) and published on the residents' site. Staff read drafts and
 * published ones; residents read published ones only, through the strict public schemas below.
 */

export const BULLETIN_TITLE_MAX = 100;
export const BULLETIN_TEXT_MAX = 4000;
export const BULLETIN_STATUSES = ['draft', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];

const count = z.int().check(z.minimum(0));

/** The town's figures of the month (from the 月报告). */
export const bulletinFiguresSchema = z.strictObject({
  planned: count,
  started: count,
  finished: count,
  overdue: count,
  photos: count,
});
export const BULLETIN_FIGURES = ['planned', 'started', 'finished', 'overdue', 'photos'] as const;

/** Progress of one campaign item at the time the bulletin was generated. */
export const bulletinItemSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  zones: count,
  /** Zones 已验收. */
  accepted: count,
  /** The zones' mean progress, 0–100. */
  progress: z.int().check(z.minimum(0), z.maximum(100)),
  /** Tasks finished in the month. */
  finished: count,
});
export type BulletinItem = z.infer<typeof bulletinItemSchema>;

/** A zone where work was finished in the month (what was fixed). */
export const bulletinFixedSchema = z.strictObject({ zone: z.string(), item: z.string(), tasks: count });
export type BulletinFixed = z.infer<typeof bulletinFixedSchema>;

/** Residents' 随手拍 reports handled in the month. */
export const bulletinResidentsSchema = z.strictObject({
  received: count,
  accepted: count,
  merged: count,
  rejected: count,
  feedback: count,
  satisfied: count,
});
export type BulletinResidents = z.infer<typeof bulletinResidentsSchema>;

export const bulletinContentSchema = z.strictObject({
  figures: bulletinFiguresSchema,
  items: z.array(bulletinItemSchema),
  fixed: z.array(bulletinFixedSchema),
  residents: bulletinResidentsSchema,
});
export type BulletinContent = z.infer<typeof bulletinContentSchema>;

/** A bulletin as staff read it (`GET /api/bulletins/:id`, with its ETag). */
export const bulletinSchema = z.object({
  id: z.string(),
  month: z.string(),
  title: z.string(),
  text: z.string(),
  /** The item codes the office chose to show. */
  items: z.array(z.string()),
  content: bulletinContentSchema,
  status: z.enum(BULLETIN_STATUSES),
  version: z.int().check(z.positive()),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.nullable(z.string()),
});
export type Bulletin = z.infer<typeof bulletinSchema>;
export const bulletinListSchema = z.object({ bulletins: z.array(bulletinSchema) });

/** `POST /api/bulletins`: generate the draft of a month. */
export const newBulletinBodySchema = z.strictObject({ month: monthSchema });

/** The office's text: line breaks as \n, trimmed. */
const officeText = (max: number) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text) => text.replace(/\r\n?/g, '\n')),
    ),
    z.string().check(z.trim(), z.maxLength(max, `at most ${max} characters`)),
  );

/** `PATCH /api/bulletins/:id` (If-Match): what the office edits. */
export const bulletinPatchSchema = z
  .strictObject({
    title: z.optional(z.pipe(officeText(BULLETIN_TITLE_MAX), z.string().check(z.minLength(1, 'a title is needed')))),
    text: z.optional(officeText(BULLETIN_TEXT_MAX)),
    items: z.optional(z.array(z.string().check(z.maxLength(16))).check(z.maxLength(100))),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, { message: 'send title, text or items', path: [] }));
export type BulletinPatch = z.infer<typeof bulletinPatchSchema>;

/** The default title of a month's bulletin (the office changes it as it likes). */
export const defaultBulletinTitle = (month: string) =>
  `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月环境综合整治工作通报`;

/** What a generated bulletin is made from: the 月报告's town figures, the zones and the month's facts. */
export interface BulletinSources {
  figures: MonthlyFigures;
  /** The applicable campaign items, in campaign order. */
  items: readonly { code: string; name: string; nameEn: string }[];
  zones: readonly { category: string; status: string; progress: number }[];
  fixed: readonly BulletinFixed[];
  residents: BulletinResidents;
}

/** The snapshot of a month, and the items shown by default (those with zones). */
export function bulletinContent(sources: BulletinSources): { content: BulletinContent; items: string[] } {
  const finishedByItem = new Map<string, number>();
  for (const fixed of sources.fixed)
    finishedByItem.set(fixed.item, (finishedByItem.get(fixed.item) ?? 0) + fixed.tasks);
  const items = sources.items.map((item): BulletinItem => {
    const zones = sources.zones.filter((zone) => zone.category === item.code);
    const progress = zones.length ? zones.reduce((sum, zone) => sum + zone.progress, 0) / zones.length : 0;
    return {
      code: item.code,
      name: item.name,
      nameEn: item.nameEn,
      zones: zones.length,
      accepted: zones.filter((zone) => zone.status === 'accepted').length,
      progress: Math.round(progress),
      finished: finishedByItem.get(item.code) ?? 0,
    };
  });
  const { planned, started, finished, overdue, photos } = sources.figures;
  return {
    content: {
      figures: { planned, started, finished, overdue, photos },
      items,
      fixed: [...sources.fixed],
      residents: sources.residents,
    },
    items: items.filter((item) => item.zones > 0).map((item) => item.code),
  };
}

/** One published bulletin in the public list. */
export const publicBulletinSummarySchema = z.strictObject({
  id: z.string(),
  month: z.string(),
  title: z.string(),
  publishedAt: z.string(),
});
export const publicBulletinListSchema = z.strictObject({ bulletins: z.array(publicBulletinSummarySchema) });
export type PublicBulletinList = z.infer<typeof publicBulletinListSchema>;

/** `GET /api/public/bulletins/:id`: a published bulletin as residents read it, the chosen items only. */
export const publicBulletinSchema = z.strictObject({
  id: z.string(),
  month: z.string(),
  title: z.string(),
  text: z.string(),
  publishedAt: z.string(),
  figures: bulletinFiguresSchema,
  items: z.array(bulletinItemSchema),
  fixed: z.array(bulletinFixedSchema),
  residents: bulletinResidentsSchema,
});
export type PublicBulletin = z.infer<typeof publicBulletinSchema>;

/** A published bulletin, field by field, with the office's chosen items (and what was fixed in them) only. */
export function publicBulletin(bulletin: Bulletin & { publishedAt: string }): PublicBulletin {
  const chosen = new Set(bulletin.items);
  const { figures, items, fixed, residents } = bulletin.content;
  return {
    id: bulletin.id,
    month: bulletin.month,
    title: bulletin.title,
    text: bulletin.text,
    publishedAt: bulletin.publishedAt,
    figures: { ...figures },
    items: items.filter((item) => chosen.has(item.code)).map((item) => ({ ...item })),
    fixed: fixed.filter((entry) => chosen.has(entry.item)).map((entry) => ({ ...entry })),
    residents: { ...residents },
  };
}

export const publicBulletinSummary = (bulletin: Bulletin & { publishedAt: string }) => ({
  id: bulletin.id,
  month: bulletin.month,
  title: bulletin.title,
  publishedAt: bulletin.publishedAt,
});
