import { describe, expect, it } from 'vitest';
import { computeDashboard, taskAsOf, type DashboardTask, type DashboardZone } from './dashboard';

const zone = (id: string, extra: Partial<DashboardZone> = {}): DashboardZone => ({
  id,
  name: `区域${id}`,
  category: 'R3',
  leadUnit: 'shuilizhan',
  status: 'in_progress',
  plannedEnd: '2026-12-31',
  ...extra,
});
const task = (id: string, zoneId: string, extra: Partial<DashboardTask> = {}): DashboardTask => ({
  id,
  zoneId,
  title: `任务${id}`,
  assignedUnit: 'shuilizhan',
  status: 'in_progress',
  dueDate: '2026-12-01',
  completedOn: null,
  reworkCount: 0,
  hasGoodPair: false,
  ...extra,
});

describe('the dashboard figures', () => {
  it('computes completion, on-time and evidence rates over the right denominators, with the zones behind them', () => {
    const zones = [
      zone('1', { status: 'accepted' }),
      zone('2', { plannedEnd: '2026-11-01' }),
      zone('3', { category: 'S1', leadUnit: 'chengguanzhongdui', status: 'not_started' }),
    ];
    const tasks = [
      task('1', '1', { status: 'done', completedOn: '2026-10-01', dueDate: '2026-10-05', hasGoodPair: true }),
      task('2', '1', { status: 'done', completedOn: '2026-10-09', dueDate: '2026-10-05', reworkCount: 2 }),
      task('3', '2', { dueDate: '2026-11-20' }),
      task('4', '2', { status: 'suspended', dueDate: '2026-11-01' }),
      task('5', '3', { status: 'not_started', dueDate: '2026-12-20' }),
      task('9', '99', { status: 'done', completedOn: '2026-10-01' }), // a task of a zone not shown: left out
    ];
    const dashboard = computeDashboard(zones, tasks, ['R3', 'S1', 'R4'], '2026-11-30', '2026-11-30');
    expect(dashboard.totals).toEqual({
      zones: 3,
      accepted: 1,
      overdueZones: 1,
      tasks: 5,
      overdueTasks: 1,
      reworkEvents: 2,
      completionRate: 2 / 4, // the suspended task is not counted
      // Done on time over the work that fell due: the two done tasks and the overdue open task 3.
      onTimeRate: 1 / 3,
      evidenceRate: 1 / 2,
    });
    expect(dashboard.byItem.find((item) => item.code === 'R3')).toMatchObject({
      zones: 2,
      counts: { accepted: 1, in_progress: 1, not_started: 0 },
    });
    expect(dashboard.byItem.find((item) => item.code === 'R4')!.zones).toBe(0);
    // Zone 2's deadline is its task's due date (20 Nov, after its planned end): 10 days (zoneOverdueDays).
    expect(dashboard.hotZones).toEqual([{ id: '2', name: '区域2', category: 'R3', daysLate: 10 }]);
    expect(dashboard.hotTasks.map((entry) => [entry.id, entry.daysLate])).toEqual([['3', 10]]);
    expect(dashboard.links).toEqual({
      accepted: ['1'],
      overdue: ['2'],
      reworked: ['1'],
      missingEvidence: ['1'],
      done: ['1'],
    });
    const water = dashboard.units.find((unit) => unit.unit === 'shuilizhan')!;
    expect(water).toMatchObject({ zones: 2, accepted: 1, overdueZones: 1, tasks: 4, done: 2, reworkEvents: 2 });
    expect(water.completionRate).toBeCloseTo(2 / 3);
    expect(water.onTimeRate).toBeCloseTo(1 / 3);
    expect(dashboard.units.find((unit) => unit.unit === 'chengguanzhongdui')!.completionRate).toBe(0);
    expect(dashboard.statuses).toEqual({ '1': 'accepted', '2': 'in_progress', '3': 'not_started' });
  });

  it('gives no rate (null, not 0 %) where there is nothing to count', () => {
    const dashboard = computeDashboard([], [], ['R1'], '2026-11-30', '2026-11-30');
    expect(dashboard.totals.completionRate).toBeNull();
    expect(dashboard.totals.onTimeRate).toBeNull();
    expect(dashboard.totals.evidenceRate).toBeNull();
    expect(dashboard.units).toEqual([]);
  });
});

describe('a task as it stood on a day', () => {
  const events = [
    { day: '2026-10-01', fromStatus: null, toStatus: 'not_started', action: null },
    { day: '2026-10-05', fromStatus: 'not_started', toStatus: 'in_progress', action: 'start' },
    { day: '2026-11-01', fromStatus: 'pending_acceptance', toStatus: 'in_progress', action: 'reject' },
    {
      day: '2026-11-10',
      fromStatus: 'in_progress',
      toStatus: 'in_progress',
      action: 'approve_extension',
      dueFrom: '2026-11-15',
    },
    { day: '2026-11-20', fromStatus: 'pending_acceptance', toStatus: 'done', action: 'accept' },
  ];
  const now = { status: 'done' as const, dueDate: '2026-12-15', completedOn: '2026-11-20', reworkCount: 1 };

  it('replays the thread', () => {
    expect(taskAsOf(now, events, '2026-10-03')).toEqual({
      status: 'not_started',
      dueDate: '2026-11-15',
      completedOn: null,
      reworkCount: 0,
    });
    expect(taskAsOf(now, events, '2026-11-05')).toMatchObject({
      status: 'in_progress',
      dueDate: '2026-11-15',
      reworkCount: 1,
    });
    expect(taskAsOf(now, events, '2026-11-12').dueDate).toBe('2026-12-15');
    expect(taskAsOf(now, events, '2026-11-30')).toEqual(now);
  });

  it('uses the completion day for tasks without a thread (loaded data), and the status before the first later change', () => {
    expect(taskAsOf(now, [], '2026-11-19').status).toBe('in_progress');
    expect(taskAsOf(now, [], '2026-11-20')).toEqual(now);
    const open = { status: 'in_progress' as const, dueDate: '2026-12-15', completedOn: null, reworkCount: 0 };
    expect(taskAsOf(open, [], '2026-10-01').status).toBe('in_progress');
    expect(
      taskAsOf(
        open,
        [{ day: '2026-11-25', fromStatus: 'pending_acceptance', toStatus: 'in_progress', action: 'reject' }],
        '2026-11-01',
      ).status,
    ).toBe('pending_acceptance');
  });
});
