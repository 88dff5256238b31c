import { HttpProblem } from '../problem';

/**
 * The answer to a write transaction that SQLite refused (and rolled back whole), by the error's code:
 * another writer held the database past busy_timeout, or the write was stopped (503, try again); a
 * constraint refused a row (409). `what` names the write ("The import"). Anything else is not a
 * refusal of the write: null, and the caller rethrows it.
 */
export function writeRefusedProblem(error: unknown, what: string): HttpProblem | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'SQLITE_ABORT') {
    return new HttpProblem(
      503,
      `${what} could not be saved now (the database is busy with another write): nothing was saved, try again in a minute`,
      undefined,
      { reason: 'busy' },
      { 'Retry-After': '30' },
    );
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new HttpProblem(409, `${what} could not be saved: nothing was saved`, undefined, { reason: 'constraint' });
  }
  return null;
}
