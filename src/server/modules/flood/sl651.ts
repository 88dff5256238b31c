/**
 * SL 651-2014 (水文监测数据通信规约) HEX/BCD frames: the telemetry station's upstream reports and the centre's
 * acknowledgement. Layout (docs/flood.md):
 *
 *   7E7E | centre 1 | station 5 (BCD) | password 2 | function 1 | direction+length 2 | STX 02 |
 *   serial 2 | send time 6 (BCD yyMMddHHmmss) | [F1F1 station 5 + type 1 | F0F0 observation time 5 (BCD yyMMddHHmm) |
 *   elements: identifier 1 + definition 1 (high 5 bits byte count, low 3 bits decimals) + BCD value] |
 *   ETX 03 / ETB 17 | CRC16 2 (Modbus: poly A001 reflected, init FFFF, over everything before it, high byte first)
 *
 * Downstream frames (the centre's answer) swap the addresses: station 5 then centre 1, and the length's high nibble
 * is 8. Nothing here touches storage: the route turns the parsed elements into readings.
 */

/** What is wrong with a refused frame, named in the 400 answer. */
export type Sl651Fault =
  'start' | 'truncated' | 'crc' | 'length' | 'control' | 'bcd' | 'ascii' | 'time' | 'element' | 'station';

export class Sl651Error extends Error {
  constructor(
    readonly fault: Sl651Fault,
    message: string,
  ) {
    super(message);
  }
}

export const SL651 = {
  START: 0x7e,
  STX: 0x02,
  SYN: 0x16,
  ETX: 0x03,
  ETB: 0x17,
  ENQ: 0x05,
  EOT: 0x04,
  ACK: 0x06,
  NAK: 0x15,
  ESC: 0x1b,
  /** The start of an ASCII frame. */
  SOH: 0x01,
  /** 观测时间引导符 and 测站编码引导符 (two bytes each: F0F0, F1F1). */
  OBSERVATION_TIME: 0xf0,
  STATION: 0xf1,
} as const;

/** The element identifiers this product turns into readings (SL 651-2014 table C.1). */
export const SL651_ELEMENTS = {
  /** 1 小时时段降水量 (mm). */
  rain1h: 0x1a,
  /** 日降水量 (mm). */
  rainDay: 0x1f,
  /** 当前降水量 (mm): the rain since the previous report. */
  rainNow: 0x20,
  /** 降水量累计值 (mm). */
  rainTotal: 0x26,
  /** 电源电压 (V). */
  voltage: 0x38,
  /** 瞬时河道水位、潮位 (m). */
  riverLevel: 0x39,
  /** 库（闸、站）上水位 (m). */
  upstreamLevel: 0x3b,
} as const;

/** Function codes whose body carries a station, an observation time and elements (测试报 … 人工置数报). */
const ELEMENT_FUNCTIONS = new Set([0x30, 0x31, 0x32, 0x33, 0x34, 0x35]);
/** Upstream end characters: ETX (no more) and ETB (more packets follow). */
const UPSTREAM_ENDS = new Set<number>([SL651.ETX, SL651.ETB]);
/** Header before the body: start 2, centre 1, station 5, password 2, function 1, length 2, STX 1. */
const HEADER_BYTES = 14;
/** After the body: end character 1, CRC 2. */
const TRAILER_BYTES = 3;

/** CRC16 as SL 651-2014 appendix defines it (the Modbus CRC: polynomial A001 reflected, initial FFFF). */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

export interface Sl651Element {
  identifier: number;
  /** The element's value with its decimals; null when the station sent no value (all FF) or a non-BCD series. */
  value: number | null;
  /** The observation time the element belongs to (the last F0F0 before it), ISO instant. */
  observedAt: string | null;
}

