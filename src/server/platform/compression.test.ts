import Fastify from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPRESS_OFF_THREAD_BYTES, registerApiCompression } from './compression';

// A large JSON answer (a county's GeoJSON export) is compressed on the thread pool: the same bytes come out, and the
// server answers other requests meanwhile. The small answers of the sample town: static-assets.test.ts.
describe('compressing a large JSON answer', () => {
  const app = Fastify();
  const features = Array.from({ length: 6000 }, (_, index) => ({
    type: 'Feature',
    properties: { name: `合成区域 ${index}`, status: index % 3 ? 'in_progress' : 'done' },
    geometry: { type: 'Point', coordinates: [120.9 + index / 1e5, 31.18 - index / 1e5] },
  }));
  const body = JSON.stringify({ type: 'FeatureCollection', features });
  registerApiCompression(app);
  app.get('/api/big', (_request, reply) => reply.type('application/geo+json').send(body));
  afterAll(() => app.close());

  it('is larger than the size compressed off the thread', () => {
    expect(Buffer.byteLength(body)).toBeGreaterThan(COMPRESS_OFF_THREAD_BYTES);
  });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const)('sends %s that decodes to the answer, with Vary', async (encoding, decode) => {
    const answer = await app.inject({ url: '/api/big', headers: { 'accept-encoding': encoding } });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-encoding']).toBe(encoding);
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
    expect(answer.rawPayload.length).toBeLessThan(Buffer.byteLength(body) / 4);
    expect(decode(answer.rawPayload).toString('utf8')).toBe(body);
  });
});
