import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { unitsByKind, type CampaignResponse } from '../../../shared/campaign/campaign';
import {
  isUrgentKind,
  NOTIFICATION_KINDS,
  RECIPIENTS,
  WEBHOOK_CHANNELS,
  type NotificationKind,
  type NotificationRule,
  type NotificationRules,
  type WebhookChannel,
} from '../../../shared/notifications/notification';
import {
  useFailedDeliveries,
  useNotificationRules,
  useRemoveUnitWebhook,
  useRetryDelivery,
  useSaveNotificationRules,
  useSaveUnitWebhook,
  useTestUnitWebhook,
  useUnitWebhooks,
  type OutboxMessage,
  type RulesAnswer,
  type UnitWebhook,
} from '../../../data/notification-settings';
import { formatDateTime, unitName } from '../../../lib/format';
import { problemOf, problemText } from '../../../lib/problem-text';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { ProblemMessage } from '../../../ui/problem-message';
import '../notification-settings.css';

/** Events told some days late (afterDays), and events told ahead of a deadline (within: days for tasks, hours for cases). */
const LATE_EVENTS: readonly NotificationKind[] = ['task_overdue', 'case_overdue', 'supervision_overdue'];
const AHEAD_EVENTS: readonly NotificationKind[] = ['task_due_soon', 'case_due_soon'];

/** A rule as the form holds it: numbers as typed (an empty box is sent as is, and the server says what is wrong). */
function ruleForEvent(rule: NotificationRule, event: NotificationKind): NotificationRule {
  const { afterDays, within, ...rest } = rule;
  const next: NotificationRule = { ...rest, event };
  if (LATE_EVENTS.includes(event)) next.afterDays = afterDays ?? 1;
  if (AHEAD_EVENTS.includes(event)) next.within = within ?? (event === 'case_due_soon' ? 24 : 3);
  if (isUrgentKind(event)) next.delivery = 'immediate';
  return next;
}

const newRuleId = (event: NotificationKind) => `${event.replaceAll('_', '-')}-${Date.now().toString(36)}`;

/** The server's `{path, message}` of a bad rules file as a sentence for the office (never the raw path). */
function ruleErrorText(t: TFunction, rules: NotificationRules, entry: { path: string; message: string }): string {
  const match = /^rules\.(\d+)(?:\.(\w+))?/.exec(entry.path);
  if (match) {
    const index = Number(match[1]);
    const rule = rules.rules[index];
    const where = t('notifySettings.errors.rule', {
      n: index + 1,
      event: rule ? t(`notifySettings.events.${rule.event}`, { defaultValue: '' }) : '',
    });
    const field = match[2] ?? '';
    const known = ['afterDays', 'within', 'notify', 'event', 'delivery'].includes(field) ? field : 'other';
    return `${where}${t(`notifySettings.errors.${known}`)}`;
  }
  if (entry.path === 'rules') return t('notifySettings.errors.noRules');
  if (entry.path.startsWith('quietHours') || entry.path === 'digestAt' || entry.path === 'weeklyBriefing.at') {
    return t('notifySettings.errors.time');
  }
  if (entry.path === 'lookbackDays') return t('notifySettings.errors.lookbackDays');
  if (/unique/.test(entry.message)) return t('notifySettings.errors.duplicate');
  return t('notifySettings.errors.unknown');
}

/** The office's notification settings: the rules, each unit's group robots and the messages that could not be sent. */
export function NotificationSettingsPage({ campaign }: { campaign: CampaignResponse }) {
  const { t } = useTranslation();
  const rules = useNotificationRules();
  return (
    <section className="notify-settings" aria-labelledby="notify-settings-title">
      <h2 id="notify-settings-title">{t('notifySettings.title')}</h2>
      <p className="muted">{t('notifySettings.intro')}</p>
      {rules.isPending ? <Message>{t('common.loading')}</Message> : null}
      <ProblemMessage error={rules.error} wording={{ fallback: 'common.loadFailed' }} />
      {rules.data ? <RulesEditor saved={rules.data} onReload={async () => (await rules.refetch()).data?.data} /> : null}
      <RobotsSection campaign={campaign} />
      <FailedDeliveries campaign={campaign} />
    </section>
  );
}

