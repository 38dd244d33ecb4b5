import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-propensity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * 60 customers from 2024-01-01, each visit a view, an add-to-cart and a purchase in one session, first visit
 * on day i mod 7: c0, c3, ... visit every 7 days, c1, c4, ... every 40 days, c2, c5, ... every 7 days until
 * day 60. As of day 180 with a 30-day horizon (cutoff day 150) all 60 are the population and the first two
 * groups (40 customers) bought in the window.
 */
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const AS_OF = new Date(T0 + 180 * DAY);
const CUTOFF = new Date(T0 + 150 * DAY);
const SKUS = [
  ['mug', 'Kitchen', 8],
  ['tea', 'Food', 4],
  ['lamp', 'Home', 30],
] as const;
const rows: string[] = [];
const bought = new Map<string, number>();
for (let i = 0; i < 60; i++) {
  const id = `c${i}`;
  const [every, until] = i % 3 === 0 ? [7, 180] : i % 3 === 1 ? [40, 180] : [7, 60];
  for (let day = i % 7, n = 0; day < until; day += every, n++) {
    const [sku, category, price] = SKUS[(i + n) % 3]!;
    const at = (h: number) => new Date(T0 + day * DAY + h * 3_600_000).toISOString();
    const s = `${id}-${n}`;
    rows.push(
      `${s}-v,view,${id},${sku},${at(9)},,,${s},,${category}`,
      `${s}-c,add_to_cart,${id},${sku},${at(10)},1,,${s},,${category}`,
      `${s}-p,purchase,${id},${sku},${at(11)},2,${price},${s},${s},${category}`,
    );
    bought.set(id, (bought.get(id) ?? 0) + 1);
  }
}
const events = join(dir, 'events.csv');
writeFileSync(
  events,
  `event_id,type,customer_id,sku,timestamp,quantity,unit_price,session_id,order_id,category\n${rows.join('\n')}\n`,
);

