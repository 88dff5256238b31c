import type { FastifyRequest } from 'fastify';
import type { Repositories } from '../repositories/types';
import type { CampaignResponse } from '../../shared/campaign/campaign';
import { auditActor } from './auth/guard';
import { HttpProblem } from './problem';

/**
 * For `own` cells of the matrix: a unit account may write only data of items its unit leads. A
 * refusal is audited and answered 403 before anything changes.
 */
export async function requireItemOwnership(
  repos: Repositories,
  request: FastifyRequest,
  categories: readonly string[],
  config: CampaignResponse,
): Promise<void> {
  if (request.access !== 'own') return;
  const unit = request.user?.unit;
  const foreign = categories.filter((code) => config.items.find((item) => item.code === code)?.leadUnit !== unit);
  if (!foreign.length) return;
  await repos.audit.record({
    ...auditActor(request),
    action: 'denied_write',
    targetType: 'route',
    targetId: `${request.method} ${request.routeOptions.url}`,
    outcome: 'denied',
    detail: { reason: `item ${foreign.join(', ')} is not led by ${unit}` },
  });
  throw new HttpProblem(
    403,
    `Your unit does not lead item ${foreign.join(', ')}: only its lead unit, planners and the campaign office may change this`,
  );
}
