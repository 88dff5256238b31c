import * as z from 'zod/mini';

/** 防汛应急响应 levels, from the least to the most severe (IV 一般 … I 特别重大). */
export const RESPONSE_LEVELS = ['IV', 'III', 'II', 'I'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];
export const RESPONSE_ACTIONS = ['raise', 'lower', 'end'] as const;
export type ResponseAction = (typeof RESPONSE_ACTIONS)[number];
/** 泵站 status as staff set it: 运行 / 停机 / 故障. */
export const PUMP_STATUSES = ['running', 'stopped', 'fault'] as const;
export type PumpStatus = (typeof PUMP_STATUSES)[number];
/** What the response's timeline records. */
export const TIMELINE_KINDS = ['started', 'raised', 'lowered', 'ended', 'pump', 'points'] as const;

/** data/flood-response.json: per level, what triggers it and who does what. */
export const responsePlanSchema = z.object({
  levels: z.record(
    z.enum(RESPONSE_LEVELS),
    z.object({
      trigger: z.string().check(z.minLength(1)),
      tasks: z
        .array(z.object({ unit: z.string().check(z.minLength(1)), title: z.string().check(z.minLength(1)) }))
        .check(z.minLength(1)),
    }),
  ),
});
export type ResponsePlan = z.infer<typeof responsePlanSchema>;

const reason = z.string().check(z.trim(), z.minLength(1, 'a reason is needed'), z.maxLength(500));
export const responseStartSchema = z.strictObject({ level: z.enum(RESPONSE_LEVELS), reason });
export const responseActionBodySchema = z.strictObject({ reason });

export const responseTaskSchema = z.object({
  id: z.string(),
  level: z.enum(RESPONSE_LEVELS),
  unit: z.string(),
  title: z.string(),
});

export const timelineEntrySchema = z.object({
  at: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  level: z.nullable(z.enum(RESPONSE_LEVELS)),
  reason: z.string(),
  actor: z.nullable(z.string()),
  detail: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const floodResponseSchema = z.object({
  id: z.string(),
  level: z.enum(RESPONSE_LEVELS),
  status: z.enum(['active', 'ended']),
  startedAt: z.string(),
  startedBy: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
  version: z.int(),
  tasks: z.array(responseTaskSchema),
  timeline: z.array(timelineEntrySchema),
});
export type FloodResponse = z.infer<typeof floodResponseSchema>;

/** The level an action leads to, or why it cannot be taken (the route answers 409 with it). */
export function levelAfter(level: ResponseLevel, action: Exclude<ResponseAction, 'end'>): ResponseLevel | string {
  const index = RESPONSE_LEVELS.indexOf(level);
  if (action === 'raise') {
    return index === RESPONSE_LEVELS.length - 1 ? 'The response is at level I already' : RESPONSE_LEVELS[index + 1]!;
  }
  return index === 0 ? 'The response is at level IV already: end it instead' : RESPONSE_LEVELS[index - 1]!;
}

/** The levels whose tasks a response at `level` has: its own and every lower one. */
export const levelsUpTo = (level: ResponseLevel): ResponseLevel[] =>
  RESPONSE_LEVELS.slice(0, RESPONSE_LEVELS.indexOf(level) + 1);

export const pumpStatusBodySchema = z.strictObject({
  status: z.enum(PUMP_STATUSES),
  note: z.optional(z.string().check(z.maxLength(500))),
});

export const pumpStationSchema = z.object({
  facilityId: z.string(),
  zoneId: z.string(),
  name: z.string(),
  position: z.tuple([z.number(), z.number()]),
  status: z.nullable(z.enum(PUMP_STATUSES)),
  note: z.string(),
  version: z.int(),
  updatedAt: z.nullable(z.string()),
});
export type PumpStation = z.infer<typeof pumpStationSchema>;
