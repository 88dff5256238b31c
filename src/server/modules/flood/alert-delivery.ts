import type { FastifyBaseLogger } from 'fastify';
import type { FloodAlert } from '../../../shared/flood/sensors';
import type { Notifier } from '../notifications';

/** What the flood module asks of the notifications module: tell an urgent event now. */
export type FloodAlertNotifier = Pick<Notifier, 'tellNow'>;

/**
 * Where a raised threshold alert leaves the flood module. The alert is already stored (`flood_alerts`, in the readings'
 * transaction); the notifications module's rule `flood_alert` (data/notification-rules.json) makes it an inbox item
 * of the people on duty and the water station, and a message to their group robots through the outbox, once per
 * crossing. Told now rather than at the worker's next minute; if that fails the worker tells it on its next pass.
 */
export async function handFloodAlertsToInbox(
  alerts: readonly FloodAlert[],
  log: FastifyBaseLogger,
  notifier: FloodAlertNotifier | undefined,
  now: Date,
): Promise<void> {
  if (!alerts.length) return;
  for (const alert of alerts) {
    log.info(
      { floodAlert: { id: alert.id, sensorId: alert.sensorId, kind: alert.thresholdKind, value: alert.value } },
      'flood threshold alert raised',
    );
  }
  try {
    await notifier?.tellNow(now);
  } catch (error) {
    log.error({ err: error }, 'flood alerts: telling them now failed; the notification worker tells them next');
  }
}
