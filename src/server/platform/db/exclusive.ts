/**
 * Background work that one instance at a time does (clean-ups of expired import sessions, periodic jobs): what
 * `runExclusively` answers. `ran: false` means another instance (or this one, still at it) is doing the same work
 * right now, so this turn is skipped, not queued.
 */
export type Exclusive<T> = { ran: true; value: T } | { ran: false };

export type RunExclusively = <T>(name: string, fn: () => Promise<T>) => Promise<Exclusive<T>>;

/**
 * SQLite: one process owns the database file, so only this process's own overlapping runs are skipped.
 * (PostgreSQL: platform/db/pg/exclusive.ts, an advisory lock.)
 */
export function createLocalExclusive(): RunExclusively {
  const running = new Set<string>();
  return async (name, fn) => {
    if (running.has(name)) return { ran: false };
    running.add(name);
    try {
      return { ran: true, value: await fn() };
    } finally {
      running.delete(name);
    }
  };
}
