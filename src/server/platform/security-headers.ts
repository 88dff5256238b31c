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

/** Security headers on every response (R10). */
export function registerSecurityHeaders(app: FastifyInstance, tileOrigins: readonly string[]): void {
  const csp = contentSecurityPolicy(tileOrigins);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('Content-Security-Policy', csp);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'geolocation=(self), camera=(self), microphone=()');
  });
}