describe('storewise train propensity / profile', () => {
  const db = join(dir, 'db');
  const asOf = AS_OF.toISOString();

  it('trains on the database, stores the scores and shows them in a profile', async () => {
    expect(await main(['import', events, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const train = testIo(dir);
    expect(await main(['train', 'propensity', '--as-of', asOf, '--db', db, '--json'], train)).toBe(0);
    const out = JSON.parse(train.out());
    expect(out).toMatchObject({
      name: 'purchase-propensity',
      version: 1,
      model: 'logreg',
      horizonDays: 30,
      scoreName: 'p_purchase_30d',
      asOf,
      cutoff: CUTOFF.toISOString(),
      population: { customers: 60, positives: 40 },
      excludedByConsent: 0,
      scored: 60,
    });
    // 25% of each class held out: 10 buyers, 5 others; every-7-days customers are told from lapsed ones.
    expect(out.holdout).toMatchObject({ customers: 15, positives: 10 });
    expect(out.holdout.rocAuc).toBeGreaterThan(0.8);
    expect(out.features).toEqual(expect.arrayContaining(['recencyDays', 'share:Kitchen']));
    // No step lines (stderr is not a terminal); the holdout's warning, which the JSON holds too.
    expect(out.warnings).toHaveLength(1);
    expect(train.err()).toBe(
      'storewise: warning: the holdout has 10 buyers and 5 non-buyers, fewer than 20 of one: too few to judge the model by (its ROC AUC of 1.00 may not hold for other customers); judge it on more customers (a longer history, or a longer horizon)\n',
    );

    const profile = testIo(dir);
    expect(await main(['profile', 'c0', '--as-of', asOf, '--db', db, '--json'], profile)).toBe(0);
    const p = JSON.parse(profile.out());
    expect(p).toMatchObject({
      customerId: 'c0',
      asOf,
      profile: {
        frequency: bought.get('c0'),
        views: bought.get('c0'),
        addToCarts: bought.get('c0'),
        monetary: 2 * 8 * 9 + 2 * 4 * 9 + 2 * 30 * 8, // 26 purchases cycling mug, tea, lamp
      },
    });
    expect(p.profile.recencyDays).toBeCloseTo(180 - 175 - 11 / 24, 12); // last bought on day 175 at 11:00
    expect(Object.keys(p.categoryShares).sort()).toEqual(['Food', 'Home', 'Kitchen']);
    expect(p.scores).toHaveLength(1);
    expect(p.scores[0]).toMatchObject({ model: 'p_purchase_30d', computedAt: asOf });

    const text = testIo(dir);
    expect(
      await main(
        ['train', 'propensity', '--model', 'logreg', '--horizon', '14', '--as-of', asOf, '--db', db],
        text,
      ),
    ).toBe(0);
    // Within 14 days of day 180: the 20 weekly customers and the 3 every-40-days ones first seen on day 6.
    expect(text.out()).toMatch(
      /^trained logreg as "purchase-propensity" v2: will a customer buy within 14 days\?\npopulation at 2024-06-15T00:00:00\.000Z: 60 customers, 23 bought by 2024-06-29T00:00:00\.000Z \(38\.3%\)\nholdout \(15 customers\): ROC AUC \d\.\d{4}, PR AUC/,
    );
    expect(text.out()).toMatch(/\nstored 60 scores as p_purchase_14d\n$/);
    const shown = testIo(dir);
    expect(await main(['profile', 'c0', '--db', db], shown)).toBe(0);
    expect(shown.out()).toMatch(/^customer c0 as of 2024-06-28T11:00:00\.001Z\n {2}recencyDays {10}\d/);
    expect(shown.out()).toMatch(
      /\nscores\n {2}p_purchase_14d {7}0\.\d+ {2}\(2024-06-29T00:00:00\.000Z\)\n {2}p_purchase_30d/,
    );
    // A name longer than the column widens it for every line (the value stays in one column).
    const storage = await openStorage(db);
    await storage.upsertScores([{ customerId: 'c0', model: 'expected_purchases_90d_long', score: 1.5 }]);
    await storage.close();
    const wide = testIo(dir);
    expect(await main(['profile', 'c0', '--db', db], wide)).toBe(0);
    const valueAt = 2 + 'expected_purchases_90d_long'.length + 1;
    const lines = wide
      .out()
      .split('\n')
      .filter((l) => l.startsWith('  '));
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect([l, l[valueAt - 1], l[valueAt] === ' ']).toEqual([l, ' ', false]);
  });

  it('hides the stored scores of a customer who declined analytics, as the gateway does, and says why', async () => {
    const storage = await openStorage(db);
    await storage.upsertScores([
      { customerId: 'c1', model: 'clv', score: 321.5 },
      { customerId: 'c1', model: 'p_alive', score: 0.8 },
    ]);
    const stored = (await storage.getScores('c1')).length;
    await storage.upsertCustomers([{ externalId: 'c1', consent: { analytics: false } }]);
    await storage.close();
    try {
      const text = testIo(dir);
      expect(await main(['profile', 'c1', '--db', db], text)).toBe(0);
      expect(text.out()).not.toMatch(/^ {2}(clv|p_alive|p_purchase_\d+d) /m);
      expect(text.out()).toMatch(
        new RegExp(
          `\\n${stored} stored scores \\(clv, p_alive, RFM, propensity\\.\\.\\.\\) not shown: the customer declined analytics \\(consent analytics false\\); they stay stored until the customer is deleted\\n$`,
        ),
      );
      // The purchase figures are facts of their orders and are still shown.
      expect(text.out()).toMatch(/\n {2}frequency {12}\d/);
      const json = testIo(dir);
      expect(await main(['profile', 'c1', '--db', db, '--json'], json)).toBe(0);
      const p = JSON.parse(json.out());
      expect(p.scores).toEqual([]);
      expect(p.scoresHidden).toMatch(/^\d+ stored scores .* declined analytics/);
    } finally {
      const back = await openStorage(db);
      await back.upsertCustomers([{ externalId: 'c1', consent: { analytics: true } }]);
      await back.close();
    }
  });

  it('keeps a backtest as history, measures without storing on --dry-run, and takes --param', async () => {
    const backtest = testIo(dir);
    const earlier = new Date(AS_OF.getTime() - 10 * DAY).toISOString();
    expect(await main(['train', 'propensity', '--as-of', earlier, '--db', db], backtest)).toBe(0);
    // The active version (v2) is as of day 180: v3, as of day 170, must not replace it or its scores.
    expect(backtest.out()).toContain(
      `kept v3 as history only: the active version is as of ${asOf}, later than ${earlier}; it and its scores stay current (to serve v3 instead, with its scores: storewise model activate purchase-propensity 3)\n`,
    );
    // The way back: v3 rescores the 60 customers as of its asOf, and a later training takes over again.
    const rollback = testIo(dir);
    expect(await main(['model', 'activate', 'purchase-propensity', '3', '--db', db], rollback)).toBe(0);
    expect(rollback.out()).toMatch(
      new RegExp(
        `^serving purchase-propensity v3 \\(trained [^)]+\\): rescored 60 customers as of ${earlier.replace(/\./g, '\\.')} as p_purchase_30d \\(replacing 60 stored scores\\)\n$`,
      ),
    );
    const c0 = testIo(dir);
    expect(await main(['profile', 'c0', '--db', db, '--json'], c0)).toBe(0);
    expect(JSON.parse(c0.out()).scores).toContainEqual(
      expect.objectContaining({ model: 'p_purchase_30d', computedAt: earlier }),
    );
    const again = testIo(dir);
    expect(await main(['train', 'propensity', '--as-of', asOf, '--db', db, '--json'], again)).toBe(0);
    expect(JSON.parse(again.out())).toMatchObject({ version: 4, activated: true });
    const dry = testIo(dir);
    const args = ['train', 'propensity', '--model', 'tree', '--as-of', asOf, '--db', db];
    expect(await main([...args, '--param', 'maxDepth=3', '--dry-run', '--json'], dry)).toBe(0);
    expect(JSON.parse(dry.out())).toMatchObject({ version: 0, model: 'tree', scored: 0, activated: false });
    const models = testIo(dir);
    expect(await main(['info', '--db', db, '--json'], models)).toBe(0);
    expect(models.out()).not.toContain('"version":5');
    const refused = testIo(dir);
    expect(await main([...args, '--param', 'maxDepth=0'], refused)).toBe(1);
    expect(refused.err()).toBe(
      'storewise: --param maxDepth=0: tree refused it: parameter maxDepth must be an integer >= 1 (or Infinity: no limit), got 0\n',
    );
  });

  it('reports the holdout by country: a table per group, the disparities, the flags, and --json', async () => {
    const grouped = join(dir, 'grouped');
    const countries = join(dir, 'countries.csv');
    // c0-c29 in DE, the others in FR; the holdout has 9 of DE and 6 of FR (judged from 4 on; both at least
    // the 5 a group needs to be named).
    writeFileSync(
      countries,
      `customer_id,country\n${[...Array(60)].map((_, i) => `c${i},${i < 30 ? 'DE' : 'FR'}`).join('\n')}\n`,
    );
    expect(await main(['import', events, '--format', 'events', '--db', grouped, '--json'], testIo(dir))).toBe(
      0,
    );
    expect(await main(['import', countries, '--format', 'customers', '--db', grouped], testIo(dir))).toBe(0);
    const args = ['train', 'propensity', '--as-of', asOf, '--db', grouped, '--dry-run'];
    const json = testIo(dir);
    expect(
      await main([...args, '--fairness-by', 'country', '--fairness-min-group', '4', '--json'], json),
    ).toBe(0);
    const f = JSON.parse(json.out()).fairness;
    expect(f).toMatchObject({ by: 'country', minGroupSize: 4, disparityThreshold: 0.8 });
    expect(f.decision.share).toBeCloseTo(10 / 15, 12);
    expect(f.groups.map((g: { name: string }) => g.name).sort()).toEqual(['DE', 'FR']);
    expect(f.groups.reduce((s: number, g: { rows: number }) => s + g.rows, 0)).toBe(15);
    expect(f.groups.reduce((s: number, g: { positives: number }) => s + g.positives, 0)).toBe(10);
    expect([...f.judged].sort()).toEqual(['DE', 'FR']);

    // The text shows the same numbers, largest group first.
    const text = testIo(dir);
    expect(await main([...args, '--fairness-min-group', '4'], text)).toBe(0);
    const out = text.out();
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    expect(out).toContain(
      `\nfairness by country on the holdout, targeting the best-scored 66.7% of customers (the base rate; scores >= ${f.decision.threshold.toFixed(4)}, ${pct(f.decision.selectedShare)} with ties); groups under 4 customers are not judged, a group selected below 0.8 of the best group's rate is flagged:\n  group  customers  buyers    base    mean  selected     TPR     FPR  precision  ROC AUC   calib.   Brier\n`,
    );
    const sorted = [...f.groups].sort((a, b) => b.rows - a.rows || (a.name < b.name ? -1 : 1));
    for (const g of sorted) {
      const row = out.split('\n').find((l: string) => l.startsWith(`  ${g.name}  `))!;
      expect(row.trim().split(/\s+/).slice(0, 5)).toEqual([
        g.name,
        String(g.rows),
        String(g.positives),
        pct(g.baseRate),
        g.meanScore.toFixed(3),
      ]);
      expect(row.includes('FLAG selection rate')).toBe(f.flagged.includes(g.name));
    }
    const d = f.disparities;
    expect(out).toContain(
      `\ndisparities over 2 judged groups: demographic parity difference ${d.demographicParityDifference.toFixed(3)} (ratio ${d.demographicParityRatio.toFixed(3)}), equal opportunity difference ${d.equalOpportunityDifference.toFixed(3)}, equalized odds difference ${d.equalizedOddsDifference.toFixed(3)}, ROC AUC ${d.rocAucMin.toFixed(3)} to ${d.rocAucMax.toFixed(3)}\nflagged: ${f.flagged.length ? f.flagged.join(', ') : 'none'}\n`,
    );
    // At the default 30 customers no group of this holdout is judged.
    const unjudged = testIo(dir);
    expect(await main(args, unjudged)).toBe(0);
    expect(unjudged.out()).toContain(
      '\ndisparities: not measured (0 groups of 30 customers or more; two are needed); to judge smaller groups, lower --fairness-min-group (5 at the least)\nflagged: none\n',
    );
    const [de, fr] = [
      f.groups.find((g: { name: string }) => g.name === 'DE'),
      f.groups.find((g: { name: string }) => g.name === 'FR'),
    ];
    expect(unjudged.out()).toContain(
      `customers  buyers    base    mean  selected     TPR     FPR  precision  ROC AUC   calib.   Brier\n  not judged (under 30 customers): DE ${de.rows}, FR ${fr.rows}\ndisparities: not measured`,
    );
  });

  it('refuses e-mail addresses as groups, warns of an attribute nobody holds, counts the declined of the population', async () => {
    const tagged = join(dir, 'tagged');
    expect(await main(['import', events, '--format', 'events', '--db', tagged, '--json'], testIo(dir))).toBe(
      0,
    );
    const s = await openStorage(tagged);
    await s.upsertCustomers([
      ...[...Array(60)].map((_, i) => ({
        externalId: `c${i}`,
        attributes: { email: `c${i}@shop.example`, tier: i % 2 ? 'gold' : 'silver' },
        ...(i === 0 ? { consent: { analytics: false } } : {}),
      })),
      // Declined too, but without an event: never in the population, so not "left out".
      { externalId: 'late', consent: { analytics: false } },
    ]);
    await s.close();
    const args = ['train', 'propensity', '--as-of', asOf, '--db', tagged, '--dry-run'];
    const email = testIo(dir);
    expect(await main([...args, '--fairness-by', 'attribute.email'], email)).toBe(1);
    // The holdout: 15 of the 59 customers who did not decline, each with their own address.
    expect(email.err()).toBe(
      'storewise: --fairness-by "email" looks like a direct identifier (e-mail address): 15 of the 15 rows holding it have a value no other row has, and each such group would be named by one customer\'s e-mail address; group by a field customers share (country, a tier)\n',
    );
    const typo = testIo(dir);
    expect(await main([...args, '--fairness-by', 'attribute.Tier', '--json'], typo)).toBe(0);
    const r = JSON.parse(typo.out());
    expect(r.warnings).toContain(
      'no customer holds the attribute "Tier": everyone is in the group "(none)"; the attributes they hold: email, tier',
    );
    expect(r.excludedByConsent).toBe(1);
    const text = testIo(dir);
    expect(await main([...args, '--fairness-by', 'attribute.tier'], text)).toBe(0);
    expect(text.out()).toContain('; 1 customer left out (no analytics consent)\n');
  });

  it('says what is wrong in one line', async () => {
    const cases: [string[], string][] = [
      [
        ['train', 'propensity', '--fairness-by', 'region', '--db', db],
        '--fairness-by must be "country" or "attribute.<name>", got "region"',
      ],
      // One message per flag stating the whole range; past 2^53 - 1 ...993 would be read as ...992.
      ...['0', '9007199254740993'].map(
        (v) =>
          [
            ['train', 'propensity', '--fairness-min-group', v, '--db', db],
            `--fairness-min-group must be a whole number from 1 to 9007199254740991, got "${v}"`,
          ] as [string[], string],
      ),
      // Past ten years (GraphQL's bound of horizonDays too) the cutoff reached SQL as a raw "Failed query".
      ...['0', '3651', '1000000', '100000000', '1.5'].map(
        (v) =>
          [
            ['train', 'propensity', '--dry-run', '--horizon', v, '--db', db],
            `--horizon must be a whole number from 1 to 3650, got "${v}"`,
          ] as [string[], string],
      ),
      [
        ['train', 'propensity', '--model', 'svm', '--db', db],
        '--model: unknown model "svm": use tree, forest, gbdt, logreg, mlp, ml-random-forest',
      ],
      [
        ['train', 'propensity', '--as-of', 'soon', '--db', db],
        '--as-of must be a date such as 2011-12-01, got "soon"',
      ],
      [['train', 'propensity', '--db', 'memory:'], 'the store has no events to train on'],
      // A path with no database is not made into an empty one (a typo would leave a directory behind).
      [
        ['train', 'propensity', '--db', join(dir, 'nonexistent')],
        `no database at ${join(dir, 'nonexistent')} (--db): import data into it first (storewise import <file> --db ${join(dir, 'nonexistent')}, or storewise demo --db ${join(dir, 'nonexistent')}), or check the path`,
      ],
      [
        ['train', 'propensity', '--as-of', '2024-01-05', '--db', db],
        'no customer has events before the cutoff 2023-12-06T00:00:00.000Z',
      ],
      // The last event is c0's purchase on 2024-06-28 at 11:00: a 30-day window to 2024-07-19 has data for
      // only 9.5 of its days (the buyers would be too few), and so has a 200-day one to 2024-12-01.
      [
        ['train', 'propensity', '--as-of', '2024-07-19', '--db', db],
        '--as-of 2024-07-19T00:00:00.000Z is 20.5 days after the last stored event (2024-06-28T11:00:00.000Z): the 30-day label window [2024-06-19T00:00:00.000Z, 2024-07-19T00:00:00.000Z) has data for only 9.5 of its 30 days, so customers would count as non-buyers for days not yet recorded. Use an --as-of no later than 2024-06-29T11:00:00.000Z (or leave it out: just after the last event), or give --allow-partial-window to train on the partial window anyway',
      ],
      [
        ['train', 'propensity', '--as-of', '2024-12-01', '--horizon', '200', '--dry-run', '--db', db],
        '--as-of 2024-12-01T00:00:00.000Z is 155.5 days after the last stored event (2024-06-28T11:00:00.000Z): the 200-day label window [2024-05-15T00:00:00.000Z, 2024-12-01T00:00:00.000Z) has data for only 44.5 of its 200 days, so customers would count as non-buyers for days not yet recorded. Use an --as-of no later than 2024-06-29T11:00:00.000Z (or leave it out: just after the last event), or give --allow-partial-window to train on the partial window anyway',
      ],
      [['profile', 'nobody', '--db', db], 'no customer "nobody" in the database'],
      [
        ['profile', 'c0', '--as-of', '2024-13-01', '--db', db],
        '--as-of must be a date such as 2011-12-01, got "2024-13-01"',
      ],
      // A day its month lacks: new Date() would roll it over to 2011-03-02.
      [
        ['profile', 'c0', '--as-of', '2011-02-30', '--db', db],
        '--as-of must be a date such as 2011-12-01, got "2011-02-30"',
      ],
      [
        ['train', 'propensity', '--as-of', '2023-04-31T10:00:00Z', '--db', db],
        '--as-of must be a date such as 2011-12-01, got "2023-04-31T10:00:00Z"',
      ],
      [
        ['campaign', 'start', 'x', '--at', '2011-02-29', '--db', db],
        '--at must be a date such as 2011-12-01, got "2011-02-29"',
      ],
    ];
    for (const [argv, message] of cases) {
      const io = testIo(dir);
      expect(await main(argv, io), argv.join(' ')).toBe(1);
      expect(io.err().split('\n').at(-2), argv.join(' ')).toBe(`storewise: ${message}`);
    }
  });

  it('warns on stderr before ml-random-forest starts, and its help says what it is', async () => {
    const io = testIo(dir);
    const argv = ['train', 'propensity', '--model', 'ml-random-forest', '--as-of', asOf, '--db', db];
    expect(await main([...argv, '--json'], io), io.err()).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ model: 'ml-random-forest', scored: 60 });
    expect(io.err()).toBe(
      'storewise: warning: ml-random-forest (the npm package, a reference peer) is roughly 50-100x slower than forest: on up to 60 customers it may take minutes; forest is the fast one\n' +
        'storewise: warning: the holdout has 10 buyers and 5 non-buyers, fewer than 20 of one: too few to judge the model by (its ROC AUC of 1.00 may not hold for other customers); judge it on more customers (a longer history, or a longer horizon)\n',
    );
    const help = testIo(dir);
    expect(await main(['train', 'propensity', '--help'], help)).toBe(0);
    expect(help.out().replace(/\s+/g, ' ')).toContain(
      'ml-random-forest is the ml-random-forest npm package, kept as a reference peer: roughly 50-100x slower than forest',
    );
  });
});
