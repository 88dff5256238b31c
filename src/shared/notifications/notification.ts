import * as z from 'zod/mini';

/**
 * Notifications (docs/notifications.md): what people are told of, who, when; the inbox item; the rules file
 * (data/notification-rules.json); the Chinese message a group robot receives; webhook URL checks. Pure and shared.
 */
export const NOTIFICATION_KINDS = [
  'task_due_soon',
  'task_overdue',
  'task_extension_requested',
  'task_extension_decided',
  'task_accepted',
  'task_rework',
  'check_failed',
  'case_dispatched',
  'case_due_soon',
  'case_overdue',
  'photo_pair_flagged',
  'supervision_issued',
  'supervision_replied',
  'supervision_closed',
  'supervision_reopened',
  'supervision_overdue',
  'flood_alert',
  'plan_returned',
  'plan_approved',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Delivered at once, never held for quiet hours or the digest: a 督办 (a leader's directive) and a flood threshold
 * alert (water over its warning level at night is when it matters).
 */
export const isUrgentKind = (kind: NotificationKind) => kind.startsWith('supervision_') || kind === 'flood_alert';

/**
 * Who a rule tells: the unit that must act, the zone's lead unit, the campaign office, leaders, 纪委, the issuer, and
 * (flood alerts) the people on flood duty that day who have an account (by their name in the 值班表).
 */
export const RECIPIENTS = [
  'responsible_unit',
  'lead_unit',
  'office',
  'leaders',
  'inspectors',
  'issuer',
  'on_duty',
] as const;
export type RecipientKind = (typeof RECIPIENTS)[number];

const clock = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM'));
const ruleId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'rule id: lowercase letters, digits and -'));

export const notificationRuleSchema = z.strictObject({
  id: ruleId,
  event: z.enum(NOTIFICATION_KINDS, { error: `unknown event: use one of ${NOTIFICATION_KINDS.join(', ')}` }),
  /** task_overdue, case_overdue, supervision_overdue: at least this many days late (0: as soon as it is late). */
  afterDays: z.optional(z.int().check(z.minimum(0), z.maximum(365))),
  /** task_due_soon: due within this many days; case_due_soon: within this many hours. */
  within: z.optional(z.int().check(z.minimum(1), z.maximum(720))),
  notify: z
    .array(z.enum(RECIPIENTS, { error: `unknown recipient: use ${RECIPIENTS.join(', ')}` }))
    .check(z.minLength(1, 'notify names at least one recipient')),
  /** immediate: to the group robots at once (outside quiet hours); digest: in the daily digest. 督办 are immediate. */
  delivery: z.enum(['immediate', 'digest'], { error: 'delivery: immediate or digest' }),
});
export type NotificationRule = z.infer<typeof notificationRuleSchema>;

export const notificationRulesSchema = z
  .strictObject({
    $comment: z.optional(z.string()),
    /** Events older than this are not told any more (a first start does not flood the inbox with history). */
    lookbackDays: z.int().check(z.minimum(1), z.maximum(90)),
    /** Outside messages wait from start to end (Asia/Shanghai); 督办 do not. */
    quietHours: z.nullable(z.strictObject({ start: clock, end: clock })),
    /** The daily digest is sent at this time (Asia/Shanghai). */
    digestAt: clock,
    rules: z.array(notificationRuleSchema).check(z.minLength(1, 'at least one rule')),
    /**
     * The weekly briefing (周报) goes to the leaders' (town-wide) group on this weekday (1 Monday … 7 Sunday) at this
     * time (Asia/Shanghai), once a week; absent or null: the office sends it by hand.
     */
    weeklyBriefing: z.optional(
      z.nullable(
        z.strictObject({
          weekday: z.int().check(z.minimum(1, 'weekday: 1 (Monday) to 7'), z.maximum(7, 'weekday: 1 (Monday) to 7')),
          at: clock,
        }),
      ),
    ),
  })
  .check(
    z.refine(
      (file) => new Set(file.rules.map((rule) => rule.id)).size === file.rules.length,
      'rule ids must be unique',
    ),
  );
export type NotificationRules = z.infer<typeof notificationRulesSchema>;

/** Check a rules file's content; the errors name where and what (for the file at start-up and the office's edit). */
export function parseNotificationRules(
  value: unknown,
): { ok: true; rules: NotificationRules } | { ok: false; errors: { path: string; message: string }[] } {
  const parsed = notificationRulesSchema.safeParse(value);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(file)', message: issue.message })),
  };
}

/** One inbox item as `GET /api/inbox` answers it. */
export const inboxItemSchema = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** What the item is about, for the texts: zone, task, case, note, dates, days late. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** Where it opens in the app (a path). */
  link: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;
export const inboxSchema = z.object({ unread: z.int(), items: z.array(inboxItemSchema) });
export type Inbox = z.infer<typeof inboxSchema>;

export const markReadBodySchema = z
  .strictObject({
    ids: z.optional(z.array(z.string().check(z.regex(/^[1-9]\d{0,11}$/, 'ids are item ids'))).check(z.maxLength(200))),
    all: z.optional(z.literal(true)),
  })
  .check(z.refine((body) => body.all === true || (body.ids?.length ?? 0) > 0, 'name ids or all: true'));

