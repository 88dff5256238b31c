import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync, type BrotliOptions } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/** JSON read answers smaller than this go as they are: compressing would save too little to matter. */
export const COMPRESS_MIN_BYTES = 1024;
/**
 * From this size a body is compressed on libuv's thread pool, not the server's thread: a county's GeoJSON export
 * (7 MB) held it about 80 ms (docs/quality.md P10). Below, the hand-over would cost more than it saves.
 */
export const COMPRESS_OFF_THREAD_BYTES = 256 * 1024;
const brotliAsync = promisify(brotliCompress) as (body: Buffer, options: BrotliOptions) => Promise<Buffer>;
const gzipAsync = promisify(gzip);

/** application/json and its suffixed kinds (geo+json, problem+json …). */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\b/i;

/** The best encoding the client accepts (brotli, then gzip), or null; `q=0` refuses one. */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, quality]) => !/^\s*q=0(?:\.0*)?\s*$/.test(quality ?? ''))
      .map(([name]) => name!.trim()),
  );
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null;
}

/**
 * JSON API reads (GET) above COMPRESS_MIN_BYTES are compressed per request, brotli at a fast level or gzip, with
 * `Vary: Accept-Encoding`: on a weak phone link the map page's data is a large share of what must arrive before the
 * zones paint (P8; the built files are compressed at build time instead, app.ts). Writes are left alone (their
 * answers are small, and other hooks read them).
 */
export function registerApiCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || !request.url.startsWith('/api/') || reply.hasHeader('content-encoding')) {
      return payload;
    }
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!JSON_TYPE.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (body.length < COMPRESS_MIN_BYTES) return payload;
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/\baccept-encoding\b/i.test(vary)) reply.header('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const encoding = pickEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    reply.header('Content-Encoding', encoding);
    reply.removeHeader('content-length');
    const offThread = body.length >= COMPRESS_OFF_THREAD_BYTES;
    if (encoding === 'gzip') return offThread ? gzipAsync(body, { level: 6 }) : gzipSync(body, { level: 6 });
    const brotli = {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    };
    return offThread ? brotliAsync(body, brotli) : brotliCompressSync(body, brotli);
  });
}
