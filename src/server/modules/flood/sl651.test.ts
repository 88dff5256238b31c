import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAnySl651, parseSl651, sl651Acknowledgement, sl651Readings, Sl651Error } from './sl651';
import { buildSl651AsciiFrame, buildSl651Frame, sl651Crc } from '../../../testing/sl651-builder';

/** Frames published with their decoding in SL 651-2014 walkthroughs (测试报 30H and 定时报 32H, with answers). */
const PUBLISHED = {
  test30: {
    up: '7E7E010012345678123430002B020003591011154947F1F1001234567848F0F0591011154920190000052619000005392300000127381211150320FA',
    down: '7E7E00123456780112343080080200035910111549471B75D4',
  },
  timed32: {
    up: '7E7E05001122334403E832002B020034170718110016F1F1001122334448F0F01707181100201900004026190000403923000104903812109903A421',
    down: '7E7E00112233440503E83280080200341707181100161BE5D4',
  },
  keepAlive: '7E7E01001234567812342F0008020003591011155111036BCA',
};
const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const hexOf = (frame: Uint8Array) => Buffer.from(frame).toString('hex').toUpperCase();

describe('SL 651-2014 HEX/BCD frames', () => {
  it('reads the published 定时报 (32H): station, times, rain and water level; answers the published acknowledgement', () => {
    const frame = parseSl651(bytes(PUBLISHED.timed32.up));
    expect(frame).toMatchObject({
      centreAddress: 5,
      stationAddress: '0011223344',
      password: '03E8',
      functionCode: 0x32,
      serial: 0x34,
      // 2017-07-18 11:00:16 in Asia/Shanghai.
      sentAt: '2017-07-18T03:00:16.000Z',
      observedAt: '2017-07-18T03:00:00.000Z',
      stationType: 0x48,
    });
    expect(sl651Readings(frame)).toEqual([
      { observedAt: '2017-07-18T03:00:00.000Z', rainfallMm: 4, waterLevelM: 10.49 },
    ]);
    expect(hexOf(sl651Acknowledgement(frame))).toBe(PUBLISHED.timed32.down);
  });

  it('reads the published 测试报 (30H) and answers as published', () => {
    const frame = parseSl651(bytes(PUBLISHED.test30.up));
    expect(frame.stationAddress).toBe('0012345678');
    expect(frame.elements.map((element) => [element.identifier, element.value])).toEqual([
      [0x20, 0.5],
      [0x26, 0.5],
      [0x39, 0.127],
      [0x38, 11.15],
    ]);
    expect(hexOf(sl651Acknowledgement(frame))).toBe(PUBLISHED.test30.down);
  });

  it('reads a link keep-alive (2FH) without elements', () => {
    const frame = parseSl651(bytes(PUBLISHED.keepAlive));
    expect(frame.functionCode).toBe(0x2f);
    expect(sl651Readings(frame)).toEqual([]);
  });

  it('reads frames of the independent builder: negative levels, hour rain, several observation times', () => {
    const frame = buildSl651Frame({
      station: '0000123456',
      functionCode: 0x34,
      serial: 7,
      sentAt: '260706083015',
      groups: [
        { observedAt: '2607060800', elements: [{ id: 0x1a, value: 12.5, size: 3, decimals: 1 }] },
        {
          observedAt: '2607060805',
          elements: [
            { id: 0x20, value: 1.5, size: 3, decimals: 1 },
            { id: 0x39, value: -0.25, size: 4, decimals: 3 },
          ],
        },
      ],
    });
    const parsed = parseSl651(frame);
    expect(parsed.stationAddress).toBe('0000123456');
    expect(sl651Readings(parsed)).toEqual([
      { observedAt: '2026-07-06T00:00:00.000Z', rainfallMm: 12.5 },
      { observedAt: '2026-07-06T00:05:00.000Z', rainfallMm: 1.5, waterLevelM: -0.25 },
    ]);
  });

  it.each([
    ['crc', (frame: Uint8Array) => frame.with(-1, frame.at(-1)! ^ 0x01)],
    [
      'length',
      (frame: Uint8Array) => {
        const cut = Uint8Array.from([...frame.subarray(0, 20), ...frame.subarray(21, -2)]);
        const crc = sl651Crc(cut);
        return Uint8Array.from([...cut, crc >> 8, crc & 0xff]);
      },
    ],
    [
      'bcd',
      (frame: Uint8Array) => {
        const body = frame.with(4, 0x1a).subarray(0, -2);
        const crc = sl651Crc(body);
        return Uint8Array.from([...body, crc >> 8, crc & 0xff]);
      },
    ],
    ['start', (frame: Uint8Array) => frame.with(0, 0x7f)],
  ])('refuses a frame with a damaged %s', (fault, damage) => {
    const frame = damage(bytes(PUBLISHED.timed32.up));
    expect(() => parseSl651(frame)).toThrow(Sl651Error);
    try {
      parseSl651(frame);
    } catch (error) {
      expect((error as Sl651Error).fault).toBe(fault);
    }
  });

  it('never throws anything but a named fault on random corruption (fuzz)', () => {
    const good = bytes(PUBLISHED.timed32.up);
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(good.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat(good.length),
        fc.boolean(),
        (changes, cutAt, fixCrc) => {
          let frame = Uint8Array.from(good);
          for (const change of changes) frame[change.at] = change.byte;
          frame = frame.subarray(0, Math.max(cutAt, 3));
          if (fixCrc && frame.length > 2) {
            const crc = sl651Crc(frame.subarray(0, -2));
            frame = Uint8Array.from([...frame.subarray(0, -2), crc >> 8, crc & 0xff]);
          }
          try {
            const parsed = parseSl651(frame);
            // A corruption that still parses must give well-formed readings.
            for (const reading of sl651Readings(parsed))
              expect(Number.isNaN(Date.parse(reading.observedAt))).toBe(false);
          } catch (error) {
            expect(error).toBeInstanceOf(Sl651Error);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('SL 651-2014 ASCII frames', () => {
  const ascii = (frame: Uint8Array) => Buffer.from(frame).toString('latin1');
  const timed = buildSl651AsciiFrame({
    centre: 5,
    station: '0011223344',
    password: '03E8',
    serial: 0x34,
    sentAt: '170718110016',
    groups: [
      {
        observedAt: '1707181100',
        elements: [
          { id: 'PJ', value: '4.0' },
          { id: 'PT', value: '40.5' },
          { id: 'Z', value: '10.490' },
          { id: 'VT', value: '12.10' },
        ],
      },
    ],
  });

  it('reads the station, times, rain and water level like the HEX/BCD 定时报, and answers in ASCII', () => {
    const frame = parseAnySl651(timed);
    expect(frame).toMatchObject({
      mode: 'ascii',
      centreAddress: 5,
      stationAddress: '0011223344',
      password: '03E8',
      functionCode: 0x32,
      serial: 0x34,
      sentAt: '2017-07-18T03:00:16.000Z',
      observedAt: '2017-07-18T03:00:00.000Z',
      stationType: 0x48,
    });
    // The same readings the HEX/BCD frame of the same report gives.
    const hexReadings = sl651Readings(
      parseSl651(
        buildSl651Frame({
          centre: 5,
          station: '0011223344',
          password: '03E8',
          serial: 0x34,
          sentAt: '170718110016',
          groups: [
            {
              observedAt: '1707181100',
              elements: [
                { id: 0x20, value: 4, size: 3, decimals: 1 },
                { id: 0x39, value: 10.49, size: 4, decimals: 3 },
              ],
            },
          ],
        }),
      ),
    );
    expect(sl651Readings(frame)).toEqual(hexReadings);
    expect(hexReadings).toEqual([{ observedAt: '2017-07-18T03:00:00.000Z', rainfallMm: 4, waterLevelM: 10.49 }]);
    // SOH, station, centre, password, function, 8 + body length, STX, serial, send time, ESC, CRC in ASCII hex.
    const ack = sl651Acknowledgement(frame);
    const text = ascii(ack);
    expect(text.slice(0, -4)).toBe('\u0001001122334405' + '03E832' + '8010' + '\u0002' + '0034170718110016' + '\u001b');
    expect(text.slice(-4)).toBe(sl651Crc(ack.subarray(0, -4)).toString(16).toUpperCase().padStart(4, '0'));
  });

  it('reads hour rain, a negative level, several observation times, and passes over identifiers it does not store', () => {
    const frame = parseAnySl651(
      buildSl651AsciiFrame({
        station: '0000123456',
        functionCode: 0x34,
        sentAt: '260706083015',
        groups: [
          { observedAt: '2607060800', elements: [{ id: 'P1', value: '12.5' }] },
          {
            observedAt: '2607060805',
            elements: [
              { id: 'PJ', value: '1.5' },
              { id: 'ZB', value: '7' },
              { id: 'ZU', value: '-0.25' },
            ],
          },
        ],
      }),
    );
    expect(sl651Readings(frame)).toEqual([
      { observedAt: '2026-07-06T00:00:00.000Z', rainfallMm: 12.5 },
      { observedAt: '2026-07-06T00:05:00.000Z', rainfallMm: 1.5, waterLevelM: -0.25 },
    ]);
  });

  /** The frame with its body (between the header and ETX) replaced, its length and CRC made right again. */
  const rebuilt = (text: string) => {
    const unsigned = Buffer.from(text, 'latin1');
    const crc = sl651Crc(unsigned).toString(16).toUpperCase().padStart(4, '0');
    return Uint8Array.from([...unsigned, ...Buffer.from(crc, 'latin1')]);
  };
  const unsignedText = ascii(timed).slice(0, -4);
  it.each([
    ['crc', () => timed.with(-1, timed.at(-1) === 0x30 ? 0x31 : 0x30)],
    ['start', () => timed.with(0, 0x02)],
    ['truncated', () => timed.subarray(0, 12)],
    ['length', () => rebuilt(unsignedText.replace(' PJ 4.0', ' PJ 4.00'))],
    ['ascii', () => rebuilt(unsignedText.replace('0011223344', '00112G3344'))],
    ['time', () => rebuilt(unsignedText.replace('TT 1707181100', 'TT 1713181100'))],
    ['element', () => rebuilt(unsignedText.replace('Z 10.490', 'Z 10,490'))],
    ['station', () => rebuilt(unsignedText.replace('ST 0011223344', 'ST 0011223345'))],
    ['control', () => rebuilt(unsignedText.replace('\u0003', '\u0004'))],
  ])('refuses a frame with a damaged %s', (fault, damage) => {
    const frame = damage();
    expect(() => parseAnySl651(frame)).toThrow(Sl651Error);
    try {
      parseAnySl651(frame);
    } catch (error) {
      expect((error as Sl651Error).fault).toBe(fault);
    }
  });

  it('never throws anything but a named fault on random corruption (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(timed.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat(timed.length),
        fc.boolean(),
        (changes, cutAt, fixCrc) => {
          let frame = Uint8Array.from(timed);
          for (const change of changes) frame[change.at] = change.byte;
          frame = frame.subarray(0, Math.max(cutAt, 1));
          if (fixCrc && frame.length > 4) frame = rebuilt(Buffer.from(frame.subarray(0, -4)).toString('latin1'));
          try {
            const parsed = parseAnySl651(frame);
            for (const reading of sl651Readings(parsed)) {
              expect(Number.isNaN(Date.parse(reading.observedAt))).toBe(false);
              for (const value of [reading.rainfallMm, reading.waterLevelM]) {
                if (value !== undefined) expect(Number.isFinite(value)).toBe(true);
              }
            }
          } catch (error) {
            expect(error).toBeInstanceOf(Sl651Error);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
