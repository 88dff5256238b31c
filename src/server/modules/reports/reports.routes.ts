import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { databaseNow } from '../../platform/clock';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { staleProblem } from '../../platform/preconditions';
import { addDays, shanghaiDay } from '../../../shared/time/dates';
import {
  ASSESSMENT_MIN_FEEDBACK_DEFAULT,
  ASSESSMENT_MIN_TASKS_DEFAULT,
  DEFAULT_ASSESSMENT_CONFIG,
  type CampaignResponse,
} from '../../../shared/campaign/campaign';
import {
  assessmentQuerySchema,
  assessUnits,
  commendationCandidates,
  commentaryBodySchema,
  itemSatisfaction,
  satisfactionRate,
  monthlyQuerySchema,
  monthRange,
  monthSchema,
  zeroFigures,
  quartersOf,
  type AssessmentReport,
  type MonthlyReport,
} from '../../../shared/reports/assessment';
import { planFacts } from '../plans';
import { caseIndicatorsByUnit } from '../../../shared/cases/case-indicators';
import {
  isoWeekOf,
  weeklyMessage,
  weeklyQuerySchema,
  weeklySendBodySchema,
  weekRange,
  OVERDUE_LIST_MAX,
  type WeeklyBriefing,
} from '../../../shared/reports/weekly';
import type { Notifier } from '../notifications';
import { townFigures, periodCutoff, weeklyBriefing } from './weekly';

const commentaryParamsSchema = z.object({
  month: monthSchema,
  unit: z.string().check(z.maxLength(64)),
});

/**
 * The units a report lists, in the configuration's order: every unit that leads or is responsible
 * for an applicable campaign item, and any other unit that has tasks or leads zones.
 */
function reportUnits(config: CampaignResponse, working: readonly string[]): string[] {
  const involved = new Set(working);
  for (const item of config.items) {
    if (!item.applicable) continue;
    if (item.leadUnit) involved.add(item.leadUnit);
    for (const unit of item.responsibleUnits) involved.add(unit);
  }
  return config.units.filter((unit) => involved.has(unit.id)).map((unit) => unit.id);
}

/** What a report is computed from: the town's storage, its day and its campaign. */
export type ReportContext = Pick<RouteContext, 'repos' | 'today' | 'campaign'>;

/** A month that has begun (not in the future), or 400. */
function pastOrCurrentMonth(context: ReportContext, month: string): string {
  if (month > context.today().slice(0, 7)) {
    throw new HttpProblem(400, `Month ${month} has not begun yet`, [{ path: 'month', message: 'in the future' }]);
  }
  return month;
}

/** The 月报告 of a month that has begun (400 for a future one): per unit, the town summary, the commentary. */
export async function monthlyReport(context: ReportContext, requested: string): Promise<MonthlyReport> {
  const { repos } = context;
  const today = context.today();
  const month = pastOrCurrentMonth(context, requested);
  const config = await context.campaign();
  const { from, to } = monthRange(month);
  // Overdue is judged at the end of the month, or today while the month runs.
  const { asOf, cutoff } = periodCutoff(to, today);
  const [figures, commentary, working] = await Promise.all([
    repos.reports.monthlyFigures(from, to, cutoff),
    repos.reports.listCommentary(month),
    repos.reports.unitsWithWork(),
  ]);
  const commentaryOf = new Map(commentary.map((entry) => [entry.unit, entry]));
  const units = reportUnits(config, working).map((unit) => ({
    unit,
    leads: config.items.filter((item) => item.applicable && item.leadUnit === unit).map((item) => item.code),
    ...(figures.get(unit) ?? zeroFigures()),
    commentary: commentaryOf.get(unit) ?? null,
  }));
  const town = townFigures(figures);
  return {
    month,
    from,
    to,
    asOf,
    units,
    town: { ...town, commentary: commentaryOf.get('') ?? null },
  };
}

