import { describe, expect, it } from 'vitest';
import {
  applyCaseAction,
  CASE_ACTION_ACTORS,
  CASE_ACTIONS,
  CASE_STATUSES,
  caseActorFor,
  deadlineFor,
  possibleCaseActions,
  type CaseAction,
  type CaseActor,
  type CaseStatus,
  type CaseWorkflowState,
} from './case';

const NOW = '2026-06-15T02:00:00.000Z';
const state = (status: CaseStatus, extra: Partial<CaseWorkflowState> = {}): CaseWorkflowState => ({
  status,
  suspended: false,
  suspendedAt: null,
  unitId: ['dispatched', 'disposing', 'feedback', 'verified', 'closed'].includes(status) ? 'huanweisuo' : null,
  deadlineAt: ['dispatched', 'disposing'].includes(status) ? '2026-06-16T02:00:00.000Z' : null,
  extensionRequest: null,
  extensionCount: 0,
  reworkCount: 0,
  registeredAt: null,
  dispatchedAt: null,
  disposedAt: null,
  closedAt: null,
  ...extra,
});
const full = { reason: '原因', unitId: 'huanweisuo', until: '2026-06-20T10:00:00+08:00', note: '备注' };
const X = null;

/** Next status for every action from every status (office acting, every input given); null = refused. */
const TABLE: Record<CaseAction, Record<CaseStatus, CaseStatus | null>> = {
  // prettier-ignore
  register: { reported: 'registered', registered: X, dispatched: X, disposing: X, feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  dispatch: { reported: X, registered: 'dispatched', dispatched: X, disposing: X, feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  start: { reported: X, registered: X, dispatched: 'disposing', disposing: X, feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  feedback: { reported: X, registered: X, dispatched: 'feedback', disposing: 'feedback', feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  verify: { reported: X, registered: X, dispatched: X, disposing: X, feedback: 'verified', verified: X, closed: X, voided: X },
  // prettier-ignore
  fail_check: { reported: X, registered: X, dispatched: X, disposing: X, feedback: 'disposing', verified: X, closed: X, voided: X },
  // prettier-ignore
  close: { reported: X, registered: X, dispatched: X, disposing: X, feedback: X, verified: 'closed', closed: X, voided: X },
  // prettier-ignore
  send_back: { reported: X, registered: 'reported', dispatched: 'registered', disposing: X, feedback: X, verified: 'feedback', closed: X, voided: X },
  // prettier-ignore
  request_extension: { reported: X, registered: X, dispatched: 'dispatched', disposing: 'disposing', feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  approve_extension: { reported: X, registered: X, dispatched: X, disposing: X, feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  refuse_extension: { reported: X, registered: X, dispatched: X, disposing: X, feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  suspend: { reported: X, registered: 'registered', dispatched: 'dispatched', disposing: 'disposing', feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  resume: { reported: X, registered: X, dispatched: X, disposing: X, feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  void: { reported: 'voided', registered: 'voided', dispatched: X, disposing: X, feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  self_handle: { reported: 'verified', registered: X, dispatched: X, disposing: X, feedback: X, verified: X, closed: X, voided: X },
  // prettier-ignore
  reopen: { reported: X, registered: X, dispatched: X, disposing: X, feedback: X, verified: X, closed: 'feedback', voided: X },
};

describe('the case workflow (applyCaseAction)', () => {
  for (const action of CASE_ACTIONS) {
    for (const status of CASE_STATUSES) {
      const expected = TABLE[action][status];
      it(`${action} from ${status}: ${expected ?? 'refused'}`, () => {
        const result = applyCaseAction(state(status), action, 'office', full, NOW, 24);
        if (expected === null) {
          expect(result.ok).toBe(false);
        } else {
          expect(result.ok).toBe(true);
          if (result.ok) {
            expect(result.change.patch.status).toBe(expected);
            expect(result.change.step).toMatchObject({ action, fromStatus: status, toStatus: expected });
          }
        }
      });
    }
  }

  it('lets each actor take only its actions (roles), whatever the status', () => {
    const actors: CaseActor[] = ['office', 'inspector', 'unit', 'other'];
    for (const action of CASE_ACTIONS) {
      for (const actor of actors) {
        for (const status of CASE_STATUSES) {
          const result = applyCaseAction(state(status), action, actor, full, NOW, 24);
          if (!CASE_ACTION_ACTORS[action].includes(actor)) {
            expect(result).toEqual({ ok: false, refusal: 'not-allowed-for-role' });
          }
        }
      }
    }
    expect(CASE_ACTION_ACTORS.register).toEqual(['office']);
    expect(CASE_ACTION_ACTORS.verify).toEqual(['office', 'inspector']);
    expect(CASE_ACTION_ACTORS.feedback).toEqual(['office', 'unit']);
  });

  it('lets a unit send back (回退) only a case dispatched to it, not one registered or verified', () => {
    expect(applyCaseAction(state('dispatched'), 'send_back', 'unit', full, NOW, 24).ok).toBe(true);
    expect(applyCaseAction(state('verified'), 'send_back', 'unit', full, NOW, 24)).toEqual({
      ok: false,
      refusal: 'not-allowed-for-role',
    });
  });

  it('dispatch sets the unit and the deadline from the time limit; it needs a unit', () => {
    const result = applyCaseAction(state('registered'), 'dispatch', 'office', { unitId: 'shuilizhan' }, NOW, 48);
    expect(result.ok && result.change.patch).toMatchObject({
      unitId: 'shuilizhan',
      dispatchedAt: NOW,
      deadlineAt: '2026-06-17T02:00:00.000Z',
    });
    expect(applyCaseAction(state('registered'), 'dispatch', 'office', {}, NOW, 48)).toEqual({
      ok: false,
      refusal: 'needs-unit',
    });
    expect(deadlineFor('2026-06-15T10:00:00+08:00', 4)).toBe('2026-06-15T06:00:00.000Z');
  });

  it('asks for a reason to send back, fail a check, request an extension, suspend or void', () => {
    const cases: [CaseAction, CaseStatus][] = [
      ['send_back', 'dispatched'],
      ['fail_check', 'feedback'],
      ['request_extension', 'disposing'],
      ['suspend', 'disposing'],
      ['void', 'reported'],
    ];
    for (const [action, status] of cases) {
      expect(applyCaseAction(state(status), action, 'office', { ...full, reason: '  ' }, NOW, 24)).toEqual({
        ok: false,
        refusal: 'needs-reason',
      });
    }
  });

  it('返工: a failed check sends the case back to the unit, counts it and clears the disposal time', () => {
    const result = applyCaseAction(
      state('feedback', { disposedAt: NOW, reworkCount: 1 }),
      'fail_check',
      'inspector',
      { reason: '仍有垃圾' },
      NOW,
      24,
    );
    expect(result.ok && result.change.patch).toEqual({ status: 'disposing', disposedAt: null, reworkCount: 2 });
  });

  it('延期: a later deadline is requested with a reason, approved (moves, counted) or refused', () => {
    const open = state('disposing');
    expect(
      applyCaseAction(open, 'request_extension', 'unit', { reason: '材料', until: open.deadlineAt! }, NOW, 24),
    ).toEqual({ ok: false, refusal: 'needs-later-deadline' });
    const requested = applyCaseAction(open, 'request_extension', 'unit', full, NOW, 24);
    expect(requested.ok).toBe(true);
    if (!requested.ok) return;
    const pending = { ...open, ...requested.change.patch };
    expect(pending.extensionRequest).toEqual({ until: '2026-06-20T02:00:00.000Z', reason: '原因' });
    expect(applyCaseAction(pending, 'request_extension', 'unit', full, NOW, 24)).toEqual({
      ok: false,
      refusal: 'extension-pending',
    });
    expect(applyCaseAction(pending, 'approve_extension', 'unit', {}, NOW, 24)).toEqual({
      ok: false,
      refusal: 'not-allowed-for-role',
    });
    const approved = applyCaseAction(pending, 'approve_extension', 'office', {}, NOW, 24);
    expect(approved.ok && approved.change.patch).toEqual({
      status: 'disposing',
      extensionRequest: null,
      deadlineAt: '2026-06-20T02:00:00.000Z',
      extensionCount: 1,
    });
    const refused = applyCaseAction(pending, 'refuse_extension', 'office', {}, NOW, 24);
    expect(refused.ok && refused.change.patch).toEqual({ status: 'disposing', extensionRequest: null });
  });

  it('挂账/缓办: a suspended case takes no action but resume or void; resuming moves the deadline by the time held', () => {
    const suspended = state('disposing', { suspended: true, suspendedAt: '2026-06-15T00:00:00.000Z' });
    for (const action of CASE_ACTIONS.filter((a) => a !== 'resume' && a !== 'void')) {
      const result = applyCaseAction(suspended, action, 'office', full, NOW, 24);
      expect(result.ok, action).toBe(false);
    }
    expect(applyCaseAction(suspended, 'feedback', 'office', full, NOW, 24)).toEqual({
      ok: false,
      refusal: 'suspended',
    });
    const resumed = applyCaseAction(suspended, 'resume', 'office', {}, NOW, 24);
    expect(resumed.ok && resumed.change.patch).toEqual({
      status: 'disposing',
      suspended: false,
      suspendedAt: null,
      deadlineAt: '2026-06-16T04:00:00.000Z', // two hours held
    });
    expect(applyCaseAction(state('disposing'), 'resume', 'office', {}, NOW, 24)).toEqual({
      ok: false,
      refusal: 'not-suspended',
    });
  });

  it('自处理: the reporter handles it on the spot, straight to waiting for 结案', () => {
    const result = applyCaseAction(state('reported'), 'self_handle', 'inspector', {}, NOW, 24);
    expect(result.ok && result.change.patch).toEqual({ status: 'verified', registeredAt: NOW, disposedAt: NOW });
  });

  it('offers the possible actions per actor', () => {
    expect(possibleCaseActions(state('reported'), 'office')).toEqual(['register', 'void', 'self_handle']);
    expect(possibleCaseActions(state('reported'), 'inspector')).toEqual(['self_handle']);
    expect(possibleCaseActions(state('dispatched'), 'unit')).toEqual([
      'start',
      'feedback',
      'send_back',
      'request_extension',
    ]);
    expect(possibleCaseActions(state('feedback'), 'inspector')).toEqual(['verify', 'fail_check']);
    // A closed case can only be reopened for 核查 (a resident's 不满意, docs/public.md).
    expect(possibleCaseActions(state('closed'), 'office')).toEqual(['reopen']);
    expect(possibleCaseActions(state('feedback'), 'other')).toEqual([]);
  });

  it('maps users to actors: a unit only on cases dispatched to it', () => {
    expect(caseActorFor({ role: 'admin', unit: null }, { unitId: null })).toBe('office');
    expect(caseActorFor({ role: 'inspector', unit: null }, { unitId: 'x' })).toBe('inspector');
    expect(caseActorFor({ role: 'unit', unit: 'huanweisuo' }, { unitId: 'huanweisuo' })).toBe('unit');
    expect(caseActorFor({ role: 'unit', unit: 'shuilizhan' }, { unitId: 'huanweisuo' })).toBe('other');
    expect(caseActorFor({ role: 'planner', unit: null }, { unitId: 'x' })).toBe('other');
    expect(caseActorFor(null, { unitId: 'x' })).toBe('other');
  });
});
