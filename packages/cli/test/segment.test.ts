import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-segment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixtures = new URL('../../engine/test/fixtures/customers/', import.meta.url).pathname;
const retail = join(fixtures, 'retail-40.csv');
// Reference: pandas ranks in packages/engine/test/fixtures/customers/make_retail_40.py.
const expected = JSON.parse(readFileSync(join(fixtures, 'retail-40.expected.json'), 'utf8')) as {
  segments: Record<string, { customers: number; revenueShare: number }>;
  customers: Record<string, { R: number; F: number; M: number; segment: string }>;
};

describe('storewise segment rfm', () => {
  it('--data --json prints the segments with sizes and revenue shares and every customer with scores', async () => {
    const io = testIo(dir);
    const code = await main(
      ['segment', 'rfm', '--data', retail, '--format', 'online-retail', '--as-of', '2011-12-01', '--json'],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.out());
    expect(out.asOf).toBe('2011-12-01T00:00:00.000Z');
    expect(out.customers).toBe(40);
    for (const s of out.segments) {
      const want = expected.segments[s.name] ?? { customers: 0, revenueShare: 0 };
      expect(s.customers).toBe(want.customers);
      expect(s.revenueShare).toBeCloseTo(want.revenueShare, 9);
    }
    expect(out.scores).toHaveLength(40);
    for (const c of out.scores) {
      const want = expected.customers[c.customerId]!;
      expect([c.r, c.f, c.m, c.segment]).toEqual([want.R, want.F, want.M, want.segment]);
    }
    expect(out.clusters.k).toBeGreaterThanOrEqual(2);
  });

  it('warns that purchases without a unit price count as revenue 0, in segment rfm and info', async () => {
    const db = join(dir, 'db-unpriced');
    const file = join(dir, 'unpriced.csv');
    writeFileSync(
      file,
      [
        'event_id,type,customer_id,sku,timestamp,quantity,unit_price',
        'p1,purchase,a,A,2024-01-01T10:00:00Z,1,5',
        'p2,purchase,b,A,2024-01-02T10:00:00Z,2,',
        'p3,purchase,c,B,2024-01-03T10:00:00Z,1,',
        'r1,return,a,A,2024-01-04T10:00:00Z,1,',
        '',
      ].join('\n'),
    );
    expect(await main(['import', file, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const io = testIo(dir);
    expect(await main(['segment', 'rfm', '--db', db, '--json'], io)).toBe(0);
    expect(io.err()).toBe(
      'storewise: warning: 2 of 3 purchase events have no unit price and count as revenue 0: monetary values (RFM, lifetime value, campaign revenue) understate the customers who made them; send unitPrice with purchases (unit_price in files)\n',
    );
    const info = testIo(dir);
    expect(await main(['info', '--db', db], info)).toBe(0);
    expect(info.out()).toContain(
      'purchases without a unit price: 2 (counted as revenue 0 in RFM, lifetime value and campaign reports)',
    );
  });

  it('works on the database without --data, and stores the RFM scores', async () => {
    const db = join(dir, 'db-rfm');
    const quiet = testIo(dir);
    expect(await main(['import', retail, '--format', 'online-retail', '--db', db, '--json'], quiet)).toBe(0);
    const io = testIo(dir);
    const code = await main(['segment', 'rfm', '--db', db, '--as-of', '2011-12-01'], io);
    // 40 customers: the lifetime fits stored with the scores sit at a boundary, and the run says so.
    expect(io.err()).toMatch(
      /^storewise: warning: BG\/NBD sits at a boundary .*\nstorewise: warning: Gamma-Gamma sits at a boundary .*\n$/,
    );
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^RFM segments of 40 customers as of 2011-12-01:/);
    expect(io.out()).toMatch(/Champions\s+8\s+32\.0%/);
    const { openStorage } = await import('@storewise/storage');
    const storage = await openStorage(db);
    const scores = await storage.getScores('13000');
    await storage.close();
    const want = expected.customers['13000']!;
    const byModel = Object.fromEntries(scores.map((s) => [s.model, s.score]));
    expect([byModel.rfm_recency, byModel.rfm_frequency, byModel.rfm_monetary]).toEqual([
      want.R,
      want.F,
      want.M,
    ]);
    // A look at June after December's: kept as history, December's scores and segments stay current.
    const past = testIo(dir);
    expect(await main(['segment', 'rfm', '--db', db, '--as-of', '2011-06-01'], past)).toBe(0);
    expect(past.err()).toMatch(/^stored as of 2011-06-01 as history only: the stored segments and scores/);
    expect(past.out()).toMatch(
      /\nstored as of 2011-06-01 as history only: snapshots of \d+ segments with members for segment migration; the current scores and segments are of a later date \(2011-12-01\) and stay\n$/,
    );
    const again = await openStorage(db);
    const after = Object.fromEntries((await again.getScores('13000')).map((s) => [s.model, s.score]));
    const champions = (await again.getSegment('rfm:champions'))!;
    await again.close();
    expect([after.rfm_recency, after.rfm_frequency, after.rfm_monetary]).toEqual([want.R, want.F, want.M]);
    expect([champions.refreshedAt, champions.members]).toEqual([new Date('2011-12-01T00:00:00Z'), 8]);
  });

  it('keeps a look at an earlier date as history when only scores of a later date are stored (clv, then segment rfm)', async () => {
    const db = join(dir, 'db-later-scores');
    expect(await main(['import', retail, '--db', db, '--json'], testIo(dir))).toBe(0);
    // clv stores scores as of December (no segments); an RFM look at June must not make June's segments current.
    expect(await main(['clv', '--db', db, '--as-of', '2011-12-01'], testIo(dir))).not.toBe(1);
    const { openStorage } = await import('@storewise/storage');
    const before = await openStorage(db);
    const scoresBefore = await before.getScores('13000');
    await before.close();
    const past = testIo(dir);
    expect(await main(['segment', 'rfm', '--db', db, '--as-of', '2011-06-01'], past)).toBe(0);
    expect(past.out()).toMatch(
      /\nnothing stored: the stored scores and segments are as of 2011-12-01, a later date, and stay current \(--dry-run looks at an earlier date without this\)\n$/,
    );
    const json = testIo(dir);
    expect(await main(['segment', 'rfm', '--db', db, '--as-of', '2011-06-01', '--json'], json)).toBe(0);
    expect(JSON.parse(json.out()).stored).toMatchObject({
      current: false,
      laterAt: '2011-12-01T00:00:00.000Z',
      scores: [],
    });
    const after = await openStorage(db);
    expect(await after.getScores('13000')).toEqual(scoresBefore);
    expect((await after.listSegments()).filter((s) => s.kind === 'rfm')).toEqual([]);
    await after.close();
    // clv as of an earlier date stores nothing either, and says so.
    const clv = testIo(dir);
    await main(['clv', '--db', db, '--as-of', '2011-06-01'], clv);
    expect(clv.out()).toContain(
      'nothing stored: the stored scores and segments are as of 2011-12-01, a later date, and stay current',
    );
  });

  it('says why there is no lifetime value (nobody bought twice), as clv does', async () => {
    const file = join(dir, 'no-repeat.csv');
    writeFileSync(
      file,
      'event_id,type,customer_id,sku,timestamp,quantity,unit_price,order_id\n' +
        'e1,purchase,a,s,2024-01-02T10:00:00Z,1,5,o1\ne2,purchase,b,s,2024-01-05T10:00:00Z,1,7,o2\n',
    );
    const db = join(dir, 'db-no-repeat');
    expect(await main(['import', file, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const io = testIo(dir);
    expect(await main(['segment', 'rfm', '--db', db, '--dry-run'], io)).toBe(0);
    expect(io.err()).toMatch(
      /^storewise: warning: no lifetime value \(p_alive, expected purchases, CLV\): BG\/NBD cannot be fitted: none of the 2 customers has a repeat purchase/,
    );
    const json = testIo(dir);
    expect(await main(['segment', 'rfm', '--db', db, '--dry-run', '--json'], json)).toBe(0);
    expect(JSON.parse(json.out()).warnings[0]).toMatch(
      /^no lifetime value \(p_alive, expected purchases, CLV\): BG\/NBD cannot/,
    );
  });

  it('leaves out, and says so, the customers who declined analytics', async () => {
    const db = join(dir, 'db-consent');
    expect(
      await main(['import', retail, '--format', 'online-retail', '--db', db, '--json'], testIo(dir)),
    ).toBe(0);
    const { openStorage } = await import('@storewise/storage');
    const storage = await openStorage(db);
    await storage.upsertCustomers([{ externalId: '13000', consent: { analytics: false } }]);
    await storage.close();
    const io = testIo(dir);
    expect(await main(['segment', 'rfm', '--db', db, '--as-of', '2011-12-01'], io)).toBe(0);
    expect(io.out()).toMatch(/^RFM segments of 39 customers as of 2011-12-01:/);
    expect(io.out()).toMatch(
      /\nCustomers left out \(no analytics consent\): 1\nstored as of 2011-12-01: scores rfm_recency, [^\n]+ of 39 customers\n/,
    );
    const json = testIo(dir);
    expect(await main(['segment', 'rfm', '--db', db, '--as-of', '2011-12-01', '--json'], json)).toBe(0);
    const out = JSON.parse(json.out());
    expect([out.customers, out.excludedByConsent]).toEqual([39, 1]);
    expect(out.scores.map((c: { customerId: string }) => c.customerId)).not.toContain('13000');
  });

  it('stores rule segments and reports migrations from stored snapshots, equal to the recomputed ones', async () => {
    const db = join(dir, 'db-migration');
    expect(
      await main(['import', retail, '--format', 'online-retail', '--db', db, '--json'], testIo(dir)),
    ).toBe(0);
    for (const asOf of ['2011-06-01', '2011-12-01'])
      expect(await main(['segment', 'rfm', '--db', db, '--as-of', asOf, '--json'], testIo(dir))).toBe(0);
    const run = async (args: string[]) => {
      const io = testIo(dir);
      const code = await main(args, io);
      expect(io.err()).toBe('');
      expect(code).toBe(0);
      return JSON.parse(io.out());
    };
    const dates = ['--from', '2011-06-01', '--to', '2011-12-01', '--json'];
    const stored = await run(['segment', 'migration', '--db', db, ...dates]);
    const recomputed = await run(['segment', 'migration', '--db', db, '--recompute', ...dates]);
    const fromFile = await run([
      'segment',
      'migration',
      '--data',
      retail,
      '--format',
      'online-retail',
      ...dates,
    ]);
    expect(stored.moves).toEqual(recomputed.moves);
    expect(fromFile.moves).toEqual(recomputed.moves);
    expect(stored.moved + stored.stayed).toBe(40);
    // No snapshot after June by July: said so, not "0 moved".
    const noLater = testIo(dir);
    expect(
      await main(['segment', 'migration', '--db', db, '--from', '2011-06-01', '--to', '2011-07-01'], noLater),
    ).toBe(1);
    expect(noLater.err()).toBe(
      'storewise: no rfm segments are stored after 2011-06-01 and as of 2011-07-01 or before: both dates would read the snapshot of 2011-06-01; store them first (segment rfm --as-of <date>), or pass --recompute\n',
    );

    const champions = Object.entries(expected.customers)
      .filter(([, c]) => c.segment === 'Champions' || c.segment === 'Loyal')
      .map(([id]) => id)
      .sort();
    const filter = JSON.stringify({ field: 'segment', in: ['rfm:champions', 'rfm:loyal'] });
    const rule = await run(['segment', 'rule', '--db', db, '--id', 'best', '--filter', filter, '--json']);
    expect(rule).toMatchObject({
      id: 'best',
      members: champions.length,
      refresh: { added: champions.length },
    });
    expect(rule.customerIds).toEqual(champions);

    // A dry run prints the members (the first 20, then how many more) and stores nothing.
    const dry = testIo(dir);
    const everyone = JSON.stringify({ field: 'country', exists: true });
    expect(
      await main(['segment', 'rule', '--db', db, '--id', 'all', '--filter', everyone, '--dry-run'], dry),
    ).toBe(0);
    const all = await run([
      'segment',
      'rule',
      '--db',
      db,
      '--id',
      'all',
      '--filter',
      everyone,
      '--dry-run',
      '--json',
    ]);
    expect(all.refresh).toBeNull();
    expect(dry.out()).toBe(
      `segment all: 40 members (dry run): ${all.customerIds.slice(0, 20).join(', ')} and 20 more\n`,
    );
    const few = testIo(dir);
    expect(
      await main(['segment', 'rule', '--db', db, '--id', 'b', '--filter', filter, '--dry-run'], few),
    ).toBe(0);
    expect(few.out()).toBe(`segment b: ${champions.length} members (dry run): ${champions.join(', ')}\n`);

    // A typo of a score or segment name is refused, every one with its path; a name analytics writes
    // later only warns (it matched nobody, silently, as "0 members").
    const typo = testIo(dir);
    const typos = JSON.stringify({
      or: [
        { field: 'score.p_purchase_30', gt: 0.5 },
        { field: 'segment', eq: 'rfm:no-such' },
      ],
    });
    expect(await main(['segment', 'rule', '--db', db, '--id', 't', '--filter', typos], typo)).toBe(1);
    expect(typo.err()).toMatch(
      /^storewise: filter\.or\[0\]\.field: no score "p_purchase_30" is stored, nor is it one Storewise computes \(stored: .*p_alive.*\)\nfilter\.or\[1\]\.eq: no segment "rfm:no-such" is stored, nor is it one customer analytics computes \(segments: .*\)\n$/,
    );
    const later = testIo(dir);
    const propensity = JSON.stringify({ field: 'score.p_purchase_60d', gt: 0.5 });
    expect(
      await main(['segment', 'rule', '--db', db, '--id', 'p', '--filter', propensity, '--dry-run'], later),
    ).toBe(0);
    expect(later.err()).toBe(
      'storewise: warning: filter.field: no customer has the score "p_purchase_60d" yet (customer analytics or propensity training computes it): the rule matches nobody on it until then\n',
    );

    const bad = testIo(dir);
    const badFilter = JSON.stringify({
      and: [
        { field: 'country', eq: 'Germany' },
        { field: 'score.clv', gte: 'x' },
      ],
    });
    expect(await main(['segment', 'rule', '--db', db, '--id', 'x', '--filter', badFilter], bad)).toBe(1);
    expect(bad.err()).toBe('storewise: filter.and[1].gte: expected a number\n');
    // A filter file that is not JSON (a trailing comma): the file, line and column of the problem.
    writeFileSync(join(dir, 'trailing.json'), '{\n  "field": "country",\n  "eq": "Germany",\n}\n');
    const notJson = testIo(dir);
    expect(
      await main(['segment', 'rule', '--db', db, '--id', 'x', '--filter', '@trailing.json'], notJson),
    ).toBe(1);
    expect(notJson.err()).toBe(
      'storewise: --filter @trailing.json is not valid JSON: line 4, column 1: expected a double-quoted property name, got "}"\n',
    );
    const cut = testIo(dir);
    expect(await main(['segment', 'rule', '--db', db, '--id', 'x', '--filter', '{"field":'], cut)).toBe(1);
    expect(cut.err()).toBe(
      'storewise: --filter is not valid JSON: line 1, column 10: expected a value, got the end of the text\n',
    );
  });

  it('prints the time of a snapshot not at midnight, and migration takes the printed date or date-time back', async () => {
    const db = join(dir, 'db-printed-date');
    expect(
      await main(['import', retail, '--format', 'online-retail', '--db', db, '--json'], testIo(dir)),
    ).toBe(0);
    expect(await main(['segment', 'rfm', '--db', db, '--as-of', '2011-06-01'], testIo(dir))).toBe(0);
    const io = testIo(dir);
    expect(await main(['segment', 'rfm', '--db', db], io)).toBe(0);
    // Without --as-of, just after the last order (2011-11-26 17:30): as of the instant a millisecond later,
    // which reads the same orders when given back.
    expect(io.out()).toMatch(/^RFM segments of 40 customers as of 2011-11-26T17:30:00\.001Z:/);
    for (const to of ['2011-11-26', '2011-11-26T17:30:00.001Z']) {
      const run = testIo(dir);
      const args = ['segment', 'migration', '--db', db, '--from', '2011-06-01', '--to', to];
      expect(await main(args, run), run.err()).toBe(0);
      expect(run.out()).toMatch(/^Segment migration 2011-06-01 -> 2011-11-26: \d+ moved, \d+ stayed\n/);
    }
    // A date-only --from covers its day as well: the snapshot of 17:30 is the one of 2011-11-26.
    const same = testIo(dir);
    expect(
      await main(['segment', 'migration', '--db', db, '--from', '2011-11-26', '--to', '2011-11-27'], same),
    ).toBe(1);
    expect(same.err()).toMatch(
      /^storewise: no rfm segments are stored after 2011-11-26 and as of 2011-11-27/,
    );
    const help = testIo(dir);
    expect(await main(['segment', 'migration', '--help'], help)).toBe(0);
    expect(help.out().replace(/\s+/g, ' ')).toContain('a date without a time covers that whole UTC day');
  });

  it('refuses rule segment ids reserved for RFM and clusters, leaving the stored segments as they were', async () => {
    const db = join(dir, 'db-reserved');
    const quiet = testIo(dir);
    expect(await main(['import', retail, '--format', 'online-retail', '--db', db, '--json'], quiet)).toBe(0);
    expect(await main(['segment', 'rfm', '--db', db, '--as-of', '2011-12-01', '--json'], quiet)).toBe(0);
    const filter = JSON.stringify({ field: 'country', exists: true });
    for (const [id, prefix] of [
      ['rfm:lost', 'rfm:'],
      ['cluster:0', 'cluster:'],
      ['rfm:new-name', 'rfm:'],
    ] as const) {
      for (const extra of [[], ['--dry-run']]) {
        const io = testIo(dir);
        expect(
          await main(['segment', 'rule', '--db', db, '--id', id, '--filter', filter, ...extra], io),
        ).toBe(1);
        expect(io.err()).toBe(
          `storewise: --id "${id}" starts with ${prefix}, which is reserved for the segments \`segment rfm\` stores; choose another id\n`,
        );
        expect(io.out()).toBe('');
      }
    }
    const { openStorage } = await import('@storewise/storage');
    const storage = await openStorage(db);
    const kinds = [await storage.getSegment('rfm:lost'), await storage.getSegment('cluster:0')].map(
      (s) => s?.kind,
    );
    const created = await storage.getSegment('rfm:new-name');
    await storage.close();
    expect(kinds).toEqual(['rfm', 'cluster']);
    expect(created).toBeNull();
  });

  it('--map replaces the segment map, and a bad map is refused naming the rule', async () => {
    const map = join(dir, 'map.json');
    writeFileSync(
      map,
      JSON.stringify([
        { name: 'Recent', recency: [4, 5], frequency: [1, 5] },
        { name: 'Earlier', recency: [1, 3], frequency: [1, 5] },
      ]),
    );
    const io = testIo(dir);
    const args = ['segment', 'rfm', '--data', retail, '--format', 'online-retail', '--as-of', '2011-12-01'];
    expect(await main([...args, '--map', map, '--json'], io)).toBe(0);
    const out = JSON.parse(io.out());
    const recent = Object.values(expected.customers).filter((c) => c.R >= 4).length;
    expect(out.segments.map((s: { name: string; customers: number }) => [s.name, s.customers])).toEqual([
      ['Recent', recent],
      ['Earlier', 40 - recent],
    ]);
    writeFileSync(map, JSON.stringify([{ name: 'Bad', recency: [0, 9], frequency: [1, 5] }]));
    const bad = testIo(dir);
    expect(await main([...args, '--map', map], bad)).toBe(1);
    expect(bad.err()).toBe(
      `storewise: --map ${map}: segments[0].recency must be [min, max] with 1 <= min <= max <= 5 (rule "Bad")\n`,
    );
  });

  it('refuses a bad date, --data of a catalog, and --data with --db, in one line each', async () => {
    const catalog = join(dir, 'catalog.csv');
    writeFileSync(catalog, 'sku,title\nm1,Mug\n');
    for (const [args, message] of [
      [
        ['--data', retail, '--format', 'online-retail', '--as-of', 'soon'],
        '--as-of must be a date such as 2011-12-01, got "soon"',
      ],
      [
        ['--data', retail, '--format', 'online-retail', '--as-of', '2011-02-30'],
        '--as-of must be a date such as 2011-12-01, got "2011-02-30"',
      ],
      // Its format told by its first line, as `storewise import` tells it.
      [
        ['--data', catalog],
        '--data needs orders or events (online-retail | shopify-orders | events | orders | movielens), not items',
      ],
      [
        ['--data', retail, '--format', 'online-retail', '--db', 'memory:'],
        'use either --data or --db, not both',
      ],
    ] as const) {
      const io = testIo(dir);
      expect(await main(['segment', 'rfm', ...args], io)).toBe(1);
      expect(io.err()).toBe(`storewise: ${message}\n`);
      expect(io.out()).toBe('');
    }
  });
});
