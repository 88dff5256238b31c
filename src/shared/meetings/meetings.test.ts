import { describe, expect, it } from 'vitest';
import { AGENDA_LIST_MAX, buildAgenda, meetingVisibleTo, type AgendaFacts } from './meetings';

const task = (taskId: string, unit: string, daysLate: number) => ({
  taskId,
  title: `任务${taskId}`,
  zoneId: '1',
  zoneName: '区域',
  unit,
  dueDate: '2026-06-01',
  daysLate,
});
const supervision = (id: string, status: string, overdue: boolean, deadline = '2026-06-20') => ({
  id,
  target: '区域',
  zoneId: '1',
  unit: 'a',
  deadline,
  status,
  overdue,
});
const unit = (name: string, tasks: number, completionRate: number | null, onTimeRate: number | null) => ({
  unit: name,
  tasks,
  done: 0,
  completionRate,
  onTimeRate,
  overdueZones: 0,
});
const facts = (over: Partial<AgendaFacts>): AgendaFacts => ({
  generatedAt: '2026-06-15T04:00:00.000Z',
  asOf: '2026-06-15',
  overdueTasks: [],
  supervisions: [],
  failedChecks: [],
  units: [],
  ...over,
});

describe('buildAgenda', () => {
  it('groups overdue tasks by unit, the unit with most first, each longest late first', () => {
    const agenda = buildAgenda(
      facts({ overdueTasks: [task('1', 'b', 3), task('2', 'a', 1), task('3', 'b', 9), task('4', 'c', 2)] }),
    );
    expect(agenda.overdueTotal).toBe(4);
    expect(agenda.overdueByUnit.map((entry) => [entry.unit, entry.count])).toEqual([
      ['b', 2],
      ['a', 1],
      ['c', 1],
    ]);
    expect(agenda.overdueByUnit[0]!.tasks.map((entry) => entry.taskId)).toEqual(['3', '1']);
  });

  it('lists a unit’s first AGENDA_LIST_MAX overdue tasks and counts them all', () => {
    const many = Array.from({ length: AGENDA_LIST_MAX + 5 }, (_, index) => task(String(index + 1), 'a', index));
    const [entry] = buildAgenda(facts({ overdueTasks: many })).overdueByUnit;
    expect(entry!.count).toBe(AGENDA_LIST_MAX + 5);
    expect(entry!.tasks).toHaveLength(AGENDA_LIST_MAX);
  });

  it('keeps open 督办 only: overdue first, then unanswered, then by deadline, with the totals', () => {
    const agenda = buildAgenda(
      facts({
        supervisions: [
          supervision('1', 'replied', false, '2026-06-16'),
          supervision('2', 'closed', false),
          supervision('3', 'open', false, '2026-06-30'),
          supervision('4', 'open', true, '2026-06-10'),
        ],
      }),
    );
    expect(agenda.supervisions.map((entry) => [entry.id, entry.unanswered, entry.overdue])).toEqual([
      ['4', true, true],
      ['3', true, false],
      ['1', false, false],
    ]);
    expect(agenda.supervisionTotals).toEqual({ open: 3, unanswered: 2, overdue: 1 });
  });

  it('ranks the units with tasks by completion, then on time; a unit without figures last', () => {
    const agenda = buildAgenda(
      facts({
        units: [
          unit('a', 4, 0.5, 1),
          unit('b', 2, 0.5, 0.5),
          unit('c', 0, null, null),
          unit('d', 3, null, null),
          unit('e', 5, 0.8, 0.2),
        ],
      }),
    );
    expect(agenda.ranking.map((entry) => [entry.unit, entry.rank])).toEqual([
      ['e', 1],
      ['a', 2],
      ['b', 3],
      ['d', 4],
    ]);
  });
});

describe('meetingVisibleTo', () => {
  const meeting = { attendees: ['a'], decisions: [{ ownerUnit: 'b' }] } as Parameters<typeof meetingVisibleTo>[0];
  it('shows a unit the meetings it attends or owns a decision of; other roles all', () => {
    expect(meetingVisibleTo(meeting, { role: 'unit', unit: 'a' })).toBe(true);
    expect(meetingVisibleTo(meeting, { role: 'unit', unit: 'b' })).toBe(true);
    expect(meetingVisibleTo(meeting, { role: 'unit', unit: 'c' })).toBe(false);
    expect(meetingVisibleTo(meeting, { role: 'unit', unit: null })).toBe(false);
    expect(meetingVisibleTo(meeting, { role: 'inspector', unit: null })).toBe(true);
  });
});