function RulesEditor({
  saved,
  onReload,
}: {
  saved: { data: RulesAnswer; etag: string };
  /** Load the rules as saved now (after someone else saved). */
  onReload(): Promise<RulesAnswer | undefined>;
}) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<NotificationRules>(() => structuredClone(saved.data.rules));
  const [done, setDone] = useState(false);
  const save = useSaveNotificationRules();
  const problem = problemOf(save.error);
  const errors = problem?.status === 400 ? (problem.errors ?? []) : [];
  const invalid = new Set(errors.map((entry) => entry.path));
  const setRule = (index: number, rule: NotificationRule) => {
    setDone(false);
    setDraft({ ...draft, rules: draft.rules.map((each, at) => (at === index ? rule : each)) });
  };
  const numberOf = (value: string) => (value === '' ? Number.NaN : Number(value));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    // An empty number box goes as null: the server names it.
    const body = JSON.parse(JSON.stringify(draft)) as NotificationRules;
    save.mutate(
      { rules: body, etag: saved.etag },
      {
        onSuccess: (answer) => {
          setDraft(structuredClone(answer.data.rules));
          setDone(true);
        },
      },
    );
  };
  const quiet = draft.quietHours;
  const weekly = draft.weeklyBriefing ?? null;

  return (
    <form className="notify-rules" aria-labelledby="notify-rules-title" onSubmit={submit} noValidate>
      <h3 id="notify-rules-title">{t('notifySettings.rulesTitle')}</h3>
      <p className="muted">
        {saved.data.source === 'office' && saved.data.updatedAt
          ? t('notifySettings.savedAt', { date: formatDateTime(saved.data.updatedAt, i18n.language) })
          : t('notifySettings.fromFile')}
      </p>
      <fieldset className="notify-general">
        <legend>{t('notifySettings.general')}</legend>
        <label className="notify-check">
          <input
            type="checkbox"
            name="quiet-hours"
            checked={quiet !== null}
            onChange={(event) =>
              setDraft({ ...draft, quietHours: event.target.checked ? { start: '21:00', end: '07:30' } : null })
            }
          />
          {t('notifySettings.quietHours')}
        </label>
        {quiet ? (
          <div className="notify-row">
            <Field label={t('notifySettings.quietStart')}>
              <input
                type="time"
                name="quiet-start"
                aria-invalid={invalid.has('quietHours.start') || undefined}
                value={quiet.start}
                onChange={(event) => setDraft({ ...draft, quietHours: { ...quiet, start: event.target.value } })}
              />
            </Field>
            <Field label={t('notifySettings.quietEnd')}>
              <input
                type="time"
                name="quiet-end"
                aria-invalid={invalid.has('quietHours.end') || undefined}
                value={quiet.end}
                onChange={(event) => setDraft({ ...draft, quietHours: { ...quiet, end: event.target.value } })}
              />
            </Field>
          </div>
        ) : null}
        <div className="notify-row">
          <Field label={t('notifySettings.digestAt')}>
            <input
              type="time"
              name="digest-at"
              aria-invalid={invalid.has('digestAt') || undefined}
              value={draft.digestAt}
              onChange={(event) => setDraft({ ...draft, digestAt: event.target.value })}
            />
          </Field>
          <Field label={t('notifySettings.lookbackDays')}>
            <input
              type="number"
              name="lookback-days"
              min={1}
              max={90}
              aria-invalid={invalid.has('lookbackDays') || undefined}
              value={Number.isNaN(draft.lookbackDays) ? '' : draft.lookbackDays}
              onChange={(event) => setDraft({ ...draft, lookbackDays: numberOf(event.target.value) })}
            />
          </Field>
        </div>
        <label className="notify-check">
          <input
            type="checkbox"
            name="weekly-briefing"
            checked={Boolean(weekly)}
            onChange={(event) =>
              setDraft({ ...draft, weeklyBriefing: event.target.checked ? { weekday: 1, at: '08:30' } : null })
            }
          />
          {t('notifySettings.weeklyBriefing')}
        </label>
        {weekly ? (
          <div className="notify-row">
            <Field label={t('notifySettings.weeklyDay')}>
              <select
                name="weekly-day"
                value={weekly.weekday}
                onChange={(event) =>
                  setDraft({ ...draft, weeklyBriefing: { ...weekly, weekday: Number(event.target.value) } })
                }
              >
                {[1, 2, 3, 4, 5, 6, 7].map((day) => (
                  <option key={day} value={day}>
                    {t(`notifySettings.weekdays.${day}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('notifySettings.weeklyAt')}>
              <input
                type="time"
                name="weekly-at"
                aria-invalid={invalid.has('weeklyBriefing.at') || undefined}
                value={weekly.at}
                onChange={(event) => setDraft({ ...draft, weeklyBriefing: { ...weekly, at: event.target.value } })}
              />
            </Field>
          </div>
        ) : null}
        <p className="muted notify-note">{t('notifySettings.supervisionNote')}</p>
      </fieldset>

      <ol className="notify-rule-list">
        {draft.rules.map((rule, index) => (
          <li key={rule.id} className="notify-rule" data-testid="notify-rule" data-event={rule.event}>
            <div className="notify-row">
              <Field label={t('notifySettings.event')}>
                <select
                  name="rule-event"
                  value={rule.event}
                  onChange={(event) => setRule(index, ruleForEvent(rule, event.target.value as NotificationKind))}
                >
                  {NOTIFICATION_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`notifySettings.events.${kind}`)}
                    </option>
                  ))}
                </select>
              </Field>
              {LATE_EVENTS.includes(rule.event) ? (
                <Field label={t('notifySettings.afterDays')}>
                  <input
                    type="number"
                    name="rule-after-days"
                    min={0}
                    max={365}
                    aria-invalid={invalid.has(`rules.${index}.afterDays`) || undefined}
                    value={Number.isNaN(rule.afterDays) ? '' : (rule.afterDays ?? '')}
                    onChange={(event) => setRule(index, { ...rule, afterDays: numberOf(event.target.value) })}
                  />
                </Field>
              ) : null}
              {AHEAD_EVENTS.includes(rule.event) ? (
                <Field
                  label={t(rule.event === 'case_due_soon' ? 'notifySettings.withinHours' : 'notifySettings.withinDays')}
                >
                  <input
                    type="number"
                    name="rule-within"
                    min={1}
                    max={720}
                    aria-invalid={invalid.has(`rules.${index}.within`) || undefined}
                    value={Number.isNaN(rule.within) ? '' : (rule.within ?? '')}
                    onChange={(event) => setRule(index, { ...rule, within: numberOf(event.target.value) })}
                  />
                </Field>
              ) : null}
              <Field label={t('notifySettings.delivery')}>
                <select
                  name="rule-delivery"
                  value={rule.delivery}
                  disabled={isUrgentKind(rule.event)}
                  onChange={(event) =>
                    setRule(index, { ...rule, delivery: event.target.value as NotificationRule['delivery'] })
                  }
                >
                  <option value="immediate">{t('notifySettings.immediate')}</option>
                  <option value="digest">{t('notifySettings.digest')}</option>
                </select>
              </Field>
            </div>
            <fieldset className="notify-recipients" aria-invalid={invalid.has(`rules.${index}.notify`) || undefined}>
              <legend>{t('notifySettings.notify')}</legend>
              {RECIPIENTS.map((recipient) => (
                <label key={recipient} className="notify-check">
                  <input
                    type="checkbox"
                    checked={rule.notify.includes(recipient)}
                    onChange={(event) =>
                      setRule(index, {
                        ...rule,
                        notify: event.target.checked
                          ? RECIPIENTS.filter((each) => each === recipient || rule.notify.includes(each))
                          : rule.notify.filter((each) => each !== recipient),
                      })
                    }
                  />
                  {t(`notifySettings.recipients.${recipient}`)}
                </label>
              ))}
            </fieldset>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setDone(false);
                setDraft({ ...draft, rules: draft.rules.filter((_, at) => at !== index) });
              }}
            >
              {t('notifySettings.removeRule', { n: index + 1 })}
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="secondary-button"
        onClick={() => {
          setDone(false);
          const event: NotificationKind = 'task_overdue';
          setDraft({
            ...draft,
            rules: [
              ...draft.rules,
              ruleForEvent({ id: newRuleId(event), event, notify: ['responsible_unit'], delivery: 'immediate' }, event),
            ],
          });
        }}
      >
        {t('notifySettings.addRule')}
      </button>

      {errors.length ? (
        <Message tone="error">
          {t('notifySettings.invalid')}
          <ul className="notify-errors">
            {errors.map((entry) => (
              <li key={`${entry.path}:${entry.message}`}>{ruleErrorText(t, draft, entry)}</li>
            ))}
          </ul>
        </Message>
      ) : null}
      {save.error && !errors.length ? (
        <Message tone="error">
          {problemText(save.error, t, {
            status: { 412: 'notifySettings.stale', 428: 'notifySettings.stale' },
            fallback: 'common.saveFailed',
          })}{' '}
          {problem?.status === 412 || problem?.status === 428 ? (
            <button
              type="button"
              className="link-button"
              onClick={() =>
                void onReload().then((latest) => {
                  if (!latest) return;
                  save.reset();
                  setDraft(structuredClone(latest.rules));
                })
              }
            >
              {t('notifySettings.reload')}
            </button>
          ) : null}
        </Message>
      ) : null}
      {done ? <Message>{t('notifySettings.saved')}</Message> : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={save.isPending}>
          {t('notifySettings.save')}
        </button>
      </div>
    </form>
  );
}

function RobotsSection({ campaign }: { campaign: CampaignResponse }) {
  const { t, i18n } = useTranslation();
  const robots = useUnitWebhooks();
  const robotOf = (unit: string, channel: WebhookChannel) =>
    robots.data?.find((row) => row.unit === unit && row.channel === channel) ?? null;
  return (
    <section className="notify-robots" aria-labelledby="notify-robots-title">
      <h3 id="notify-robots-title">{t('notifySettings.robotsTitle')}</h3>
      <p className="muted">{t('notifySettings.robotsIntro')}</p>
      <ProblemMessage error={robots.error} wording={{ fallback: 'common.loadFailed' }} />
      {robots.data
        ? unitsByKind(campaign.units).map((group) => (
            <div key={group.kind} className="notify-unit-group" data-kind={group.kind}>
              <h4>{t(`unitKinds.${group.kind}`)}</h4>
              <ul className="notify-unit-list">
                {group.units.map((unit) => {
                  const name = unitName(campaign.units, unit.id, i18n.language);
                  const set = WEBHOOK_CHANNELS.filter((channel) => robotOf(unit.id, channel));
                  return (
                    <li key={unit.id}>
                      <details className="notify-unit" data-unit={unit.id}>
                        <summary>
                          <span className="notify-unit-name">{name}</span>
                          <span className="muted">
                            {set.length
                              ? set.map((channel) => t(`notifySettings.channels.${channel}`)).join('、')
                              : t('notifySettings.noRobot')}
                          </span>
                        </summary>
                        {WEBHOOK_CHANNELS.map((channel) => (
                          <RobotForm
                            key={channel}
                            unit={unit.id}
                            unitLabel={name}
                            channel={channel}
                            robot={robotOf(unit.id, channel)}
                          />
                        ))}
                      </details>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))
        : null}
    </section>
  );
}

/** The server's reason for a refused robot, in words: which field and what it should look like. */
function robotProblemText(t: TFunction, error: unknown, channel: WebhookChannel): string | null {
  const problem = problemOf(error);
  if (problem?.status === 400) {
    const field = problem.errors?.[0]?.path;
    if (field === 'secret') return t('notifySettings.badSecret');
    return t('notifySettings.badUrl', { example: t(`notifySettings.urlExample.${channel}`) });
  }
  return problemText(error, t, { status: { 404: 'notifySettings.robotGone' } });
}

function RobotForm({
  unit,
  unitLabel,
  channel,
  robot,
}: {
  unit: string;
  unitLabel: string;
  channel: WebhookChannel;
  robot: UnitWebhook | null;
}) {
  const { t, i18n } = useTranslation();
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const save = useSaveUnitWebhook();
  const remove = useRemoveUnitWebhook();
  const test = useTestUnitWebhook();
  const channelName = t(`notifySettings.channels.${channel}`);
  const failure =
    robotProblemText(t, save.error, channel) ??
    robotProblemText(t, remove.error, channel) ??
    robotProblemText(t, test.error, channel);
  const reset = () => {
    setNotice(null);
    save.reset();
    remove.reset();
    test.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset();
    save.mutate(
      { unit, channel, url: url.trim(), secret: secret.trim() },
      {
        onSuccess: () => {
          setUrl('');
          setSecret('');
          setNotice(t('notifySettings.robotSaved', { channel: channelName }));
        },
      },
    );
  };
  return (
    <form
      className="notify-robot"
      data-channel={channel}
      aria-label={t('notifySettings.robotOf', { unit: unitLabel, channel: channelName })}
      onSubmit={submit}
    >
      <h4>{channelName}</h4>
      <p className="notify-robot-state" data-testid="robot-state">
        {robot
          ? t(robot.signed ? 'notifySettings.robotSetSigned' : 'notifySettings.robotSet', {
              date: formatDateTime(robot.updatedAt, i18n.language),
            })
          : t('notifySettings.robotNotSet')}
      </p>
      <Field label={t(robot ? 'notifySettings.replaceUrl' : 'notifySettings.url')}>
        <input
          type="url"
          name="robot-url"
          inputMode="url"
          autoComplete="off"
          placeholder={t(`notifySettings.urlExample.${channel}`)}
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
      </Field>
      {channel === 'dingtalk' ? (
        <Field label={t('notifySettings.secret')}>
          <input
            type="password"
            name="robot-secret"
            autoComplete="new-password"
            placeholder={t('notifySettings.secretPlaceholder')}
            value={secret}
            onChange={(event) => setSecret(event.target.value)}
          />
        </Field>
      ) : null}
      {failure ? <Message tone="error">{failure}</Message> : null}
      {notice ? <Message>{notice}</Message> : null}
      <div className="form-actions notify-robot-actions">
        <button type="submit" className="primary-button" disabled={!url.trim() || save.isPending}>
          {t('notifySettings.saveRobot')}
        </button>
        {robot ? (
          <>
            <button
              type="button"
              className="secondary-button"
              disabled={test.isPending}
              onClick={() => {
                reset();
                test.mutate(
                  { unit, channel },
                  { onSuccess: () => setNotice(t('notifySettings.testQueued', { channel: channelName })) },
                );
              }}
            >
              {t('notifySettings.test')}
            </button>
            <button
              type="button"
              className="link-button"
              disabled={remove.isPending}
              onClick={() => {
                reset();
                remove.mutate(
                  { unit, channel },
                  { onSuccess: () => setNotice(t('notifySettings.robotRemoved', { channel: channelName })) },
                );
              }}
            >
              {t('notifySettings.removeRobot')}
            </button>
          </>
        ) : null}
      </div>
    </form>
  );
}

/** Why a message failed, in words (the stored reason names only a status or platform code). */
function failureReason(t: TFunction, message: OutboxMessage): string {
  const reason = message.lastError ?? '';
  if (/no group robot|no provider/.test(reason)) return t('notifySettings.reasons.noRobot');
  if (/no connection/.test(reason)) return t('notifySettings.reasons.noConnection');
  if (/errcode/.test(reason)) return t('notifySettings.reasons.refused');
  if (/HTTP|not JSON/.test(reason)) return t('notifySettings.reasons.server');
  return t('notifySettings.reasons.other');
}

function FailedDeliveries({ campaign }: { campaign: CampaignResponse }) {
  const { t, i18n } = useTranslation();
  const failed = useFailedDeliveries();
  const retry = useRetryDelivery();
  const targetLabel = (target: string) =>
    target === 'town'
      ? t('notifySettings.town')
      : unitName(campaign.units, target.replace(/^unit:/, ''), i18n.language);
  return (
    <section className="notify-failed" aria-labelledby="notify-failed-title">
      <h3 id="notify-failed-title">{t('notifySettings.failedTitle')}</h3>
      <ProblemMessage error={failed.error} wording={{ fallback: 'common.loadFailed' }} />
      <ProblemMessage error={retry.error} wording={{ status: { 404: 'notifySettings.retryGone' } }} />
      {failed.data && !failed.data.length ? <p className="muted">{t('notifySettings.noFailed')}</p> : null}
      {failed.data?.length ? (
        <ul className="notify-failed-list">
          {failed.data.map((message) => (
            <li key={message.id} data-testid="failed-message">
              <div className="notify-failed-title">{message.title}</div>
              <div className="muted">
                {t('notifySettings.failedTo', {
                  target: targetLabel(message.target),
                  channel: t(`notifySettings.channels.${message.channel}`),
                  date: formatDateTime(message.createdAt, i18n.language),
                  count: message.attempts,
                })}
              </div>
              <div>{failureReason(t, message)}</div>
              <button
                type="button"
                className="secondary-button"
                disabled={retry.isPending}
                onClick={() => retry.mutate(message.id)}
              >
                {t('notifySettings.retry')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
