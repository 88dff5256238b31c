import type { FastifyRequest } from 'fastify';
import type { CampaignResponse } from '../../shared/campaign/campaign';
import { itemsNotWritable } from '../../shared/campaign/ownership';
import { auditedDeny, type AuditLog } from './audit';

/**
 * For `own` cells of the matrix: a unit account may write only data of items its unit leads
 * (src/shared/campaign/ownership.ts, the predicate the client offers with). A refusal is audited and
 * answered 403 before anything changes.
 */
export async function requireItemOwnership(
  repos: { audit: AuditLog },
  request: FastifyRequest,
  categories: readonly string[],
  config: CampaignResponse,
): Promise<void> {
  if (request.access !== 'own') return;
  // `own` access is the unit-limited kind: hold the caller's unit against the items.
  const unit = request.user?.unit;
  const foreign = itemsNotWritable({ role: 'unit', unit: unit ?? null }, categories, config);
  if (!foreign.length) return;
  await auditedDeny(repos.audit, request, {
    reason: `item ${foreign.join(', ')} is not led by ${unit}`,
    message: `Your unit does not lead item ${foreign.join(', ')}: only its lead unit, planners and the campaign office may change this`,
  });
}