/** 月报告 and 年考核 (docs/assessment.md): figures per unit, the office's commentary, the ranking. */
export function registerReportRoutes(
  app: FastifyInstance,
  context: RouteContext,
  options: {
    now: () => Date;
    notifier?: Pick<Notifier, 'enqueueMessage' | 'link'> & Partial<Pick<Notifier, 'onTick'>>;
  } = {
    now: databaseNow,
  },
): void {
  const { repos } = context;
  const now = () => options.now().toISOString();

  app.get('/api/reports/monthly', async (request, reply) => {
    const query = parseOr400(monthlyQuerySchema, request.query, 'report query');
    const report = await monthlyReport(context, query.month ?? context.today().slice(0, 7));
    reply.header('Cache-Control', 'no-cache');
    return report;
  });

  app.put('/api/reports/monthly/:month/commentary/:unit', async (request, reply) => {
    const params = parseOr400(commentaryParamsSchema, request.params, 'commentary address');
    const month = pastOrCurrentMonth(context, params.month);
    const config = await context.campaign();
    const unit = params.unit === 'town' || params.unit === '' ? '' : params.unit;
    if (unit !== '' && !config.units.some((candidate) => candidate.id === unit)) {
      throw new HttpProblem(400, `Unknown unit ${params.unit.slice(0, 64)}`, [
        { path: 'unit', message: 'not a unit of the campaign (use "town" for the town summary)' },
      ]);
    }
    const body = parseOr400(commentaryBodySchema, request.body, 'commentary');
    const result = await repos.reports.saveCommentary(
      month,
      unit,
      body.text.trim(),
      body.version ?? null,
      writeActor(request),
    );
    if (!result.ok) {
      const current = result.current;
      throw staleProblem({
        currentVersion: current?.version ?? null,
        current,
        ...(current ? {} : { detail: 'There is no commentary to change yet: send it without a version' }),
      });
    }
    return reply.code(200).send(result.commentary);
  });

  /** The 年考核 of `year` over [1 January, `to`] (docs/assessment.md). */
  async function assess(year: number, to: string): Promise<AssessmentReport> {
    const config = await context.campaign();
    const today = context.today();
    const from = `${year}-01-01`;
    const assessment = config.assessment ?? DEFAULT_ASSESSMENT_CONFIG;
    const caseFrom = new Date(`${from}T00:00:00+08:00`).toISOString();
    const caseTo = new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000).toISOString();
    const minFeedback = assessment.minFeedback ?? ASSESSMENT_MIN_FEEDBACK_DEFAULT;
    const [facts, working, caseFacts, supervisionFacts, residents] = await Promise.all([
      repos.reports.assessmentFacts(from, to, quartersOf(from, to)),
      repos.reports.unitsWithWork(),
      repos.cases.indicatorFacts(caseFrom, caseTo),
      // 督办 due in the year, judged as of today while the year runs (or after its last day).
      repos.reports.supervisionFacts(from, to, to === today ? today : addDays(to, 1)),
      repos.reports.residentFacts(from, to),
    ]);
    // 数字城管 case composite per unit as of the period's end (docs/assessment.md, "Cases").
    const caseIndicators = caseIndicatorsByUnit(caseFacts, caseTo < now() ? caseTo : now());
    const caseScores = new Map(
      caseIndicators.units.map((entry) => [entry.unit, { due: entry.counts.due, composite: entry.composite }]),
    );
    const unitOrder = reportUnits(config, working);
    // The annual plans as the baseline (docs/assessment.md, "Annual plan").
    const plans = await planFacts(context, year, unitOrder);
    const units = assessUnits(
      unitOrder,
      facts.tasks,
      facts.checks,
      from,
      to,
      assessment,
      caseScores,
      supervisionFacts,
      residents.units,
      plans,
    );
    const { town } = residents;
    return {
      year,
      from,
      to,
      config: { ...assessment, minTasks: assessment.minTasks ?? ASSESSMENT_MIN_TASKS_DEFAULT, minFeedback },
      units,
      items: itemSatisfaction(residents.items, minFeedback),
      residents: { ...town, satisfaction: satisfactionRate(town.feedback, town.satisfied, minFeedback) },
      commendations: commendationCandidates(units, unitOrder),
    };
  }

  /** The weekly briefing of an ISO week that has begun, or 400. */
  async function briefingOf(week: string): Promise<WeeklyBriefing> {
    const range = weekRange(week);
    if (!range) {
      throw new HttpProblem(400, `Week ${week} does not exist: ${week.slice(0, 4)} has 52 weeks`, [
        { path: 'week', message: 'no such week' },
      ]);
    }
    const today = context.today();
    if (range.from > today) {
      throw new HttpProblem(400, `Week ${week} has not begun yet`, [{ path: 'week', message: 'in the future' }]);
    }
    const { asOf, cutoff } = periodCutoff(range.to, today);
    const [figures, overdueTasks, supervisions, assessment] = await Promise.all([
      repos.reports.monthlyFigures(range.from, range.to, cutoff),
      repos.reports.overdueTasks(range.to, cutoff, OVERDUE_LIST_MAX),
      repos.supervisions.list({}, today),
      assess(Number(asOf.slice(0, 4)), asOf),
    ]);
    return weeklyBriefing({ week, ...range, today, figures, overdueTasks, supervisions, assessment });
  }

  app.get('/api/reports/weekly', async (request, reply) => {
    const query = parseOr400(weeklyQuerySchema, request.query, 'weekly briefing query');
    const briefing = await briefingOf(query.week ?? isoWeekOf(query.date ?? context.today()));
    reply.header('Cache-Control', 'no-cache');
    return briefing;
  });

  type BriefingNotifier = NonNullable<typeof options.notifier>;

  /**
   * Queue a week's briefing for the leaders' (town-wide) group robots through the delivery outbox, once per `key`
   * (by hand: the week and a hash of the text; on schedule: the week).
   */
  async function sendBriefing(notifier: BriefingNotifier, week: string, key: (markdown: string) => string) {
    const briefing = await briefingOf(week);
    const config = await context.campaign();
    const unitName = (id: string | null) => (id && config.units.find((candidate) => candidate.id === id)?.name) || '—';
    const message = weeklyMessage(
      briefing,
      config.campaign.name,
      unitName,
      notifier.link(`/reports/weekly?week=${week}`),
    );
    return notifier.enqueueMessage('town', key(message.markdown), message, context.now());
  }

  app.post('/api/reports/weekly/send', async (request, reply) => {
    const { week } = parseOr400(weeklySendBodySchema, request.body, 'weekly briefing');
    const notifier = options.notifier;
    if (!notifier) throw new HttpProblem(503, 'Messages outside the app are not set up on this server');
    const result = await sendBriefing(
      notifier,
      week,
      (markdown) => `weekly:${week}:${createHash('sha256').update(markdown).digest('hex').slice(0, 16)}`,
    );
    if (!result.channels.length) {
      throw new HttpProblem(
        409,
        'No town-wide group robot is set: set NOTIFY_WECOM_WEBHOOK or NOTIFY_DINGTALK_WEBHOOK on the server',
      );
    }
    return reply.code(202).send({ queued: result.queued, channels: result.channels });
  });

  // On schedule (the rules' weeklyBriefing): once the week's weekday and time have come, once a week.
  const scheduled = new Set<string>();
  options.notifier?.onTick?.(async (now, rules) => {
    const schedule = rules.weeklyBriefing;
    if (!schedule) return;
    const week = isoWeekOf(shanghaiDay(now));
    if (scheduled.has(week)) return;
    const day = addDays(weekRange(week)!.from, schedule.weekday - 1);
    if (now < new Date(`${day}T${schedule.at}:00+08:00`)) return;
    await sendBriefing(options.notifier!, week, () => `weekly-scheduled:${week}`);
    scheduled.add(week);
  });

  app.get('/api/assessment', async (request, reply) => {
    const query = parseOr400(assessmentQuerySchema, request.query, 'assessment query');
    const today = context.today();
    const year = Number(query.year ?? today.slice(0, 4));
    if (year > Number(today.slice(0, 4))) {
      throw new HttpProblem(400, `Year ${year} has not begun yet`, [{ path: 'year', message: 'in the future' }]);
    }
    const yearEnd = `${year}-12-31`;
    const report = await assess(year, today < yearEnd ? today : yearEnd);
    reply.header('Cache-Control', 'no-cache');
    return report;
  });
}