export interface Sl651Frame {
  centreAddress: number;
  /** The station address: 10 BCD digits. */
  stationAddress: string;
  /** The password, 4 hex digits. */
  password: string;
  functionCode: number;
  serial: number;
  /** The send time as sent (yyMMddHHmmss BCD, Asia/Shanghai), kept for the acknowledgement. */
  sentAtBytes: Uint8Array;
  sentAt: string;
  /** The first observation time (F0F0), ISO instant; null for frames without elements. */
  observedAt: string | null;
  stationType: number | null;
  elements: Sl651Element[];
  endCharacter: number;
  /** How the frame was encoded: the acknowledgement is sent the same way. */
  mode: 'hex' | 'ascii';
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

/** The digits of packed BCD bytes, or a 'bcd' fault naming the field. */
function bcdDigits(bytes: Uint8Array, field: string): string {
  let digits = '';
  for (const byte of bytes) {
    const high = byte >> 4;
    const low = byte & 0x0f;
    if (high > 9 || low > 9) throw new Sl651Error('bcd', `${field} is not BCD: ${hex(bytes)}`);
    digits += `${high}${low}`;
  }
  return digits;
}

/** yyMMddHH mm [ss] BCD in Asia/Shanghai (UTC+8, no daylight saving) → ISO instant; a 'time' fault if impossible. */
function bcdTime(bytes: Uint8Array, field: string): string {
  const digits = bcdDigits(bytes, field);
  const [year, month, day, hour, minute, second = 0] = (digits.match(/../g) ?? []).map(Number) as number[];
  const utc = Date.UTC(2000 + year!, month! - 1, day!, hour! - 8, minute!, second);
  const back = new Date(utc + 8 * 3_600_000);
  if (
    month! < 1 ||
    month! > 12 ||
    back.getUTCDate() !== day ||
    back.getUTCMonth() !== month! - 1 ||
    hour! > 23 ||
    minute! > 59 ||
    second > 59
  ) {
    throw new Sl651Error('time', `${field} is not a valid time: ${digits}`);
  }
  return new Date(utc).toISOString();
}

/** An element's value: BCD digits with `decimals`; a leading FF byte is the minus sign; all FF is "no value". */
function elementValue(bytes: Uint8Array, decimals: number, identifier: number): number | null {
  if (bytes.every((byte) => byte === 0xff)) return null;
  const negative = bytes[0] === 0xff;
  const digits = bcdDigits(negative ? bytes.subarray(1) : bytes, `element ${identifier.toString(16).toUpperCase()}H`);
  const value = Number(digits) / 10 ** decimals;
  return negative ? -value : value;
}

/**
 * Parse one upstream HEX/BCD frame. Throws Sl651Error naming the fault: start, truncated, crc, length, control,
 * bcd, time, element or station. The CRC is checked before anything else is read.
 */
export function parseSl651(frame: Uint8Array): Sl651Frame {
  if (frame.length < 2 || frame[0] !== SL651.START || frame[1] !== SL651.START) {
    throw new Sl651Error('start', 'A HEX/BCD frame starts with 7E7E');
  }
  if (frame.length < HEADER_BYTES + TRAILER_BYTES) {
    throw new Sl651Error('truncated', `The frame has ${frame.length} bytes, fewer than a header and trailer`);
  }
  const sent = (frame[frame.length - 2]! << 8) | frame[frame.length - 1]!;
  const computed = crc16(frame.subarray(0, frame.length - 2));
  if (sent !== computed) {
    throw new Sl651Error(
      'crc',
      `CRC mismatch: the frame says ${sent.toString(16).toUpperCase().padStart(4, '0')}, its bytes give ${computed
        .toString(16)
        .toUpperCase()
        .padStart(4, '0')}`,
    );
  }
  const direction = frame[11]! >> 4;
  if (direction !== 0) throw new Sl651Error('control', 'Not an upstream frame (the length field must start with 0)');
  const bodyLength = ((frame[11]! & 0x0f) << 8) | frame[12]!;
  if (HEADER_BYTES + bodyLength + TRAILER_BYTES !== frame.length) {
    throw new Sl651Error(
      'length',
      `The length field says ${bodyLength} body bytes, the frame has ${frame.length - HEADER_BYTES - TRAILER_BYTES}`,
    );
  }
  if (frame[13] === SL651.SYN) throw new Sl651Error('control', 'Multi-packet frames (SYN) are not accepted');
  if (frame[13] !== SL651.STX) throw new Sl651Error('control', 'The body must start with STX (02)');
  const endCharacter = frame[frame.length - 3]!;
  if (!UPSTREAM_ENDS.has(endCharacter)) {
    throw new Sl651Error('control', 'An upstream frame ends with ETX (03) or ETB (17) before its CRC');
  }
  const stationAddress = bcdDigits(frame.subarray(3, 8), 'The station address');
  const body = frame.subarray(HEADER_BYTES, HEADER_BYTES + bodyLength);
  if (body.length < 8) throw new Sl651Error('length', 'The body lacks the serial number and send time (8 bytes)');
  const functionCode = frame[10]!;
  const sentAtBytes = body.slice(2, 8);
  const parsed: Sl651Frame = {
    centreAddress: frame[2]!,
    stationAddress,
    password: hex(frame.subarray(8, 10)),
    functionCode,
    serial: (body[0]! << 8) | body[1]!,
    sentAtBytes,
    sentAt: bcdTime(sentAtBytes, 'The send time'),
    observedAt: null,
    stationType: null,
    elements: [],
    endCharacter,
    mode: 'hex',
  };
  if (!ELEMENT_FUNCTIONS.has(functionCode)) return parsed;

  let at = 8;
  const need = (count: number, what: string) => {
    if (at + count > body.length) throw new Sl651Error('element', `${what} runs past the end of the body`);
  };
  need(8, 'The station identifier (F1F1)');
  if (body[at] !== SL651.STATION || body[at + 1] !== SL651.STATION) {
    throw new Sl651Error('element', 'The body must name the station (F1F1) after the send time');
  }
  const named = bcdDigits(body.subarray(at + 2, at + 7), 'The station address in the body');
  if (named !== stationAddress) {
    throw new Sl651Error('station', `The body names station ${named}, the header ${stationAddress}`);
  }
  parsed.stationType = body[at + 7]!;
  at += 8;
  let observedAt: string | null = null;
  while (at < body.length) {
    const identifier = body[at]!;
    if (identifier === SL651.OBSERVATION_TIME) {
      need(7, 'The observation time (F0F0)');
      if (body[at + 1] !== SL651.OBSERVATION_TIME) {
        throw new Sl651Error('element', `F0 at body byte ${at} is not followed by F0`);
      }
      observedAt = bcdTime(body.subarray(at + 2, at + 7), 'The observation time');
      parsed.observedAt ??= observedAt;
      at += 7;
      continue;
    }
    // FF: an extension identifier (FF xx), its definition byte follows.
    const extended = identifier === 0xff;
    need(extended ? 3 : 2, `Element ${identifier.toString(16).toUpperCase()}H`);
    const definition = body[at + (extended ? 2 : 1)]!;
    const size = definition >> 3;
    const decimals = definition & 0x07;
    at += extended ? 3 : 2;
    if (size === 0) throw new Sl651Error('element', `Element ${identifier.toString(16).toUpperCase()}H has no bytes`);
    need(size, `Element ${identifier.toString(16).toUpperCase()}H (${size} bytes)`);
    if (observedAt === null) {
      throw new Sl651Error('element', 'An element comes before the observation time (F0F0)');
    }
    const data = body.subarray(at, at + size);
    // F4–FC are series in plain hex (5-minute rain and levels within the hour): kept out of the readings.
    const series = !extended && identifier >= 0xf4 && identifier <= 0xfc;
    parsed.elements.push({
      identifier: extended ? 0xff00 | body[at - 2]! : identifier,
      value: series || extended ? null : elementValue(data, decimals, identifier),
      observedAt,
    });
    at += size;
  }
  return parsed;
}

/**
 * The centre's acknowledgement (downstream): station and centre swapped, the same password and function code,
 * direction 8 with length 8 (serial + send time), the frame's serial and send time echoed, ended by ESC (1BH:
 * 传输结束，终端保持在线), and its CRC. This is the answer the standard's examples give.
 */
export function sl651Acknowledgement(frame: Sl651Frame): Uint8Array {
  if (frame.mode === 'ascii') return asciiAcknowledgement(frame);
  const station = Buffer.from(frame.stationAddress, 'hex');
  const password = Buffer.from(frame.password, 'hex');
  const head = Uint8Array.from([
    SL651.START,
    SL651.START,
    ...station,
    frame.centreAddress,
    ...password,
    frame.functionCode,
    0x80,
    0x08,
    SL651.STX,
    frame.serial >> 8,
    frame.serial & 0xff,
    ...frame.sentAtBytes,
    SL651.ESC,
  ]);
  const crc = crc16(head);
  return Uint8Array.from([...head, crc >> 8, crc & 0xff]);
}

/** The rain and water level a parsed frame reports, per observation time, as this product stores them. */
export function sl651Readings(frame: Sl651Frame): { observedAt: string; rainfallMm?: number; waterLevelM?: number }[] {
  const byTime = new Map<string, { observedAt: string; rainfallMm?: number; waterLevelM?: number }>();
  const fallback = new Map<string, number>();
  for (const element of frame.elements) {
    if (element.value === null || element.observedAt === null) continue;
    const reading = byTime.get(element.observedAt) ?? { observedAt: element.observedAt };
    byTime.set(element.observedAt, reading);
    if (element.identifier === SL651_ELEMENTS.rainNow) reading.rainfallMm = element.value;
    else if (element.identifier === SL651_ELEMENTS.rain1h) fallback.set(element.observedAt, element.value);
    else if (element.identifier === SL651_ELEMENTS.riverLevel) reading.waterLevelM = element.value;
    else if (element.identifier === SL651_ELEMENTS.upstreamLevel) reading.waterLevelM ??= element.value;
  }
  // A report without 当前降水量 but with the hour's rain (小时报) stores the hour's rain as what fell since.
  for (const [observedAt, value] of fallback) {
    const reading = byTime.get(observedAt)!;
    reading.rainfallMm ??= value;
  }
  return [...byTime.values()].filter(
    (reading) => reading.rainfallMm !== undefined || reading.waterLevelM !== undefined,
  );
}

/** The bytes of a frame sent as hex text (whitespace allowed), or null when the text is not hex. */
export function hexFrame(text: string): Uint8Array | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(compact)) return null;
  return Uint8Array.from(Buffer.from(compact, 'hex'));
}

