import { HttpProblem } from '../problem';

const codeOf = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
};

/**
 * The answer to a write that waited past busy_timeout for another writer (e.g. an import's commit
 * holding the database in its worker, docs/gis.md), or was stopped: 503 with Retry-After, nothing
 * saved. `what` names the write ("The import"). Null for any other error.
 */
export function databaseBusyProblem(error: unknown, what = 'The change'): HttpProblem | null {
  const code = codeOf(error);
  if (!code || !(code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'SQLITE_ABORT')) {
    return null;
  }
  return new HttpProblem(
    503,
    `${what} could not be saved now (the database is busy with another write): nothing was saved, try again in a minute`,
    undefined,
    undefined,
    { 'Retry-After': '30' },
  );
}

/**
 * The answer to a write transaction that SQLite refused (and rolled back whole), by the error's code:
 * busy (databaseBusyProblem, 503) or a constraint that refused a row (409). `what` names the write
 * ("The import"). Anything else is not a refusal of the write: null, and the caller rethrows it.
 */
export function writeRefusedProblem(error: unknown, what: string): HttpProblem | null {
  const busy = databaseBusyProblem(error, what);
  if (busy) return busy;
  if (codeOf(error)?.startsWith('SQLITE_CONSTRAINT')) {
    return new HttpProblem(409, `${what} could not be saved: nothing was saved`);
  }
  return null;
}
