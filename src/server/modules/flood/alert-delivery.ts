import type { FastifyBaseLogger } from 'fastify';
import type { FloodAlert } from '../../../shared/flood/sensors';

/**
 * Where a raised threshold alert leaves the flood module: the inbox and group messages (the issue "Work that reaches
 * people") take over here, addressing each alert to `alert.onDuty` and the water station. Until the inbox exists the
 * alerts are kept in `flood_alerts` (listed by GET /api/flood/alerts and in the 汛期 view) and logged.
 */
export function handFloodAlertsToInbox(alerts: readonly FloodAlert[], log: FastifyBaseLogger): void {
  for (const alert of alerts) {
    log.info(
      { floodAlert: { id: alert.id, sensorId: alert.sensorId, kind: alert.thresholdKind, value: alert.value } },
      'flood threshold alert raised',
    );
  }
}
