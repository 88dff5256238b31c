import { describe, expect, it } from 'vitest';
import { isTaskOverdue, isZoneOverdue, zoneDeadlineFacts, zoneOverdueDays, zoneQuerySchema } from './zone';
import { addDays, daysBetween, isValidDay, shanghaiDay } from '../time/dates';

const today = '2026-06-15';

describe('overdue derivation', () => {
  it('flags a task past its due date unless it is done or suspended', () => {
    expect(isTaskOverdue({ dueDate: '2026-06-14', status: 'in_progress' }, today)).toBe(true);
    expect(isTaskOverdue({ dueDate: '2026-06-14', status: 'not_started' }, today)).toBe(true);
    expect(isTaskOverdue({ dueDate: '2026-06-14', status: 'pending_acceptance' }, today)).toBe(true);
    expect(isTaskOverdue({ dueDate: '2026-06-14', status: 'done' }, today)).toBe(false);
    expect(isTaskOverdue({ dueDate: '2026-06-14', status: 'suspended' }, today)).toBe(false);
    // Due today is not yet overdue.
    expect(isTaskOverdue({ dueDate: today, status: 'in_progress' }, today)).toBe(false);
  });

  const none = { latestTaskDue: null, oldestOverdueTaskDue: null };
  it('flags a zone past its planned end and not accepted, or holding an overdue task', () => {
    expect(isZoneOverdue({ plannedEnd: '2026-06-01', status: 'in_progress' }, none, today)).toBe(true);
    expect(isZoneOverdue({ plannedEnd: '2026-06-01', status: 'pending_acceptance' }, none, today)).toBe(true);
    expect(isZoneOverdue({ plannedEnd: '2026-06-01', status: 'accepted' }, none, today)).toBe(false);
    expect(isZoneOverdue({ plannedEnd: '2026-06-01', status: 'suspended' }, none, today)).toBe(false);
    expect(isZoneOverdue({ plannedEnd: '2026-12-01', status: 'in_progress' }, none, today)).toBe(false);
    const overdueTask = { latestTaskDue: '2026-06-10', oldestOverdueTaskDue: '2026-06-10' };
    expect(isZoneOverdue({ plannedEnd: '2026-12-01', status: 'in_progress' }, overdueTask, today)).toBe(true);
  });

  // The worked example of docs/domain.md §2.
  it("counts a zone's overdue days once: the later of its planned end and its tasks' due dates, or its oldest overdue task", () => {
    const zone = { plannedEnd: '2026-05-31', status: 'in_progress' } as const;
    const tasks = [
      { dueDate: '2026-05-03', status: 'in_progress' },
      { dueDate: '2026-05-20', status: 'done' },
    ] as const;
    const facts = zoneDeadlineFacts(tasks, today);
    expect(facts).toEqual({ latestTaskDue: '2026-05-20', oldestOverdueTaskDue: '2026-05-03' });
    // 15 days past the planned end, 43 days past the oldest open task's due date: 43.
    expect(zoneOverdueDays(zone, facts, today)).toBe(43);
    // A failed check sends the work back with a rework due date of 2026-06-30: not overdue before then.
    const reworked = [
      { dueDate: '2026-06-30', status: 'in_progress' },
      { dueDate: '2026-06-30', status: 'in_progress' },
    ] as const;
    expect(zoneOverdueDays(zone, zoneDeadlineFacts(reworked, today), today)).toBe(0);
    expect(zoneOverdueDays(zone, zoneDeadlineFacts(reworked, '2026-07-04'), '2026-07-04')).toBe(4);
    // Suspended tasks neither move the deadline nor count as overdue.
    expect(
      zoneOverdueDays(zone, zoneDeadlineFacts([{ dueDate: '2026-09-01', status: 'suspended' }], today), today),
    ).toBe(15);
    expect(zoneOverdueDays({ ...zone, status: 'accepted' }, facts, today)).toBe(43);
    expect(zoneOverdueDays({ ...zone, status: 'accepted' }, zoneDeadlineFacts([], today), today)).toBe(0);
  });
});

describe('dates in Asia/Shanghai', () => {
  it('takes the calendar day in Shanghai, not in UTC', () => {
    expect(shanghaiDay(new Date('2026-06-14T15:59:59Z'))).toBe('2026-06-14');
    expect(shanghaiDay(new Date('2026-06-14T16:00:00Z'))).toBe('2026-06-15');
  });
  it('adds and counts days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-06-15', '2026-06-10')).toBe(-5);
  });
  it('accepts only real calendar days', () => {
    expect(isValidDay('2026-02-28')).toBe(true);
    expect(isValidDay('2026-02-30')).toBe(false);
    expect(isValidDay('2026-2-3')).toBe(false);
    expect(isValidDay('yesterday')).toBe(false);
  });
});

describe('zone query parameters', () => {
  it('parses lists and a bbox', () => {
    expect(zoneQuerySchema.parse({ category: 'R3,R4', status: 'accepted', bbox: '120.9,31.1,121,31.2' })).toEqual({
      category: ['R3', 'R4'],
      status: ['accepted'],
      bbox: { minLon: 120.9, minLat: 31.1, maxLon: 121, maxLat: 31.2 },
    });
  });
  it('rejects unknown parameters and bad values with a message', () => {
    expect(zoneQuerySchema.safeParse({ nope: '1' }).success).toBe(false);
    expect(zoneQuerySchema.safeParse({ category: 'R3,X1' }).success).toBe(false);
    expect(zoneQuerySchema.safeParse({ bbox: '1,2,3,' }).success).toBe(false);
    expect(zoneQuerySchema.safeParse({ bbox: ['1,2,3,4', '1,2,3,4'] }).success).toBe(false);
  });
});
