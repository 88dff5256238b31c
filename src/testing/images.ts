import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { seededRandom } from '../shared/cases/case-generator';

/** Degrees as the EXIF GPS rational triple sharp writes: "31/1 10/1 123400/10000". */
export function exifDegrees(degrees: number): string {
  const absolute = Math.abs(degrees);
  const whole = Math.floor(absolute);
  const minutesFloat = (absolute - whole) * 60;
  const minutes = Math.floor(minutesFloat);
  const seconds = Math.round((minutesFloat - minutes) * 60 * 10_000);
  return `${whole}/1 ${minutes}/1 ${seconds}/10000`;
}

export interface TestPhotoOptions {
  width?: number;
  height?: number;
  /** WGS 84 position written as EXIF GPS. */
  position?: { lon: number; lat: number };
  /** GPSImgDirection, degrees. */
  bearing?: number;
  /** EXIF DateTimeOriginal, `YYYY:MM:DD HH:MM:SS` (local time, as phones write it). */
  takenAt?: string;
  offset?: string;
  /** EXIF Orientation (6 = the camera was turned: the stored pixels must be rotated 90° clockwise). */
  orientation?: number;
  /** Fill with seeded noise over gradients (phone-photo-like size) instead of one flat colour. */
  noise?: number;
  format?: 'jpeg' | 'png' | 'webp';
}

function noisyPixels(width: number, height: number, amplitude: number): Buffer {
  const random = seededRandom(7);
  const pixels = Buffer.alloc(width * height * 3);
  const clamp = (value: number) => Math.max(0, Math.min(255, value));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const index = (y * width + x) * 3;
      const noise = (random() - 0.5) * amplitude;
      pixels[index] = clamp(90 + 80 * Math.sin(x / 300) + noise);
      pixels[index + 1] = clamp(120 + 60 * Math.cos(y / 200) + noise);
      pixels[index + 2] = clamp(100 + (x + y) / 100 + noise);
    }
  }
  return pixels;
}

/**
 * A camera-like image made with sharp: EXIF GPS (IFD3), DateTimeOriginal and Orientation as a phone
 * writes them. Orientation needs a second pass: sharp drops the GPS IFD when both are set at once.
 */
export async function makeTestPhoto(options: TestPhotoOptions = {}): Promise<Buffer> {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const base = options.noise
    ? sharp(noisyPixels(width, height, options.noise), { raw: { width, height, channels: 3 } })
    : sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } });
  const gps: Record<string, string> = {};
  if (options.position) {
    gps.GPSLatitudeRef = options.position.lat >= 0 ? 'N' : 'S';
    gps.GPSLatitude = exifDegrees(options.position.lat);
    gps.GPSLongitudeRef = options.position.lon >= 0 ? 'E' : 'W';
    gps.GPSLongitude = exifDegrees(options.position.lon);
  }
  if (options.bearing !== undefined) {
    gps.GPSImgDirectionRef = 'T';
    gps.GPSImgDirection = `${Math.round(options.bearing * 100)}/100`;
  }
  const exif: Record<string, string> = {};
  if (options.takenAt) exif.DateTimeOriginal = options.takenAt;
  if (options.offset) exif.OffsetTimeOriginal = options.offset;
  const format = options.format ?? 'jpeg';
  let image = base.withExif({ IFD0: { Make: 'Jinxi test camera' }, IFD2: exif, IFD3: gps });
  image =
    format === 'png' ? image.png() : format === 'webp' ? image.webp({ quality: 80 }) : image.jpeg({ quality: 90 });
  const first = await image.toBuffer();
  if (!options.orientation) return first;
  return sharp(first).keepExif().withMetadata({ orientation: options.orientation }).jpeg({ quality: 90 }).toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG that claims `width × height` pixels with a valid IHDR but only a token IDAT: a decompression
 * bomb's header at a few dozen bytes, so refusing it must happen before decoding.
 */
export function headerOnlyPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The first bytes of an iPhone HEIC file (ISO-BMFF `ftyp` box, brand heic) and some filler. */
/**
 * A real HEIC photo, 320 × 240, made once with libheif's encoder (heif-enc -q 50) from a makeTestPhoto JPEG; committed
 * so that no test needs the encoder. Its EXIF block is one exifr 7 cannot read (libheif writes a base offset).
 */
export const HEIC_FIXTURE = fileURLToPath(new URL('./fixtures/photo-320x240.heic', import.meta.url));

export function heicLike(): Buffer {
  const ftyp = Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypheic', 'latin1'),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from('mif1heic', 'latin1'),
  ]);
  return Buffer.concat([ftyp, Buffer.alloc(2000, 0x11)]);
}

/** An upload as a browser sends it: fields first, then the files. */
export function photoForm(
  fields: Record<string, string>,
  files: { bytes: Uint8Array; name?: string; type?: string }[],
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) {
    form.append(
      'file',
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }),
      file.name ?? 'photo.jpg',
    );
  }
  return form;
}
