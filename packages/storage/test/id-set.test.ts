import { describe, expect, it } from 'vitest';
import { IdSet } from '../src/sql/id-set.js';

/** A deterministic stream of ids: ASCII, Latin-1, other scripts, astral characters, empty, long. */
function* ids(count: number, seed: number): Generator<string> {
  let x = seed;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x;
  };
  const alphabet = ['a', 'Z', '7', '-', 'é', 'ß', 'ж', '中', '😀', '\u0000'];
  for (let i = 0; i < count; i++) {
    const length = next() % 40;
    let id = '';
    for (let k = 0; k < length; k++) id += alphabet[next() % (next() % 7 === 0 ? alphabet.length : 4)];
    yield i % 97 === 0 ? id.repeat(30) : id;
  }
}

describe('IdSet', () => {
  it('holds exactly the strings a Set holds, through many resizes', () => {
    const set = new IdSet();
    const reference = new Set<string>();
    for (const id of ids(60_000, 1)) {
      expect(set.has(id)).toBe(reference.has(id));
      expect(set.add(id)).toBe(!reference.has(id));
      reference.add(id);
      expect(set.has(id)).toBe(true);
    }
    expect(set.size).toBe(reference.size);
    for (const id of ids(60_000, 2)) expect(set.has(id)).toBe(reference.has(id));
    expect(set.has('')).toBe(reference.has(''));
  });

  it('adds an id longer than any before it as it is (its scratch space grows first)', () => {
    const set = new IdSet();
    const long = `or-${'x'.repeat(300)}-é`;
    expect(set.add(long)).toBe(true);
    expect(set.has(long)).toBe(true);
    expect(set.add(long)).toBe(false);
    expect(set.size).toBe(1);
  });

  it('tells apart ids that differ in one character, length or prefix', () => {
    const set = new IdSet();
    set.add('or-536365-85123A-1a2b');
    expect(set.has('or-536365-85123A-1a2b')).toBe(true);
    expect(set.has('or-536365-85123A-1a2c')).toBe(false);
    expect(set.has('or-536365-85123A-1a2')).toBe(false);
    expect(set.has('or-536365-85123A-1a2bb')).toBe(false);
    expect(set.has('or-536365-85123a-1a2b')).toBe(false);
    set.add('é');
    expect(set.has('e\u0301')).toBe(false);
    expect(set.has('é')).toBe(true);
  });

  it('finds by UTF-8 bytes what it holds by string, and the other way round', () => {
    const set = new IdSet();
    const encoder = new TextEncoder();
    const reference = new Set<string>();
    let k = 0;
    for (const id of ids(20_000, 3)) {
      // Every other id goes in as bytes, from inside a larger array.
      const bytes = encoder.encode(`xx${id}yy`);
      const added = k++ % 2 === 0 ? set.addBytes(bytes, 2, bytes.length - 2) : set.add(id);
      expect(added).toBe(!reference.has(id));
      reference.add(id);
    }
    for (const id of ids(20_000, 4)) {
      const bytes = encoder.encode(id);
      expect(set.has(id)).toBe(reference.has(id));
      if (!reference.has(id)) {
        expect(set.addBytes(bytes, 0, bytes.length)).toBe(true);
        expect(set.has(id)).toBe(true);
        reference.add(id);
      }
    }
    expect(set.size).toBe(reference.size);
  });
});
