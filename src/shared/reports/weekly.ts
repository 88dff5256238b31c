import * as z from 'zod/mini';
import { addDays, isValidDay } from '../time/dates';
import { GRADES, monthlyFiguresShape } from './assessment';

/**
 * 周报 (例会材料, docs/notifications.md): the leadership meeting's weekly briefing of one ISO week (Monday to Sunday,
 * Asia/Shanghai days): the week's changes, overdue tasks, 督办 status and the units' 年考核 ranking; and the Chinese
 * markdown message the leaders' group receives. Pure and shared.
 */

/** A week as ISO 8601 writes it: 2026-W25. */
export const weekSchema = z
  .string()
  .check(z.regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'expected an ISO week YYYY-Www (e.g. 2026-W25)'));

const daySchema = z
  .string()
  .check(z.refine((value) => isValidDay(value), 'expected a calendar day YYYY-MM-DD (e.g. 2026-06-15)'));

/** `GET /api/reports/weekly`: `week`, or any `date` in it; neither: this week. */
export const weeklyQuerySchema = z
  .strictObject({ week: z.optional(weekSchema), date: z.optional(daySchema) })
  .check(z.refine((query) => !(query.week && query.date), 'name either week or date, not both'));

/** `POST /api/reports/weekly/send`. */
export const weeklySendBodySchema = z.strictObject({ week: weekSchema });

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;

/** The Monday of week 1 of an ISO year (the week holding 4 January). */
const firstMonday = (year: number) => {
  const jan4 = `${String(year).padStart(4, '0')}-01-04`;
  return addDays(jan4, 1 - weekday(jan4));
};

/** The ISO week (YYYY-Www) a day falls in. */
export function isoWeekOf(day: string): string {
  const thursday = addDays(day, 4 - weekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(
    (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${firstMonday(year)}T00:00:00Z`)) / 6048e5,
  );
  return `${year}-W${String(week + 1).padStart(2, '0')}`;
}

/** A week's Monday and Sunday, or null for a week its year does not have (W53 of a 52-week year). */
export function weekRange(week: string): { from: string; to: string } | null {
  const year = Number(week.slice(0, 4));
  const from = addDays(firstMonday(year), (Number(week.slice(6)) - 1) * 7);
  return isoWeekOf(from) === week ? { from, to: addDays(from, 6) } : null;
}

/** A week as people say it in Chinese: 2026年第25周. */
export const weekLabel = (week: string) => `${week.slice(0, 4)}年第${Number(week.slice(6))}周`;

const count = z.int().check(z.minimum(0));

/** What `GET /api/reports/weekly` answers. */
export const weeklyBriefingSchema = z.object({
  week: z.string(),
  from: z.string(),
  to: z.string(),
  /** The day overdue is judged at: the week's Sunday, or today while the week runs. */
  asOf: z.string(),
  /** The town's figures of the week (as the 月报告 counts a month). */
  changes: z.object(monthlyFiguresShape),
  /** Tasks overdue as of `asOf` (at most OVERDUE_LIST_MAX, longest late first); `overdueTotal` counts them all. */
  overdueTasks: z.array(
    z.object({
      taskId: z.string(),
      title: z.string(),
      zoneId: z.string(),
      zoneName: z.string(),
      unit: z.string(),
      dueDate: z.string(),
      daysLate: count,
    }),
  ),
  overdueTotal: count,
  /** 督办: issued and closed during the week; open, answered and overdue as they stand today. */
  supervisions: z.object({ issued: count, closed: count, open: count, replied: count, overdue: count }),
  overdueSupervisions: z.array(
    z.object({
      id: z.string(),
      target: z.string(),
      unit: z.nullable(z.string()),
      deadline: z.string(),
      daysLate: count,
      link: z.string(),
    }),
  ),
  /** The 年考核 of the week's year up to `asOf`: the ranked units first, with the week's finished and overdue tasks. */
  ranking: z.array(
    z.object({
      unit: z.string(),
      rank: z.nullable(z.int()),
      composite: z.nullable(z.number()),
      grade: z.nullable(z.enum(GRADES)),
      finished: count,
      overdue: count,
    }),
  ),
});
export type WeeklyBriefing = z.infer<typeof weeklyBriefingSchema>;

export const OVERDUE_LIST_MAX = 50;

/** What `POST /api/reports/weekly/send` answers: the messages queued (0 when this briefing was already sent). */
export const weeklySendResultSchema = z.object({ queued: count, channels: z.array(z.string()) });

/** How many lines of each list the group message carries (the page has them all). */
const MESSAGE_LINES = 5;

/**
 * The leaders' group message of a briefing (Chinese markdown, with a link to the printable page). `unitName` turns a
 * unit id into its name; `link` is the absolute (or root-relative) address of the page.
 */
export function weeklyMessage(
  briefing: WeeklyBriefing,
  campaignName: string,
  unitName: (id: string | null) => string,
  link: string,
): { title: string; markdown: string } {
  const { changes, supervisions } = briefing;
  const lines = [
    `> ${briefing.from} 至 ${briefing.to}，截至 ${briefing.asOf}`,
    '',
    `**本周进展**：开工 ${changes.started} 项，完成 ${changes.finished} 项，退回返工 ${changes.rework} 项，上传照片 ${changes.photos} 张，新发督办 ${supervisions.issued} 件`,
    '',
    `**逾期任务**：${briefing.overdueTotal} 项`,
    ...briefing.overdueTasks
      .slice(0, MESSAGE_LINES)
      .map((task) => `- ${task.zoneName} · ${task.title}（${unitName(task.unit)}，逾期 ${task.daysLate} 天）`),
    '',
    `**督办**：未办结 ${supervisions.open} 件（待审核 ${supervisions.replied} 件，逾期未答复 ${supervisions.overdue} 件），本周办结 ${supervisions.closed} 件`,
    ...briefing.overdueSupervisions
      .slice(0, MESSAGE_LINES)
      .map((entry) => `- ${entry.target}（${unitName(entry.unit)}，逾期 ${entry.daysLate} 天）`),
    '',
    `**单位排名**（${briefing.to.slice(0, 4)} 年考核，截至 ${briefing.asOf}）`,
    ...briefing.ranking
      .filter((entry) => entry.rank !== null)
      .slice(0, MESSAGE_LINES)
      .map((entry) => `${entry.rank}. ${unitName(entry.unit)} ${entry.composite} 分（${entry.grade}）`),
    '',
    `[在“一张图”中查看周报](${link})`,
  ];
  return { title: `${campaignName} 周报（${weekLabel(briefing.week)}）`, markdown: lines.join('\n') };
}
