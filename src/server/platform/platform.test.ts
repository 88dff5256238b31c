import { describe, expect, it } from 'vitest';
import { foundOr404, notFoundProblem, orNotFound } from './found';
import { staleProblem } from './preconditions';
import { idParams, idParamsSchema, idString } from './params';
import { HttpProblem } from './problem';

const problemOf = (run: () => unknown): HttpProblem => {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('no problem thrown');
};

describe('the one find-or-404', () => {
  it('passes values through and answers 404 "<What> <id> does not exist" for none', () => {
    expect(foundOr404({ id: 3 }, 'Zone', 3)).toEqual({ id: 3 });
    const problem = problemOf(() => foundOr404(null, 'Zone', 7));
    expect([problem.status, problem.detail]).toEqual([404, 'Zone 7 does not exist']);
    expect(notFoundProblem('Task', '12').detail).toBe('Task 12 does not exist');
  });

  it('takes a detail of its own, and false counts as none', () => {
    expect(orNotFound(true, 'x')).toBe(true);
    expect(problemOf(() => orNotFound(false, 'Token 4 was revoked already')).detail).toBe(
      'Token 4 was revoked already',
    );
    expect(problemOf(() => orNotFound(undefined, 'gone')).status).toBe(404);
  });
});

describe('the one 412', () => {
  it('names the current version and carries the current state when given', () => {
    const problem = staleProblem({ currentVersion: 5, current: { id: '1' } });
    expect(problem.status).toBe(412);
    expect(problem.detail).toBe('Changed by someone else: the current version is 5');
    expect(problem.extra).toEqual({ currentVersion: 5, current: { id: '1' } });
  });

  it('leaves out what it was not given, keeps an explicit null', () => {
    expect(staleProblem({ currentVersion: 2 }).extra).toEqual({ currentVersion: 2 });
    expect(staleProblem({ detail: 'read it again' }).extra).toBeUndefined();
    expect(staleProblem({ currentVersion: null, current: null, detail: 'none yet' }).extra).toEqual({
      currentVersion: null,
      current: null,
    });
  });
});

describe('the one id parameter', () => {
  it('accepts 1 to 12 digits without a leading zero', () => {
    expect(idParamsSchema.safeParse({ id: '42' })).toMatchObject({ success: true, data: { id: 42 } });
    for (const bad of ['0', '007', '-1', '1.5', '1234567890123', 'x']) {
      expect(idParamsSchema.safeParse({ id: bad }).success).toBe(false);
    }
  });

  it('says what the id is of', () => {
    const result = idParams('task').safeParse({ id: '0' });
    expect(result.success ? '' : result.error.issues[0]!.message).toBe('task id must be a positive whole number');
    const own = idString('taskId must be a positive whole number').safeParse('x');
    expect(own.success ? '' : own.error.issues[0]!.message).toBe('taskId must be a positive whole number');
  });
});
