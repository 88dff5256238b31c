import {
  isUrgentKind,
  NOTIFICATION_KINDS,
  type InboxItem,
  type NotificationKind,
  type NotificationParams,
  type WebhookChannel,
} from '../../../shared/notifications/notification';
import { nextTurn } from '../../platform/next-turn';

/**
 * Notifications' statements (`@name` parameters, the same on SQLite and PostgreSQL), the one store both engines
 * implement (notifications.repo.ts, notifications.pg.ts) and the repository built on it, once for both.
 */
export type Params = Record<string, unknown>;
export type Statement = [sql: string, params: Params];

export interface NotificationStore {
  all<Row>(sql: string, params?: Params): Promise<Row[]>;
  /** One statement; the number of rows it changed. */
  run(sql: string, params?: Params): Promise<number>;
  /** Several statements in one transaction; the rows each changed. */
  batch(statements: Statement[]): Promise<number[]>;
}

/** A person, a unit or a role (the campaign office is role admin). */
export type Recipient = { user: number } | { unit: string } | { role: 'admin' | 'leader' | 'inspector' };

export const recipientKey = (recipient: Recipient) =>
  'user' in recipient
    ? `user:${recipient.user}`
    : 'unit' in recipient
      ? `unit:${recipient.unit}`
      : `role:${recipient.role}`;

export interface NewNotification {
  dedupeKey: string;
  recipient: Recipient;
  kind: NotificationKind;
  subjectType: 'task' | 'case' | 'supervision' | 'check' | 'photo' | 'flood_alert' | 'plan';
  subjectId: string;
  params: NotificationParams;
  link: string;
  immediate: boolean;
  createdAt: string;
}

const INSERT = `INSERT INTO notifications (dedupe_key, recipient_user_id, recipient_unit, recipient_role, kind, subject_type,
                  subject_id, params_json, link, immediate, created_at)
                VALUES (@dedupeKey, @recipientUser, @recipientUnit, @recipientRole, @kind, @subjectType, @subjectId,
                  @paramsJson, @link, @immediate, @createdAt)
                ON CONFLICT (dedupe_key) DO NOTHING`;

/** The insert of one notification: written once per dedupe key, whoever writes it again. */
export function notificationInsert(notification: NewNotification): Statement {
  const { recipient } = notification;
  return [
    INSERT,
    {
      dedupeKey: notification.dedupeKey,
      recipientUser: 'user' in recipient ? recipient.user : null,
      recipientUnit: 'unit' in recipient ? recipient.unit : null,
      recipientRole: 'role' in recipient ? recipient.role : null,
      kind: notification.kind,
      subjectType: notification.subjectType,
      subjectId: notification.subjectId,
      paramsJson: JSON.stringify(notification.params),
      link: notification.link,
      immediate: notification.immediate || isUrgentKind(notification.kind) ? 1 : 0,
      createdAt: notification.createdAt,
    },
  ];
}

export interface NotificationRow {
  id: number;
  dedupe_key: string;
  recipient_user_id: number | null;
  recipient_unit: string | null;
  recipient_role: string | null;
  kind: NotificationKind;
  subject_type: string;
  subject_id: string;
  params_json: string;
  link: string;
  immediate: number;
  created_at: string;
}

/** Whose inbox: the person, their unit, their role. */
const MINE = `(n.recipient_user_id = @userId OR n.recipient_unit = @unit OR n.recipient_role = @role)`;

