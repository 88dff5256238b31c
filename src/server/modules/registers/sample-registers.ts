import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import type { Repositories } from '../../platform/context';
import type { Actor } from '../../platform/audit';
import { DATA_FOLDER } from '../../platform/data-files';
import { addDays, shanghaiDay } from '../../../shared/time/dates';
import { zoneGeometrySchema } from '../../../shared/zones/zone';
import { registerKind, RIVER_SECTIONS } from '../../../shared/registers/kinds';
import { checkRegisterAttributes, geometryFitsKind, readingBodySchema } from '../../../shared/registers/register';

const sampleSchema = z.object({
  objects: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      geometry: zoneGeometrySchema,
      attributes: z.record(z.string(), z.unknown()),
      /** Date attributes as days from today (negative: past), so the sample stays current. */
      dates: z.optional(z.record(z.string(), z.int())),
      readings: z.optional(z.array(z.object({ daysAgo: z.int(), values: z.record(z.string(), z.number()) }))),
    }),
  ),
});

const SAMPLE_ACTOR: Actor = { id: null, username: 'sample', ip: null };

/** The sample objects as the seed stores them, each checked against its kind (a test runs this on the file). */
export function loadSampleRegisters(today: string, folder = DATA_FOLDER) {
  const sample = sampleSchema.parse(JSON.parse(readFileSync(path.join(folder, 'sample', 'registers.json'), 'utf8')));
  return sample.objects.map((object) => {
    const kind = registerKind(object.kind);
    if (!kind) throw new Error(`Sample register object ${object.name}: no register ${object.kind}`);
    if (!geometryFitsKind(kind, object.geometry)) throw new Error(`Sample ${object.name}: not a ${kind.geometry}`);
    const dated = Object.fromEntries(
      Object.entries(object.dates ?? {}).map(([key, days]) => [key, addDays(today, days)]),
    );
    const check = checkRegisterAttributes(kind, { ...object.attributes, ...dated });
    if (!check.valid) throw new Error(`Sample ${object.name}: ${check.errors.map((e) => e.path).join(', ')}`);
    const readings = (object.readings ?? []).map((reading) =>
      readingBodySchema.parse({ sampledOn: addDays(today, -reading.daysAgo), values: reading.values }),
    );
    return { kind, name: object.name, geometry: object.geometry, attributes: check.attributes, readings };
  });
}

/**
 * The registers' sample data (data/sample/registers.json, 示例数据): objects of every kind inside the illustrative
 * town, ads with some expired 审批, river sections with readings of the last months. Seeded once with the sample
 * zones (`npm start` on a fresh data folder), through the repositories (both engines).
 */
export async function seedSampleRegisters(repos: Repositories, now: Date): Promise<number> {
  const objects = loadSampleRegisters(shanghaiDay(now));
  for (const object of objects) {
    const created = await repos.registers.create(
      object.kind.slug,
      { name: object.name, geometry: object.geometry, attributes: object.attributes, ownerUnit: object.kind.ownerUnit },
      SAMPLE_ACTOR,
      now,
    );
    if (object.kind.slug !== RIVER_SECTIONS) continue;
    for (const reading of object.readings) await repos.registers.addReading(created.id, reading, SAMPLE_ACTOR, now);
  }
  return objects.length;
}
