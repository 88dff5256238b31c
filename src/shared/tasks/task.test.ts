import { describe, expect, it } from 'vitest';
import {
  applyTaskAction,
  possibleTaskActions,
  rollUpZone,
  sortTasksByUrgency,
  TASK_ACTIONS,
  type TaskAction,
  type TaskWorkflowState,
} from './task';
import { TASK_STATUSES, type TaskStatus } from '../zones/zone';

const state = (status: TaskStatus, extra: Partial<TaskWorkflowState> = {}): TaskWorkflowState => ({
  status,
  dueDate: '2026-12-01',
  extensionRequest: null,
  statusBeforeSuspend: null,
  beforePhotoCount: 1,
  afterPhotoCount: 1,
  ...extra,
});
const full = { reason: '原因', dueDate: '2026-12-20' };

/** Expected next status for each action from each status (office acting, all inputs given); null = refused. */
const TABLE: Record<TaskAction, Record<TaskStatus, TaskStatus | null>> = {
  start: { not_started: 'in_progress', in_progress: null, pending_acceptance: null, done: null, suspended: null },
  submit: {
    not_started: null,
    in_progress: 'pending_acceptance',
    pending_acceptance: null,
    done: null,
    suspended: null,
  },
  accept: { not_started: null, in_progress: null, pending_acceptance: 'done', done: null, suspended: null },
  reject: { not_started: null, in_progress: null, pending_acceptance: 'in_progress', done: null, suspended: null },
  request_extension: {
    not_started: 'not_started',
    in_progress: 'in_progress',
    pending_acceptance: null,
    done: null,
    suspended: null,
  },
  // Deciding needs a pending request: covered below.
  approve_extension: { not_started: null, in_progress: null, pending_acceptance: null, done: null, suspended: null },
  refuse_extension: { not_started: null, in_progress: null, pending_acceptance: null, done: null, suspended: null },
  suspend: {
    not_started: 'suspended',
    in_progress: 'suspended',
    pending_acceptance: 'suspended',
    done: null,
    suspended: null,
  },
  resume: { not_started: null, in_progress: null, pending_acceptance: null, done: null, suspended: 'in_progress' },
};

