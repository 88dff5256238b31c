/**
 * Resolves on the event loop's next turn, after the requests that came in meanwhile have been answered: long work on
 * the server's thread (pages of an export, a digest of thousands of notifications) awaits it between its pieces, so
 * `/api/health` and everyone else's requests keep their answer times (docs/quality.md P10). An awaited SQLite call
 * does not do this: better-sqlite3 is synchronous, and its promise resolves before any other request is looked at.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
