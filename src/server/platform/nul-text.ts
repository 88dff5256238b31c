import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problem';

/** Where in a parsed body the first text holding U+0000 is (a path like `properties.name`), or null. */
export function nulTextPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = nulTextPath(value[index], `${path}${path ? '.' : ''}${index}`);
      if (found) return found;
    }
    return null;
  }
  // Parsed JSON only: plain objects (not files, buffers or streams of other body types).
  if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}${path ? '.' : ''}${key}`;
      if (key.includes('\u0000')) return at;
      const found = nulTextPath(item, at);
      if (found) return found;
    }
  }
  return null;
}

/**
 * No JSON body may carry the NUL character (U+0000) in its text: it means nothing in a name, a note or an address,
 * and PostgreSQL refuses to store it (a 500 where the caller deserves a 400). One check for every route and both
 * engines, before any handler runs.
 */
export function registerNulTextCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const path = nulTextPath(request.body);
    if (path) {
      throw new HttpProblem(400, 'Text may not contain the NUL character (U+0000)', [
        { path, message: 'contains U+0000' },
      ]);
    }
  });
}
