import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { headerOnlyPng, heicLike, makeTestPhoto, photoForm } from '../../../testing/images';

/**
 * R6 for the photo write routes: 1,000 generated multipart and JSON bodies against the upload and
 * 1,000 against manual placing. Never a 5xx, never a hang over 2 s, every refusal a problem+json.
 */
let server: TestServer;
let planner: string;
let zone: string;
let photo: string;
let samples: Uint8Array[];
beforeAll(async () => {
  server = await startTestServer();
  planner = await server.login('planner');
  zone = String((server.db.prepare("SELECT id FROM zones WHERE category = 'R4'").get() as { id: number }).id);
  const jpeg = await makeTestPhoto({ width: 32, height: 24, position: { lon: 120.921, lat: 31.171 } });
  samples = [
    jpeg,
    jpeg.subarray(0, Math.floor(jpeg.length / 2)),
    await makeTestPhoto({ width: 32, height: 24, format: 'png' }),
    await makeTestPhoto({ width: 32, height: 24, format: 'webp' }),
    headerOnlyPng(14_000, 14_000),
    heicLike(),
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
  ];
  const response = await server.request(`/api/zones/${zone}/photos`, {
    method: 'POST',
    cookie: planner,
    body: photoForm({ phase: 'before' }, [{ bytes: jpeg }]),
  });
  photo = ((await response.json()) as { photos: { id: string }[] }).photos[0]!.id;
});
afterAll(async () => {
  await server.close();
});

const seen = new Set<number>();
async function expectNo5xx(response: Response, started: number) {
  seen.add(response.status);
  expect(Date.now() - started).toBeLessThan(2000);
  const text = await response.text();
  expect(response.status, text).toBeLessThan(500);
  if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/problem\+json/);
}

const magic = fc.constantFrom(
  [0xff, 0xd8, 0xff],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
  [],
);
const fileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(magic, fc.uint8Array({ maxLength: 300 })).map(([head, tail]) => Uint8Array.from([...head, ...tail])),
  fc.nat({ max: 6 }).map((index) => samples[index]!),
);
const text = fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom('', ' ', '\u0000', '1e309', 'NaN', '-0'));
const randomFields = fc.record(
  {
    phase: fc.oneof(fc.constantFrom('before', 'progress', 'after', 'BEFORE', ''), text),
    taskId: fc.oneof(fc.constantFrom('1', '2', '0', '-1', '999999999999', '1.5'), text),
    referenceObject: fc.oneof(text, fc.string({ minLength: 70, maxLength: 100 })),
    note: fc.oneof(text, fc.string({ minLength: 490, maxLength: 600 })),
    lon: fc.oneof(fc.double().map(String), fc.constantFrom('120.92', '181', '-180', ''), text),
    lat: fc.oneof(fc.double().map(String), fc.constantFrom('31.17', '91', '-90'), text),
    extra: text,
  },
  { requiredKeys: [] },
);
const fields = fc.oneof(
  randomFields,
  fc.record(
    { phase: fc.constantFrom('before', 'progress'), note: text, lon: fc.constant('120.92'), lat: fc.constant('31.17') },
    { requiredKeys: ['phase'] },
  ),
);
const files = fc.array(
  fc.record({
    bytes: fileBytes,
    name: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('../../etc/passwd', 'a.jpg', 'x.svg', '')),
    type: fc.constantFrom('image/jpeg', 'image/png', 'image/svg+xml', 'text/html', 'application/octet-stream'),
  }),
  { maxLength: 3 },
);
const idempotencyKey = fc.option(
  fc.oneof(fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme-ascii' }), fc.constantFrom('k-1', 'k-2')),
);
const rawMultipart = fc
  .tuple(
    fc.constantFrom('b0undary', '', 'x'.repeat(80)),
    fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.constantFrom(
        '--b0undary\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff',
        '--b0undary\r\nContent-Disposition: form-data; name="phase"\r\n\r\nbefore\r\n--b0undary--',
        '--b0undary\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nx\r\n--b0undary--\r\n',
        '--b0undary\r\nContent-Disposition: form-data; name="phase"\r\nContent-Type: application/json\r\n\r\n{"a":\r\n--b0undary--\r\n',
        '--b0undary--\r\n',
      ),
    ),
  )
  .map(([boundary, body]) => ({ boundary, body }));
const upload = fc.oneof(
  fc.record({ kind: fc.constant('form' as const), fields, files, idempotencyKey }),
  fc.record({ kind: fc.constant('raw' as const), raw: rawMultipart }),
  fc.record({ kind: fc.constant('json' as const), json: fc.jsonValue() }),
);

type Upload = typeof upload extends fc.Arbitrary<infer T> ? T : never;

describe('generated photo bodies (R6)', () => {
  it('POST /api/zones/:id/photos: 1,000 generated multipart and JSON bodies, no 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(upload, async (value) => {
        const started = Date.now();
        const path = `/api/zones/${zone}/photos`;
        let response: Response;
        if (value.kind === 'form') {
          const form = new FormData();
          for (const [name, fieldValue] of Object.entries(value.fields)) form.append(name, fieldValue);
          for (const file of value.files) {
            form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
          }
          response = await server.request(path, {
            method: 'POST',
            cookie: planner,
            body: form,
            ...(value.idempotencyKey !== null ? { headers: { 'idempotency-key': value.idempotencyKey } } : {}),
          });
        } else if (value.kind === 'raw') {
          response = await server.request(path, {
            method: 'POST',
            cookie: planner,
            headers: { 'content-type': `multipart/form-data; boundary=${value.raw.boundary}` },
            body: Buffer.from(value.raw.body, 'latin1'),
          });
        } else {
          response = await server.request(path, { method: 'POST', cookie: planner, json: value.json });
        }
        await expectNo5xx(response, started);
      }),
      {
        numRuns: 1000,
        // Pinned first: stored (201), the same again by key (200), a pixel bomb (413), an SVG (415).
        examples: (
          [
            [0, 'pinned'],
            [0, 'pinned'],
            [4, null],
            [6, null],
          ] as const
        ).map(([sample, key]): [Upload] => [
          {
            kind: 'form',
            fields: { phase: 'before' },
            files: [{ bytes: samples[sample]!, name: 'x', type: 'image/jpeg' }],
            idempotencyKey: key,
          },
        ]),
      },
    );
    // The generator reaches every outcome: stored, malformed, too many pixels, not an image.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 201, 400, 413, 415]));
    seen.clear();
  }, 180_000);

  it('PATCH /api/photos/:id/position: 1,000 generated bodies and ids, no 5xx', async () => {
    const coordinate = fc.oneof(
      fc.double(),
      fc.integer({ min: -400, max: 400 }),
      fc.constantFrom(120.92, 31.17, 180, -180, 90, -90),
      fc.string(),
      fc.constant(null),
    );
    const body = fc.oneof(
      fc.record({ lon: coordinate, lat: coordinate, positionSource: fc.string() }, { requiredKeys: ['lon', 'lat'] }),
      fc.record({ lon: coordinate, lat: coordinate }, { requiredKeys: [] }),
      fc.jsonValue(),
    );
    const id = fc.oneof(
      fc.constant('self'),
      fc.constantFrom('0', '-1', '1e3', '999999999999', '9999999999999', '..%2F..%2Fetc', '%00'),
      fc.string({ maxLength: 20 }).map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(body, id, async (value, target) => {
        const started = Date.now();
        const response = await server.request(`/api/photos/${target === 'self' ? photo : target}/position`, {
          method: 'PATCH',
          cookie: planner,
          json: value,
        });
        await expectNo5xx(response, started);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});
