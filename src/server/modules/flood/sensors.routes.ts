import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Papa from 'papaparse';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400, zodErrors } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { etagOf, expectedVersion } from '../../platform/preconditions';
import { idParams } from '../../platform/params';
import { foundOr404 } from '../../platform/found';
import { requireItemOwnership } from '../../platform/ownership';
import { FLOOD_ITEM } from '../../../shared/campaign/items';
import { isValidDay } from '../../../shared/time/dates';
import {
  dutyDayBodySchema,
  MAX_READINGS_PER_REQUEST,
  readingBodySchema,
  readingsBodySchema,
  sensorBodySchema,
  sensorPatchSchema,
  type ReadingBody,
  type ReadingsResult,
} from '../../../shared/flood/sensors';
import type { StoredReading } from './sensors.rows';
import { hexFrame, parseAnySl651, sl651Acknowledgement, sl651Readings, Sl651Error } from './sl651';
import { handFloodAlertsToInbox, type FloodAlertNotifier } from './alert-delivery';

const sensorParamsSchema = idParams('station');
/** How far ahead of the server's clock a reading may be (a station's clock runs a little fast). */
const FUTURE_SLACK_MS = 10 * 60_000;
/** A frame or CSV body at most. */
const BODY_LIMIT = 1024 * 1024;
const CSV_COLUMNS = ['observedAt', 'rainfallMm', 'waterLevelM'] as const;

const readingsQuerySchema = z.object({
  days: z.optional(z.pipe(z.string().check(z.regex(/^\d{1,2}$/, 'days is 1 to 31')), z.transform(Number))),
});
const alertsQuerySchema = z.object({
  sensor: z.optional(z.string().check(z.regex(/^[1-9]\d{0,11}$/, 'sensor is a station id'))),
  open: z.optional(z.enum(['true', 'false'])),
});
const dutyQuerySchema = z.object({ date: z.string().check(z.refine(isValidDay, 'date is a day (YYYY-MM-DD)')) });

