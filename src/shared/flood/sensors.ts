import * as z from 'zod/mini';
import { daySchema } from '../zones/zone';

/** 雨量站 (rain gauge) and 水位站 (water-level station). */
export const SENSOR_KINDS = ['rain', 'water_level'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];
/** What a reading measures: rainfall in mm fallen since the station's previous report, water level in metres. */
export const READING_ELEMENTS = ['rainfall', 'water_level'] as const;
export type ReadingElement = (typeof READING_ELEMENTS)[number];
/** The thresholds a station can cross: 警戒水位, 保证水位, 1 h and 24 h rainfall. */
export const THRESHOLD_KINDS = ['warning_level', 'guarantee_level', 'rain_1h', 'rain_24h'] as const;
export type ThresholdKind = (typeof THRESHOLD_KINDS)[number];
/** An instant with its offset (Z or ±hh:mm), to the minute or finer. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Readings sent in one request at most. */
export const MAX_READINGS_PER_REQUEST = 5000;

const position = z.tuple([
  z.number().check(z.minimum(-180), z.maximum(180)),
  z.number().check(z.minimum(-90), z.maximum(90)),
]);
const level = z.nullable(z.number().check(z.minimum(-100), z.maximum(10_000)));
const rain = z.nullable(z.number().check(z.minimum(0), z.maximum(2000)));

export const sensorBodySchema = z.strictObject({
  kind: z.enum(SENSOR_KINDS),
  name: z.string().check(z.trim(), z.minLength(1, 'a station needs a name'), z.maxLength(80)),
  /** The SL 651-2014 station address its telemetry frames carry: 10 digits. */
  code: z.nullable(z.string().check(z.regex(/^\d{10}$/, 'an SL 651 station address has 10 digits'))),
  position,
  /** The river or area the station watches. */
  river: z.string().check(z.maxLength(80)),
  warningLevelM: level,
  guaranteeLevelM: level,
  rain1hMm: rain,
  rain24hMm: rain,
});
export type SensorBody = z.infer<typeof sensorBodySchema>;
export const sensorPatchSchema = z.partial(sensorBodySchema);
export type SensorPatch = z.infer<typeof sensorPatchSchema>;

export const latestReadingSchema = z.object({
  observedAt: z.string(),
  /** The last water level (m), for 水位站. */
  waterLevelM: z.nullable(z.number()),
  /** Rain in the hour and the 24 hours up to the last rain report (mm), for 雨量站. */
  rain1hMm: z.nullable(z.number()),
  rain24hMm: z.nullable(z.number()),
});

export const sensorSchema = z.object({
  ...sensorBodySchema.shape,
  id: z.string(),
  illustrative: z.boolean(),
  version: z.int(),
  updatedAt: z.string(),
  latest: z.nullable(latestReadingSchema),
  /** The thresholds the station is at or over now (its open alerts). */
  over: z.array(z.enum(THRESHOLD_KINDS)),
});
export type Sensor = z.infer<typeof sensorSchema>;

/** One reading as sent: at least one of rainfall and water level. */
export const readingBodySchema = z
  .strictObject({
    observedAt: z.string().check(
      z.regex(ISO_INSTANT, 'observedAt is a time with its offset, e.g. 2026-06-15T08:00:00+08:00'),
      z.refine((text) => !Number.isNaN(Date.parse(text)), 'observedAt is not a valid time'),
    ),
    rainfallMm: z.optional(z.number().check(z.minimum(0), z.maximum(1000))),
    waterLevelM: z.optional(z.number().check(z.minimum(-100), z.maximum(10_000))),
  })
  .check(
    z.refine((reading) => reading.rainfallMm !== undefined || reading.waterLevelM !== undefined, {
      message: 'a reading needs rainfallMm or waterLevelM',
    }),
  );
export type ReadingBody = z.infer<typeof readingBodySchema>;
export const readingsBodySchema = z.strictObject({
  readings: z.array(readingBodySchema).check(z.minLength(1), z.maxLength(MAX_READINGS_PER_REQUEST)),
});

export const sensorReadingSchema = z.object({
  observedAt: z.string(),
  element: z.enum(READING_ELEMENTS),
  value: z.number(),
});

export const floodAlertSchema = z.object({
  id: z.string(),
  sensorId: z.string(),
  sensorName: z.string(),
  thresholdKind: z.enum(THRESHOLD_KINDS),
  value: z.number(),
  threshold: z.number(),
  observedAt: z.string(),
  raisedAt: z.string(),
  clearedAt: z.nullable(z.string()),
  /** Who was on duty that day (names only; phones are in the duty roster). */
  onDuty: z.array(z.string()),
  /** Where the alert leads in the app. */
  link: z.string(),
});
export type FloodAlert = z.infer<typeof floodAlertSchema>;

export const readingsResultSchema = z.object({
  stored: z.int(),
  duplicates: z.int(),
  alerts: z.array(floodAlertSchema),
});
export type ReadingsResult = z.infer<typeof readingsResultSchema>;

/** The app link of a station (the 汛期 view with its panel open). */
export const sensorLink = (sensorId: string) => `/?view=flood&sensor=${sensorId}`;

/** The threshold value of a kind, or null when the station has none set. */
export function thresholdOf(
  sensor: Pick<SensorBody, 'warningLevelM' | 'guaranteeLevelM' | 'rain1hMm' | 'rain24hMm'>,
  kind: ThresholdKind,
) {
  switch (kind) {
    case 'warning_level':
      return sensor.warningLevelM;
    case 'guarantee_level':
      return sensor.guaranteeLevelM;
    case 'rain_1h':
      return sensor.rain1hMm;
    case 'rain_24h':
      return sensor.rain24hMm;
  }
}

/** 值班表: one person on flood duty on a day. */
export const dutyPersonSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  phone: z.string().check(z.regex(/^[0-9+\- ]{3,20}$/, 'a phone number has 3–20 digits')),
  role: z.string().check(z.maxLength(40)),
});
export const dutyDayBodySchema = z.strictObject({
  /** The day (Asia/Shanghai, YYYY-MM-DD). */
  date: daySchema,
  people: z.array(dutyPersonSchema).check(z.maxLength(20)),
});
export const dutyDaySchema = z.object({
  date: z.string(),
  people: z.array(z.object({ ...dutyPersonSchema.shape, illustrative: z.boolean() })),
});
export type DutyDay = z.infer<typeof dutyDaySchema>;
