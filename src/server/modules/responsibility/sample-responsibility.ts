import type { NewAuditEntry } from '../../platform/audit';
import type { RouteContext } from '../../platform/context';
import { shanghaiDay } from '../../../shared/time/dates';
import type { ResponsibilityState } from '../../../shared/responsibility/responsibility';

const sampleAudit = (state: ResponsibilityState): NewAuditEntry => ({
  actorId: null,
  actorUsername: 'sample',
  action: 'responsibility_recorded',
  targetType: 'responsibility_letter',
  targetId: `${state.year}/${state.unit}`,
  outcome: 'ok',
  detail: { sample: true, signed: state.signed, signedOn: state.signedOn },
});

/**
 * 示例数据: the first approved sample plan's letter of this year recorded as signed on the day its plan was approved, so
 * the office's table shows a signed letter on first start. Seeded once with the sample data, after the sample plans.
 */
export async function seedSampleResponsibility(repos: RouteContext['repos'], now: Date): Promise<void> {
  const today = shanghaiDay(now);
  const year = Number(today.slice(0, 4));
  const [plan] = await repos.plans.list({ year, state: 'approved' }, today);
  const office = await repos.users.findByUsername('admin');
  if (!plan || !office) return;
  const signedOn = plan.approvedAt ? shanghaiDay(new Date(plan.approvedAt)) : today;
  await repos.responsibility.record(
    { unit: plan.unit, year, signed: true, signedOn, recordedBy: Number(office.id) },
    0,
    sampleAudit,
    now.toISOString(),
  );
}
