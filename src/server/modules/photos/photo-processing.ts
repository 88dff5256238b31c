import { open, readFile } from 'node:fs/promises';
import type { HeicDecode } from 'heic-decode';
import type { default as Sharp } from 'sharp';
import exifr from 'exifr';
import { HttpProblem } from '../../platform/problem';
import type { SentExif } from '../../../shared/photos/photo';
import { EXIFR_OPTIONS, photoExifFromTags } from '../../../shared/photos/exif';

/** The image formats accepted as photo evidence, decided from the bytes (HEIC: iPhones' default, docs/field.md). */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'heic';
export const IMAGE_MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
};

export const THUMB_EDGE = 320;
export const DISPLAY_EDGE = 1600;
const JPEG_QUALITY = 80;

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((byte, index) => bytes[at + index] === byte);

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/**
 * Decide the type of an upload from its first bytes (magic numbers), never from its name or the
 * declared content type (R11). Anything but JPEG, PNG, WebP and HEIC/HEIF is a 415 naming what it looks like.
 */
export function sniffImage(bytes: Uint8Array): ImageFormat {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (brand === 'avif' || brand === 'avis') {
      throw new HttpProblem(415, 'AVIF images are not accepted: send a JPEG, PNG, WebP or HEIC photo');
    }
    if (HEIF_BRANDS.has(brand)) return 'heic';
  }
  const head = Buffer.from(bytes.subarray(0, 512))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  let looksLike = 'not a JPEG, PNG, WebP or HEIC image';
  if (head.startsWith('%pdf-')) looksLike = 'a PDF document';
  else if (head.includes('<svg')) looksLike = 'an SVG image (SVG can carry scripts)';
  else if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.includes('<script')) {
    looksLike = 'an HTML document';
  } else if (head.startsWith('gif8')) looksLike = 'a GIF image';
  else if (head.startsWith('ii*\u0000') || head.startsWith('mm\u0000*')) looksLike = 'a TIFF image';
  else if (bytes.length === 0) looksLike = 'empty';
  throw new HttpProblem(
    415,
    `The file is ${looksLike}: only JPEG, PNG, WebP and HEIC photos are accepted (the type is read from the content, not the name)`,
  );
}

/**
 * Width and height from the image header, without decoding: PNG IHDR, the JPEG SOFn marker, the
 * WebP VP8/VP8L/VP8X header. Null when the header is missing or cut short.
 */
export function headerDimensions(format: ImageFormat, bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (end: number) => end <= bytes.length;
  if (format === 'heic') {
    // The image spatial extents ('ispe') of the items; a grid image (iPhone) has its tiles' and its own: the largest.
    let best: { width: number; height: number } | null = null;
    const text = ascii(bytes, 0, bytes.length);
    for (let at = text.indexOf('ispe'); at >= 0 && has(at + 16); at = text.indexOf('ispe', at + 4)) {
      const width = view.getUint32(at + 8);
      const height = view.getUint32(at + 12);
      if (!best || width * height > best.width * best.height) best = { width, height };
    }
    return best;
  }
  if (format === 'png') {
    if (!has(24) || ascii(bytes, 12, 16) !== 'IHDR') return null;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (format === 'webp') {
    const chunk = ascii(bytes, 12, 16);
    if (chunk === 'VP8 ' && has(30) && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    }
    if (chunk === 'VP8L' && has(25) && bytes[20] === 0x2f) {
      const bits = view.getUint32(21, true);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X' && has(30)) {
      const uint24 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
      return { width: uint24(24) + 1, height: uint24(27) + 1 };
    }
    return null;
  }
  // JPEG: walk the markers to the first start-of-frame.
  let offset = 2;
  while (has(offset + 4)) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame header
    const length = view.getUint16(offset + 2);
    if (length < 2) return null;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (!has(offset + 9)) return null;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    offset += 2 + length;
  }
  return null;
}

/** Time taken, position and bearing from a file's EXIF (the rules: src/shared/photos/exif.ts). */
export type PhotoExif = SentExif;

/**
 * Time taken, GPS position (WGS 84, stored as is) and compass bearing from the EXIF block, if any.
 * Given a path, exifr reads only the parts of the file it needs.
 */
export async function readPhotoExif(input: Uint8Array | string): Promise<PhotoExif> {
  let tags: Record<string, unknown> | undefined;
  try {
    const source = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    tags = (await exifr.parse(source, EXIFR_OPTIONS)) as Record<string, unknown> | undefined;
  } catch {
    tags = undefined; // unreadable EXIF is no EXIF; the image itself is checked by decoding
  }
  return photoExifFromTags(tags);
}

export interface ProcessedPhoto extends PhotoExif {
  format: ImageFormat;
  mime: string;
  /** Upright dimensions (after EXIF orientation). */
  width: number;
  height: number;
  thumb: Buffer;
  display: Buffer;
}

const undecodable = (error: unknown): HttpProblem => {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new HttpProblem(413, 'The image has too many pixels to be processed');
  return new HttpProblem(400, `The image is damaged or cut short and cannot be read (${message.split('\n')[0]})`);
};

/**
 * How much of an uploaded file is read to find its type and frame header: JPEG APP segments are at
 * most 64 KiB each, so the start-of-frame of any camera file is well inside.
 */
