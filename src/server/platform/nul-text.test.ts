import { describe, expect, it } from 'vitest';
import { nulTextPath } from './nul-text';

describe('finding U+0000 in a parsed body', () => {
  it('names where it is: a value, an array item, an object key, the body itself', () => {
    expect(nulTextPath({ properties: { name: '片区\u0000' } })).toBe('properties.name');
    expect(nulTextPath({ data: [{ ok: 'x' }, { ['k\u0000']: 1 }] })).toBe('data.1.k\u0000');
    expect(nulTextPath('\u0000')).toBe('(body)');
    expect(nulTextPath({ note: '第一行\u0001', n: 1, list: [null, true] })).toBeNull();
  });

  it('walks a body nested 100,000 deep without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    const path = nulTextPath(deep)!;
    expect(path.split('.')).toHaveLength(100_000);
    let clean: unknown = 'bottom';
    for (let level = 0; level < 100_000; level += 1) clean = { a: clean };
    expect(nulTextPath(clean)).toBeNull();
  });

  it('leaves files and buffers of other body types alone', () => {
    expect(nulTextPath({ file: Buffer.from([0, 0, 0]) })).toBeNull();
  });
});
