import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { getWithEtag, getJson, sendJson } from '../lib/api';
import {
  notificationRulesSchema,
  WEBHOOK_CHANNELS,
  type NotificationRules,
  type WebhookChannel,
} from '../shared/notifications/notification';

// The campaign office's notification settings (docs/notifications.md): the rules, the units' group robots and the
// outbox's failed messages. Loaded with the settings page only.

export const notificationSettingsKeys = {
  all: ['notification-settings'] as const,
  rules: ['notification-settings', 'rules'] as const,
  webhooks: ['notification-settings', 'webhooks'] as const,
  failed: ['notification-settings', 'failed'] as const,
};

const rulesAnswerSchema = z.object({
  source: z.enum(['office', 'file']),
  version: z.nullable(z.int()),
  updatedAt: z.nullable(z.string()),
  rules: notificationRulesSchema,
});
export type RulesAnswer = z.infer<typeof rulesAnswerSchema>;

export const webhookSchema = z.object({
  unit: z.string(),
  channel: z.enum(WEBHOOK_CHANNELS),
  urlHint: z.string(),
  signed: z.boolean(),
  updatedAt: z.string(),
  updatedBy: z.nullable(z.string()),
});
export type UnitWebhook = z.infer<typeof webhookSchema>;

export const outboxMessageSchema = z.object({
  id: z.string(),
  channel: z.enum(['wecom', 'dingtalk', 'sms']),
  /** `town` or `unit:<id>`. */
  target: z.string(),
  title: z.string(),
  status: z.enum(['pending', 'sending', 'delivered', 'failed']),
  attempts: z.int(),
  nextAttemptAt: z.string(),
  lastError: z.nullable(z.string()),
  createdAt: z.string(),
  deliveredAt: z.nullable(z.string()),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export const notificationRulesQuery = () =>
  queryOptions({
    queryKey: notificationSettingsKeys.rules,
    queryFn: ({ signal }) => getWithEtag('/api/notifications/rules', rulesAnswerSchema, signal),
  });
export const useNotificationRules = () => useQuery(notificationRulesQuery());

export const useUnitWebhooks = () =>
  useQuery({
    queryKey: notificationSettingsKeys.webhooks,
    queryFn: ({ signal }) => getJson('/api/notifications/webhooks', z.array(webhookSchema), signal),
  });

export const useFailedDeliveries = () =>
  useQuery({
    queryKey: notificationSettingsKeys.failed,
    queryFn: ({ signal }) => getJson('/api/notifications/outbox?status=failed', z.array(outboxMessageSchema), signal),
  });

/** Save the office's rules (If-Match once they were saved); the page shows the saved copy. */
export function useSaveNotificationRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ rules, etag }: { rules: NotificationRules; etag: string }) => {
      const saved = await sendJson(
        'PUT',
        '/api/notifications/rules',
        rules,
        rulesAnswerSchema,
        etag ? { 'If-Match': etag } : {},
      );
      return { data: saved.data!, etag: saved.etag ?? '' };
    },
    onSuccess: (saved) => client.setQueryData(notificationSettingsKeys.rules, saved),
  });
}

const robotPath = (unit: string, channel: WebhookChannel) =>
  `/api/notifications/webhooks/${encodeURIComponent(unit)}/${channel}`;

/** Set or replace a unit's robot (the 钉钉 secret is sent, never read back). */
export function useSaveUnitWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { unit: string; channel: WebhookChannel; url: string; secret: string }) =>
      sendJson(
        'PUT',
        robotPath(input.unit, input.channel),
        input.channel === 'dingtalk' && input.secret ? { url: input.url, secret: input.secret } : { url: input.url },
        null,
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationSettingsKeys.webhooks }),
  });
}

export function useRemoveUnitWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { unit: string; channel: WebhookChannel }) =>
      sendJson('DELETE', robotPath(input.unit, input.channel), undefined, null),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationSettingsKeys.webhooks }),
  });
}

/** Queue a test message to one robot (it goes through the outbox; a failure shows among the failed messages). */
export function useTestUnitWebhook() {
  return useMutation({
    mutationFn: async (input: { unit: string; channel: WebhookChannel }) =>
      sendJson('POST', `${robotPath(input.unit, input.channel)}/test`, undefined, z.object({ queued: z.int() })),
  });
}

export function useRetryDelivery() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      sendJson('POST', `/api/notifications/outbox/${encodeURIComponent(id)}/retry`, undefined, null),
    onSettled: () => client.invalidateQueries({ queryKey: notificationSettingsKeys.failed }),
  });
}
