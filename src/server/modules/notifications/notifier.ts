import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RouteContext } from '../../platform/context';
import { DATA_FOLDER } from '../../platform/data-files';
import { nextTurn } from '../../platform/next-turn';
import { addDays, daysBetween, shanghaiDay, shanghaiTimestamp } from '../../../shared/time/dates';
import type { Supervision } from '../../../shared/supervision/supervision';
import type { Plan } from '../../../shared/plans/plans';
import { sensorLink, type ThresholdKind } from '../../../shared/flood/sensors';
import { FLOOD_ITEM } from '../../../shared/campaign/items';
import {
  isUrgentKind,
  messageOf,
  parseNotificationRules,
  type NotificationKind,
  type NotificationParams,
  type NotificationRule,
  type NotificationRules,
  type RecipientKind,
  type WebhookChannel,
} from '../../../shared/notifications/notification';
import {
  NOTIFICATION_SQL,
  notificationInsert,
  recipientKey,
  type NewNotification,
  type NotificationRepository,
  type NotificationRow,
  type OutboxRow,
  type Recipient,
  type Statement,
} from './notifications.rows';
import { DeliveryError, sendToRobot, type GroupRobot, type OutsideMessage, type SmsSender } from './senders';

/** Delivery settings: the town-wide group robots, the link base, the worker's pace. */
export interface NotifySettings {
  /** NOTIFY_WECOM_WEBHOOK: the town-wide 企业微信 group. */
  wecomWebhook?: string;
  /** NOTIFY_DINGTALK_WEBHOOK and NOTIFY_DINGTALK_SECRET: the town-wide 钉钉 group. */
  dingtalkWebhook?: string;
  dingtalkSecret?: string;
  /** Absolute links in messages start with this (PUBLIC_ORIGIN); without it links are paths. */
  linkBase?: string;
  /** How often the worker looks for work (ms); 0 or less: no worker (tests drive it). */
  pollMs?: number;
  /** The rules file (default data/notification-rules.json). */
  rulesFile?: string;
  sms?: SmsSender;
  fetch?: typeof fetch;
  /** Receives one line per failed delivery (never the URL, secret or message). */
  log?(line: string): void;
}

export const DEFAULT_RULES_FILE = path.join(DATA_FOLDER, 'notification-rules.json');

/** Read and check a rules file: a clear error naming the file and each bad field. */
export function loadNotificationRules(file = DEFAULT_RULES_FILE): NotificationRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not readable JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = parseNotificationRules(raw);
  if (!parsed.ok) {
    throw new Error(`${file}: ${parsed.errors.map((entry) => `${entry.path}: ${entry.message}`).join('; ')}`);
  }
  return parsed.rules;
}

/** Back-off after each failed attempt; after the last one the message is failed (shown to the office). */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000];
const CLAIM_MS = 60_000;
/** The longest the dispatch holds the server's thread before letting other requests in (docs/quality.md P10). */
const TURN_MS = 20;

/** What a subject offers its recipients. */
interface Subject {
  type: NewNotification['subjectType'];
  id: string;
  responsibleUnit: string | null;
  leadUnit: string | null;
  issuer: number | null;
  /** The accounts of the people on flood duty (flood alerts). */
  onDuty?: readonly number[];
  params: NotificationParams;
  link: string;
}

function recipientsOf(kinds: readonly RecipientKind[], subject: Subject): Recipient[] {
  const out: Recipient[] = [];
  for (const kind of kinds) {
    if (kind === 'responsible_unit' && subject.responsibleUnit) out.push({ unit: subject.responsibleUnit });
    if (kind === 'lead_unit' && subject.leadUnit) out.push({ unit: subject.leadUnit });
    if (kind === 'office') out.push({ role: 'admin' });
    if (kind === 'leaders') out.push({ role: 'leader' });
    if (kind === 'inspectors') out.push({ role: 'inspector' });
    if (kind === 'issuer' && subject.issuer !== null) out.push({ user: subject.issuer });
    if (kind === 'on_duty') out.push(...(subject.onDuty ?? []).map((user) => ({ user })));
  }
  const seen = new Set<string>();
  return out.filter((recipient) => !seen.has(recipientKey(recipient)) && seen.add(recipientKey(recipient)));
}

