import { describe, expect, it } from 'vitest';
import { isTaskOverdue, isZoneOverdue, zoneQuerySchema } from './zone';
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

  it('flags a zone past its planned end and not accepted, or holding an overdue task', () => {
    expect(isZoneOverdue({ plannedEnd: '2026-06-01', status: 'in_progress' }, 0, today)).toBe(true);
    expect(isZoneOverdue({ plannedEnd: '2026-06-01', status: 'pending_acceptance' }, 0, today)).toBe(true);
    expect(isZoneOverdue({ plannedEnd: '2026-06-01', status: 'accepted' }, 0, today)).toBe(false);
    expect(isZoneOverdue({ plannedEnd: '2026-06-01', status: 'suspended' }, 0, today)).toBe(false);
    expect(isZoneOverdue({ plannedEnd: '2026-12-01', status: 'in_progress' }, 0, today)).toBe(false);
    expect(isZoneOverdue({ plannedEnd: '2026-12-01', status: 'in_progress' }, 2, today)).toBe(true);
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
