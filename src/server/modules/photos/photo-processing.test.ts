import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import exifr from 'exifr';
import { headerDimensions, processPhoto, readPhotoExif, sniffImage } from './photo-processing';
import { exifDateToIso } from '../../../shared/photos/exif';
import { HttpProblem } from '../../platform/problem';
import { HEIC_FIXTURE, headerOnlyPng, heicLike, makeTestPhoto } from '../../../testing/images';

const statusOf = async (run: () => unknown) => {
  try {
    await run();
  } catch (error) {
    if (error instanceof HttpProblem) return { status: error.status, detail: error.detail };
    throw error;
  }
  return { status: 0, detail: '' };
};

describe('sniffImage (R11: the type comes from the bytes)', () => {
  it('recognises JPEG, PNG and WebP by their magic numbers', async () => {
    expect(sniffImage(await makeTestPhoto({ width: 8, height: 8 }))).toBe('jpeg');
    expect(sniffImage(await makeTestPhoto({ width: 8, height: 8, format: 'png' }))).toBe('png');
    expect(sniffImage(await makeTestPhoto({ width: 8, height: 8, format: 'webp' }))).toBe('webp');
  });

  it.each([
    ['SVG', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', /SVG/],
    ['HTML', '<!DOCTYPE html><html><body><script>alert(1)</script></body></html>', /HTML/],
    ['PDF', '%PDF-1.7\n1 0 obj', /PDF/],
    ['GIF', 'GIF89a\u0001\u0000\u0001\u0000', /GIF/],
    ['empty', '', /empty/],
    ['text', 'hello', /only JPEG, PNG, WebP and HEIC/],
  ])('refuses %s with 415 naming what it is', async (_name, text, detail) => {
    const problem = await statusOf(() => sniffImage(Buffer.from(text, 'latin1')));
    expect(problem.status).toBe(415);
    expect(problem.detail).toMatch(detail);
  });

  it('takes HEIC/HEIF for what it is (iPhones), and still refuses AVIF', async () => {
    expect(sniffImage(heicLike())).toBe('heic');
    expect(sniffImage(readFileSync(HEIC_FIXTURE))).toBe('heic');
    const avif = Buffer.from(heicLike());
    avif.write('avif', 8, 'latin1');
    expect((await statusOf(() => sniffImage(avif))).status).toBe(415);
  });
});

describe('HEIC photos (decoded with heic-decode, then sharp)', () => {
  it('reads the size from the header and makes upright JPEG derivatives', async () => {
    const heic = readFileSync(HEIC_FIXTURE);
    expect(headerDimensions('heic', heic)).toEqual({ width: 320, height: 240 });
    const processed = await processPhoto(HEIC_FIXTURE, 50);
    expect(processed).toMatchObject({ format: 'heic', mime: 'image/heic', width: 320, height: 240 });
    expect(await sharp(processed.display).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
  });

  it('refuses more pixels than allowed from the header, before decoding', async () => {
    expect((await statusOf(() => processPhoto(readFileSync(HEIC_FIXTURE), 0.05))).status).toBe(413);
  });
});

describe('headerDimensions (read before any decoding)', () => {
  it.each([
    ['jpeg', {}],
    ['png', {}],
    ['webp', {}],
    ['webp', { lossless: true }],
    ['webp', { alpha: true }],
  ] as const)('reads %s %o', async (format, variant) => {
    const image = sharp({
      create: { width: 321, height: 123, channels: 'alpha' in variant ? 4 : 3, background: '#336699' },
    });
    const bytes = await (
      format === 'jpeg'
        ? image.jpeg()
        : format === 'png'
          ? image.png()
          : image.webp({ lossless: 'lossless' in variant })
    ).toBuffer();
    expect(headerDimensions(format, bytes)).toEqual({ width: 321, height: 123 });
  });

  it('reads a 14000×14000 PNG header of a few dozen bytes, and gives null for cut headers', () => {
    const bomb = headerOnlyPng(14_000, 14_000);
    expect(bomb.length).toBeLessThan(100);
    expect(headerDimensions('png', bomb)).toEqual({ width: 14_000, height: 14_000 });
    expect(headerDimensions('png', bomb.subarray(0, 20))).toBeNull();
    expect(headerDimensions('jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBeNull();
    expect(headerDimensions('webp', Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1'))).toBeNull();
  });
});

describe('processPhoto', () => {
  it('refuses more pixels than allowed from the header, before sharp decodes anything', async () => {
    // The file holds no real pixel data: had anything tried to decode it, the answer would be a 400 (damaged).
    const problem = await statusOf(() => processPhoto(headerOnlyPng(14_000, 14_000), 50));
    expect(problem.status).toBe(413);
    expect(problem.detail).toMatch(/14000×14000.*196\.0 megapixels.*at most 50/);
    expect((await statusOf(() => processPhoto(headerOnlyPng(100, 100), 50))).status).toBe(400);
  });

  it('refuses a truncated JPEG as damaged (400), never a 500', async () => {
    const whole = await makeTestPhoto({ width: 400, height: 300, noise: 40 });
    expect((await statusOf(() => processPhoto(whole.subarray(0, Math.floor(whole.length * 0.6)), 50))).status).toBe(
      400,
    );
    expect((await statusOf(() => processPhoto(whole.subarray(0, 12), 50))).status).toBe(400);
  });

  it('turns an EXIF orientation 6 photo upright and strips every tag from the derivatives', async () => {
    const original = await makeTestPhoto({
      width: 800,
      height: 600,
      orientation: 6,
      position: { lon: 120.921, lat: 31.171 },
      bearing: 90.5,
      takenAt: '2026:06:10 09:30:00',
    });
    const processed = await processPhoto(original, 50);
    expect(processed).toMatchObject({
      format: 'jpeg',
      width: 600,
      height: 800,
      takenAt: '2026-06-10T09:30:00+08:00',
      bearing: 90.5,
    });
    expect(processed.position!.lon).toBeCloseTo(120.921, 6);
    expect(processed.position!.lat).toBeCloseTo(31.171, 6);
    for (const [image, longEdge] of [
      [processed.display, 800],
      [processed.thumb, 320],
    ] as const) {
      const metadata = await sharp(image).metadata();
      expect([metadata.width, metadata.height]).toEqual([Math.round((longEdge * 3) / 4), longEdge]);
      expect(metadata.orientation).toBeUndefined();
      expect(metadata.exif).toBeUndefined();
      expect(await exifr.gps(image).catch(() => undefined)).toBeUndefined();
    }
  });
});

describe('EXIF', () => {
  it('reads local time as Asia/Shanghai unless the camera wrote an offset', () => {
    expect(exifDateToIso('2026:06:10 09:30:00', undefined)).toBe('2026-06-10T09:30:00+08:00');
    expect(exifDateToIso('2026:06:10 09:30:00', '+09:00')).toBe('2026-06-10T09:30:00+09:00');
    expect(exifDateToIso('2026:06:10 09:30:00', 'garbage')).toBe('2026-06-10T09:30:00+08:00');
    expect(exifDateToIso('0000:00:00 00:00:00', undefined)).toBeNull();
    expect(exifDateToIso('2026:02:30 09:30:00', undefined)).toBeNull();
    expect(exifDateToIso('2026:06:10 25:30:00', undefined)).toBeNull();
    expect(exifDateToIso(12, undefined)).toBeNull();
  });

  it('has nothing to say about images without EXIF or with broken EXIF', async () => {
    const plain = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect(await readPhotoExif(plain)).toEqual({ takenAt: null, position: null, bearing: null });
    expect(await readPhotoExif(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, 0x45, 0x78]))).toEqual({
      takenAt: null,
      position: null,
      bearing: null,
    });
  });
});
