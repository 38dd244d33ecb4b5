// The checks every fairness report runs on its customer groups (customers/customer-groups.ts): hand-made
// rows, each count worked out in the comments.
import { describe, expect, it } from 'vitest';
import {
  checkGrouping,
  GroupingError,
  heldAttributeNames,
  NO_GROUP,
  unheldAttributeWarning,
} from '../../src/customers/customer-groups.js';

/** `n` rows named `name`. */
const times = (name: string, n: number) => Array.from({ length: n }, () => name);

describe('checkGrouping', () => {
  it('refuses an identifier whose values are mostly one customer each, naming the option', () => {
    // 4 rows hold an e-mail, 3 of them one no other row has (3 > 4 / 2); one row has none.
    const rows = ['a@b.de', 'c@d.fr', 'e@f.it', 'shared@shop.de', 'shared@shop.de', NO_GROUP];
    let caught: unknown;
    try {
      checkGrouping(rows, 'email', 'fairnessBy');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GroupingError);
    const e = caught as GroupingError;
    expect(e.message).toBe(
      'fairnessBy "email" looks like a direct identifier (e-mail address): 3 of the 5 rows holding it have a value no other row has, and each such group would be named by one customer\'s e-mail address; group by a field customers share (country, a tier)',
    );
    expect(e.messageFor('--group-by')).toMatch(/^--group-by "email" looks like a direct identifier/);
  });

  it('accepts a yes/no field named like an identifier, and an identifier whose values are shared', () => {
    // emailOptIn: 2 values, every row unique would still be a yes/no field.
    expect(() => checkGrouping(['true', 'false'], 'emailOptIn', 'groupBy')).not.toThrow();
    expect(() =>
      checkGrouping([...times('yes', 40), ...times('no', 3)], 'emailOptIn', 'groupBy'),
    ).not.toThrow();
    // zip: 3 values over 7 rows, 1 of them unique (1 <= 7 / 2): postal areas customers share.
    expect(() =>
      checkGrouping([...times('10115', 3), ...times('80331', 3), '20095'], 'zip', 'groupBy'),
    ).not.toThrow();
    // 4 values over 5 rows, 3 of them unique (3 > 5 / 2): refused; 2 unique of 4 (not > 2) is not.
    expect(() => checkGrouping(['10115', '10115', '80331', '20095', '50667'], 'zip', 'groupBy')).toThrow(
      'groupBy "zip" looks like a direct identifier (postal address): 3 of the 5 rows',
    );
    expect(() => checkGrouping(['10115', '10115', '80331', '20095'], 'zip', 'groupBy')).not.toThrow();
  });

  it('refuses more distinct values than half the rows and more than 50, not fewer', () => {
    // 51 distinct notes among 100 rows: more than 50 and more than 50 (half of 100).
    const notes = [...Array.from({ length: 51 }, (_, i) => `note ${i}`), ...times('x', 49)];
    expect(() => checkGrouping(notes, 'note', 'groupBy')).toThrow(
      'groupBy "note" has 52 distinct values among 100 rows (more than half of them, and more than 50): an id or free text, not groups; group by a field with fewer values',
    );
    // 50 distinct among 60 rows: more than half, but not more than 50.
    const fifty = [...Array.from({ length: 50 }, (_, i) => `v${i}`), ...times('v0', 10)];
    expect(() => checkGrouping(fifty, 'size', 'groupBy')).not.toThrow();
    // 51 distinct among 102 rows: not more than half.
    const half = [
      ...Array.from({ length: 51 }, (_, i) => `v${i}`),
      ...Array.from({ length: 51 }, (_, i) => `v${i}`),
    ];
    expect(() => checkGrouping(half, 'size', 'groupBy')).not.toThrow();
    // 51 different numbers among 1,000 rows: not ids, but a measure (hundreds of rows in a big table).
    const pages = Array.from({ length: 1000 }, (_, i) => String(i % 51));
    expect(() => checkGrouping(pages, 'pagesSeen', 'groupBy')).toThrow(
      'groupBy "pagesSeen" holds 51 different numbers (more than 50): a measure, not groups; group by ranges of it, stored as a field of their own',
    );
    // 50 numbers, or 51 values of which one is not a number, are groups.
    expect(() =>
      checkGrouping(
        pages.map((v) => (v === '50' ? '0' : v)),
        'pagesSeen',
        'groupBy',
      ),
    ).not.toThrow();
    expect(() =>
      checkGrouping(
        pages.map((v) => (v === '50' ? 'many' : v)),
        'pagesSeen',
        'groupBy',
      ),
    ).not.toThrow();
    // Country (field null) is a grouping of codes whatever their number.
    expect(() =>
      checkGrouping(
        Array.from({ length: 60 }, (_, i) => `C${i}`),
        null,
        'groupBy',
      ),
    ).not.toThrow();
  });
});

describe('unheldAttributeWarning', () => {
  it('says that no customer holds the attribute, naming those they hold', () => {
    const held = heldAttributeNames([
      { attributes: { tier: 'gold', vip: null } },
      null,
      { attributes: { shop: 'one' } },
    ]);
    // vip is null for its only customer: not held.
    expect([...held].sort()).toEqual(['shop', 'tier']);
    expect(unheldAttributeWarning('attribute.Tier', held)).toBe(
      'no customer holds the attribute "Tier": everyone is in the group "(none)"; the attributes they hold: shop, tier',
    );
    expect(unheldAttributeWarning('attribute.vip', held)).toMatch(/^no customer holds the attribute "vip"/);
    expect(unheldAttributeWarning('attribute.tier', held)).toBeNull();
    expect(unheldAttributeWarning('country', held)).toBeNull();
    expect(unheldAttributeWarning('attribute.x', new Set())).toBe(
      'no customer holds the attribute "x": everyone is in the group "(none)"; the customers hold no attributes',
    );
  });
});
