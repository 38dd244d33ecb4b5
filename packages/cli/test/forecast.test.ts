import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-forecast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * An events file: A and B sell 2 units every Wednesday for the 20 weeks from Monday 2023-10-16 (stock 9 and
 * 3, recorded on the first row), C 1 a week (stock not tracked). The engine's test of the same shop works the
 * numbers out by hand (packages/engine/test/forecast/demand-forecast.test.ts).
 */
function shopFile(): string {
  const rows = ['event_id,type,customer_id,sku,timestamp,quantity,unit_price,stock'];
  const first = Date.parse('2023-10-18T10:00:00Z');
  for (let w = 0; w < 20; w++) {
    const t = new Date(first + w * 7 * 86_400_000).toISOString();
    rows.push(`a${w},purchase,c${w},A,${t},2,1,${w === 0 ? 9 : ''}`);
    rows.push(`b${w},purchase,c${w},B,${t},2,1,${w === 0 ? 3 : ''}`);
    rows.push(`c${w},purchase,c${w},C,${t},1,1,`);
  }
  const path = join(dir, 'shop.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

const shop = shopFile();
const data = ['--data', shop, '--format', 'events', '--as-of', '2024-03-06T12:00:00Z'];

describe('storewise forecast', () => {
  it('prints the items to reorder and when they run out', async () => {
    const io = testIo(dir);
    expect(await main(['forecast', ...data], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('3 items forecast 8 weeks ahead from the weeks of 2023-10-16 to 2024-02-26');
    // B: 3 units at 2 a week run out 10.5 days after asOf; order 4 + 4 - 3 = 5 (worked in the engine's test).
    expect(out).toContain(
      '2 items of the 2 listed with stock recorded to reorder now or running out within the horizon',
    );
    expect(out).toContain('  B: stock 3, reorder point 4, order 5, out 2024-03-17\n');
    expect(out).toContain('  A: stock 9, reorder point 4, out 2024-04-07\n');
  });

  it('warns when the horizon reaches further ahead than the history goes back, and not within it', async () => {
    // Sales from 2023-10-18 to asOf 2024-03-06: the months of October to February, 5 of them.
    const long = testIo(dir);
    expect(await main(['forecast', ...data, '--period', 'month', '--horizon', '100'], long)).toBe(0);
    expect(long.err()).toContain(
      'storewise: warning: the horizon of 100 months is longer than the 5 months of history the items were seen over: forecasts past 5 months ahead reach further than the data does',
    );
    expect(long.out()).toContain(
      '3 items forecast 100 months ahead from the months of 2023-10-01 to 2024-02-01',
    );
    const within = testIo(dir);
    expect(await main(['forecast', ...data, '--period', 'month', '--horizon', '5'], within)).toBe(0);
    expect(within.err()).not.toContain('horizon');
    // 20 weeks of history: the default 8 weeks ahead are within it.
    const weeks = testIo(dir);
    expect(await main(['forecast', ...data], weeks)).toBe(0);
    expect(weeks.err()).not.toContain('horizon');
  });

  it('groups thousands in the units it prints', async () => {
    // W sells 1,500 units every week (stock 10,000): the reorder point is two weeks of it (lead time 14 days).
    const rows = ['event_id,type,customer_id,sku,timestamp,quantity,unit_price,stock'];
    const first = Date.parse('2023-10-18T10:00:00Z');
    for (let w = 0; w < 20; w++)
      rows.push(
        `w${w},purchase,c${w},W,${new Date(first + w * 7 * 86_400_000).toISOString()},1500,1,${w === 0 ? 10000 : ''}`,
      );
    const wholesale = join(dir, 'wholesale.csv');
    writeFileSync(wholesale, `${rows.join('\n')}\n`);
    const io = testIo(dir);
    expect(
      await main(
        ['forecast', '--data', wholesale, '--format', 'events', '--as-of', '2024-03-06T12:00:00Z'],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toContain('  W: stock 10,000, reorder point 3,000, out 2024-04-');
  });

  it('--sku prints each period, --json the whole forecast', async () => {
    const io = testIo(dir);
    expect(await main(['forecast', ...data, '--sku', 'C', '--horizon', '2'], io)).toBe(0);
    expect(io.out()).toMatch(
      /C: \w+ \(smooth\), 2 units over the horizon\n {2}stock not tracked\n {2}2024-03-04 {2}1 {2}\[1, 1\]\n/,
    );
    const json = testIo(dir);
    expect(await main(['forecast', ...data, '--sku', 'B', '--json'], json)).toBe(0);
    const f = JSON.parse(json.out());
    expect(f.items[0]).toMatchObject({
      sku: 'B',
      stock: 3,
      reorder: { suggestedOrder: 5, reorderNow: true },
    });
    expect(f.items[0].reorder.daysOfCover).toBeCloseTo(10.5, 6);
  });

  it.each([
    [['--horizon', 'abc'], '--horizon must be a number, got "abc"'],
    [['--horizon', '0'], '--horizon: must be a whole number from 1 to 520, got 0'],
    [['--service-level', '1.5'], '--service-level: must be at least 0.5 and below 1'],
    [['--service-level', '0.2'], '--service-level: must be at least 0.5 and below 1'],
    [['--period', 'year'], '--period: must be one of day, week, month, got year'],
    [['--sku', 'B', '--sku', 'nope'], '--sku: not in the catalog: nope'],
    [['--method', 'arima'], '--method: unknown method "arima"'],
  ])('refuses %j naming the flag', async (flags, message) => {
    const io = testIo(dir);
    expect(await main(['forecast', ...data, ...flags], io)).toBe(1);
    expect(io.err()).toContain(`storewise: ${message}`);
    expect(io.out()).toBe('');
  });
});

describe('storewise eval forecast', () => {
  it('scores the held-out weeks next to the baselines', async () => {
    const io = testIo(dir);
    // Steady demand: every method forecasts the 4 held-out weeks exactly (4 x (2 + 2 + 1) = 20 units).
    expect(await main(['eval', 'forecast', ...data, '--horizon', '4', '--json'], io)).toBe(0);
    const b = JSON.parse(io.out());
    expect(b).toMatchObject({ items: 3, actualUnits: 20, testStart: '2024-02-05T00:00:00.000Z' });
    expect(b.scores.map((s: { method: string }) => s.method)).toEqual([
      'auto',
      'naive',
      'seasonal-naive',
      'mean',
    ]);
    for (const s of b.scores) expect(s.wape).toBeCloseTo(0, 9);
    const text = testIo(dir);
    expect(await main(['eval', 'forecast', ...data, '--horizon', '4'], text)).toBe(0);
    expect(text.out()).toContain(
      '3 items scored (20 units sold in the held-out periods); 0 items with sales in them but none in the history left out',
    );
    expect(text.out()).toContain(
      'seasonal-naive    0.0%     0.0%       -  (naive or mean for 3 items with too short a history)',
    );
    expect(text.out()).toMatch(/^auto +0\.0%/m);
  });

  it('labels the forecasts row with the methods --method named, not auto', async () => {
    const io = testIo(dir);
    expect(await main(['eval', 'forecast', ...data, '--horizon', '4', '--method', 'ses'], io)).toBe(0);
    expect(io.out()).toMatch(/^ses +0\.0%/m);
    expect(io.out()).not.toMatch(/^auto /m);
    expect(io.out()).toContain('Chosen: ses 3');
  });
});
