import type { TFunction } from 'i18next';
import type { Problem } from '../shared/http/problem';
import { ApiError } from './api';

/** A message for one HTTP status: an i18n key, or a function of the problem the server sent (and its headers). */
type StatusWording = string | ((problem: Problem | null, error: ApiError) => string);

/** How one screen words an API problem; problemText applies the rules in the order listed here. */
export interface ProblemWording {
  /** i18n key prefixes for the typed extension members: e.g. `task.refusal.` + refusal, `geometry.` + reason. */
  refusal?: string;
  reason?: string;
  /** A message per HTTP status (0: no answer, e.g. offline). */
  status?: Partial<Record<number, StatusWording>>;
  /** Otherwise: `detail` shows the server's detail; `{ invalid, fields }` words the wrong fields with that key; or a function. */
  otherwise?: 'detail' | { invalid: string; fields: 'path' | 'message' } | Exclude<StatusWording, string>;
  /** When nothing else applies, or the error is no API problem (default common.saveFailed). */
  fallback?: string;
}

/** The wrong fields of a 400 (`path: message` or the messages), else the server's detail, else ''. */
export function problemFields(problem: Problem | null, fields: 'path' | 'message' = 'message'): string {
  const named = problem?.errors
    ?.map((entry) => (fields === 'path' ? `${entry.path}: ${entry.message}` : entry.message))
    .join('; ');
  return named || problem?.detail || '';
}

/** The problem of a failed request, or null when it was no API answer (a bug, a parse error). */
export function problemOf(error: unknown): Problem | null {
  return error instanceof ApiError ? error.problem : null;
}

/**
 * The one place an API problem becomes a user message (docs/quality.md): null when there is no error,
 * else the screen's wording for the problem's extension members, its status, its fields or detail.
 */
export function problemText(error: unknown, t: TFunction, wording: ProblemWording = {}): string | null {
  if (!error) return null;
  const fallback = t(wording.fallback ?? 'common.saveFailed');
  if (!(error instanceof ApiError)) return fallback;
  const problem = error.problem;
  if (wording.refusal && problem?.refusal) return t(`${wording.refusal}${problem.refusal}`);
  if (wording.reason && problem?.reason) return t(`${wording.reason}${problem.reason}`);
  const byStatus = wording.status?.[error.status];
  if (byStatus !== undefined) return typeof byStatus === 'string' ? t(byStatus) : byStatus(problem, error);
  if (wording.otherwise === 'detail') return problem?.detail || fallback;
  if (typeof wording.otherwise === 'function') return wording.otherwise(problem, error);
  if (wording.otherwise)
    return t(wording.otherwise.invalid, { detail: problemFields(problem, wording.otherwise.fields) });
  return fallback;
}
