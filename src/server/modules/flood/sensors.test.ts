import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { floodAlertSchema, readingsResultSchema, sensorSchema, dutyDaySchema } from '../../../shared/flood/sensors';
import { buildSl651AsciiFrame, buildSl651Frame, frameHex, sl651Crc } from '../../../testing/sl651-builder';

let server: TestServer;
let water: string;
beforeAll(async () => {
  // The test server's clock: 2026-06-15 12:00 in Asia/Shanghai.
  server = await startTestServer();
  water = await server.login('water');
});
afterAll(async () => {
  await server.close();
});

let codeSeq = 0;
/** One station as the register lists it. */
async function stationNow(id: string) {
  const list = z.array(sensorSchema).parse(await (await server.request('/api/sensors', { cookie: water })).json());
  return list.find((station) => station.id === id)!;
}

/** A station of the water station, with a fresh SL 651 address. */
async function newStation(overrides: Record<string, unknown> = {}) {
  codeSeq += 1;
  const response = await server.request('/api/sensors', {
    method: 'POST',
    cookie: water,
    json: {
      kind: 'water_level',
      name: `测试水位站 ${codeSeq}`,
      code: `00900000${String(codeSeq).padStart(2, '0')}`,
      position: [120.92, 31.17],
      river: '锦溪河',
      warningLevelM: 3.2,
      guaranteeLevelM: 3.8,
      rain1hMm: 30,
      rain24hMm: 50,
      ...overrides,
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return sensorSchema.parse(await response.json());
}

const post = (id: string, body: unknown) =>
  server.request(`/api/sensors/${id}/readings`, { method: 'POST', cookie: water, json: body });
const level = (observedAt: string, waterLevelM: number) => ({ observedAt, waterLevelM });

describe('monitoring stations and their readings', () => {
  it('registers a station, changes it only with If-Match, and refuses a taken SL 651 address', async () => {
    const station = await newStation();
    expect(station).toMatchObject({ kind: 'water_level', version: 1, latest: null, over: [] });
    const patch = { warningLevelM: 3.0 };
    const path = `/api/sensors/${station.id}`;
    expect((await server.request(path, { method: 'PATCH', cookie: water, json: patch })).status).toBe(428);
    const stale = await server.request(path, {
      method: 'PATCH',
      cookie: water,
      json: patch,
      headers: { 'if-match': '"9"' },
    });
    expect(stale.status).toBe(412);
    const changed = await server.request(path, {
      method: 'PATCH',
      cookie: water,
      json: patch,
      headers: { 'if-match': '"1"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(sensorSchema.parse(await changed.json()).warningLevelM).toBe(3);
    const twin = await server.request('/api/sensors', {
      method: 'POST',
      cookie: water,
      json: { ...station, id: undefined, version: undefined },
    });
    expect(twin.status).toBe(400);
    const taken = await server.request('/api/sensors', {
      method: 'POST',
      cookie: water,
      json: {
        kind: 'rain',
        name: '重号',
        code: station.code,
        position: [120.9, 31.1],
        river: '',
        warningLevelM: null,
        guaranteeLevelM: null,
        rain1hMm: null,
        rain24hMm: null,
      },
    });
    expect(taken.status).toBe(409);
  });

  it('alerts once per crossing of the warning and the guarantee level, with value, threshold and link', async () => {
    const station = await newStation();
    const first = readingsResultSchema.parse(
      await (
        await post(station.id, {
          readings: [
            level('2026-06-15T01:00:00Z', 3.0),
            level('2026-06-15T01:10:00Z', 3.3),
            level('2026-06-15T01:20:00Z', 3.5),
          ],
        })
      ).json(),
    );
    expect(first.stored).toBe(3);
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts[0]).toMatchObject({
      sensorId: station.id,
      thresholdKind: 'warning_level',
      value: 3.3,
      threshold: 3.2,
      observedAt: '2026-06-15T01:10:00.000Z',
      link: `/?view=flood&sensor=${station.id}`,
    });
    // Still over: no second alert; over the guarantee level: one more.
    const second = readingsResultSchema.parse(
      await (await post(station.id, { readings: [level('2026-06-15T01:30:00Z', 3.9)] })).json(),
    );
    expect(second.alerts.map((alert) => alert.thresholdKind)).toEqual(['guarantee_level']);
    // The same reading again is a duplicate and alerts nothing.
    const repeat = readingsResultSchema.parse(
      await (await post(station.id, { readings: [level('2026-06-15T01:30:00Z', 3.9)] })).json(),
    );
    expect(repeat).toEqual({ stored: 0, duplicates: 1, alerts: [] });
    // Falls back under both, then crosses the warning level again: a new crossing, a new alert.
    const third = readingsResultSchema.parse(
      await (
        await post(station.id, {
          readings: [level('2026-06-15T02:00:00Z', 2.9), level('2026-06-15T02:10:00Z', 3.25)],
        })
      ).json(),
    );
    expect(third.alerts.map((alert) => [alert.thresholdKind, alert.value])).toEqual([['warning_level', 3.25]]);
    const listed = z
      .array(floodAlertSchema)
      .parse(await (await server.request(`/api/flood/alerts?sensor=${station.id}`, { cookie: water })).json());
    expect(listed.map((alert) => [alert.thresholdKind, alert.clearedAt])).toEqual([
      ['warning_level', null],
      ['guarantee_level', '2026-06-15T02:00:00.000Z'],
      ['warning_level', '2026-06-15T02:00:00.000Z'],
    ]);
    const now = await stationNow(station.id);
    expect(now.over).toEqual(['warning_level']);
    expect(now.latest).toMatchObject({ waterLevelM: 3.25, observedAt: '2026-06-15T02:10:00.000Z' });
  });

  it('sums rain over the hour and the day: one alert per threshold crossed', async () => {
    const station = await newStation({ kind: 'rain', warningLevelM: null, guaranteeLevelM: null });
    const rain = (observedAt: string, rainfallMm: number) => ({ observedAt, rainfallMm });
    const result = readingsResultSchema.parse(
      await (
        await post(station.id, {
          readings: [
            rain('2026-06-14T20:00:00Z', 12),
            rain('2026-06-14T22:00:00Z', 14),
            rain('2026-06-15T01:00:00Z', 10),
            rain('2026-06-15T01:30:00Z', 21),
          ],
        })
      ).json(),
    );
    // 10 + 21 = 31 mm in the hour to 01:30 (over 30); 57 mm in the day (over 50).
    expect(result.alerts.map((alert) => [alert.thresholdKind, alert.value, alert.threshold])).toEqual([
      ['rain_1h', 31, 30],
      ['rain_24h', 57, 50],
    ]);
    const station2 = await stationNow(station.id);
    expect(station2.latest).toMatchObject({ rain1hMm: 31, rain24hMm: 57 });
  });

  it('takes readings as CSV and names the bad row', async () => {
    const station = await newStation();
    const csv = (text: string) =>
      server.request(`/api/sensors/${station.id}/readings`, {
        method: 'POST',
        cookie: water,
        headers: { 'content-type': 'text/csv' },
        body: text,
      });
    const good = await csv(
      'observedAt,waterLevelM,rainfallMm\n2026-06-15T03:00:00+08:00,2.1,\n2026-06-15T09:00:00+08:00,2.4,1.5\n',
    );
    expect(good.status).toBe(201);
    expect(readingsResultSchema.parse(await good.json()).stored).toBe(3);
    const bad = await csv('observedAt,waterLevelM\n2026-06-15T10:00:00+08:00,2.2\nyesterday,2.3\n');
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { detail: string; errors: { path: string }[] };
    expect(problem.detail).toContain('row 3');
    expect(problem.errors[0]!.path).toBe('row 3.observedAt');
    expect((await csv('when,level\n1,2\n')).status).toBe(400);
    // Nothing of a refused batch is stored.
    const readings = (await (
      await server.request(`/api/sensors/${station.id}/readings?days=2`, { cookie: water })
    ).json()) as unknown[];
    expect(readings).toHaveLength(3);
  });

  it('refuses readings in the future, without a value, and for a station that does not exist', async () => {
    const station = await newStation();
    expect((await post(station.id, { readings: [level('2026-06-16T00:00:00Z', 1)] })).status).toBe(400);
    expect((await post(station.id, { readings: [{ observedAt: '2026-06-15T00:00:00Z' }] })).status).toBe(400);
    expect((await post(station.id, { readings: [] })).status).toBe(400);
    expect((await post('999999', { readings: [level('2026-06-15T00:00:00Z', 1)] })).status).toBe(404);
  });

  it('is read-only for a unit that does not lead the flood-prone areas', async () => {
    const other = await server.login('jianguan');
    const station = await newStation();
    const response = await server.request(`/api/sensors/${station.id}/readings`, {
      method: 'POST',
      cookie: other,
      json: { readings: [level('2026-06-15T00:00:00Z', 1)] },
    });
    expect(response.status).toBe(403);
    expect((await server.request('/api/sensors', { cookie: other })).status).toBe(200);
  });
});

describe('SL 651-2014 frames at POST /api/sensors/sl651', () => {
  const frameOf = (station: string, serial: number, level: number, rain: number, at = '2606151100') =>
    buildSl651Frame({
      station,
      serial,
      sentAt: `${at}05`,
      groups: [
        {
          observedAt: at,
          elements: [
            { id: 0x20, value: rain, size: 3, decimals: 1 },
            { id: 0x39, value: level, size: 4, decimals: 3 },
          ],
        },
      ],
    });
  const send = (body: Uint8Array | string) =>
    server.request('/api/sensors/sl651', {
      method: 'POST',
      cookie: water,
      headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/octet-stream' },
      body: typeof body === 'string' ? body : Buffer.from(body),
    });

  it('stores the readings of a frame and answers the acknowledgement frame', async () => {
    const station = await newStation();
    const frame = frameOf(station.code!, 0x21, 3.45, 2.5);
    const response = await send(frameHex(frame));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      stationAddress: station.code,
      sensorId: station.id,
      functionCode: 0x32,
      serial: 0x21,
      observedAt: '2026-06-15T03:00:00.000Z',
      stored: 2,
    });
    expect((body.alerts as { thresholdKind: string }[]).map((alert) => alert.thresholdKind)).toEqual(['warning_level']);
    // The acknowledgement: station then centre, same password and function, 8008, serial and send time, ESC, CRC.
    const ack = Buffer.from(body.acknowledgement as string, 'hex');
    const expected = [
      0x7e,
      0x7e,
      ...Buffer.from(station.code!, 'hex'),
      0x01,
      0x12,
      0x34,
      0x32,
      0x80,
      0x08,
      0x02,
      0x00,
      0x21,
    ];
    expect([...ack.subarray(0, expected.length)]).toEqual(expected);
    expect(ack.subarray(expected.length, expected.length + 6).toString('hex')).toBe('260615110005');
    expect(ack[expected.length + 6]).toBe(0x1b);
    expect(ack.readUInt16BE(ack.length - 2)).toBe(sl651Crc(ack.subarray(0, -2)));
    // The same frame again (a retransmission) stores nothing and alerts nothing, and is still acknowledged.
    const again = (await (await send(frameHex(frame))).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ stored: 0, duplicates: 2, alerts: [] });
  });

  it('answers a binary frame with the binary acknowledgement', async () => {
    const station = await newStation();
    const response = await send(frameOf(station.code!, 5, 1.2, 0, '2606151000'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/octet-stream/);
    const ack = Buffer.from(await response.arrayBuffer());
    expect(ack.subarray(0, 2).toString('hex')).toBe('7e7e');
    expect(ack.readUInt16BE(ack.length - 2)).toBe(sl651Crc(ack.subarray(0, -2)));
  });

  it.each([
    ['crc', (frame: Uint8Array) => frame.with(-1, frame.at(-1)! ^ 0xff)],
    ['length', (frame: Uint8Array) => resealed(frame.with(12, frame[12]! + 1))],
    ['bcd', (frame: Uint8Array) => resealed(frame.with(7, 0xab))],
  ])('refuses a frame with a damaged %s: 400 naming it', async (fault, damage) => {
    const station = await newStation();
    const response = await send(damage(frameOf(station.code!, 1, 1, 0)));
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { fault: string; detail: string };
    expect(problem.fault).toBe(fault);
    expect(problem.detail).toContain(fault);
  });

  it('answers 404 for an unregistered station and 400 for text that is not hex', async () => {
    expect((await send(frameOf('0099999999', 1, 1, 0))).status).toBe(404);
    expect((await send('7E7E-not-hex')).status).toBe(400);
  });

  it('never answers 5xx to random corruptions (fuzz)', async () => {
    const station = await newStation();
    const good = frameOf(station.code!, 9, 1, 0);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(good.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        async (changes, reseal) => {
          let frame = Uint8Array.from(good);
          for (const change of changes) frame[change.at] = change.byte;
          if (reseal) frame = resealed(frame);
          const response = await send(frame);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('SL 651-2014 ASCII frames at the same route', () => {
  const asciiFrameOf = (station: string, level: string, rain: string) =>
    buildSl651AsciiFrame({
      station,
      serial: 0x2a,
      sentAt: '260615110005',
      groups: [
        {
          observedAt: '2606151100',
          elements: [
            { id: 'PJ', value: rain },
            { id: 'Z', value: level },
          ],
        },
      ],
    });
  const send = (body: Uint8Array, type = 'application/octet-stream') =>
    server.request('/api/sensors/sl651', {
      method: 'POST',
      cookie: water,
      headers: { 'content-type': type },
      body: type === 'text/plain' ? Buffer.from(body).toString('latin1') : Buffer.from(body),
    });

  it('stores the readings, alerts over a threshold and answers the acknowledgement in ASCII', async () => {
    const station = await newStation();
    const frame = asciiFrameOf(station.code!, '3.450', '2.5');
    const text = await send(frame, 'text/plain');
    expect(text.status, await text.clone().text()).toBe(200);
    const body = (await text.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ stationAddress: station.code, serial: 0x2a, stored: 2 });
    expect((body.alerts as { thresholdKind: string }[]).map((alert) => alert.thresholdKind)).toEqual(['warning_level']);
    const readings = (await (
      await server.request(`/api/sensors/${station.id}/readings?days=31`, { cookie: water })
    ).json()) as { element: string; value: number }[];
    expect(readings.map((reading) => [reading.element, reading.value]).sort()).toEqual([
      ['rainfall', 2.5],
      ['water_level', 3.45],
    ]);
    // Raw bytes in, raw ASCII acknowledgement out: SOH, station, centre, password, function, 8010, STX, serial and
    // send time, ESC, the CRC in 4 hex digits.
    const binary = await send(frame);
    expect(binary.headers.get('content-type')).toMatch(/octet-stream/);
    const ack = Buffer.from(await binary.arrayBuffer());
    expect(ack.subarray(0, -4).toString('latin1')).toBe(
      `\u0001${station.code}011234328010\u0002002A260615110005\u001b`,
    );
    expect(parseInt(ack.subarray(-4).toString('latin1'), 16)).toBe(sl651Crc(ack.subarray(0, -4)));
  });

  it('refuses a damaged ASCII frame with a 400 naming the fault, and never a 5xx (fuzz)', async () => {
    const station = await newStation();
    const good = asciiFrameOf(station.code!, '1.000', '0.0');
    const crcBroken = await send(good.with(-1, good.at(-1) === 0x30 ? 0x31 : 0x30));
    expect(crcBroken.status).toBe(400);
    expect(await crcBroken.json()).toMatchObject({ fault: 'crc' });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(good.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (changes) => {
          const frame = Uint8Array.from(good);
          for (const change of changes) frame[change.at] = change.byte;
          const response = await send(frame);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** The frame with its CRC recomputed, so another fault shows. */
function resealed(frame: Uint8Array): Uint8Array<ArrayBuffer> {
  const crc = sl651Crc(frame.subarray(0, -2));
  return Uint8Array.from([...frame.subarray(0, -2), crc >> 8, crc & 0xff]);
}

describe('the flood duty roster (值班表)', () => {
  it('is set per day and looked up by day; staff only; alerts name who is on duty', async () => {
    const people = [
      { name: '张工', phone: '13800000001', role: '带班' },
      { name: '李工', phone: '13800000002', role: '值班' },
    ];
    const put = await server.request('/api/flood/duty', {
      method: 'PUT',
      cookie: water,
      json: { date: '2026-06-15', people },
    });
    expect(put.status).toBe(200);
    const day = dutyDaySchema.parse(
      await (await server.request('/api/flood/duty?date=2026-06-15', { cookie: water })).json(),
    );
    expect(day.people.map((person) => [person.name, person.phone])).toEqual([
      ['张工', '13800000001'],
      ['李工', '13800000002'],
    ]);
    expect(
      dutyDaySchema.parse(await (await server.request('/api/flood/duty?date=2026-06-16', { cookie: water })).json())
        .people,
    ).toEqual([]);
    expect((await server.request('/api/flood/duty?date=2026-13-01', { cookie: water })).status).toBe(400);
    expect((await server.request('/api/flood/duty?date=2026-06-15')).status).toBe(401);
    const station = await newStation();
    const result = readingsResultSchema.parse(
      await (await post(station.id, { readings: [level('2026-06-15T03:00:00Z', 3.3)] })).json(),
    );
    expect(result.alerts[0]!.onDuty).toEqual(['张工', '李工']);
  });

  it('keeps phones and duty out of the public read-only view', async () => {
    const open = await startTestServer({ auth: { publicRead: true } });
    try {
      const staff = await open.login('water');
      await open.request('/api/flood/duty', {
        method: 'PUT',
        cookie: staff,
        json: { date: '2026-06-15', people: [{ name: '王工', phone: '13900000009', role: '' }] },
      });
      expect((await open.request('/api/flood/duty?date=2026-06-15')).status).toBe(401);
      expect((await open.request('/api/flood/alerts')).status).toBe(401);
      const stations = await open.request('/api/sensors');
      expect(stations.status).toBe(200);
      expect(await stations.text()).not.toMatch(/139\d{8}|王工/);
    } finally {
      await open.close();
    }
  });
});
