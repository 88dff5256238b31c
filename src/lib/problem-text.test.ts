import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { ApiError } from './api';
import { problemFields, problemText } from './problem-text';

const t = ((key: string, options?: Record<string, unknown>) =>
  options ? `${key}${JSON.stringify(options)}` : key) as unknown as TFunction;
const problem = (status: number, extra: Record<string, unknown> = {}) =>
  new ApiError(status, { type: 'about:blank', title: 'x', status, ...extra });

describe('problemText', () => {
  it('is null without an error, the fallback for what is no API problem', () => {
    expect(problemText(null, t)).toBeNull();
    expect(problemText(new Error('bug'), t)).toBe('common.saveFailed');
    expect(problemText(new Error('bug'), t, { fallback: 'photos.failed' })).toBe('photos.failed');
  });

  it('words the typed extension members before the status', () => {
    const wording = { refusal: 'task.refusal.', reason: 'geometry.', status: { 403: 'task.forbidden' } };
    expect(problemText(problem(403, { refusal: 'not-allowed-for-role' }), t, wording)).toBe(
      'task.refusal.not-allowed-for-role',
    );
    expect(problemText(problem(400, { reason: 'self-intersection' }), t, wording)).toBe('geometry.self-intersection');
    expect(problemText(problem(403), t, wording)).toBe('task.forbidden');
  });

  it('then the status, then the detail or the wrong fields, then the fallback', () => {
    expect(problemText(problem(412), t, { status: { 412: 'flood.stale' } })).toBe('flood.stale');
    expect(problemText(problem(500, { detail: 'boom' }), t, { otherwise: 'detail' })).toBe('boom');
    expect(problemText(problem(500), t, { otherwise: 'detail', fallback: 'x.failed' })).toBe('x.failed');
    const fields = problem(400, { errors: [{ path: 'a', message: 'wrong' }] });
    expect(problemText(fields, t, { otherwise: { invalid: 'editor.invalid', fields: 'path' } })).toBe(
      'editor.invalid{"detail":"a: wrong"}',
    );
    expect(problemText(problem(409), t)).toBe('common.saveFailed');
  });

  it('problemFields falls back to the detail, then to nothing', () => {
    expect(problemFields(problem(400, { detail: 'd' }).problem)).toBe('d');
    expect(problemFields(null)).toBe('');
  });
});