/** The notifications a rule makes for one subject and event (`eventKey`: what makes it a new event). */
export function notificationsOf(
  rule: NotificationRule,
  subject: Subject,
  eventKey: string,
  createdAt: string,
): NewNotification[] {
  return recipientsOf(rule.notify, subject).map((recipient) => ({
    dedupeKey: `${rule.id}:${subject.type}:${subject.id}:${eventKey}|${recipientKey(recipient)}`,
    recipient,
    kind: rule.event,
    subjectType: subject.type,
    subjectId: subject.id,
    params: subject.params,
    link: subject.link,
    immediate: rule.delivery === 'immediate',
    createdAt,
  }));
}

const zoneLink = (zoneId: string | number | null, taskId?: string | number | null) =>
  zoneId === null ? '/' : `/?zone=${zoneId}${taskId ? `&task=${taskId}` : ''}`;
const caseLink = (caseId: string | number) => `/cases?case=${caseId}`;

/** What a 督办 is about, as people say it. */
export function supervisionTarget(supervision: Pick<Supervision, 'zoneName' | 'taskTitle' | 'caseNo'>): string {
  if (supervision.caseNo) return `案件 ${supervision.caseNo}`;
  return [supervision.zoneName, supervision.taskTitle].filter(Boolean).join(' · ');
}

/** Where a 督办 opens in the app: its zone (and task), or its case. */
export const supervisionLink = (supervision: Pick<Supervision, 'zoneId' | 'taskId' | 'caseId'>) =>
  supervision.zoneId ? zoneLink(supervision.zoneId, supervision.taskId) : caseLink(supervision.caseId!);

function supervisionSubject(supervision: Supervision, leadUnit: string | null = null): Subject {
  return {
    type: 'supervision',
    id: supervision.id,
    responsibleUnit: supervision.unit,
    leadUnit,
    issuer: Number(supervision.createdBy),
    params: {
      target: supervisionTarget(supervision),
      zone: supervision.zoneName,
      task: supervision.taskTitle,
      caseNo: supervision.caseNo,
      note: supervision.steps.at(-1)?.text || supervision.note,
      deadline: supervision.deadline,
    },
    link: supervisionLink(supervision),
  };
}

// The candidates of the derived events, read as of @today / @now (statements for both engines).
const CANDIDATES = {
  tasks: `SELECT t.id, t.title, t.due_date, t.assigned_unit_id AS unit, z.id AS zone_id, z.name AS zone_name,
                 z.lead_unit_id AS lead_unit
            FROM tasks t JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL
           WHERE t.status IN ('not_started', 'in_progress') AND t.due_date <= @horizon`,
  taskActions: `SELECT u.id AS update_id, u.action, u.note, u.data_json, u.at, t.id, t.title, t.due_date,
                       t.assigned_unit_id AS unit, z.id AS zone_id, z.name AS zone_name, z.lead_unit_id AS lead_unit
                  FROM task_updates u JOIN tasks t ON t.id = u.task_id
                  JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL
                 WHERE u.kind = 'action' AND u.at >= @since
                   AND u.action IN ('request_extension', 'approve_extension', 'refuse_extension', 'accept', 'reject')`,
  failedChecks: `SELECT q.id, q.quarter, q.score, z.id AS zone_id, z.name AS zone_name, z.lead_unit_id AS lead_unit
                   FROM quarterly_checks q JOIN zones z ON z.id = q.zone_id AND z.deleted_at IS NULL
                  WHERE q.passed = 0 AND q.created_at >= @since`,
  cases: `SELECT c.id, c.case_no, c.address, c.unit_id AS unit, c.dispatched_at, c.deadline_at FROM cases c
           WHERE c.status IN ('dispatched', 'disposing') AND c.unit_id IS NOT NULL
             AND (c.dispatched_at >= @since OR (c.deadline_at >= @since AND c.deadline_at <= @caseHorizon))`,
  flaggedPhotos: `SELECT p.id, p.pair_distance_m, p.task_id, t.title, coalesce(t.assigned_unit_id, z.lead_unit_id) AS unit,
                         z.id AS zone_id, z.name AS zone_name, z.lead_unit_id AS lead_unit
                    FROM photos p JOIN zones z ON z.id = p.zone_id AND z.deleted_at IS NULL
                    LEFT JOIN tasks t ON t.id = p.task_id
                   WHERE p.pair_flagged = 1 AND p.deleted_at IS NULL AND p.uploaded_at >= @since`,
  // Threshold alerts with the water station (R4's lead unit) and their station.
  floodAlerts: `SELECT a.id, a.threshold_kind, a.value, a.threshold, a.observed_at, a.on_duty_json, s.id AS sensor_id,
                       s.name AS sensor_name,
                       (SELECT i.lead_unit_id FROM campaign_items i WHERE i.code = '${FLOOD_ITEM}') AS lead_unit
                  FROM flood_alerts a JOIN sensors s ON s.id = a.sensor_id WHERE a.raised_at >= @since`,
  activeAccounts: 'SELECT id, display_name FROM users WHERE disabled = 0',
  overdueSupervisions: `SELECT s.id FROM supervisions s LEFT JOIN zones z ON z.id = s.zone_id
                         WHERE s.status = 'open' AND s.deadline < @today AND (s.zone_id IS NULL OR z.deleted_at IS NULL)`,
};

