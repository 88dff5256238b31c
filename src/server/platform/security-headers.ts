import type { FastifyInstance } from 'fastify';

/** Hosts of the configured online basemaps, allowed as image sources in the CSP. */
export function contentSecurityPolicy(tileOrigins: readonly string[]): string {
  const tiles = tileOrigins.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${tiles}`.trim(),
    "font-src 'self' data:",
    `connect-src 'self' ${tiles}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The security headers every response carries, errors included (R10, L6). */
export function securityHeaders(tileOrigins: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(tileOrigins),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'geolocation=(self), camera=(self), microphone=()',
  };
}

/**
 * Security headers on every response (R10): routes, 404s and error answers through `onSend`; the
 * answers Fastify gives before routing (frameworkErrors) and the raw ones for malformed HTTP
 * (clientErrorHandler) set them from `securityHeaders` themselves (app.ts).
 */
export function registerSecurityHeaders(app: FastifyInstance, headers: Record<string, string>): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(headers);
  });
}

/**
 * API answers are per user and change at any time: unless a route chose its own Cache-Control
 * (no-store for secrets, private immutable for photos …), they may be kept by the browser only and
 * must be revalidated (ETags still answer 304). Shared caches never keep them.
 */
export function registerApiCacheDefault(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/api/') || reply.hasHeader('cache-control')) return;
    reply.header('Cache-Control', 'private, no-cache');
  });
}

/**
 * A complete raw HTTP answer for a connection Node could not parse (or that timed out): a short
 * problem+json with the security headers, then the connection closes. Nothing of the input is echoed.
 */
export function rawProblemResponse(
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string>,
): string {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  const lines = [
    `HTTP/1.1 ${status} ${title}`,
    'Connection: close',
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
