import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problem';

/**
 * Where in a parsed body the first text holding U+0000 is (a path like `properties.name`), or null. Walked with a
 * list, not by recursion, and a path is spelled only when found: a body nested 5,000 deep must get its own 4xx.
 */
export function nulTextPath(body: unknown): string | null {
  // Every text, array and object met: its parent's index in this list and its key there.
  const met: { parent: number; key: string | number }[] = [{ parent: -1, key: '' }];
  const pending: [value: unknown, at: number][] = [[body, 0]];
  const pathOf = (at: number, key?: string) => {
    const keys: (string | number)[] = key === undefined ? [] : [key];
    for (let index = at; index > 0; index = met[index]!.parent) keys.unshift(met[index]!.key);
    return keys.join('.') || '(body)';
  };
  const visit = (value: unknown, parent: number, key: string | number) => {
    // Numbers, booleans and nulls hold no text (a detailed shape is tens of thousands of them).
    if (typeof value !== 'string' && (value === null || typeof value !== 'object')) return;
    met.push({ parent, key });
    pending.push([value, met.length - 1]);
  };
  while (pending.length) {
    const [value, at] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(at);
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) visit(value[index], at, index);
    } else if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
      // Parsed JSON only: plain objects (not files, buffers or streams of other body types).
      const entries = Object.entries(value);
      for (const [key] of entries) if (key.includes('\u0000')) return pathOf(at, key);
      for (let index = entries.length - 1; index >= 0; index -= 1) visit(entries[index]![1], at, entries[index]![0]);
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
