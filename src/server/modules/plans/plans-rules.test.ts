import { describe, expect, it } from 'vitest';
import { actionRefusal, allowedActions, isPlanLate, planDueDate } from '../../../shared/plans/plans';

describe('plan rules', () => {
  it('the due date is the end of February, leap years right', () => {
    expect(planDueDate(2027)).toBe('2027-02-28');
    expect(planDueDate(2028)).toBe('2028-02-29');
    expect(planDueDate(2100)).toBe('2100-02-28');
    expect(planDueDate(2000)).toBe('2000-02-29');
  });
  it('lateness is the Asia/Shanghai day of the first submission', () => {
    // 2027-02-28T16:30Z is 2027-03-01 00:30 in Shanghai: late.
    expect(isPlanLate(2027, '2027-02-28T16:30:00.000Z', '2027-06-01')).toBe(true);
    expect(isPlanLate(2027, '2027-02-28T15:30:00.000Z', '2027-06-01')).toBe(false);
    expect(isPlanLate(2027, null, '2027-02-28')).toBe(false);
    expect(isPlanLate(2027, null, '2027-03-01')).toBe(true);
  });
  it('who may take which step', () => {
    const unit = { role: 'unit', unit: 'shuilizhan' };
    const office = { role: 'admin', unit: null };
    const plan = { unit: 'shuilizhan', state: 'submitted' as const };
    expect(allowedActions(plan, unit)).toEqual([]);
    expect(allowedActions(plan, office)).toEqual(['return', 'approve']);
    expect(allowedActions({ ...plan, state: 'returned' }, unit)).toEqual(['submit']);
    expect(actionRefusal(plan, 'return', office, ' ')).toBe('comment-required');
    expect(actionRefusal({ ...plan, unit: 'jianguansuo', state: 'draft' }, 'submit', unit)).toBe('not-owner');
    expect(actionRefusal(plan, 'approve', { role: 'leader', unit: null })).toBe('not-office');
  });
});
