import type { EncodingSource } from '../../../../shared/gis/gis-import';

/**
 * What a .cpg file or a code page number means, as a WHATWG encoding label Node's TextDecoder (full
 * ICU) knows. Real files spell them in many ways: "Big-5", "big5", "GBK", "936", "CP936", "GB2312",
 * "GB18030", "UTF-8", "utf8", "65001", "950", "ANSI 936", "windows-936".
 */
export function encodingOfCodePage(text: string): string | null {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/^(ansi|cp|windows|ms|ibm)[\s_-]*/, '')
    .replace(/[\s_-]/g, '');
  if (!key) return null;
  const known: Record<string, string> = {
    utf8: 'utf-8',
    '65001': 'utf-8',
    gbk: 'gbk',
    '936': 'gbk',
    gb2312: 'gbk',
    gb231280: 'gbk',
    euccn: 'gbk',
    '20936': 'gbk',
    gb18030: 'gb18030',
    '54936': 'gb18030',
    big5: 'big5',
    '950': 'big5',
    big5hkscs: 'big5',
    '1252': 'windows-1252',
    latin1: 'windows-1252',
    '88591': 'windows-1252',
    '932': 'shift_jis',
    sjis: 'shift_jis',
    shiftjis: 'shift_jis',
    '949': 'euc-kr',
    '1251': 'windows-1251',
    '1250': 'windows-1250',
    '874': 'windows-874',
  };
  if (known[key]) return known[key];
  for (const label of [text.trim(), `windows-${key}`]) {
    try {
      return new TextDecoder(label).encoding;
    } catch {
      // not a label TextDecoder knows
    }
  }
  return null;
}

/** The DBF language driver id (byte 29) → code page (the ESRI/GDAL table); 0 and 0x57 ("ANSI") say nothing. */
const LDID_CODE_PAGES: Record<number, string> = {
  0x03: '1252',
  0x13: '932',
  0x4d: '936',
  0x4e: '949',
  0x4f: '950',
  0x50: '874',
  0x78: '950',
  0x79: '949',
  0x7a: '936',
  0x7b: '932',
  0x7c: '874',
  0xc8: '1250',
  0xc9: '1251',
};

export function encodingOfLdid(ldid: number): string | null {
  const codePage = LDID_CODE_PAGES[ldid];
  if (!codePage) return null;
  return encodingOfCodePage(codePage);
}

/** Is this valid UTF-8, and does it hold characters beyond ASCII? */
export function utf8Check(bytes: Uint8Array): { valid: boolean; multibyte: boolean } {
  let multibyte = false;
  for (const byte of bytes) {
    if (byte >= 0x80) {
      multibyte = true;
      break;
    }
  }
  if (!multibyte) return { valid: true, multibyte: false };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { valid: true, multibyte: true };
  } catch {
    return { valid: false, multibyte: true };
  }
}

export interface DetectedEncoding {
  encoding: string | null;
  source: EncodingSource;
  needsConfirmation: boolean;
}

/**
 * Decide on an encoding from the evidence, most trusted first: a .cpg, the DBF language byte, the
 * bytes themselves. Valid UTF-8 with multibyte characters is proposed but must be confirmed; bytes
 * that are not UTF-8 get no guess at all (never a silent GBK): the user chooses.
 */
export function detectEncoding(evidence: {
  cpg?: string | null;
  ldid?: number | null;
  bytes: Uint8Array;
}): DetectedEncoding {
  if (evidence.cpg) {
    const encoding = encodingOfCodePage(evidence.cpg);
    if (encoding) return { encoding, source: 'cpg', needsConfirmation: false };
  }
  if (evidence.ldid) {
    const encoding = encodingOfLdid(evidence.ldid);
    if (encoding) return { encoding, source: 'ldid', needsConfirmation: false };
  }
  const check = utf8Check(evidence.bytes);
  if (!check.multibyte) return { encoding: 'utf-8', source: 'ascii', needsConfirmation: false };
  if (check.valid) return { encoding: 'utf-8', source: 'utf8', needsConfirmation: true };
  return { encoding: null, source: 'none', needsConfirmation: true };
}

export function decodeText(bytes: Uint8Array, encoding: string | null): string {
  return new TextDecoder(encoding ?? 'utf-8').decode(bytes);
}
