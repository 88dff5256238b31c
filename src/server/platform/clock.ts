/**
 * The time this server stamps history with (zone versions, task threads, audit entries, sessions …). On SQLite it is
 * this process's clock. On PostgreSQL every instance reads the database server's clock at start and every few minutes
 * and keeps the difference (`setDatabaseClockOffset`), so that instances whose own clocks drift apart still stamp
 * history in one order (docs/deploy.md "Time"). Process-wide: one process talks to one database server.
 * Tests freeze the routes' clock through the route context's `now` (createApp's `now` option), not here.
 */
let offsetMs = 0;

/** Now by the database's clock, in epoch milliseconds. */
export const nowMs = (): number => Date.now() + offsetMs;
/** Now by the database's clock. */
export const databaseNow = (): Date => new Date(nowMs());
/** Now by the database's clock, as the ISO 8601 text history is stamped with. */
export const stampNow = (): string => databaseNow().toISOString();

/** The database clock's lead over this process's clock, in milliseconds (negative: behind). */
export const databaseClockOffset = (): number => offsetMs;

export function setDatabaseClockOffset(ms: number): void {
  offsetMs = ms;
}

/**
 * The database clock's lead over this process's, from one reading `readMs` (the database's epoch milliseconds),
 * taken as happening half-way through the round trip.
 */
export async function measureClockOffset(readMs: () => Promise<number>): Promise<number> {
  const sent = Date.now();
  const database = await readMs();
  const received = Date.now();
  return Math.round(database - (sent + received) / 2);
}
