import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../testing/postgres';
import { createPgPool } from './pool';
import { followDatabaseClock, readDatabaseClockMs } from './clock';
import { databaseClockOffset, measureClockOffset, setDatabaseClockOffset, stampNow } from '../../clock';
import type { FastifyRequest } from 'fastify';
import { anonymousTally } from '../../audit';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: ReturnType<typeof createPgPool>;
beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPgPool(database.url, { max: 2 });
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});
afterEach(() => setDatabaseClockOffset(0));

describe('history stamped by the database clock', () => {
  it('measures the database clock at start: stamps agree with clock_timestamp()', async () => {
    const clock = await followDatabaseClock(pool);
    try {
      expect(Math.abs(databaseClockOffset())).toBeLessThan(1_000);
      const stamped = Date.parse(stampNow());
      expect(Math.abs(stamped - (await readDatabaseClockMs(pool)))).toBeLessThan(1_000);
    } finally {
      clock.stop();
    }
  });

  it('an instance whose own clock is an hour behind still stamps history by the database', async () => {
    // The database answers an hour ahead of this process: what an instance with a clock an hour slow sees.
    const offset = await measureClockOffset(async () => Date.now() + 3_600_000);
    expect(Math.abs(offset - 3_600_000)).toBeLessThan(100);
    setDatabaseClockOffset(offset);
    expect(Math.abs(Date.parse(stampNow()) - (Date.now() + 3_600_000))).toBeLessThan(1_000);
    // The minute an anonymous denial is tallied in (platform/audit.ts) is the database's minute.
    const tally = anonymousTally({ ip: '192.0.2.1' } as FastifyRequest, '/api/zones');
    const at = Date.parse(`${tally.windowStart}:00Z`);
    expect(Math.abs(at - (Date.now() + 3_600_000))).toBeLessThan(61_000);
  });
});