interface TaskRow {
  id: number;
  title: string;
  due_date: string;
  unit: string;
  zone_id: number;
  zone_name: string;
  lead_unit: string;
}

const taskSubject = (row: TaskRow, params: NotificationParams = {}): Subject => ({
  type: 'task',
  id: String(row.id),
  responsibleUnit: row.unit,
  leadUnit: row.lead_unit,
  issuer: null,
  params: { zone: row.zone_name, task: row.title, dueDate: row.due_date, ...params },
  link: zoneLink(row.zone_id, row.id),
});

const rulesFor = (rules: NotificationRules, event: NotificationKind) =>
  rules.rules.filter((rule) => rule.event === event);

/**
 * Evaluate the rules as of `now`: every derived event (tasks due or late, extensions, acceptance and rework, failed
 * checks, cases, flagged photo pairs, overdue 督办) becomes inbox items, each recipient told once per event.
 */
export async function evaluateRules(
  repos: RouteContext['repos'],
  rules: NotificationRules,
  now: Date,
): Promise<NewNotification[]> {
  const store = repos.notifications.store;
  const today = shanghaiDay(now);
  const nowIso = now.toISOString();
  const since = new Date(now.getTime() - rules.lookbackDays * 86_400_000).toISOString();
  const within = (event: NotificationKind) => Math.max(0, ...rulesFor(rules, event).map((rule) => rule.within ?? 0));
  const made: NewNotification[] = [];
  const add = (event: NotificationKind, subject: (rule: NotificationRule) => Subject | null, eventKey: string) => {
    for (const rule of rulesFor(rules, event)) {
      const of = subject(rule);
      if (of) made.push(...notificationsOf(rule, of, eventKey, nowIso));
    }
  };

  const tasks = await store.all<TaskRow>(CANDIDATES.tasks, { horizon: addDays(today, within('task_due_soon')) });
  for (const task of tasks) {
    const late = daysBetween(task.due_date, today);
    add(
      'task_due_soon',
      (rule) => (late <= 0 && -late <= (rule.within ?? 0) ? taskSubject(task) : null),
      task.due_date,
    );
    add(
      'task_overdue',
      (rule) => (late > 0 && late >= (rule.afterDays ?? 1) ? taskSubject(task, { days: late }) : null),
      task.due_date,
    );
  }

  const actions = await store.all<
    TaskRow & { update_id: number; action: string; note: string; data_json: string | null }
  >(CANDIDATES.taskActions, { since });
  for (const row of actions) {
    const data = row.data_json ? (JSON.parse(row.data_json) as Record<string, unknown>) : {};
    const key = `u${row.update_id}`;
    if (row.action === 'request_extension') {
      const until = typeof data.until === 'string' ? data.until : typeof data.dueDate === 'string' ? data.dueDate : '';
      add('task_extension_requested', () => taskSubject(row, { dueDate: until || row.due_date }), key);
    }
    if (row.action === 'approve_extension' || row.action === 'refuse_extension') {
      const decision = row.action === 'approve_extension' ? 'approved' : 'refused';
      add('task_extension_decided', () => taskSubject(row, { decision }), key);
    }
    if (row.action === 'accept') add('task_accepted', () => taskSubject(row), key);
    if (row.action === 'reject') add('task_rework', () => taskSubject(row, { note: row.note }), key);
  }

  const checks = await store.all<{
    id: number;
    quarter: string;
    score: number;
    zone_id: number;
    zone_name: string;
    lead_unit: string;
  }>(CANDIDATES.failedChecks, { since });
  for (const check of checks) {
    add(
      'check_failed',
      () => ({
        type: 'check',
        id: String(check.id),
        responsibleUnit: check.lead_unit,
        leadUnit: check.lead_unit,
        issuer: null,
        params: { zone: check.zone_name, quarter: check.quarter, score: check.score },
        link: zoneLink(check.zone_id),
      }),
      'failed',
    );
  }

  const caseHorizon = new Date(now.getTime() + within('case_due_soon') * 3_600_000).toISOString();
  const cases = await store.all<{
    id: number;
    case_no: string;
    address: string;
    unit: string;
    dispatched_at: string | null;
    deadline_at: string | null;
  }>(CANDIDATES.cases, { since, caseHorizon });
  for (const row of cases) {
    const subject: Subject = {
      type: 'case',
      id: String(row.id),
      responsibleUnit: row.unit,
      leadUnit: null,
      issuer: null,
      params: {
        caseNo: row.case_no,
        address: row.address,
        deadline: row.deadline_at ? shanghaiTimestamp(new Date(row.deadline_at)) : null,
      },
      link: caseLink(row.id),
    };
    if (row.dispatched_at && row.dispatched_at >= since) add('case_dispatched', () => subject, row.dispatched_at);
    if (!row.deadline_at) continue;
    const deadline = Date.parse(row.deadline_at);
    const hoursLeft = (deadline - now.getTime()) / 3_600_000;
    add(
      'case_due_soon',
      (rule) => (hoursLeft > 0 && hoursLeft <= (rule.within ?? 0) ? subject : null),
      row.deadline_at,
    );
    const daysLate = Math.floor(-hoursLeft / 24);
    add(
      'case_overdue',
      (rule) => (hoursLeft <= 0 && daysLate >= (rule.afterDays ?? 0) ? subject : null),
      row.deadline_at,
    );
  }

  const photos = await store.all<{
    id: number;
    pair_distance_m: number | null;
    task_id: number | null;
    title: string | null;
    unit: string;
    zone_id: number;
    zone_name: string;
    lead_unit: string;
  }>(CANDIDATES.flaggedPhotos, { since });
  for (const photo of photos) {
    add(
      'photo_pair_flagged',
      () => ({
        type: 'photo',
        id: String(photo.id),
        responsibleUnit: photo.unit,
        leadUnit: photo.lead_unit,
        issuer: null,
        params: {
          zone: photo.zone_name,
          task: photo.title,
          meters: photo.pair_distance_m === null ? null : Math.round(photo.pair_distance_m),
        },
        link: zoneLink(photo.zone_id, photo.task_id),
      }),
      'flagged',
    );
  }

  const alerts = await store.all<{
    id: number;
    threshold_kind: ThresholdKind;
    value: number;
    threshold: number;
    observed_at: string;
    on_duty_json: string;
    sensor_id: number;
    sensor_name: string;
    lead_unit: string | null;
  }>(CANDIDATES.floodAlerts, { since });
  if (alerts.length) {
    // The people on duty that day (names in the alert) who have an account of that name.
    const accounts = new Map<string, number[]>();
    for (const row of await store.all<{ id: number; display_name: string }>(CANDIDATES.activeAccounts)) {
      accounts.set(row.display_name, [...(accounts.get(row.display_name) ?? []), row.id]);
    }
    for (const alert of alerts) {
      const onDuty = (JSON.parse(alert.on_duty_json) as string[]).flatMap((name) => accounts.get(name) ?? []);
      add(
        'flood_alert',
        () => ({
          type: 'flood_alert',
          id: String(alert.id),
          responsibleUnit: alert.lead_unit,
          leadUnit: alert.lead_unit,
          issuer: null,
          onDuty,
          params: {
            station: alert.sensor_name,
            threshold: alert.threshold_kind,
            value: alert.value,
            limit: alert.threshold,
            unit: alert.threshold_kind.startsWith('rain') ? 'mm' : 'm',
            observedAt: shanghaiTimestamp(new Date(alert.observed_at)),
          },
          link: sensorLink(String(alert.sensor_id)),
        }),
        'raised',
      );
    }
  }

  const lateSupervisions = await store.all<{ id: number }>(CANDIDATES.overdueSupervisions, { today });
  for (const { id } of lateSupervisions) {
    const supervision = await repos.supervisions.get(id, today);
    if (!supervision) continue;
    const late = daysBetween(supervision.deadline, today);
    add(
      'supervision_overdue',
      (rule) => (late >= (rule.afterDays ?? 1) ? supervisionSubject(supervision) : null),
      supervision.deadline,
    );
  }
  return made;
}

