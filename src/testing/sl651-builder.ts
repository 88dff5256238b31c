/**
 * An SL 651-2014 HEX/BCD frame builder for the tests, written from the standard's layout independently of the
 * parser (src/server/modules/flood/sl651.ts): its own BCD packing and a table-driven CRC16 (Modbus polynomial).
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? (value >>> 1) ^ 0xa001 : value >>> 1;
  return value;
});

export function sl651Crc(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ byte) & 0xff]!;
  return crc;
}

/** Decimal digits → packed BCD, two digits a byte. */
const bcd = (digits: string) => {
  const out: number[] = [];
  for (let index = 0; index < digits.length; index += 2) out.push(parseInt(digits.slice(index, index + 2), 16));
  return out;
};

export interface BuiltElement {
  id: number;
  value: number;
  /** Bytes of the value. */
  size: number;
  decimals: number;
}

export interface FrameSpec {
  centre?: number;
  /** 10 digits. */
  station: string;
  password?: string;
  functionCode?: number;
  serial?: number;
  /** yyMMddHHmmss (Asia/Shanghai). */
  sentAt: string;
  stationType?: number;
  /** Each: yyMMddHHmm and its elements. */
  groups?: { observedAt: string; elements: BuiltElement[] }[];
}

export function buildSl651Frame(spec: FrameSpec): Uint8Array<ArrayBuffer> {
  const body: number[] = [(spec.serial ?? 1) >> 8, (spec.serial ?? 1) & 0xff, ...bcd(spec.sentAt)];
  if (spec.groups) {
    body.push(0xf1, 0xf1, ...bcd(spec.station), spec.stationType ?? 0x48);
    for (const group of spec.groups) {
      body.push(0xf0, 0xf0, ...bcd(group.observedAt));
      for (const element of group.elements) {
        const digits = String(Math.round(Math.abs(element.value) * 10 ** element.decimals));
        const negative = element.value < 0;
        const width = (negative ? element.size - 1 : element.size) * 2;
        body.push(element.id, (element.size << 3) | element.decimals);
        if (negative) body.push(0xff);
        body.push(...bcd(digits.padStart(width, '0')));
      }
    }
  }
  const head = [
    0x7e,
    0x7e,
    spec.centre ?? 1,
    ...bcd(spec.station),
    ...bcd(spec.password ?? '1234'),
    spec.functionCode ?? 0x32,
    (body.length >> 8) & 0x0f,
    body.length & 0xff,
    0x02,
  ];
  const unsigned = Uint8Array.from([...head, ...body, 0x03]);
  const crc = sl651Crc(unsigned);
  return Uint8Array.from([...unsigned, crc >> 8, crc & 0xff]);
}

export const frameHex = (frame: Uint8Array) => Buffer.from(frame).toString('hex').toUpperCase();

/** An element of an ASCII frame: its ASCII identifier (table C.1) and the value as the station writes it. */
export interface BuiltAsciiElement {
  id: string;
  value: string;
}

export interface AsciiFrameSpec extends Omit<FrameSpec, 'groups'> {
  /** Each: yyMMddHHmm and its elements. */
  groups?: { observedAt: string; elements: BuiltAsciiElement[] }[];
}

const asciiHex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0');

/**
 * An SL 651-2014 ASCII frame, built from the standard's layout independently of the parser: SOH, the header fields
 * in ASCII (centre 2 hex, station 10, password 4, function 2 hex, direction + body length 1 + 3 hex), STX, the body
 * (serial 4 hex, send time 12, then "ST station type", "TT time", "ID value" tokens, space-separated), ETX and the
 * table CRC16 in 4 ASCII hex digits.
 */
export function buildSl651AsciiFrame(spec: AsciiFrameSpec): Uint8Array<ArrayBuffer> {
  const tokens: string[] = [];
  if (spec.groups) {
    tokens.push('ST', spec.station, asciiHex(spec.stationType ?? 0x48, 2));
    for (const group of spec.groups) {
      tokens.push('TT', group.observedAt);
      for (const element of group.elements) tokens.push(element.id, element.value);
    }
  }
  const body = `${asciiHex(spec.serial ?? 1, 4)}${spec.sentAt}${tokens.length ? ` ${tokens.join(' ')} ` : ''}`;
  const header = [
    asciiHex(spec.centre ?? 1, 2),
    spec.station,
    spec.password ?? '1234',
    asciiHex(spec.functionCode ?? 0x32, 2),
    `0${asciiHex(body.length, 3)}`,
  ].join('');
  const unsigned = Uint8Array.from([
    0x01,
    ...Buffer.from(header, 'latin1'),
    0x02,
    ...Buffer.from(body, 'latin1'),
    0x03,
  ]);
  return Uint8Array.from([...unsigned, ...Buffer.from(asciiHex(sl651Crc(unsigned), 4), 'latin1')]);
}
