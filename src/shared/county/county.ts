import * as z from 'zod/mini';

export { TOWN_CODE } from './town-code';

/** A town name (what users see; the code never is): 1–40 characters. */
export const TOWN_NAME_MAX = 40;

export const townSchema = z.object({ code: z.string(), name: z.string() });
export type TownInfo = z.infer<typeof townSchema>;
/** `GET /api/towns`: the towns this deployment serves (the login form offers a choice when there are several). */
export const townListSchema = z.object({ towns: z.array(townSchema) });

const rate = z.nullable(z.number());

/** One town in the county overview (县级总览): its figures, overdue work and unit ranking. */
export const countyTownSchema = z.object({
  code: z.string(),
  name: z.string(),
  totals: z.object({
    zones: z.int(),
    accepted: z.int(),
    overdueZones: z.int(),
    tasks: z.int(),
    overdueTasks: z.int(),
    completionRate: rate,
    onTimeRate: rate,
  }),
  /** The most overdue zones and tasks (at most COUNTY_OVERDUE_LIMIT each), most days late first. */
  overdueZones: z.array(z.object({ id: z.string(), name: z.string(), daysLate: z.int() })),
  overdueTasks: z.array(z.object({ id: z.string(), title: z.string(), unitName: z.string(), daysLate: z.int() })),
  /** Lead units ranked by on-time rate, then completion rate (none rated last). */
  units: z.array(
    z.object({
      name: z.string(),
      nameEn: z.string(),
      zones: z.int(),
      overdueZones: z.int(),
      completionRate: rate,
      onTimeRate: rate,
    }),
  ),
});
export type CountyTown = z.infer<typeof countyTownSchema>;
export const countyOverviewSchema = z.object({ asOf: z.string(), towns: z.array(countyTownSchema) });
export type CountyOverview = z.infer<typeof countyOverviewSchema>;

export const COUNTY_OVERDUE_LIMIT = 5;

/** Ranking order of units: on-time rate, then completion rate, high first; a unit without a rate last. */
export function compareUnitRanks(
  a: { onTimeRate: number | null; completionRate: number | null },
  b: { onTimeRate: number | null; completionRate: number | null },
): number {
  const key = (rate: number | null) => (rate === null ? -1 : rate);
  return key(b.onTimeRate) - key(a.onTimeRate) || key(b.completionRate) - key(a.completionRate);
}