/** Shanghai wall-clock HH:MM of an instant. */
const clockOf = (now: Date) => shanghaiTimestamp(now).slice(11, 16);

export function inQuietHours(rules: NotificationRules, now: Date): boolean {
  if (!rules.quietHours) return false;
  const time = clockOf(now);
  const { start, end } = rules.quietHours;
  return start <= end ? time >= start && time < end : time >= start || time < end;
}

/** The instant of HH:MM on a Shanghai day. */
const instantOf = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);

/** Who receives a notification outside the app: its unit's robots, or (roles and people) the town-wide group. */
const targetOf = (row: Pick<NotificationRow, 'recipient_unit'>) =>
  row.recipient_unit ? `unit:${row.recipient_unit}` : 'town';

/** Add `row` to its target's list (a copy per row made a county's digest quadratic). */
function groupByTarget(byTarget: Map<string, NotificationRow[]>, row: NotificationRow): void {
  const rows = byTarget.get(targetOf(row));
  if (rows) rows.push(row);
  else byTarget.set(targetOf(row), [row]);
}

const baseKey = (dedupeKey: string) => dedupeKey.split('|')[0]!;

function messageFor(row: Pick<NotificationRow, 'kind' | 'params_json' | 'link'>, linkBase: string): OutsideMessage {
  const { title, lines } = messageOf(row.kind, JSON.parse(row.params_json) as NotificationParams);
  const link = `${linkBase}${row.link}`;
  return {
    title,
    markdown: [...lines.filter(Boolean).map((line) => `> ${line}`), `[在“一张图”中打开](${link})`].join('\n'),
  };
}