describe('the task workflow rules', () => {
  for (const action of TASK_ACTIONS) {
    for (const status of TASK_STATUSES) {
      const expected = TABLE[action][status];
      it(`${action} from ${status} → ${expected ?? 'refused'}`, () => {
        const result = applyTaskAction(state(status), action, 'office', full);
        if (expected === null) expect(result.ok).toBe(false);
        else expect(result.ok && result.change.status).toBe(expected);
      });
    }
  }

  it('lets units and planners work on tasks but leaves deciding to the campaign office', () => {
    for (const actor of ['unit', 'planner'] as const) {
      expect(applyTaskAction(state('not_started'), 'start', actor).ok).toBe(true);
      for (const action of ['accept', 'reject', 'approve_extension', 'refuse_extension', 'suspend', 'resume'] as const)
        expect(applyTaskAction(state('pending_acceptance'), action, actor, full)).toEqual({
          ok: false,
          reason: 'not-allowed-for-role',
        });
    }
    expect(applyTaskAction(state('not_started'), 'start', 'other')).toEqual({
      ok: false,
      reason: 'not-allowed-for-role',
    });
  });

  it('needs an after-photo to submit, a reason to reject or suspend, a later date and a reason to extend', () => {
    expect(applyTaskAction(state('in_progress', { afterPhotoCount: 0 }), 'submit', 'unit')).toEqual({
      ok: false,
      reason: 'needs-after-photo',
    });
    expect(applyTaskAction(state('pending_acceptance'), 'reject', 'office', { reason: '  ' })).toEqual({
      ok: false,
      reason: 'needs-reason',
    });
    expect(applyTaskAction(state('in_progress'), 'suspend', 'office')).toEqual({ ok: false, reason: 'needs-reason' });
    expect(
      applyTaskAction(state('in_progress'), 'request_extension', 'unit', { reason: 'x', dueDate: '2026-11-30' }),
    ).toEqual({ ok: false, reason: 'needs-later-date' });
    expect(applyTaskAction(state('in_progress'), 'request_extension', 'unit', { dueDate: '2026-12-30' })).toEqual({
      ok: false,
      reason: 'needs-reason',
    });
  });

  it('counts rework, keeps the original date on extension, and resumes to the status before suspension', () => {
    const rejected = applyTaskAction(state('pending_acceptance'), 'reject', 'office', { reason: '不合格' });
    expect(rejected.ok && rejected.change.reworkIncrement).toBe(1);
    const requested = applyTaskAction(state('in_progress'), 'request_extension', 'unit', full);
    expect(requested.ok && requested.change).toMatchObject({
      status: 'in_progress',
      dueDate: '2026-12-01',
      extensionRequest: { dueDate: '2026-12-20', reason: '原因' },
    });
    const pending = state('in_progress', { extensionRequest: { dueDate: '2026-12-20', reason: '原因' } });
    expect(applyTaskAction(pending, 'request_extension', 'unit', full)).toEqual({
      ok: false,
      reason: 'extension-pending',
    });
    const approved = applyTaskAction(pending, 'approve_extension', 'office');
    expect(approved.ok && approved.change).toMatchObject({ dueDate: '2026-12-20', extensionRequest: null });
    const refused = applyTaskAction(pending, 'refuse_extension', 'office');
    expect(refused.ok && refused.change).toMatchObject({ dueDate: '2026-12-01', extensionRequest: null });
    const suspended = applyTaskAction(state('pending_acceptance'), 'suspend', 'office', { reason: '拆迁' });
    expect(suspended.ok && suspended.change.statusBeforeSuspend).toBe('pending_acceptance');
    const resumed = applyTaskAction(
      state('suspended', { statusBeforeSuspend: 'pending_acceptance' }),
      'resume',
      'office',
    );
    expect(resumed.ok && resumed.change).toMatchObject({ status: 'pending_acceptance', statusBeforeSuspend: null });
    const accepted = applyTaskAction(state('pending_acceptance'), 'accept', 'office');
    expect(accepted.ok && accepted.change.completed).toBe(true);
  });

  it('accepts only with a before/after photo pair, or with the office’s reason for accepting without one', () => {
    for (const photos of [
      { beforePhotoCount: 0, afterPhotoCount: 0 },
      { beforePhotoCount: 0, afterPhotoCount: 2 },
      { beforePhotoCount: 3, afterPhotoCount: 0 },
    ]) {
      const without = state('pending_acceptance', photos);
      expect(applyTaskAction(without, 'accept', 'office')).toEqual({ ok: false, reason: 'needs-photo-pair' });
      expect(applyTaskAction(without, 'accept', 'office', { reason: '  ' })).toEqual({
        ok: false,
        reason: 'needs-photo-pair',
      });
      const reasoned = applyTaskAction(without, 'accept', 'office', { reason: '现场已由镇领导验看，照片补拍中' });
      expect(reasoned.ok && reasoned.change).toMatchObject({ status: 'done', completed: true });
      // Still offered, so the form can ask for the reason.
      expect(possibleTaskActions(without, 'office')).toContain('accept');
    }
  });

  it('lists the possible actions (submit is offered before a photo, to explain what is missing)', () => {
    expect(possibleTaskActions(state('in_progress', { afterPhotoCount: 0 }), 'unit')).toEqual([
      'submit',
      'request_extension',
    ]);
    expect(possibleTaskActions(state('pending_acceptance'), 'office')).toEqual(['accept', 'reject', 'suspend']);
    expect(possibleTaskActions(state('not_started'), 'other')).toEqual([]);
  });
});

describe('roll-up of a zone from its tasks', () => {
  const tasks = (...statuses: TaskStatus[]) => statuses.map((status) => ({ status }));
  it('follows the tasks; suspended tasks do not count', () => {
    expect(rollUpZone([])).toBeNull();
    expect(rollUpZone(tasks('not_started', 'not_started'))).toEqual({ status: 'not_started', progress: 0 });
    expect(rollUpZone(tasks('in_progress', 'not_started'))).toEqual({ status: 'in_progress', progress: 0 });
    expect(rollUpZone(tasks('done', 'not_started', 'in_progress'))).toEqual({ status: 'in_progress', progress: 33 });
    expect(rollUpZone(tasks('done', 'pending_acceptance'))).toEqual({ status: 'pending_acceptance', progress: 50 });
    expect(rollUpZone(tasks('done', 'done', 'suspended'))).toEqual({ status: 'accepted', progress: 100 });
    expect(rollUpZone(tasks('suspended', 'suspended'))).toEqual({ status: 'suspended', progress: 0 });
  });
});

describe('urgency order', () => {
  it('puts overdue first, then by due date; waiting, suspended and done last', () => {
    const task = (id: string, dueDate: string, status: TaskStatus, overdue = false) => ({
      id,
      dueDate,
      status,
      overdue,
    });
    const sorted = sortTasksByUrgency([
      task('1', '2026-12-05', 'done'),
      task('2', '2026-12-09', 'in_progress'),
      task('3', '2026-11-20', 'in_progress', true),
      task('4', '2026-12-01', 'not_started'),
      task('5', '2026-11-25', 'not_started', true),
      task('6', '2026-11-01', 'pending_acceptance'),
      task('7', '2026-11-01', 'suspended'),
    ]);
    expect(sorted.map((entry) => entry.id)).toEqual(['3', '5', '4', '2', '6', '7', '1']);
  });
});
