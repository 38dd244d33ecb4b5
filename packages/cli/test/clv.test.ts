import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-clv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cdnow = new URL('../../core/test/fixtures/cdnow/cdnow_customers_summary.csv', import.meta.url).pathname;
const fixtures = new URL('../../engine/test/fixtures/customers/', import.meta.url).pathname;

/** An orders fixture (customer,order,timestamp,value) written as an events file: one purchase per order. */
function ordersAsEventsFile(fixtureName: string, target: string): string {
  const lines = readFileSync(join(fixtures, fixtureName), 'utf8').trim().split('\n').slice(1);
  const events = join(dir, target);
  writeFileSync(
    events,
    `event_id,type,customer_id,sku,timestamp,quantity,unit_price,order_id\n${lines
      .map((l) => {
        const [c, o, t, v] = l.split(',');
        return `${o},purchase,${c},sku-1,${t},1,${v},${o}`;
      })
      .join('\n')}\n`,
  );
  return events;
}

describe('storewise clv', () => {
  it('--summary on CDNOW prints the published BG/NBD and Gamma-Gamma fits (within 1%)', async () => {
    const io = testIo(dir);
    expect(await main(['clv', '--summary', cdnow, '--json'], io)).toBe(0);
    expect(io.err()).toBe('');
    const out = JSON.parse(io.out());
    expect(out).toMatchObject({
      customers: 2357,
      columns: 'x,t_x,T,zbar',
      fitted: true,
      repeatCustomers: 946,
    });
    // Fader, Hardie & Lee (2005) and Fader & Hardie (2013), as listed in the CDNOW fixture's README.
    const bg = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
    for (const [k, v] of Object.entries(bg)) expect(Math.abs(out.bgnbd.params[k] / v - 1)).toBeLessThan(0.01);
    expect(Math.abs(out.bgnbd.logLikelihood / -9582.4 - 1)).toBeLessThan(0.01);
    const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const [k, v] of Object.entries(gg))
      expect(Math.abs(out.gammaGamma.params[k] / v - 1)).toBeLessThan(0.01);
  });

  it("--summary reads lifetimes' column names and reports a bad cell by line and column", async () => {
    const good = join(dir, 'lifetimes.csv');
    const rows = readFileSync(cdnow, 'utf8').trim().split('\n').slice(1);
    writeFileSync(good, `customer_id,frequency,recency,T,monetary_value\n${rows.join('\n')}\n`);
    const io = testIo(dir);
    expect(await main(['clv', '--summary', 'lifetimes.csv'], io)).toBe(0);
    expect(io.out()).toMatch(
      /^BG\/NBD on 2357 customers \(946 repeat buyers\): r = 0\.2426, alpha = 4\.4135/,
    );
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'x,t_x,T,zbar\n1,2,3,4\n1,2,x3,4\n');
    const err = testIo(dir);
    expect(await main(['clv', '--summary', bad], err)).toBe(1);
    expect(err.err()).toBe(`storewise: ${bad}: line 3, column T: expected a number >= 0 (got "x3")\n`);
    // No orders at all: an error (exit 1), as segment rfm says, not a result that fits nothing.
    const empty = testIo(dir);
    expect(await main(['clv', '--db', 'memory:', '--json'], empty)).toBe(1);
    expect(empty.err()).toBe('storewise: no customer has an order to fit lifetime value on\n');
    expect(empty.out()).toBe('');
    // The horizon names the stored score (expected_purchases_90d): whole days only.
    const half = testIo(dir);
    expect(await main(['clv', '--db', 'memory:', '--horizon', '1.5'], half)).toBe(1);
    expect(half.err()).toBe('storewise: --horizon must be a whole number from 1 to 3650, got "1.5"\n');
    // A CLV sums a term per month per customer: a billion months would not finish.
    const long = testIo(dir);
    expect(await main(['clv', '--db', 'memory:', '--months', '1000000000'], long)).toBe(1);
    expect(long.err()).toBe('storewise: --months must be a whole number from 1 to 120, got "1000000000"\n');
  });

  it('--data --horizon fits and predicts per customer as SciPy (orders-300 fixture)', async () => {
    // orders-300.csv as an events file: one purchase per order.
    const events = ordersAsEventsFile('orders-300.csv', 'orders-300.events.csv');
    const expected = JSON.parse(readFileSync(join(fixtures, 'orders-300.expected.json'), 'utf8'));
    const io = testIo(dir);
    const args = [
      'clv',
      '--data',
      events,
      '--format',
      'events',
      '--as-of',
      '2024-01-01',
      '--horizon',
      '90',
      '--json',
    ];
    expect(await main(args, io)).toBe(0);
    const out = JSON.parse(io.out());
    expect(out).toMatchObject({ customers: 300, horizonDays: 90, fitted: true });
    for (const k of ['r', 'alpha', 'a', 'b']) expect(out.bgnbd.params[k]).toBeCloseTo(expected.bgnbd[k], 3);
    expect(out.predictions).toHaveLength(300);
    for (const p of out.predictions) {
      const want = expected.customers[p.customerId];
      expect(Math.abs(p.expectedPurchases - want.expected_90d)).toBeLessThan(1e-3 * (1 + want.expected_90d));
      expect(p.probabilityAlive).toBeCloseTo(want.p_alive, 3);
      expect(Math.abs(p.clv - want.clv)).toBeLessThan(2e-3 * (1 + want.clv));
    }
  });

  it('works on the database without --data and stores p_alive, expected purchases and CLV as scores', async () => {
    const db = join(dir, 'db-clv');
    const events = ordersAsEventsFile('orders-300.csv', 'orders-300.db-events.csv');
    expect(await main(['import', events, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const args = ['clv', '--db', db, '--as-of', '2024-01-01', '--horizon', '30'];
    const { openStorage } = await import('@storewise/storage');
    // --dry-run fits and prints, and stores nothing.
    const dry = testIo(dir);
    expect(await main([...args, '--dry-run', '--json'], dry)).toBe(0);
    const dryOut = JSON.parse(dry.out());
    expect(dryOut.stored).toBe(null);
    const untouched = await openStorage(db);
    expect(await untouched.getScores(dryOut.predictions[0].customerId)).toEqual([]);
    await untouched.close();
    const io = testIo(dir);
    expect(await main([...args, '--json'], io)).toBe(0);
    const out = JSON.parse(io.out());
    expect(out.fitted).toBe(true);
    expect(out.predictions).toEqual(dryOut.predictions);
    expect(out.stored).toEqual({
      asOf: '2024-01-01T00:00:00.000Z',
      scores: [
        'rfm_recency',
        'rfm_frequency',
        'rfm_monetary',
        'recency_days',
        'orders',
        'spend',
        'p_alive',
        'expected_purchases_30d',
        'clv',
      ],
      customers: out.customers,
      segments: [],
      emptied: [],
      current: true,
      laterAt: null,
    });
    // The text: the customers with the highest CLV, as the JSON's predictions rank them, and what was stored.
    const text = testIo(dir);
    expect(await main(args, text)).toBe(0);
    type Prediction = {
      customerId: string;
      clv: number;
      probabilityAlive: number;
      expectedPurchases: number;
    };
    const top = [...(out.predictions as Prediction[])].sort((a, b) => b.clv - a.clv).slice(0, 10);
    const lines = text.out().split('\n');
    const at = lines.indexOf('Top 10 customers by CLV over 12 months:');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 2, at + 12).map((l) => l.trim().split(/\s+/))).toEqual(
      top.map((p) => [
        p.customerId,
        p.clv.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
        p.probabilityAlive.toFixed(3),
        p.expectedPurchases.toFixed(2),
      ]),
    );
    expect(text.out()).toContain(
      `stored as of 2024-01-01: scores rfm_recency, rfm_frequency, rfm_monetary, recency_days, orders, spend, p_alive, expected_purchases_30d, clv of ${out.customers} customers\n`,
    );
    const first = out.predictions[0];
    const storage = await openStorage(db);
    const scores = Object.fromEntries(
      (await storage.getScores(first.customerId)).map((s) => [s.model, s.score]),
    );
    await storage.close();
    expect(scores.expected_purchases_30d).toBeCloseTo(first.expectedPurchases, 9);
    expect(scores.p_alive).toBeCloseTo(first.probabilityAlive, 9);
    expect(scores.clv).toBeCloseTo(first.clv, 9);
  });

  it("--segment sums a stored segment's members' CLV and lists the top customers among them", async () => {
    const db = join(dir, 'db-clv-segment');
    const events = ordersAsEventsFile('orders-300.csv', 'orders-300.segment-events.csv');
    expect(await main(['import', events, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const args = ['clv', '--db', db, '--as-of', '2024-01-01', '--dry-run'];
    const all = testIo(dir);
    expect(await main([...args, '--json'], all)).toBe(0);
    const predictions = JSON.parse(all.out()).predictions as { customerId: string; clv: number }[];
    const members = predictions.slice(10, 15).map((p) => p.customerId);
    const { openStorage } = await import('@storewise/storage');
    const storage = await openStorage(db);
    await storage.upsertSegment({ id: 'vip', name: 'VIP', kind: 'rule' });
    await storage.refreshSegment('vip', members, new Date('2024-01-01T00:00:00Z'));
    await storage.upsertSegment({ id: 'old', name: 'Old', kind: 'rule' });
    await storage.refreshSegment('old', members, new Date('2023-06-01T00:00:00Z'));
    await storage.close();
    const io = testIo(dir);
    expect(await main([...args, '--segment', 'vip', '--json'], io)).toBe(0);
    const total = predictions.slice(10, 15).reduce((sum, p) => sum + p.clv, 0);
    const money = (v: number) => Math.round(v * 100) / 100;
    expect(JSON.parse(io.out()).segment).toEqual({
      id: 'vip',
      name: 'VIP',
      members: 5,
      customers: 5,
      total: money(total),
      mean: money(total / 5),
    });
    const text = testIo(dir);
    expect(await main([...args, '--segment', 'vip'], text)).toBe(0);
    const fmt = (v: number) =>
      v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(text.out()).toContain(
      `Segment vip (VIP): 5 members, 5 with a CLV; CLV over 12 months: total ${fmt(money(total))}, mean ${fmt(money(total / 5))}\n`,
    );
    // The table lists the members only, by CLV.
    const lines = text.out().split('\n');
    const at = lines.indexOf('Top 5 customers by CLV over 12 months:');
    const byClv = [...predictions.slice(10, 15)].sort((a, b) => b.clv - a.clv).map((p) => p.customerId);
    expect(lines.slice(at + 2, at + 7).map((l) => l.trim().split(/\s+/)[0])).toEqual(byClv);
    expect(text.err()).toBe('');
    // Members of another date than the CLV run: said.
    const old = testIo(dir);
    expect(await main([...args, '--segment', 'old'], old)).toBe(0);
    expect(old.err()).toBe(
      "storewise: warning: segment old's members are as of 2023-06-01, this CLV as of 2024-01-01: their values are of another date than their membership (give --as-of 2023-06-01, or refresh the segment as of 2024-01-01)\n",
    );
    // An unknown segment, or one with --data, is refused.
    const unknown = testIo(dir);
    expect(await main([...args, '--segment', 'nope'], unknown)).toBe(1);
    expect(unknown.err()).toBe('storewise: --segment: no segment "nope" is stored\n');
    const withData = testIo(dir);
    expect(await main(['clv', '--data', events, '--segment', 'vip'], withData)).toBe(1);
    expect(withData.err()).toContain(
      '--segment names a stored segment: use it with the database (--db), not --data',
    );
  });

  it('says clearly that BG/NBD cannot be fitted when nobody bought twice', async () => {
    const file = join(dir, 'once.csv');
    writeFileSync(
      file,
      'event_id,type,customer_id,sku,timestamp,quantity,unit_price,order_id\n' +
        'e1,purchase,a,s,2024-01-02T10:00:00Z,1,5,o1\ne2,purchase,b,s,2024-01-05T10:00:00Z,1,7,o2\n',
    );
    const io = testIo(dir);
    // Exit code 2: the command ran, and its output says why it has no result.
    expect(await main(['clv', '--data', file, '--format', 'events', '--json'], io)).toBe(2);
    expect(io.err()).toBe('');
    const out = JSON.parse(io.out());
    expect(out.fitted).toBe(false);
    expect(out.reason).toMatch(/^BG\/NBD cannot be fitted: none of the 2 customers has a repeat purchase/);
    expect(out.predictions[0]).toEqual({
      customerId: 'a',
      expectedPurchases: null,
      probabilityAlive: null,
      clv: null,
    });
  });

  it('says when a fit sits at a boundary and what that means, in the text and the JSON', async () => {
    // make_no_dropout.py: SciPy's BG/NBD maximum is the no-dropout limit (a -> 0), Gamma-Gamma's q -> infinity.
    const events = ordersAsEventsFile('orders-no-dropout.csv', 'no-dropout.events.csv');
    const args = ['clv', '--data', events, '--format', 'events', '--as-of', '2024-01-01'];
    const text = testIo(dir);
    expect(await main(args, text)).toBe(0);
    const out = text.out().split('\n');
    // a is printed with its digits (6.36e-7 was printed as 0.0000).
    expect(out[0]).toMatch(
      /^BG\/NBD on 120 customers \(103 repeat buyers\): r = 0\.85\d+, alpha = 20\.\d+, a = \d\.\d\de-\d+, /,
    );
    expect(out[2]).toMatch(
      /^warning: BG\/NBD sits at a boundary .*no sign of customers dropping out, so P\(alive\) ≈ 1 \(above 0\.99 for 120 of 120 customers\)/,
    );
    expect(out[3]).toMatch(/^warning: Gamma-Gamma sits at a boundary \(q = /);
    const json = testIo(dir);
    expect(await main([...args, '--json'], json)).toBe(0);
    const result = JSON.parse(json.out());
    expect(result.bgnbd.warnings).toHaveLength(1);
    expect(result.gammaGamma.warnings).toHaveLength(1);
    expect(result.warnings).toEqual([...result.bgnbd.warnings, ...result.gammaGamma.warnings]);
  });

  it('segment rfm, which stores p_alive and CLV from the same fit, says the same warnings', async () => {
    const events = ordersAsEventsFile('orders-no-dropout.csv', 'no-dropout-rfm.events.csv');
    const args = ['--data', events, '--format', 'events', '--as-of', '2024-01-01'];
    const clv = testIo(dir);
    expect(await main(['clv', ...args, '--json'], clv)).toBe(0);
    const warnings = JSON.parse(clv.out()).warnings as string[];
    expect(warnings).toHaveLength(2);
    const text = testIo(dir);
    expect(await main(['segment', 'rfm', ...args], text)).toBe(0);
    expect(text.err()).toBe(warnings.map((w) => `storewise: warning: ${w}\n`).join(''));
    const json = testIo(dir);
    expect(await main(['segment', 'rfm', ...args, '--json'], json)).toBe(0);
    expect(json.err()).toBe('');
    expect(JSON.parse(json.out()).warnings).toEqual(warnings);
  });

  it('marks the listed customers whose returns are over half their purchases, in clv and segment rfm', async () => {
    const events = ordersAsEventsFile('orders-no-dropout.csv', 'returns.events.csv');
    // Purchases per customer summed from the fixture: n035 bought 1953.40 and returns 60% of it; n036
    // (1285.28) returns exactly half, which is not over half.
    const bought = (c: string) =>
      readFileSync(join(fixtures, 'orders-no-dropout.csv'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith(`${c},`))
        .reduce((sum, l) => sum + Number(l.split(',')[3]), 0);
    expect(bought('n035').toFixed(2)).toBe('1953.40');
    expect(bought('n036').toFixed(2)).toBe('1285.28');
    writeFileSync(
      events,
      `${readFileSync(events, 'utf8')}r1,return,n035,sku-1,2023-12-01T10:00:00Z,1,1172.04,\nr2,return,n036,sku-1,2023-12-01T10:00:00Z,1,642.64,\n`,
    );
    const args = ['--data', events, '--format', 'events', '--as-of', '2024-01-01'];
    const clv = testIo(dir);
    expect(await main(['clv', ...args], clv)).toBe(0);
    const lines = clv.out().split('\n');
    // n036 and n035 have the highest CLV (returns are not subtracted from it); only n035 is marked.
    expect(lines.filter((l) => /^ {2}n03[56]/.test(l)).map((l) => l.split(/\s+/)[1])).toEqual([
      'n036',
      'n035*',
    ]);
    expect(clv.out()).toContain(
      '\n  * returned over half of what they bought (CLV counts purchases only: returns are not subtracted): n035 (returned 1,172.04 of 1,953.40)\n',
    );
    const rfm = testIo(dir);
    expect(await main(['segment', 'rfm', ...args, '--json'], rfm)).toBe(0);
    const out = JSON.parse(rfm.out());
    expect(out.returnsOverHalf).toEqual([{ customerId: 'n035', purchases: 1953.4, returns: 1172.04 }]);
    const segment = out.scores.find((c: { customerId: string }) => c.customerId === 'n035').segment;
    const text = testIo(dir);
    expect(await main(['segment', 'rfm', ...args], text)).toBe(0);
    expect(text.out()).toContain(
      `\n1 customer returned over half of what they bought; spend (RFM monetary) counts purchases only, returns are not subtracted: n035 (${segment}: returned 1172.04 of 1953.40)\n`,
    );
  });

  it('refuses BG/NBD below 20 repeat buyers with the reason', async () => {
    const file = join(dir, 'three.csv');
    writeFileSync(
      file,
      'event_id,type,customer_id,sku,timestamp,quantity,unit_price,order_id\n' +
        'e1,purchase,a,s,2024-01-02T10:00:00Z,1,10,o1\ne2,purchase,b,s,2024-01-03T10:00:00Z,1,20,o2\n' +
        'e3,purchase,b,s,2024-01-11T10:00:00Z,1,30,o3\ne4,purchase,c,s,2024-01-06T10:00:00Z,1,15,o4\n',
    );
    const io = testIo(dir);
    expect(await main(['clv', '--data', file, '--format', 'events', '--as-of', '2024-02-01'], io)).toBe(2);
    expect(io.out()).toBe(
      'BG/NBD cannot be fitted: only 1 of the 3 customers has a repeat purchase, and it needs at least 20 repeat buyers (with fewer, its fits often end at a boundary, e.g. P(alive) near 0 for a customer who bought twice)\n',
    );
  });
});