/**
 * The digest's list, in UTF-8 bytes: a 企业微信 group robot takes a markdown message of at most 4,096 bytes; this
 * leaves room for the title line the senders add and the line that counts the rest.
 */
export const DIGEST_LIST_BYTES = 3500;

/** The daily digest of one target: one line per item, each with its link, as many as fit; the rest counted. */
export function digestMessage(
  day: string,
  label: string,
  rows: readonly Pick<NotificationRow, 'kind' | 'params_json' | 'link'>[],
  linkBase: string,
): OutsideMessage {
  const lines: string[] = [];
  let bytes = 0;
  for (const [index, row] of rows.entries()) {
    const { title } = messageOf(row.kind, JSON.parse(row.params_json) as NotificationParams);
    const line = `- [${title}](${linkBase}${row.link})`;
    // The rest are counted, not listed, once the list would not fit in one group-robot message.
    if (bytes + Buffer.byteLength(line) + 1 > DIGEST_LIST_BYTES) {
      lines.push(`…… 另有 ${rows.length - index} 条，[在“一张图”中查看](${linkBase}/)`);
      break;
    }
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return { title: `每日提醒汇总 ${day}（${label}，${rows.length} 条）`, markdown: lines.join('\n') };
}

export interface Notifier {
  /** The rules in force (the office's edit, else the file). */
  rules(): NotificationRules;
  reloadRules(): Promise<NotificationRules>;
  /** Evaluate the rules as of `now` and store the new inbox items. */
  evaluate(now: Date): Promise<number>;
  /** Write the outbox messages of what is due now (immediate items, the digest once its time has come). */
  dispatch(now: Date): Promise<number>;
  /** Send the due outbox messages; the number delivered. */
  deliver(now: Date): Promise<number>;
  /**
   * Something urgent was just written (a flood threshold alert): evaluate and dispatch now rather than at the worker's
   * next minute; the worker delivers it on its next pass. Once per event whoever evaluates (the dedupe keys).
   */
  tellNow(now: Date): Promise<void>;
  /** One pass of the worker: evaluate, dispatch, deliver. */
  tick(now: Date): Promise<void>;
  /** The digest a target would get for the undispatched digest items (a preview; nothing is written). */
  previewDigest(now: Date): Promise<{ target: string; message: OutsideMessage }[]>;
  /**
   * Queue one message for a group outside the app (`town`, or `unit:<id>`) on each of its robots, or on `channel`
   * only; `key` makes it once (a second call with the same key queues nothing). The robots it was queued for, and
   * how many messages were new.
   */
  enqueueMessage(
    target: string,
    key: string,
    message: OutsideMessage,
    now: Date,
    channel?: WebhookChannel,
  ): Promise<{ channels: WebhookChannel[]; queued: number }>;
  /**
   * Run `task` on every pass of the worker, with the rules in force, before dispatch and delivery (the weekly
   * briefing's schedule, from the reports module). A failing task is logged; the pass goes on.
   */
  onTick(task: (now: Date, rules: NotificationRules) => Promise<void>): void;
  /** A path in the product as a message links it (absolute with PUBLIC_ORIGIN). */
  link(path: string): string;
  /** Statements writing a 督办 event's inbox items, in the 督办's own transaction. */
  supervisionEffects(event: 'issued' | 'replied' | 'closed' | 'reopened'): (supervision: Supervision) => Statement[];
  /** Statements writing an annual plan's returned or approved inbox items (to its unit), in the step's transaction. */
  planEffects(event: 'returned' | 'approved'): (plan: Plan) => Statement[];
  start(): void;
  stop(): Promise<void>;
  settings: NotifySettings;
}

const EVENT_KINDS = {
  issued: 'supervision_issued',
  replied: 'supervision_replied',
  closed: 'supervision_closed',
  reopened: 'supervision_reopened',
} as const;

export function createNotifier(context: RouteContext, settings: NotifySettings = {}): Notifier {
  const repo: NotificationRepository = context.repos.notifications;
  const fileRules = loadNotificationRules(settings.rulesFile);
  let current = fileRules;
  const linkBase = settings.linkBase?.replace(/\/$/, '') ?? '';
  const log = settings.log ?? ((line: string) => console.error(line));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let lastEvaluation = 0;
  const tickTasks: ((now: Date, rules: NotificationRules) => Promise<void>)[] = [];

  const townRobots = (): GroupRobot[] => [
    ...(settings.wecomWebhook ? [{ channel: 'wecom' as const, url: settings.wecomWebhook, secret: null }] : []),
    ...(settings.dingtalkWebhook
      ? [{ channel: 'dingtalk' as const, url: settings.dingtalkWebhook, secret: settings.dingtalkSecret ?? null }]
      : []),
  ];

  async function robotsOf(target: string): Promise<GroupRobot[]> {
    if (target === 'town') return townRobots();
    const unit = target.slice('unit:'.length);
    return (await repo.webhooks())
      .filter((row) => row.unit_id === unit)
      .map((row) => ({ channel: row.channel, url: row.url, secret: row.secret }));
  }

  async function channelsOf(target: string): Promise<(WebhookChannel | 'sms')[]> {
    const channels: (WebhookChannel | 'sms')[] = (await robotsOf(target)).map((robot) => robot.channel);
    if (settings.sms && target !== 'town') channels.push('sms');
    return channels;
  }

  const enqueue = (dedupeKey: string, channel: string, target: string, message: OutsideMessage, now: string) =>
    [
      NOTIFICATION_SQL.enqueue,
      { dedupeKey, channel, target, title: message.title, body: message.markdown, now },
    ] as Statement;

  const notifier: Notifier = {
    settings,
    rules: () => current,
    async reloadRules() {
      const saved = await repo.rules();
      const parsed = saved ? parseNotificationRules(JSON.parse(saved.rules_json)) : null;
      current = parsed?.ok ? parsed.rules : fileRules;
      return current;
    },
    async evaluate(now) {
      return repo.insert(await evaluateRules(context.repos, current, now));
    },
    async dispatch(now) {
      const nowIso = now.toISOString();
      const pending = await repo.undispatched();
      const quiet = inQuietHours(current, now);
      let written = 0;
      // Immediate items (督办 even in quiet hours): one message per item and group, then marked dispatched. SQLite
      // answers at once, so other requests are let in every TURN_MS.
      let turnStarted = performance.now();
      for (const row of pending.filter((item) => item.immediate === 1)) {
        if (quiet && !isUrgentKind(row.kind)) continue;
        if (performance.now() - turnStarted > TURN_MS) {
          await nextTurn();
          turnStarted = performance.now();
        }
        const target = targetOf(row);
        const message = messageFor(row, linkBase);
        const statements: Statement[] = (await channelsOf(target)).map((channel) =>
          enqueue(`${baseKey(row.dedupe_key)}:${channel}:${target}`, channel, target, message, nowIso),
        );
        statements.push([NOTIFICATION_SQL.dispatched, { id: row.id, now: nowIso }]);
        written += (await repo.store.batch(statements)).slice(0, -1).reduce((sum, n) => sum + n, 0);
      }
      // The daily digest: once its time has come (and outside quiet hours), the digest items made before it, one
      // message per group.
      const day = shanghaiDay(now);
      const digestTime = instantOf(day, current.digestAt);
      if (now >= digestTime && !quiet) {
        const due = await repo.dueDigest(digestTime.toISOString());
        const byTarget = new Map<string, NotificationRow[]>();
        for (const row of due) groupByTarget(byTarget, row);
        const label = await targetLabels();
        for (const [target, rows] of byTarget) {
          const message = digestMessage(day, label(target), rows, linkBase);
          const statements: Statement[] = (await channelsOf(target)).map((channel) =>
            enqueue(`digest:${day}:${channel}:${target}`, channel, target, message, nowIso),
          );
          const enqueued = statements.length;
          for (const row of rows) statements.push([NOTIFICATION_SQL.digested, { id: row.id, now: nowIso }]);
          // The message goes in with the first marks; a pass stopped after it finds the same digest key taken and
          // only marks the rest.
          written += (await repo.batchInTurns(statements)).slice(0, enqueued).reduce((sum, n) => sum + n, 0);
        }
      }
      return written;
    },
    async deliver(now) {
      let delivered = 0;
      for (let round = 0; round < 50; round += 1) {
        const nowIso = now.toISOString();
        const row: OutboxRow | null = await repo.claim(nowIso, new Date(now.getTime() + CLAIM_MS).toISOString());
        if (!row) break;
        try {
          await send(row, now);
          await repo.delivered(row.id, nowIso);
          delivered += 1;
        } catch (error) {
          const reason = error instanceof DeliveryError ? error.message : 'sending failed';
          const delay = RETRY_DELAYS_MS[row.attempts - 1];
          const next = new Date(now.getTime() + (delay ?? 0)).toISOString();
          await repo.retry(row.id, delay === undefined ? 'failed' : 'pending', next, reason);
          log(`notification delivery ${row.id} (${row.channel} ${row.target}) attempt ${row.attempts}: ${reason}`);
        }
      }
      return delivered;
    },
    async tellNow(now) {
      await notifier.evaluate(now);
      await notifier.dispatch(now);
    },
    async tick(now) {
      await notifier.reloadRules();
      // The rules are evaluated once a minute; dispatch and delivery on every pass.
      if (Date.now() - lastEvaluation >= 60_000) {
        lastEvaluation = Date.now();
        await notifier.evaluate(now);
      }
      for (const task of tickTasks) {
        await task(now, current).catch((error: unknown) =>
          log(`notification worker task: ${error instanceof Error ? error.message : 'failed'}`),
        );
      }
      await notifier.dispatch(now);
      await notifier.deliver(now);
    },
    async previewDigest(now) {
      const day = shanghaiDay(now);
      const pending = await repo.dueDigest(now.toISOString());
      const byTarget = new Map<string, NotificationRow[]>();
      for (const row of pending) groupByTarget(byTarget, row);
      const label = await targetLabels();
      return [...byTarget].map(([target, rows]) => ({
        target,
        message: digestMessage(day, label(target), rows, linkBase),
      }));
    },
    async enqueueMessage(target, key, message, now, channel) {
      const channels = (await robotsOf(target))
        .map((robot) => robot.channel)
        .filter((candidate) => !channel || candidate === channel);
      const nowIso = now.toISOString();
      const statements = channels.map((each) => enqueue(`${key}:${each}:${target}`, each, target, message, nowIso));
      const queued = statements.length ? (await repo.store.batch(statements)).reduce((sum, n) => sum + n, 0) : 0;
      return { channels, queued };
    },
    onTick(task) {
      tickTasks.push(task);
    },
    link: (path) => `${linkBase}${path}`,
    supervisionEffects(event) {
      return (supervision) => {
        const kind = EVENT_KINDS[event];
        const subject = supervisionSubject(supervision);
        const createdAt = new Date(context.now().getTime()).toISOString();
        return rulesFor(current, kind)
          .flatMap((rule) => notificationsOf(rule, subject, `v${supervision.version}`, createdAt))
          .map(notificationInsert);
      };
    },
    planEffects(event) {
      return (plan) => {
        const subject: Subject = {
          type: 'plan',
          id: plan.id,
          responsibleUnit: plan.unit,
          leadUnit: plan.unit,
          issuer: null,
          params: { plan: `${plan.year}年度计划`, note: plan.comment ?? '' },
          link: `/plans?year=${plan.year}`,
        };
        const createdAt = new Date(context.now().getTime()).toISOString();
        return rulesFor(current, event === 'returned' ? 'plan_returned' : 'plan_approved')
          .flatMap((rule) => notificationsOf(rule, subject, `v${plan.version}`, createdAt))
          .map(notificationInsert);
      };
    },
    start() {
      if (!settings.pollMs || settings.pollMs <= 0 || timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = notifier
          .tick(context.now())
          .catch((error: unknown) => log(`notification worker: ${error instanceof Error ? error.message : 'failed'}`))
          .finally(() => {
            running = null;
          });
      }, settings.pollMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };

  async function send(row: OutboxRow, now: Date) {
    const message = { title: row.title, markdown: row.body };
    if (row.channel === 'sms') {
      if (!settings.sms) throw new DeliveryError('sms: no provider configured');
      await settings.sms.send(row.target.slice('unit:'.length), `${row.title}\n${row.body}`);
      return;
    }
    const robot = (await robotsOf(row.target)).find((candidate) => candidate.channel === row.channel);
    if (!robot) throw new DeliveryError(`${row.channel}: no group robot configured for ${row.target}`);
    await sendToRobot(robot, message, now.getTime(), settings.fetch);
  }

  /** 全镇 for the town-wide group, else the unit's name. */
  async function targetLabels(): Promise<(target: string) => string> {
    const units = new Map((await context.campaign()).units.map((unit) => [unit.id, unit.name]));
    return (target) => {
      if (target === 'town') return '全镇';
      const id = target.slice('unit:'.length);
      return units.get(id) ?? id;
    };
  }

  return notifier;
}
