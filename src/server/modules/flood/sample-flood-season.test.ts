import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { loadSampleData } from '../../platform/data-files';
import { dutyDaySchema, sensorSchema } from '../../../shared/flood/sensors';
import { pumpStationSchema } from '../../../shared/flood/response';
import { floodFrequencySchema } from '../../../shared/flood/flood';
import { seedSampleFloodSeason } from '.';

let server: TestServer;
let water: string;
beforeAll(async () => {
  // The real sample zones, as `npm start` seeds them, then the flood season's sample.
  const sample = loadSampleData();
  server = await startTestServer({ sample });
  await seedSampleFloodSeason(server.repos, new Date('2026-06-15T04:00:00Z'));
  water = await server.login('water');
  // A fresh PostgreSQL template of the real sample zones takes a while the first time.
}, 120_000);
afterAll(async () => {
  await server.close();
});
const get = async (path: string) => (await server.request(path, { cookie: water })).json();

describe('the flood season sample (示例数据)', () => {
  it('has stations with three days of readings under their thresholds, labelled illustrative', async () => {
    const stations = z.array(sensorSchema).parse(await get('/api/sensors'));
    expect(stations).toHaveLength(3);
    for (const station of stations) {
      expect(station.illustrative).toBe(true);
      expect(station.over).toEqual([]);
      expect(station.latest).not.toBeNull();
      const readings = (await get(`/api/sensors/${station.id}/readings?days=3`)) as unknown[];
      expect(readings).toHaveLength(72);
    }
    expect(await get('/api/flood/alerts')).toEqual([]);
  });

  it('has a past event whose points fall in three flood-prone areas, a running pump station and a duty roster', async () => {
    const frequency = floodFrequencySchema.parse(await get('/api/flood-frequency'));
    expect(frequency.filter((area) => area.events === 1)).toHaveLength(3);
    expect(
      frequency
        .filter((area) => area.riskLevel !== null)
        .map((area) => area.riskLevel)
        .sort(),
    ).toEqual(['high', 'low', 'medium']);
    const pumps = z.array(pumpStationSchema).parse(await get('/api/flood/pumps'));
    expect(pumps.map((pump) => pump.status)).toEqual(['running']);
    const today = dutyDaySchema.parse(await get('/api/flood/duty?date=2026-06-15'));
    expect(today.people).toHaveLength(2);
    expect(today.people.every((person) => person.illustrative)).toBe(true);
  });
});
