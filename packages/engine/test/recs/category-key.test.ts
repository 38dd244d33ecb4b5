import { describe, expect, it } from 'vitest';
import { categoryKeyOf } from '../../src/recs/index.js';

describe('categoryKeyOf', () => {
  it('reads > paths, / paths and lists alike, keeping a slash inside a level', () => {
    expect(categoryKeyOf('Home > Kitchen')).toBe(categoryKeyOf('Home/Kitchen'));
    expect(categoryKeyOf(['Home', 'Kitchen'])).toBe(categoryKeyOf(' Home >Kitchen '));
    expect(categoryKeyOf('Indoor/Outdoor > Chairs')).toBe(categoryKeyOf(['Indoor/Outdoor', 'Chairs']));
  });

  it('refuses a path of separators alone, also mixed (" > / " named a category "/")', () => {
    for (const path of ['>', ' / ', ' > / ', '/ > /', ['/', ' > ']])
      expect(() => categoryKeyOf(path), String(path)).toThrow('is empty');
    // Among named levels it is a level, as a stored category path keeps it.
    expect(categoryKeyOf('Home > / > Kitchen')).toBe(categoryKeyOf(['Home', '/', 'Kitchen']));
  });
});
