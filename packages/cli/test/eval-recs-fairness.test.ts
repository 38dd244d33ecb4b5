import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-fair-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ratings = new URL('./fixtures/ratings-small.csv', import.meta.url).pathname;
const BASE = ['eval', 'recs', '--data', ratings, '--format', 'csv', '--split', 'leave-last-out', '--k', '5'];

// Reference: fixtures/make_ratings_small.py (beyond accuracy with the formulas of
// bench/peers/recs_beyond_accuracy_ref.py; NDCG per activity tercile), output hardcoded here.
const REFERENCE = {
  pop: {
    beyond: {
      coverage: 0.6666666666666666,
      gini: 0.5057142857142857,
      distributionalCoverage: 3.5998434953492287,
      novelty: 3.8824118215141685,
      arp: 16.285000000000004,
      aplt: 0.8649999999999999,
      shortHeadItems: 2,
    },
    activity: {
      light: [11, 0.45384389724711305],
      medium: [18, 0.5179703232659869],
      heavy: [11, 0.6657696198897969],
    },
  },
  itemknn: {
    beyond: {
      coverage: 0.7142857142857143,
      gini: 0.49333333333333335,
      distributionalCoverage: 3.658164259654641,
      novelty: 3.9517748194773334,
      arp: 15.764999999999997,
      aplt: 0.875,
      shortHeadItems: 2,
    },
    activity: {
      light: [11, 0.40602197088049014],
      medium: [18, 0.4619860382503338],
      heavy: [11, 0.7344898974955317],
    },
  },
} as const;

interface Group {
  name: string;
  users: number;
  ndcg: number;
  small: boolean;
}
interface Result {
  model: string;
  users: number;
  ndcg: number;
  beyondAccuracy: Record<string, number>;
  groups?: {
    by: string;
    minGroupSize: number;
    groups: Group[];
    disparity: { ndcg: { maxGroup: string; minGroup: string; ratio: number; difference: number } } | null;
    warnings: string[];
  };
}

