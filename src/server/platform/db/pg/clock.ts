import type pg from 'pg';
import { measureClockOffset, setDatabaseClockOffset } from '../../clock';

/** How often an instance reads the database clock again (its own clock may drift, or be set, meanwhile). */
export const CLOCK_REFRESH_MS = 5 * 60_000;

/** The database server's clock, in epoch milliseconds (clock_timestamp: the time now, not the transaction's start). */
export async function readDatabaseClockMs(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ ms: number }>(
    'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms',
  );
  return Number(result.rows[0]!.ms);
}

/**
 * Stamp history by the database's clock (platform/clock.ts): the offset is measured now and every
 * CLOCK_REFRESH_MS; a failed refresh keeps the last offset.
 */
export async function followDatabaseClock(pool: pg.Pool): Promise<{ stop(): void }> {
  const sync = async () => setDatabaseClockOffset(await measureClockOffset(() => readDatabaseClockMs(pool)));
  await sync();
  const timer = setInterval(() => void sync().catch(() => undefined), CLOCK_REFRESH_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
