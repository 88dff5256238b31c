import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import type { Repositories } from '../../platform/context';
import type { Actor } from '../../platform/audit';
import { DATA_FOLDER } from '../../platform/data-files';
import { addDays, shanghaiDay } from '../../../shared/time/dates';
import { READING_ELEMENTS, sensorBodySchema } from '../../../shared/flood/sensors';
import { PUMP_STATUSES } from '../../../shared/flood/response';
import { floodProfileBodySchema } from '../../../shared/flood/flood';
import type { StoredReading } from './sensors.rows';

const sampleSchema = z.object({
  stations: z.array(
    z.object({
      ...sensorBodySchema.shape,
      readings: z.object({ element: z.enum(READING_ELEMENTS), base: z.number(), swing: z.number() }),
    }),
  ),
  pump: z.object({
    zone: z.string(),
    name: z.string(),
    position: z.tuple([z.number(), z.number()]),
    status: z.enum(PUMP_STATUSES),
  }),
  event: z.object({
    daysAgo: z.int(),
    rainfallMm: z.number(),
    notes: z.string(),
    points: z.array(z.object({ coordinates: z.tuple([z.number(), z.number()]), depthCm: z.int(), notes: z.string() })),
  }),
  profiles: z.array(z.object({ ...floodProfileBodySchema.shape, zone: z.string() })),
  duty: z.object({
    days: z.int(),
    people: z.array(z.object({ name: z.string(), phone: z.string(), role: z.string() })),
  }),
});

const SAMPLE_ACTOR: Actor = { id: null, username: 'sample', ip: null };
const HOURS = 72;

/** Hourly readings of the last three days: a slow tide-like swing for levels, a short shower for rain. */
function readingsOf(spec: z.infer<typeof sampleSchema>['stations'][number]['readings'], now: Date): StoredReading[] {
  const top = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const out: StoredReading[] = [];
  for (let hour = HOURS; hour >= 1; hour--) {
    const observedAt = new Date(top - hour * 3_600_000).toISOString();
    const value =
      spec.element === 'water_level'
        ? Math.round((spec.base + spec.swing * Math.sin((hour / 12) * Math.PI)) * 100) / 100
        : hour >= 30 && hour <= 36
          ? Math.round(spec.swing * Math.sin(((hour - 30) / 6) * Math.PI) * 10) / 10
          : 0;
    out.push({ element: spec.element, observedAt, value });
  }
  return out;
}

/**
 * The flood season's sample data (data/sample/flood-season.json, 示例数据): stations with three days of readings,
 * the flood profiles (risk levels) of three areas, a past rainfall event with its waterlogging points, a pump station with its status and a duty roster from today.
 * Seeded once with the sample zones (`npm start` on a fresh data folder), through the repositories (both engines).
 */
export async function seedSampleFloodSeason(repos: Repositories, now: Date): Promise<void> {
  const sample = sampleSchema.parse(
    JSON.parse(readFileSync(path.join(DATA_FOLDER, 'sample', 'flood-season.json'), 'utf8')),
  );
  for (const { readings, ...station } of sample.stations) {
    const created = await repos.sensors.create(station, SAMPLE_ACTOR, now, true);
    if (created === 'code_taken') continue;
    await repos.sensors.addReadings(Number(created.id), readingsOf(readings, now), 'sample', now);
  }
  const today = shanghaiDay(now);
  await repos.flood.createEvent(
    {
      occurredOn: addDays(today, -sample.event.daysAgo),
      rainfallMm: sample.event.rainfallMm,
      notes: sample.event.notes,
      points: sample.event.points,
    },
    SAMPLE_ACTOR,
  );
  const areas = await repos.flood.frequency();
  for (const { zone, ...profile } of sample.profiles) {
    const area = areas.find((each) => each.name === zone);
    if (area && !(await repos.flood.getProfile(Number(area.zoneId)))) {
      await repos.flood.putProfile(Number(area.zoneId), profile, null, SAMPLE_ACTOR);
    }
  }
  const zone = areas.find((area) => area.name === sample.pump.zone);
  if (zone) {
    const pump = await repos.flood.addFacility(
      Number(zone.zoneId),
      {
        componentCode: '01072',
        name: sample.pump.name,
        geometry: { type: 'Point', coordinates: sample.pump.position },
      },
      SAMPLE_ACTOR,
    );
    await repos.floodResponses.setPump(Number(pump.id), sample.pump.status, '', null, SAMPLE_ACTOR, now);
  }
  const people = sample.duty.people;
  for (let day = 0; day < sample.duty.days; day++) {
    // Two people a day, in turn.
    const onDuty = [people[day % people.length]!, people[(day + 1) % people.length]!];
    await repos.sensors.putDuty(addDays(today, day), onDuty, SAMPLE_ACTOR, true);
  }
}
