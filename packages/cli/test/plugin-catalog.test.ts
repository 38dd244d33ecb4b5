// A contributed recommender that reads the catalog gets it from its fit context wherever the CLI trains
// or evaluates it on a store (train recs, eval recs --db), and not from a ratings file (eval recs --data).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const plugin = new URL('./fixtures/needs-catalog.mjs', import.meta.url).pathname;
const events = new URL('./fixtures/shop-events.csv', import.meta.url).pathname;
const ratings = new URL('./fixtures/ratings-small.csv', import.meta.url).pathname;
const db = join(dir, 'db');

// shop-events.csv's items in the store's order (that of the rows first naming them: c2's view of F comes
// before c3's D) with their categories.
const SAW = 'saw 0=A:Home/Kitchen 1=B:Home/Kitchen 2=C:Home/Garden 3=F:Home/Kitchen 4=D:Toys 5=E:Toys';

describe('a recommender plugin that reads the catalog, from the CLI', () => {
  beforeAll(async () => {
    expect(await main(['import', events, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
  });

  it('train recs hands its fit the catalog per item index, and the model it fits is stored', async () => {
    const echo = testIo(dir);
    const args = ['--plugin', plugin, 'train', 'recs', '--model', 'needs-catalog', '--db', db];
    expect(await main([...args, '--param', 'echo=true'], echo)).toBe(1);
    expect(echo.err()).toContain(`recommender plugin "needs-catalog": fit failed: ${SAW}`);
    const trained = testIo(dir);
    expect(await main([...args, '--name', 'by-category', '--json'], trained), trained.err()).toBe(0);
    // Home holds 4 of the 6 items, Toys 2: c4 (who bought D and E) is recommended the Home items first.
    const rec = testIo(dir);
    const recommend = ['--plugin', plugin, 'recommend', 'c4', '--name', 'by-category', '--db', db, '--json'];
    expect(await main(recommend, rec), rec.err()).toBe(0);
    const items = (JSON.parse(rec.out()) as { items: { sku: string; score: number }[] }).items;
    expect(items.map((i) => [i.sku, i.score])).toEqual(
      expect.arrayContaining([
        ['A', 4 / 6],
        ['C', 4 / 6],
      ]),
    );
  });

  it('eval recs --db hands it the catalog; eval recs --data has none to give', async () => {
    const echo = testIo(dir);
    const evalDb = ['--plugin', plugin, 'eval', 'recs', '--db', db, '--models', 'needs-catalog'];
    expect(await main([...evalDb, '--param', 'needs-catalog.echo=true'], echo)).toBe(1);
    expect(echo.err()).toContain(SAW);
    const file = testIo(dir);
    const evalFile = ['--plugin', plugin, 'eval', 'recs', '--data', ratings, '--format', 'csv'];
    expect(await main([...evalFile, '--models', 'needs-catalog'], file)).toBe(1);
    expect(file.err()).toContain('needs-catalog needs the catalog: train it from a store');
  });
});