describe('storewise eval recs beyond accuracy and by group', () => {
  it('puts the measures NumPy computes for the same lists into --json, and NDCG per activity tercile', async () => {
    const io = testIo(dir);
    const argv = [...BASE, '--models', 'pop,itemknn', '--group-by', 'activity', '--min-group-size', '10'];
    expect(await main([...argv, '--json'], io)).toBe(0);
    const out = JSON.parse(io.out()) as Result[];
    for (const r of out) {
      const want = REFERENCE[r.model as keyof typeof REFERENCE];
      for (const [name, value] of Object.entries(want.beyond))
        expect(r.beyondAccuracy[name], name).toBeCloseTo(value, 12);
      const g = r.groups!;
      expect(g.by).toBe('activity');
      expect(g.minGroupSize).toBe(10);
      expect(g.groups.map((x) => [x.name, x.users])).toEqual(
        Object.entries(want.activity).map(([name, [users]]) => [name, users]),
      );
      for (const x of g.groups) expect(x.ndcg).toBeCloseTo(want.activity[x.name as 'light'][1], 12);
      const [lo, hi] = [want.activity.light[1], want.activity.heavy[1]];
      expect(g.disparity!.ndcg).toMatchObject({ maxGroup: 'heavy', minGroup: 'light' });
      expect(g.disparity!.ndcg.ratio).toBeCloseTo(hi / lo, 12);
      expect(g.disparity!.ndcg.difference).toBeCloseTo(hi - lo, 12);
    }
  });

  it('prints a compact table beyond accuracy, and one per model by group', async () => {
    const io = testIo(dir);
    expect(await main([...BASE, '--models', 'pop,itemknn', '--group-by', 'activity'], io)).toBe(0);
    const text = io.out();
    // The reference values above, rounded as printed.
    expect(text).toContain(
      [
        'beyond accuracy (popularity = training interactions; the short head, 2 items, holds at least 20% of them)',
        'model    coverage    Gini  distributionalCoverage  novelty   ARP    APLT',
        'pop        0.6667  0.5057                    3.60     3.88  16.3  0.8650',
        'itemknn    0.7143  0.4933                    3.66     3.95  15.8  0.8750',
      ].join('\n'),
    );
    expect(text).toContain('pop by activity (groups under 30 users are not compared)');
    expect(text).toMatch(/\nlight \(\d+-\d+\) \*\s+11\s+[\d.]+\s+[\d.]+\s+0\.4538\s+[\d.]+\n/);
    expect(text).toContain('* fewer than 30 users: not compared');
    expect(text).toContain(
      '\nNDCG@5: fewer than two groups of 30 users or more to compare; to compare smaller groups, lower --min-group-size (5 at the least)\n',
    );
    const compared = testIo(dir);
    expect(
      await main([...BASE, '--models', 'pop', '--group-by', 'activity', '--min-group-size', '10'], compared),
    ).toBe(0);
    expect(compared.out()).toContain(
      'NDCG@5: best heavy 0.6658, worst light 0.4538: ratio 1.47, difference 0.2119',
    );
  });

  it('groups the customers of --db by country, without those who declined analytics', async () => {
    const lines = ['event_id,type,customer_id,sku,timestamp,country'];
    // c1-c6 in DE, c7-c11 in FR, c12 without a country, c13 in FR but declining analytics.
    const countries: Record<string, string> = { c12: '', c13: 'FR' };
    for (let i = 1; i <= 11; i++) countries[`c${i}`] = i <= 6 ? 'DE' : 'FR';
    let n = 0;
    for (const [c, country] of Object.entries(countries))
      for (const [d, sku] of ['A', 'B', 'C', 'D', 'E']
        .slice(Number(c.slice(1)) % 3, (Number(c.slice(1)) % 3) + 3)
        .entries())
        lines.push(`e${n++},purchase,${c},${sku},2025-01-0${d + 1}T00:00:00Z,${country}`);
    const file = join(dir, 'countries.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const db = join(dir, 'db-countries');
    expect(await main(['import', file, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const s = await openStorage(db);
    await s.upsertCustomers([{ externalId: 'c13', consent: { analytics: false } }]);
    await s.close();
    const io = testIo(dir);
    const argv = ['eval', 'recs', '--db', db, '--models', 'pop', '--split', 'leave-last-out', '--k', '2'];
    expect(await main([...argv, '--group-by', 'country', '--min-group-size', '2', '--json'], io)).toBe(0);
    const [pop] = JSON.parse(io.out()) as Result[];
    const g = pop!.groups!;
    expect(g.by).toBe('country');
    // c13 declined analytics: their events are not read, so they are in no group. "(none)" (c12 alone) is
    // fewer than 5: reported as the bucket of small groups, never compared.
    expect(g.groups.map((x) => [x.name, x.users, x.small])).toEqual([
      ['DE', 6, false],
      ['FR', 5, false],
      ['(groups of fewer than 5)', 1, true],
    ]);
    // The groups' NDCG, weighted by their users, is the overall NDCG.
    const weighted = g.groups.reduce((sum, x) => sum + x.users * x.ndcg, 0) / pop!.users;
    expect(weighted).toBeCloseTo(pop!.ndcg, 12);
    expect(pop!.users).toBe(12);
  });

  it('refuses more than 100 groups, found after the split, naming --group-by', async () => {
    // 101 shops of 5 customers each, 3 purchases per customer: every shop a group of 5 test users.
    const lines = ['event_id,type,customer_id,sku,timestamp'];
    let n = 0;
    for (let c = 0; c < 505; c++)
      for (const [d, sku] of ['A', 'B', 'C'].entries())
        lines.push(`e${n++},purchase,c${c},${sku},2025-01-0${d + 1}T00:00:00Z`);
    const file = join(dir, 'shops.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const db = join(dir, 'db-shops');
    expect(await main(['import', file, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const s = await openStorage(db);
    await s.upsertCustomers(
      Array.from({ length: 505 }, (_, c) => ({ externalId: `c${c}`, attributes: { shop: `s${c % 101}` } })),
    );
    await s.close();
    const io = testIo(dir);
    const argv = ['eval', 'recs', '--db', db, '--models', 'pop', '--split', 'leave-last-out', '--k', '2'];
    expect(await main([...argv, '--group-by', 'attribute.shop'], io)).toBe(1);
    expect(io.err()).toBe(
      'storewise: --group-by "shop" gives 101 groups: too many to compare (at most 100, the groups of fewer than 5 counted as one); group by a field with fewer values, e.g. ranges of a number or a category\n',
    );
  });

  it('refuses e-mail addresses as groups of --db, and warns on stderr of an attribute no customer holds', async () => {
    const lines = ['event_id,type,customer_id,sku,timestamp'];
    let n = 0;
    for (const c of ['c1', 'c2', 'c3', 'c4'])
      for (const [d, sku] of ['A', 'B', 'C'].entries())
        lines.push(`e${n++},purchase,${c},${sku},2025-01-0${d + 1}T00:00:00Z`);
    const file = join(dir, 'mails.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const db = join(dir, 'db-mails');
    expect(await main(['import', file, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const s = await openStorage(db);
    await s.upsertCustomers(
      ['c1', 'c2', 'c3', 'c4'].map((c, i) => ({
        externalId: c,
        attributes: { email: `${c}@b.de`, tier: i < 2 ? 'gold' : 'silver' },
      })),
    );
    await s.close();
    const argv = ['eval', 'recs', '--db', db, '--models', 'pop', '--split', 'leave-last-out', '--k', '2'];
    const email = testIo(dir);
    expect(await main([...argv, '--group-by', 'attribute.email'], email)).toBe(1);
    expect(email.err()).toBe(
      'storewise: --group-by "email" looks like a direct identifier (e-mail address): 4 of the 4 rows holding it have a value no other row has, and each such group would be named by one customer\'s e-mail address; group by a field customers share (country, a tier)\n',
    );
    expect(email.out()).toBe('');
    const typo = testIo(dir);
    expect(await main([...argv, '--group-by', 'attribute.Tier', '--json'], typo)).toBe(0);
    expect(typo.err()).toBe(
      'storewise: warning: no customer holds the attribute "Tier": everyone is in the group "(none)"; the attributes they hold: email, tier\n',
    );
    const [typoPop] = JSON.parse(typo.out()) as Result[];
    // "(none)" holds the 4 customers: fewer than 5, so shown as the bucket of small groups.
    expect(typoPop!.groups!.groups.map((g: Group) => [g.name, g.users])).toEqual([
      ['(groups of fewer than 5)', 4],
    ]);
    // The warning is in --json too, with the group report it is about (as a campaign report's fairness).
    expect(typoPop!.groups!.warnings).toEqual([
      'no customer holds the attribute "Tier": everyone is in the group "(none)"; the attributes they hold: email, tier',
    ]);
    const tier = testIo(dir);
    expect(await main([...argv, '--group-by', 'attribute.tier', '--json'], tier)).toBe(0);
    expect(tier.err()).toBe('');
    expect((JSON.parse(tier.out()) as Result[])[0]!.groups!.warnings).toEqual([]);
  });

  it('refuses a bad --group-by or --min-group-size with one line', async () => {
    const cases: [string[], string][] = [
      [['--group-by', 'city'], '--group-by must be activity, country or attribute.<name>, got "city"'],
      [
        ['--group-by', 'attribute.'],
        '--group-by must be activity, country or attribute.<name>, got "attribute."',
      ],
      [['--group-by', 'country'], '--group-by country needs --db: a ratings file has no customers'],
      [
        ['--min-group-size', '5'],
        '--min-group-size goes with --group-by: without groups there is nothing to compare',
      ],
      [
        ['--group-by', 'activity', '--min-group-size', '0'],
        '--min-group-size must be a whole number from 1 to 9007199254740991, got "0"',
      ],
    ];
    for (const [args, message] of cases) {
      const io = testIo(dir);
      expect(await main([...BASE, ...args], io), args.join(' ')).toBe(1);
      expect(io.err()).toBe(
        `storewise: ${message}${message.endsWith('customers') ? ' (activity works on both)' : ''}\n`,
      );
    }
  });
});
