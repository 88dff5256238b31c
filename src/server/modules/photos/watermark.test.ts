import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import exifr from 'exifr';
import { sampleZoneTask, startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { photoUploadResponseSchema } from '../../../shared/photos/photo';
import { watermarkLines } from '../../../shared/photos/watermark';
import { watermarkSvg } from './photo-processing';

/** The optional 水印 (docs/field.md): drawn on the display image only; the original is kept as sent. */
let server: TestServer;
let water: string;
let zone: string;
let task: string;
const HERE = { lon: 120.921, lat: 31.171 };

beforeAll(async () => {
  server = await startTestServer();
  water = await server.login('water');
  ({ zone, task } = await sampleZoneTask(server, 'R4'));
});
afterAll(async () => {
  await server.close();
});

const upload = async (file: Buffer, fields: Record<string, string>, key: string) => {
  const response = await server.request(`/api/zones/${zone}/photos`, {
    method: 'POST',
    cookie: water,
    headers: { 'idempotency-key': key },
    body: photoForm({ phase: 'before', taskId: task, ...fields }, [{ bytes: file }]),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return photoUploadResponseSchema.parse(await response.json()).photos[0]!;
};
const display = async (id: string) =>
  Buffer.from(await (await server.request(`/api/photos/${id}/display`, { cookie: water })).arrayBuffer());
const original = async (id: string) => {
  const [row] = await server.sql<{ storage_key: string }>('SELECT storage_key FROM photos WHERE id = ?', Number(id));
  return server.readStoredOriginal(row!.storage_key);
};
/** Mean absolute difference of two same-size images' pixels within rows [top, bottom). */
async function difference(a: Buffer, b: Buffer, top: number, bottom: number) {
  const [left, right] = await Promise.all(
    [a, b].map((image) => sharp(image).raw().toBuffer({ resolveWithObject: true })),
  );
  const row = left!.info.width * left!.info.channels;
  let sum = 0;
  for (let index = top * row; index < bottom * row; index += 1)
    sum += Math.abs(left!.data[index]! - right!.data[index]!);
  return sum / ((bottom - top) * row);
}

describe('the watermark', () => {
  it('is drawn on the display image only; the original keeps its bytes and EXIF', async () => {
    const file = await makeTestPhoto({
      width: 800,
      height: 600,
      position: HERE,
      bearing: 90,
      takenAt: '2026:06:10 09:30:00',
      offset: '+08:00',
    });
    const plain = await upload(file, {}, 'wm-plain');
    const marked = await upload(file, { watermark: '1' }, 'wm-marked');

    for (const photo of [plain, marked]) expect(Buffer.compare(await original(photo.id), file)).toBe(0);
    const kept = await exifr.parse(await original(marked.id), { gps: true });
    expect(kept.latitude).toBeCloseTo(HERE.lat, 5);
    expect(kept.GPSImgDirection).toBe(90);

    const [clean, stamped] = await Promise.all([display(plain.id), display(marked.id)]);
    const { width, height } = await sharp(stamped).metadata();
    expect({ width, height }).toEqual(
      await sharp(clean)
        .metadata()
        .then((m) => ({ width: m.width, height: m.height })),
    );
    // The band at the bottom differs; the top of the picture is the same (JPEG noise aside).
    expect(await difference(clean, stamped, height - 40, height)).toBeGreaterThan(20);
    expect(await difference(clean, stamped, 0, 100)).toBeLessThan(2);
    // The metadata answered is the file's, not the watermark's.
    expect(marked.takenAt).toBe(plain.takenAt);
  });

  it('says time in Asia/Shanghai, place with coordinates, unit and task; text is never markup', () => {
    const lines = watermarkLines({
      at: new Date('2026-06-10T01:30:00Z'),
      place: '周庄村',
      position: HERE,
      unit: '水利站',
      task: '清淤 <b>&',
    });
    expect(lines).toEqual([
      '时间 2026-06-10 09:30:00',
      '地点 周庄村 120.921000°E 31.171000°N',
      '单位 水利站',
      '任务 清淤 <b>&',
    ]);
    const svg = watermarkSvg(lines, 800, 600).toString();
    expect(svg).toContain('任务 清淤 &lt;b&gt;&amp;');
    expect(svg).not.toContain('<b>');
  });
});