export interface OutboxRow {
  id: number;
  dedupe_key: string;
  channel: WebhookChannel | 'sms';
  target: string;
  title: string;
  body: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookRow {
  unit_id: string;
  channel: WebhookChannel;
  url: string;
  secret: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** The columns of a NotificationRow, as the dispatch reads them. */
const NOTIFICATION_ROW = `id, dedupe_key, recipient_user_id, recipient_unit, recipient_role, kind, subject_type, subject_id,
  params_json, link, immediate, created_at`;

export const NOTIFICATION_SQL = {
  inbox: `SELECT n.id, n.kind, n.params_json, n.link, n.created_at,
                 CASE WHEN r.user_id IS NULL THEN 0 ELSE 1 END AS is_read
            FROM notifications n
            LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = @userId
           WHERE ${MINE} ORDER BY n.created_at DESC, n.id DESC LIMIT @limit`,
  unread: `SELECT count(*) AS n FROM notifications n
            WHERE ${MINE} AND NOT EXISTS (SELECT 1 FROM notification_reads r
                                           WHERE r.notification_id = n.id AND r.user_id = @userId)`,
  markRead: `INSERT INTO notification_reads (notification_id, user_id, read_at)
             SELECT n.id, @userId, @now FROM notifications n WHERE n.id = @id AND ${MINE}
             ON CONFLICT (notification_id, user_id) DO NOTHING`,
  markAllRead: `INSERT INTO notification_reads (notification_id, user_id, read_at)
                SELECT n.id, @userId, @now FROM notifications n WHERE ${MINE}
                ON CONFLICT (notification_id, user_id) DO NOTHING`,
  undispatched: `SELECT ${NOTIFICATION_ROW} FROM notifications WHERE dispatched_at IS NULL ORDER BY id LIMIT 1000`,
  /** Every digest item made before the digest's time and not yet sent: a digest holds them all, however many. */
  dueDigest: `SELECT ${NOTIFICATION_ROW} FROM notifications
               WHERE dispatched_at IS NULL AND immediate = 0 AND created_at < @before ORDER BY id`,
  dispatched: `UPDATE notifications SET dispatched_at = @now WHERE id = @id AND dispatched_at IS NULL`,
  digested: `UPDATE notifications SET dispatched_at = @now, digested_at = @now WHERE id = @id AND dispatched_at IS NULL`,
  webhooks: 'SELECT unit_id, channel, url, secret, updated_at, updated_by FROM unit_webhooks ORDER BY unit_id, channel',
  putWebhook: `INSERT INTO unit_webhooks (unit_id, channel, url, secret, updated_at, updated_by)
               VALUES (@unit, @channel, @url, @secret, @now, @by)
               ON CONFLICT (unit_id, channel) DO UPDATE SET url = excluded.url, secret = excluded.secret,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  deleteWebhook: 'DELETE FROM unit_webhooks WHERE unit_id = @unit AND channel = @channel',
  enqueue: `INSERT INTO delivery_outbox (dedupe_key, channel, target, title, body, status, attempts, next_attempt_at,
                                         created_at)
            VALUES (@dedupeKey, @channel, @target, @title, @body, 'pending', 0, @now, @now)
            ON CONFLICT (dedupe_key) DO NOTHING`,
  /** Take one due message: pending, or sending whose sender died (its claim ran out). */
  claim: `UPDATE delivery_outbox SET status = 'sending', attempts = attempts + 1, claimed_until = @until
           WHERE id = (SELECT id FROM delivery_outbox
                        WHERE (status = 'pending' OR (status = 'sending' AND claimed_until < @now))
                          AND next_attempt_at <= @now ORDER BY id LIMIT 1)
             AND (status = 'pending' OR (status = 'sending' AND claimed_until < @now))
          RETURNING id, dedupe_key, channel, target, title, body, status, attempts, next_attempt_at, last_error,
                    created_at, delivered_at`,
  delivered: `UPDATE delivery_outbox SET status = 'delivered', delivered_at = @now, last_error = NULL, claimed_until = NULL
               WHERE id = @id`,
  retry: `UPDATE delivery_outbox SET status = @status, next_attempt_at = @next, last_error = @error, claimed_until = NULL
           WHERE id = @id`,
  /** A failed message is tried again now, with its back-off from the start. */
  retryFailed: `UPDATE delivery_outbox SET status = 'pending', attempts = 0, next_attempt_at = @now, claimed_until = NULL
                 WHERE id = @id AND status = 'failed'`,
  outbox: `SELECT id, dedupe_key, channel, target, title, body, status, attempts, next_attempt_at, last_error, created_at,
                  delivered_at
             FROM delivery_outbox WHERE status IN (@statusA, @statusB) ORDER BY id DESC LIMIT 200`,
  rules: 'SELECT rules_json, version, updated_at, updated_by FROM notification_rules WHERE id = 1',
  insertRules: `INSERT INTO notification_rules (id, rules_json, version, updated_at, updated_by)
                VALUES (1, @json, 1, @now, @by) ON CONFLICT (id) DO NOTHING`,
  updateRules: `UPDATE notification_rules SET rules_json = @json, version = version + 1, updated_at = @now, updated_by = @by
                 WHERE id = 1 AND version = @expectedVersion`,
};

export const toInboxItem = (row: {
  id: number;
  kind: NotificationKind;
  params_json: string;
  link: string;
  created_at: string;
  is_read: number;
}): InboxItem => ({
  id: String(row.id),
  kind: (NOTIFICATION_KINDS as readonly string[]).includes(row.kind) ? row.kind : 'task_overdue',
  params: JSON.parse(row.params_json) as NotificationParams,
  link: row.link,
  createdAt: row.created_at,
  read: row.is_read === 1,
});

/** The caller as the inbox sees them. */
export interface InboxOwner {
  userId: number;
  unit: string | null;
  role: string;
}

const ownerParams = (owner: InboxOwner) => ({ userId: owner.userId, unit: owner.unit, role: owner.role });

/**
 * Statements written in one transaction by `batchInTurns`: a county's daily digest marks some 10,000 notifications,
 * which in one SQLite transaction held the server's thread about 200 ms (docs/quality.md P10).
 */
const STATEMENTS_PER_TURN = 500;

/** The repository of notifications, the outbox, unit webhooks and the edited rules, on either engine's store. */
export function createNotificationRepository(store: NotificationStore) {
  /**
   * Many statements, STATEMENTS_PER_TURN to a transaction with other requests answered in between; the rows each
   * changed, in order. For statements that may be written again (an insert per dedupe key, a mark of what is not
   * marked yet): a pass stopped half-way is finished by the next one.
   */
  const batchInTurns = async (statements: readonly Statement[]): Promise<number[]> => {
    const changed: number[] = [];
    for (let from = 0; from < statements.length; from += STATEMENTS_PER_TURN) {
      if (from > 0) await nextTurn();
      changed.push(...(await store.batch(statements.slice(from, from + STATEMENTS_PER_TURN))));
    }
    return changed;
  };
  return {
    store,
    batchInTurns,
    async insert(notifications: NewNotification[]): Promise<number> {
      if (!notifications.length) return 0;
      const changed = await batchInTurns(notifications.map(notificationInsert));
      return changed.reduce((sum, n) => sum + n, 0);
    },
    async inbox(owner: InboxOwner, limit: number) {
      const [items, [count]] = await Promise.all([
        store.all<Parameters<typeof toInboxItem>[0]>(NOTIFICATION_SQL.inbox, { ...ownerParams(owner), limit }),
        store.all<{ n: number }>(NOTIFICATION_SQL.unread, ownerParams(owner)),
      ]);
      return { unread: Number(count?.n ?? 0), items: items.map(toInboxItem) };
    },
    async markRead(owner: InboxOwner, ids: readonly string[] | 'all', now: string): Promise<number> {
      const base = { ...ownerParams(owner), now };
      const statements: Statement[] =
        ids === 'all'
          ? [[NOTIFICATION_SQL.markAllRead, base]]
          : ids.map((id) => [NOTIFICATION_SQL.markRead, { ...base, id: Number(id) }]);
      return (await store.batch(statements)).reduce((sum, n) => sum + n, 0);
    },
    undispatched: () => store.all<NotificationRow>(NOTIFICATION_SQL.undispatched),
    dueDigest: (before: string) => store.all<NotificationRow>(NOTIFICATION_SQL.dueDigest, { before }),
    webhooks: () => store.all<WebhookRow>(NOTIFICATION_SQL.webhooks),
    putWebhook: (unit: string, channel: WebhookChannel, url: string, secret: string | null, now: string, by: string) =>
      store.run(NOTIFICATION_SQL.putWebhook, { unit, channel, url, secret, now, by }),
    deleteWebhook: (unit: string, channel: WebhookChannel) =>
      store.run(NOTIFICATION_SQL.deleteWebhook, { unit, channel }),
    async claim(now: string, until: string): Promise<OutboxRow | null> {
      const [row] = await store.all<OutboxRow>(NOTIFICATION_SQL.claim, { now, until });
      return row ?? null;
    },
    delivered: (id: number, now: string) => store.run(NOTIFICATION_SQL.delivered, { id, now }),
    retry: (id: number, status: 'pending' | 'failed', next: string, error: string) =>
      store.run(NOTIFICATION_SQL.retry, { id, status, next, error }),
    retryFailed: (id: number, now: string) => store.run(NOTIFICATION_SQL.retryFailed, { id, now }),
    outbox: (statuses: readonly [OutboxRow['status'], OutboxRow['status']]) =>
      store.all<OutboxRow>(NOTIFICATION_SQL.outbox, { statusA: statuses[0], statusB: statuses[1] }),
    async rules() {
      const [row] = await store.all<{
        rules_json: string;
        version: number;
        updated_at: string;
        updated_by: string | null;
      }>(NOTIFICATION_SQL.rules);
      return row ?? null;
    },
    /** Save the office's rules if still at `expectedVersion` (null: none saved yet); false when someone else saved. */
    async saveRules(json: string, expectedVersion: number | null, now: string, by: string): Promise<boolean> {
      const sql = expectedVersion === null ? NOTIFICATION_SQL.insertRules : NOTIFICATION_SQL.updateRules;
      return (await store.run(sql, { json, now, by, expectedVersion })) === 1;
    },
  };
}
export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