/**
 * ASCII mode (SL 651-2014 6.4, the same frame in printable characters): `SOH` (01H), then every header field as
 * ASCII hex or digits — centre 2, station 10, password 4, function 2, direction and length 4 (`0` up / `8` down, then
 * the body's characters in 3 hex digits) — `STX`, the body, `ETX`/`ETB` and the CRC16 (the same Modbus CRC over
 * everything before it) as 4 ASCII hex digits. The body: serial 4 (hex), send time 12 (yyMMddHHmmss), then
 * space-separated tokens: `ST` station 10 and type 2 (hex), `TT` observation time 10 (yyMMddHHmm), and element
 * identifiers (their ASCII names, table C.1) each followed by a decimal value.
 */
export const SL651_ASCII_ELEMENTS: Readonly<Record<string, number>> = {
  P1: SL651_ELEMENTS.rain1h,
  PD: SL651_ELEMENTS.rainDay,
  PJ: SL651_ELEMENTS.rainNow,
  PT: SL651_ELEMENTS.rainTotal,
  VT: SL651_ELEMENTS.voltage,
  Z: SL651_ELEMENTS.riverLevel,
  ZU: SL651_ELEMENTS.upstreamLevel,
};
/** Header characters between SOH and STX: centre 2, station 10, password 4, function 2, direction and length 4. */
const ASCII_HEADER = 22;
const ASCII_VALUE = /^-?\d{1,10}(\.\d{1,6})?$/;
const HEX_TEXT = /^[0-9A-F]+$/;
const DIGITS = /^\d+$/;