export type NotificationParams = InboxItem['params'];

const text = (value: NotificationParams[string] | undefined) =>
  value === null || value === undefined ? '' : String(value);

/** The Chinese title and markdown lines of an item, as the group robots receive it (the UI uses its own texts). */
export function messageOf(kind: NotificationKind, params: NotificationParams): { title: string; lines: string[] } {
  const zone = text(params.zone);
  const task = text(params.task);
  const where = [zone, task].filter(Boolean).join(' · ');
  const caseNo = text(params.caseNo);
  switch (kind) {
    case 'task_due_soon':
      return { title: `任务将到期：${task}`, lines: [`${where}`, `完成期限 ${text(params.dueDate)}`] };
    case 'task_overdue':
      return { title: `任务逾期 ${text(params.days)} 天：${task}`, lines: [where, `完成期限 ${text(params.dueDate)}`] };
    case 'task_extension_requested':
      return { title: `延期申请：${task}`, lines: [where, `申请延至 ${text(params.dueDate)}`] };
    case 'task_extension_decided':
      return { title: `延期申请已${text(params.decision) === 'approved' ? '批准' : '驳回'}：${task}`, lines: [where] };
    case 'task_accepted':
      return { title: `任务已验收：${task}`, lines: [where] };
    case 'task_rework':
      return { title: `任务退回返工：${task}`, lines: [where, text(params.note)] };
    case 'check_failed':
      return { title: `季检查未通过：${zone}`, lines: [`${text(params.quarter)} 得分 ${text(params.score)}`] };
    case 'case_dispatched':
      return { title: `案件已派遣：${caseNo}`, lines: [text(params.address)] };
    case 'case_due_soon':
      return { title: `案件临近处置时限：${caseNo}`, lines: [text(params.address), `时限 ${text(params.deadline)}`] };
    case 'case_overdue':
      return { title: `案件超过处置时限：${caseNo}`, lines: [text(params.address), `时限 ${text(params.deadline)}`] };
    case 'photo_pair_flagged':
      return { title: `整治前后照片距离过远：${where}`, lines: [`相距约 ${text(params.meters)} 米`] };
    case 'supervision_issued':
      return { title: `督办：${text(params.target)}`, lines: [text(params.note), `办结期限 ${text(params.deadline)}`] };
    case 'supervision_replied':
      return { title: `督办已答复：${text(params.target)}`, lines: [text(params.note)] };
    case 'supervision_closed':
      return { title: `督办已办结：${text(params.target)}`, lines: [text(params.note)] };
    case 'supervision_reopened':
      return {
        title: `督办被退回：${text(params.target)}`,
        lines: [text(params.note), `办结期限 ${text(params.deadline)}`],
      };
    case 'supervision_overdue':
      return { title: `督办逾期未答复：${text(params.target)}`, lines: [`办结期限 ${text(params.deadline)}`] };
    case 'plan_returned':
      return { title: `年度计划被退回：${text(params.plan)}`, lines: [text(params.note)] };
    case 'plan_approved':
      return { title: `年度计划已审核通过：${text(params.plan)}`, lines: [text(params.note)] };
    case 'flood_alert':
      return {
        title: `水情告警：${text(params.station)}${FLOOD_THRESHOLD_TEXT[text(params.threshold)] ?? ''}`,
        lines: [
          `实测 ${text(params.value)} ${text(params.unit)}，阈值 ${text(params.limit)} ${text(params.unit)}`,
          `观测时间 ${text(params.observedAt)}`,
        ],
      };
  }
}

/** The robots' words for a crossed threshold (the app has its own texts, flood.season.threshold). */
const FLOOD_THRESHOLD_TEXT: Record<string, string> = {
  warning_level: '超警戒水位',
  guarantee_level: '超保证水位',
  rain_1h: '1小时雨量超阈值',
  rain_24h: '24小时雨量超阈值',
};

export const WEBHOOK_CHANNELS = ['wecom', 'dingtalk'] as const;
export type WebhookChannel = (typeof WEBHOOK_CHANNELS)[number];

const WEBHOOK_SHAPE: Record<WebhookChannel, { path: string; param: string; host: string }> = {
  wecom: { path: '/cgi-bin/webhook/send', param: 'key', host: 'qyapi.weixin.qq.com' },
  dingtalk: { path: '/robot/send', param: 'access_token', host: 'oapi.dingtalk.com' },
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why a group robot's webhook URL is unusable, or null: the platform's path and key parameter
 * (…/cgi-bin/webhook/send?key= for 企业微信, …/robot/send?access_token= for 钉钉), https (http only to this
 * machine, for a local relay), no user name or password in it. Other hosts are allowed (a relay or proxy).
 */
export function webhookUrlError(channel: WebhookChannel, raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  const shape = WEBHOOK_SHAPE[channel];
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return 'must start with https://';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.pathname !== shape.path || !url.searchParams.get(shape.param)) {
    return `expected https://${shape.host}${shape.path}?${shape.param}=…`;
  }
  return null;
}

/** 钉钉 signing secrets start with SEC. */
export const dingtalkSecretError = (secret: string) =>
  /^SEC[0-9a-zA-Z]{16,128}$/.test(secret)
    ? null
    : 'a 钉钉 signing secret starts with SEC followed by letters and digits';