export const HEADER_READ_BYTES = 4 * 1024 * 1024;

async function readFileHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Check and process one uploaded image, given as bytes or as the path of the file it was streamed
 * to (docs/quality.md R11: uploads are never held in memory whole): sniff the type (415), refuse
 * more pixels than allowed from the header before anything decodes it (413), read EXIF, then make
 * an upright thumbnail and display JPEG without any metadata (sharp writes none unless asked).
 * Damaged images are a 400.
 */
let sharpModule: Promise<typeof Sharp> | null = null;

/** heic-decode (libheif as WebAssembly), loaded with the first HEIC photo. */
let heicModule: Promise<HeicDecode> | null = null;
async function decodeHeic(input: Uint8Array | string): Promise<{ width: number; height: number; data: Uint8Array }> {
  heicModule ??= import('heic-decode').then((module) => module.default);
  const decode = await heicModule;
  // libheif needs the whole file: HEIC photos are a few MB (the size limit of uploads holds them).
  const buffer = typeof input === 'string' ? await readFile(input) : input;
  const image = await decode({ buffer });
  return {
    width: image.width,
    height: image.height,
    data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
  };
}
/** sharp (libvips) is loaded with the first photo, not at server start-up (docs/quality.md P10). */
const loadSharp = () => (sharpModule ??= import('sharp').then((module) => module.default));

/** Text for an SVG text node: the five XML specials escaped. */
const xmlText = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character]!,
  );

/**
 * The watermark band (docs/field.md): white lines on a dark translucent band across the bottom of an image of
 * `width`×`height`, as an SVG for sharp to draw (librsvg, the server's CJK fonts).
 */
export function watermarkSvg(lines: readonly string[], width: number, height: number): Buffer {
  const size = Math.max(12, Math.round(Math.min(width, height) / 32));
  const lineHeight = Math.round(size * 1.35);
  const band = lineHeight * lines.length + size;
  const top = Math.max(0, height - band);
  const text = lines
    .map(
      (line, index) =>
        `<text x="${size}" y="${top + Math.round(size * 0.5) + lineHeight * index + size}">${xmlText(line)}</text>`,
    )
    .join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="0" y="${top}" width="${width}" height="${height - top}" fill="#000" fill-opacity="0.45"/>` +
      `<g fill="#fff" font-size="${size}" font-family="Noto Sans CJK SC, Noto Serif CJK SC, WenQuanYi Micro Hei, sans-serif">${text}</g></svg>`,
  );
}

/**
 * Check, read and derive one photo. With `watermark`, the lines it answers for the photo's EXIF are drawn on the
 * display image (and so on the thumbnail made from it); the original is never changed.
 */
export async function processPhoto(
  input: Uint8Array | string,
  maxMegapixels: number,
  watermark?: (exif: PhotoExif) => readonly string[],
): Promise<ProcessedPhoto> {
  const bytes = typeof input === 'string' ? await readFileHead(input, HEADER_READ_BYTES) : input;
  const format = sniffImage(bytes);
  const header = headerDimensions(format, bytes);
  if (!header || header.width < 1 || header.height < 1) {
    throw new HttpProblem(
      400,
      `The ${format.toUpperCase()} file has no readable image header: it is damaged or cut short`,
    );
  }
  const maxPixels = Math.floor(maxMegapixels * 1_000_000);
  if (header.width * header.height > maxPixels) {
    throw new HttpProblem(
      413,
      `The image is ${header.width}×${header.height} pixels (${((header.width * header.height) / 1e6).toFixed(1)} megapixels): at most ${maxMegapixels} megapixels are accepted`,
    );
  }
  const exif = await readPhotoExif(input);
  const sharp = await loadSharp();
  let width: number;
  let height: number;
  let display: Buffer;
  let thumb: Buffer;
  try {
    // HEIC: decoded to pixels by libheif (heic-decode, upright: it applies the file's rotation), then as any image.
    const decoded = format === 'heic' ? await decodeHeic(input) : null;
    // Second guard: sharp itself refuses more pixels than allowed, and fails on truncated data.
    const image = () =>
      decoded
        ? sharp(decoded.data, {
            raw: { width: decoded.width, height: decoded.height, channels: 4 },
            limitInputPixels: maxPixels,
          })
        : sharp(input, { limitInputPixels: maxPixels, failOn: 'truncated' });
    const metadata = await image().metadata();
    if (!decoded && metadata.format !== format) {
      throw new Error(`content does not decode as ${format}`);
    }
    width = metadata.autoOrient?.width ?? metadata.width;
    height = metadata.autoOrient?.height ?? metadata.height;
    display = await image()
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: DISPLAY_EDGE, height: DISPLAY_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer();
    if (watermark) {
      const size = await sharp(display).metadata();
      display = await sharp(display)
        .composite([{ input: watermarkSvg(watermark(exif), size.width, size.height), top: 0, left: 0 }])
        .jpeg({ quality: JPEG_QUALITY })
        .toBuffer();
    }
    // The thumbnail is made from the display image: decoding 1600 px is far cheaper than the original again.
    thumb = await sharp(display)
      .resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer();
  } catch (error) {
    throw undecodable(error);
  }
  return { format, mime: IMAGE_MIME[format], width, height, thumb, display, ...exif };
}
