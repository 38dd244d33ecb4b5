// The checks every fairness report runs on its customer groups (customers/customer-groups.ts): hand-made
// rows, each count worked out in the comments.
import { describe, expect, it } from 'vitest';
import {
  checkGrouping,
  GroupingError,
  GroupNumbering,
  heldAttributeNames,
  mergeSmallGroups,
  NO_GROUP,
  SMALL_GROUPS,
  unheldAttributeWarning,
} from '../../src/customers/customer-groups.js';

/** mergeSmallGroups of rows given by name (numbered in order of first appearance), as names per row. */
function merged(rows: readonly string[], option = 'groupBy') {
  const numbering = new GroupNumbering();
  const group = Int32Array.from(rows, (name) => numbering.of(name));
  const m = mergeSmallGroups(group, numbering.names, 'code', option);
  return { names: m.names, small: m.small, rows: Array.from(m.group, (g) => (g < 0 ? null : m.names[g])) };
}

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

  it('knows the identifier words the privacy report knows, in German, French, Spanish and Dutch', () => {
    // 3 of 5 rows hold a first name no other row holds (3 > 5 / 2), as for email above.
    const names = ['Anna', 'Bernd', 'Carla', 'Dieter', 'Dieter'];
    expect(() => checkGrouping(names, 'Vorname', 'groupBy')).toThrow(
      'groupBy "Vorname" looks like a direct identifier (name): 3 of the 5 rows',
    );
    expect(() => checkGrouping(names, 'prénom', 'groupBy')).toThrow('looks like a direct identifier (name)');
    expect(() => checkGrouping(['ja', 'nein', 'ja'], 'hatTelefon', 'groupBy')).not.toThrow();
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
    // 51 different numbers among 1,000 rows (about 20 each) are groups: no longer refused as a measure,
    // nor a German 2-digit postcode area (99 codes of 44 customers) or 60 shop numbers of 70 customers.
    const pages = Array.from({ length: 1000 }, (_, i) => String(i % 51));
    expect(() => checkGrouping(pages, 'pagesSeen', 'groupBy')).not.toThrow();
    const plz = Array.from({ length: 99 * 44 }, (_, i) => String(1 + (i % 99)).padStart(2, '0'));
    expect(() => checkGrouping(plz, 'plzRegion', 'fairnessBy')).not.toThrow();
    const shops = Array.from({ length: 60 * 70 }, (_, i) => String(100 + (i % 60)));
    expect(() => checkGrouping(shops, 'storeNumber', 'fairnessBy')).not.toThrow();
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

describe('mergeSmallGroups', () => {
  it('merges every group under 5 rows (NO_GROUP too) into one bucket, last; sorts largest first, then name', () => {
    // DE 6, FR 5, AT 5 (a tie, by name: AT before FR), IT 1, (none) 4, LU 2: IT, (none) and LU merged (7).
    const rows = [
      ...times('FR', 5),
      'IT',
      ...times('DE', 6),
      ...times(NO_GROUP, 4),
      ...times('AT', 5),
      ...times('LU', 2),
    ];
    const m = merged(rows);
    expect(SMALL_GROUPS).toBe('(groups of fewer than 5)');
    expect(m.names).toEqual(['DE', 'AT', 'FR', SMALL_GROUPS]);
    expect(m.small).toBe(3);
    expect(m.rows.slice(0, 7)).toEqual([...times('FR', 5), SMALL_GROUPS, 'DE']);
    expect(m.rows.filter((r) => r === SMALL_GROUPS)).toHaveLength(7);
    // Nothing small: no bucket.
    expect(merged([...times('b', 5), ...times('a', 5)])).toMatchObject({ names: ['a', 'b'], small: -1 });
  });

  it('never shows a value of an identifier-named field held by 1 or 2 customers', () => {
    // fullName: 2 values (checkGrouping's yes/no exemption lets it through), 1 and 2 customers; the
    // guest e-mail of 6 customers is shared and stays; a real address of one customer is merged.
    const names = ['John Smith', ...times('Jane Roe', 2), ...times(NO_GROUP, 40)];
    expect(() => checkGrouping(names, 'fullName', 'fairnessBy')).not.toThrow();
    expect(merged(names).names).toEqual([NO_GROUP, SMALL_GROUPS]);
    const mails = [...times('guest@shop.example', 6), 'ann@example.org'];
    expect(merged(mails).names).toEqual(['guest@shop.example', SMALL_GROUPS]);
  });

  it('refuses more than 100 groups after merging, naming the option; accepts 99 and 100', () => {
    // 101 values of 5 rows each: 101 groups. 100 values of 5 rows and 30 of 1: 100 + the bucket.
    const values = (n: number, size: number, from = 0) =>
      Array.from({ length: n * size }, (_, i) => String(from + Math.floor(i / size)));
    const message =
      'groupBy "code" gives 101 groups: too many to compare (at most 100, the groups of fewer than 5 counted as one); group by a field with fewer values, e.g. ranges of a number or a category';
    expect(() => merged(values(101, 5))).toThrow(message);
    expect(() => merged([...values(100, 5), ...values(30, 1, 100)])).toThrow(message);
    let caught: unknown;
    try {
      merged(values(101, 5), 'fairnessBy');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GroupingError);
    expect((caught as GroupingError).messageFor('--fairness-by')).toMatch(
      /^--fairness-by "code" gives 101 groups/,
    );
    // A 2-digit postcode area: 99 codes of 44 customers; 60 shop numbers of 70.
    expect(merged(values(99, 44)).names).toHaveLength(99);
    expect(merged(values(60, 70)).names).toHaveLength(60);
    expect(merged([...values(99, 5), 'x']).names).toHaveLength(100);
  });

  it('leaves rows in no group (-1) out of the counts', () => {
    const m = mergeSmallGroups(Int32Array.from([0, 0, 0, 0, 0, -1, 1]), ['a', 'b'], 'code', 'groupBy');
    expect(Array.from(m.group)).toEqual([0, 0, 0, 0, 0, -1, 1]);
    expect(m.names).toEqual(['a', SMALL_GROUPS]);
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