/** A field of ASCII hex (upper case) or digits, or an 'ascii' fault naming it. */
function asciiField(text: string, pattern: RegExp, field: string): string {
  if (!pattern.test(text))
    throw new Sl651Error(
      'ascii',
      `${field} is not ${pattern === DIGITS ? 'digits' : 'ASCII hex'}: ${JSON.stringify(text)}`,
    );
  return text;
}

/**
 * Parse one upstream ASCII frame, with the same faults as HEX/BCD (and 'ascii' for a field that is not hex or
 * digits). The CRC is checked before anything else is read.
 */
export function parseSl651Ascii(frame: Uint8Array): Sl651Frame {
  if (frame[0] !== SL651.SOH) throw new Sl651Error('start', 'An ASCII frame starts with SOH (01)');
  if (frame.length < 1 + ASCII_HEADER + 1 + 1 + 4) {
    throw new Sl651Error('truncated', `The frame has ${frame.length} bytes, fewer than an ASCII header and trailer`);
  }
  const text = Buffer.from(frame).toString('latin1');
  const sentCrc = asciiField(text.slice(-4), HEX_TEXT, 'The CRC');
  const computed = crc16(frame.subarray(0, frame.length - 4));
  if (parseInt(sentCrc, 16) !== computed) {
    throw new Sl651Error(
      'crc',
      `CRC mismatch: the frame says ${sentCrc}, its bytes give ${computed.toString(16).toUpperCase().padStart(4, '0')}`,
    );
  }
  const header = text.slice(1, 1 + ASCII_HEADER);
  const centre = asciiField(header.slice(0, 2), HEX_TEXT, 'The centre address');
  const stationAddress = asciiField(header.slice(2, 12), DIGITS, 'The station address');
  const password = asciiField(header.slice(12, 16), HEX_TEXT, 'The password');
  const functionCode = parseInt(asciiField(header.slice(16, 18), HEX_TEXT, 'The function code'), 16);
  const lengthField = asciiField(header.slice(18, 22), HEX_TEXT, 'The direction and length');
  if (lengthField[0] !== '0')
    throw new Sl651Error('control', 'Not an upstream frame (the length field must start with 0)');
  const bodyLength = parseInt(lengthField.slice(1), 16);
  const bodyStart = 1 + ASCII_HEADER + 1;
  if (bodyStart + bodyLength + 1 + 4 !== frame.length) {
    throw new Sl651Error(
      'length',
      `The length field says ${bodyLength} body characters, the frame has ${frame.length - bodyStart - 5}`,
    );
  }
  if (frame[1 + ASCII_HEADER] === SL651.SYN)
    throw new Sl651Error('control', 'Multi-packet frames (SYN) are not accepted');
  if (frame[1 + ASCII_HEADER] !== SL651.STX) throw new Sl651Error('control', 'The body must start with STX (02)');
  const endCharacter = frame[frame.length - 5]!;
  if (!UPSTREAM_ENDS.has(endCharacter)) {
    throw new Sl651Error('control', 'An upstream frame ends with ETX (03) or ETB (17) before its CRC');
  }
  const body = text.slice(bodyStart, bodyStart + bodyLength);
  if (body.length < 16)
    throw new Sl651Error('length', 'The body lacks the serial number and send time (16 characters)');
  const serial = parseInt(asciiField(body.slice(0, 4), HEX_TEXT, 'The serial number'), 16);
  const sentAtDigits = asciiField(body.slice(4, 16), DIGITS, 'The send time');
  const sentAtBytes = Uint8Array.from(Buffer.from(sentAtDigits, 'hex'));
  const parsed: Sl651Frame = {
    centreAddress: parseInt(centre, 16),
    stationAddress,
    password,
    functionCode,
    serial,
    sentAtBytes,
    sentAt: bcdTime(sentAtBytes, 'The send time'),
    observedAt: null,
    stationType: null,
    elements: [],
    endCharacter,
    mode: 'ascii',
  };
  if (!ELEMENT_FUNCTIONS.has(functionCode)) return parsed;

  const tokens = body.slice(16).trim().split(/ +/);
  let at = 0;
  const next = (what: string) => {
    const token = tokens[at++];
    if (token === undefined || token === '')
      throw new Sl651Error('element', `${what} is missing at the end of the body`);
    return token;
  };
  if (next('The station identifier (ST)') !== 'ST') {
    throw new Sl651Error('element', 'The body must name the station (ST) after the send time');
  }
  const named = asciiField(next('The station address in the body'), DIGITS, 'The station address in the body');
  if (named !== stationAddress) {
    throw new Sl651Error('station', `The body names station ${named}, the header ${stationAddress}`);
  }
  parsed.stationType = parseInt(asciiField(next('The station type'), HEX_TEXT, 'The station type'), 16);
  let observedAt: string | null = null;
  while (at < tokens.length) {
    const identifier = next('An element');
    if (identifier === 'TT') {
      const digits = asciiField(next('The observation time (TT)'), DIGITS, 'The observation time');
      if (digits.length !== 10)
        throw new Sl651Error('time', `The observation time has ${digits.length} digits, not 10`);
      observedAt = bcdTime(Uint8Array.from(Buffer.from(digits, 'hex')), 'The observation time');
      parsed.observedAt ??= observedAt;
      continue;
    }
    if (!/^[A-Z][A-Z0-9]{0,5}$/.test(identifier)) {
      throw new Sl651Error('element', `${JSON.stringify(identifier.slice(0, 12))} is not an element identifier`);
    }
    const value = next(`The value of ${identifier}`);
    if (observedAt === null) throw new Sl651Error('element', 'An element comes before the observation time (TT)');
    // Known identifiers give readings; others (series, states) are read past like HEX frames' unknown elements.
    const code = SL651_ASCII_ELEMENTS[identifier];
    if (code === undefined) continue;
    if (!ASCII_VALUE.test(value)) {
      throw new Sl651Error(
        'element',
        `The value of ${identifier} is not a decimal number: ${JSON.stringify(value.slice(0, 12))}`,
      );
    }
    parsed.elements.push({ identifier: code, value: Number(value), observedAt });
  }
  return parsed;
}

/** The acknowledgement of an ASCII frame: the HEX/BCD answer's fields, in ASCII, with its CRC in 4 hex digits. */
function asciiAcknowledgement(frame: Sl651Frame): Uint8Array {
  const hexDigits = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0');
  const body = `${hexDigits(frame.serial, 4)}${hex(frame.sentAtBytes)}`;
  const head = `${frame.stationAddress}${hexDigits(frame.centreAddress, 2)}${frame.password}${hexDigits(frame.functionCode, 2)}8${hexDigits(body.length, 3)}`;
  const unsigned = Uint8Array.from([
    SL651.SOH,
    ...Buffer.from(head, 'latin1'),
    SL651.STX,
    ...Buffer.from(body, 'latin1'),
    SL651.ESC,
  ]);
  return Uint8Array.from([...unsigned, ...Buffer.from(hexDigits(crc16(unsigned), 4), 'latin1')]);
}

/** Parse an upstream frame in either encoding, told apart by its first byte (7EH HEX/BCD, 01H ASCII). */
export function parseAnySl651(frame: Uint8Array): Sl651Frame {
  return frame[0] === SL651.SOH ? parseSl651Ascii(frame) : parseSl651(frame);
}
