import { HttpProblem } from './problem';

/** The one "does not exist" answer: 404 "<What> <id> does not exist". */
export const notFoundProblem = (what: string, id: string | number) =>
  new HttpProblem(404, `${what} ${id} does not exist`);

/** `value`, or a 404 "<What> <id> does not exist" when there is none. */
export function foundOr404<T>(value: T | null | undefined, what: string, id: string | number): T {
  if (value === null || value === undefined) throw notFoundProblem(what, id);
  return value;
}

/** `value`, or a 404 with this detail when there is none (or it is false). */
export function orNotFound<T>(value: T | null | undefined | false, detail: string): T {
  if (value === null || value === undefined || value === false) throw new HttpProblem(404, detail);
  return value;
}