/** CSV text → readings, or a 400 naming each bad row (its line in the file) and what is wrong. */
function readingsFromCsv(text: string): ReadingBody[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: 'greedy' });
  const [header = [], ...records] = parsed.data;
  const columns = header.map((name) => name.trim());
  const unknown = columns.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (!columns.includes('observedAt') || unknown.length) {
    throw new HttpProblem(
      400,
      `The CSV header must name observedAt and rainfallMm and/or waterLevelM${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
    );
  }
  if (records.length > MAX_READINGS_PER_REQUEST) {
    throw new HttpProblem(400, `At most ${MAX_READINGS_PER_REQUEST} readings in one request`);
  }
  const readings: ReadingBody[] = [];
  const errors: { path: string; message: string }[] = [];
  records.forEach((record, index) => {
    const line = index + 2;
    const raw: Record<string, unknown> = {};
    columns.forEach((name, column) => {
      const cell = (record[column] ?? '').trim();
      if (cell === '') return;
      raw[name] = name === 'observedAt' ? cell : /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
    });
    const result = readingBodySchema.safeParse(raw);
    if (result.success) readings.push(result.data);
    else
      for (const error of zodErrors(result.error))
        errors.push({ path: `row ${line}.${error.path}`, message: error.message });
  });
  if (errors.length) {
    throw new HttpProblem(400, `Invalid readings: ${errors[0]!.path}: ${errors[0]!.message}`, errors.slice(0, 50));
  }
  if (!readings.length) throw new HttpProblem(400, 'The CSV has no readings');
  return readings;
}

/** Readings as stored (one row per element), refusing times ahead of the server's clock. */
function toStored(readings: readonly ReadingBody[], now: Date): StoredReading[] {
  const stored: StoredReading[] = [];
  readings.forEach((reading, index) => {
    const time = Date.parse(reading.observedAt);
    if (time > now.getTime() + FUTURE_SLACK_MS) {
      throw new HttpProblem(400, `Reading ${index + 1} is observed in the future: ${reading.observedAt}`, [
        { path: `readings.${index}.observedAt`, message: 'in the future' },
      ]);
    }
    const observedAt = new Date(time).toISOString();
    if (reading.rainfallMm !== undefined) stored.push({ element: 'rainfall', observedAt, value: reading.rainfallMm });
    if (reading.waterLevelM !== undefined) {
      stored.push({ element: 'water_level', observedAt, value: reading.waterLevelM });
    }
  });
  return stored;
}

/** The water station's monitoring stations (雨量站, 水位站), their readings and alerts, SL 651 frames, duty roster. */
export function registerSensorRoutes(
  app: FastifyInstance,
  context: RouteContext,
  notifier: FloodAlertNotifier | undefined,
): void {
  const { repos } = context;
  // CSV readings and SL 651 frames as sent by a gateway (text/plain, hex frames, is Fastify's own parser).
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  const mayWrite = async (request: FastifyRequest) =>
    requireItemOwnership(repos, request, [FLOOD_ITEM], await context.campaign());
  const sensorOr404 = async (id: number) => foundOr404(await repos.sensors.get(id), 'Station', id);
  const codeTaken = (code: string | null | undefined) =>
    new HttpProblem(409, `Another station has the SL 651 address ${code}`, [{ path: 'code', message: 'taken' }]);
  const delivered = async (request: FastifyRequest, result: ReadingsResult) => {
    await handFloodAlertsToInbox(result.alerts, request.log, notifier, context.now());
    return result;
  };

  app.get('/api/sensors', async () => repos.sensors.list());

  app.post('/api/sensors', async (request, reply) => {
    await mayWrite(request);
    const body = parseOr400(sensorBodySchema, request.body, 'station');
    const created = await repos.sensors.create(body, writeActor(request), context.now());
    if (created === 'code_taken') throw codeTaken(body.code);
    reply.header('ETag', etagOf(created.version));
    return reply.code(201).send(created);
  });

  app.patch('/api/sensors/:id', async (request, reply) => {
    const { id } = parseOr400(sensorParamsSchema, request.params, 'station id');
    await mayWrite(request);
    const current = await sensorOr404(id);
    const version = expectedVersion(request, current.version, current);
    const patch = parseOr400(sensorPatchSchema, request.body, 'station');
    const saved = await repos.sensors.update(id, patch, version, writeActor(request), context.now());
    if (saved === null) throw new HttpProblem(404, `Station ${id} does not exist`);
    if (saved === 'code_taken') throw codeTaken(patch.code);
    if (saved === 'stale') {
      const now = await repos.sensors.get(id);
      throw new HttpProblem(412, `Changed by someone else: the current version is ${now?.version}`, undefined, {
        currentVersion: now?.version ?? null,
        current: now,
      });
    }
    reply.header('ETag', etagOf(saved.version));
    return saved;
  });

  app.get('/api/sensors/:id/readings', async (request) => {
    const { id } = parseOr400(sensorParamsSchema, request.params, 'station id');
    const { days = 7 } = parseOr400(readingsQuerySchema, request.query, 'query');
    if (days < 1 || days > 31) throw new HttpProblem(400, 'days is 1 to 31');
    await sensorOr404(id);
    const since = new Date(context.now().getTime() - days * 86_400_000).toISOString();
    return repos.sensors.readings(id, since);
  });

  app.post('/api/sensors/:id/readings', async (request, reply) => {
    const { id } = parseOr400(sensorParamsSchema, request.params, 'station id');
    await mayWrite(request);
    await sensorOr404(id);
    const csv = typeof request.body === 'string';
    const readings = csv
      ? readingsFromCsv(request.body as string)
      : parseOr400(readingsBodySchema, request.body, 'readings').readings;
    const now = context.now();
    const result = await repos.sensors.addReadings(id, toStored(readings, now), csv ? 'csv' : 'json', now);
    if (!result) throw new HttpProblem(404, `Station ${id} does not exist`);
    return reply.code(result.stored ? 201 : 200).send(await delivered(request, result));
  });

  app.post('/api/sensors/sl651', async (request, reply: FastifyReply) => {
    await mayWrite(request);
    const binary = Buffer.isBuffer(request.body);
    // As sent: raw bytes, an ASCII frame as text (it starts with SOH), or a frame's bytes as hex digits.
    const bytes = binary
      ? Uint8Array.from(request.body as Buffer)
      : typeof request.body === 'string'
        ? request.body.startsWith('\u0001')
          ? Uint8Array.from(Buffer.from(request.body, 'latin1'))
          : hexFrame(request.body)
        : null;
    if (!bytes) {
      throw new HttpProblem(
        400,
        'Send one SL 651 frame (HEX/BCD or ASCII) as application/octet-stream, an ASCII frame or a frame in hex digits as text/plain',
      );
    }
    let frame;
    try {
      frame = parseAnySl651(bytes);
    } catch (error) {
      if (error instanceof Sl651Error) {
        throw new HttpProblem(400, `SL 651 frame refused (${error.fault}): ${error.message}`, undefined, {
          fault: error.fault,
        });
      }
      throw error;
    }
    const sensor = await repos.sensors.findByCode(frame.stationAddress);
    if (!sensor) {
      throw new HttpProblem(
        404,
        `No station has the SL 651 address ${frame.stationAddress}: register it with that code first`,
      );
    }
    const now = context.now();
    const stored = toStored(sl651Readings(frame), now);
    const result = stored.length
      ? await repos.sensors.addReadings(Number(sensor.id), stored, 'sl651', now)
      : { stored: 0, duplicates: 0, alerts: [] };
    if (!result) throw new HttpProblem(404, `Station ${sensor.id} does not exist`);
    await delivered(request, result);
    const acknowledgement = sl651Acknowledgement(frame);
    if (binary) return reply.type('application/octet-stream').send(Buffer.from(acknowledgement));
    return {
      stationAddress: frame.stationAddress,
      sensorId: sensor.id,
      functionCode: frame.functionCode,
      serial: frame.serial,
      observedAt: frame.observedAt,
      ...result,
      acknowledgement: Buffer.from(acknowledgement).toString('hex').toUpperCase(),
    };
  });

  app.get('/api/flood/alerts', async (request) => {
    const query = parseOr400(alertsQuerySchema, request.query, 'query');
    return repos.sensors.alerts({
      ...(query.sensor ? { sensorId: Number(query.sensor) } : {}),
      openOnly: query.open === 'true',
      limit: 200,
    });
  });

  // 值班表: staff only (the matrix keeps visitors out even when the public view is on): names and phones.
  app.get('/api/flood/duty', async (request) => {
    const { date } = parseOr400(dutyQuerySchema, request.query, 'query');
    return repos.sensors.duty(date);
  });

  app.put('/api/flood/duty', async (request) => {
    await mayWrite(request);
    const body = parseOr400(dutyDayBodySchema, request.body, 'duty roster');
    return repos.sensors.putDuty(body.date, body.people, writeActor(request));
  });
}
