import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainRecommender } from '@storewise/engine';
import { openStorage } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-recs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The shop of packages/engine/test/recs/shop-fixture.ts as an events file (B out of stock).
const events = new URL('./fixtures/shop-events.csv', import.meta.url).pathname;

describe('storewise train recs / recommend', () => {
  const db = join(dir, 'db');

  it('chooses the model by default, saying which and what each candidate scored on the holdout', async () => {
    const auto = join(dir, 'auto');
    expect(await main(['import', events, '--format', 'events', '--db', auto, '--json'], testIo(dir))).toBe(0);
    const json = testIo(dir);
    expect(await main(['train', 'recs', '--db', auto, '--json'], json)).toBe(0);
    const summary = JSON.parse(json.out());
    expect(summary).toMatchObject({ chosenBy: 'auto', customers: 6, items: 6 });
    const ndcg = (name: string) => summary.metrics[`auto.${name}.ndcg`] as number;
    const names = ['popularity', 'item-knn', 'cooccurrence', 'als', 'ease'];
    expect(ndcg(summary.model)).toBe(Math.max(...names.map(ndcg)));
    // --seed defaults to the engine's DEFAULT_SEED, as the gateway's trainings (which pass none): the same
    // data records the same metrics through either (apps/gateway/test/training.test.ts).
    const storage = await openStorage(auto);
    const engine = await trainRecommender(storage, { model: 'auto', dryRun: true });
    await storage.close();
    expect(summary.metrics).toMatchObject(engine.metrics);
    const text = testIo(dir);
    expect(await main(['train', 'recs', '--db', auto], text)).toBe(0);
    expect(text.out()).toContain(
      `chosen by NDCG@10 on a 25% per-customer holdout: ${names.map((n) => `${n} ${ndcg(n).toFixed(4)}`).join(', ')}\n`,
    );
    const params = testIo(dir);
    expect(await main(['train', 'recs', '--param', 'shrink=10', '--db', auto], params)).toBe(1);
    expect(params.err()).toContain('--param: --model auto fits each candidate with its defaults');
  });

  it('trains on the database and serves under rules, with explanations', async () => {
    expect(await main(['import', events, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const train = testIo(dir);
    expect(await main(['train', 'recs', '--model', 'item-knn', '--db', db, '--json'], train)).toBe(0);
    expect(JSON.parse(train.out())).toMatchObject({
      name: 'recs',
      version: 1,
      model: 'item-knn',
      customers: 6,
      items: 6,
    });

    const io = testIo(dir);
    expect(await main(['recommend', 'c2', '--k', '6', '--exclude-bought', '--db', db, '--json'], io)).toBe(0);
    const out = JSON.parse(io.out());
    // NumPy item-kNN scores for c2 (see packages/engine/test/recs/serve.test.ts): C 6.9594366886,
    // D 2.7623652699, F 2.4397501824, E 0.165748386; A and B were bought.
    expect(out.strategy).toBe('model');
    expect(out.items.map((i: { sku: string }) => i.sku)).toEqual(['C', 'D', 'F', 'E']);
    expect(out.items[0].score).toBeCloseTo(6.9594366886, 8);
    expect(out.items[0].because.map((b: { sku: string }) => b.sku)).toEqual(['A', 'B', 'F']);

    const text = testIo(dir);
    const argv = ['recommend', 'c4', '--in-stock', '--category', 'Home', '--deny', 'F', '--db', db];
    expect(await main(argv, text)).toBe(0);
    // c4's Home items by NumPy score: F 4.71 (denied), C 1.99, B 1.66 (out of stock), A 0.33
    expect(text.out()).toMatch(
      /^2 recommendations for c4 \(model\)\n {2}1\. C {2}Trowel {2}1\.9868 {2}because you bought Kite\n/,
    );
    expect(text.out()).toMatch(/ 2\. A {2}Mug {2}0\.3311 {2}because you bought Kite\n$/);
    expect(text.err()).toBe('');

    // The path as the import wrote it (Home > Garden) names the same category; one no item is under
    // is told, not silently an empty list.
    const written = testIo(dir);
    expect(
      await main(['recommend', 'c4', '--category', 'Home > Garden', '--db', db, '--json'], written),
    ).toBe(0);
    expect(JSON.parse(written.out()).items.map((i: { sku: string }) => i.sku)).toEqual(['C']);
    const typo = testIo(dir);
    expect(await main(['recommend', 'c4', '--category', 'Hmoe', '--db', db], typo)).toBe(0);
    expect(typo.out()).toMatch(/^0 recommendations for c4/);
    expect(typo.err()).toBe('storewise: warning: no item is in the category "Hmoe"\n');
    const empty = testIo(dir);
    expect(await main(['recommend', 'c4', '--category', ' > ', '--db', db], empty)).toBe(1);
    expect(empty.err()).toBe(
      'storewise: --category " > " names no category: write it as Home > Kitchen or Home/Kitchen\n',
    );
    // A --deny SKU the store does not know would deny nothing: refused, every such SKU named.
    const deny = testIo(dir);
    const args = ['recommend', 'c4', '--deny', 'F', '--deny', 'Fx', '--deny', 'Q', '--db', db];
    expect(await main(args, deny)).toBe(1);
    expect(deny.err()).toBe('storewise: --deny names 2 items the store does not know: "Fx", "Q"\n');
    expect(deny.out()).toBe('');
  });

  it('says which model is missing, in one line', async () => {
    const io = testIo(dir);
    expect(await main(['recommend', 'c1', '--name', 'other', '--db', db], io)).toBe(1);
    expect(io.err()).toBe(
      'storewise: model "other" has no active version in storage: train one first (storewise train recs)\n',
    );
    const bad = testIo(dir);
    expect(await main(['train', 'recs', '--model', 'magic', '--db', db], bad)).toBe(1);
    expect(bad.err()).toContain('--model: unknown recommender model "magic"');
    // A contributed model's name without its module: how to load it.
    expect(bad.err()).toContain(
      '(a contributed model is loaded from its module: --plugin <module.js> on the CLI, STOREWISE_PLUGINS for the gateway; docs/plugins.md)',
    );
  });

  it('refuses unknown parameters and values of the wrong kind, naming the parameter and the known ones', async () => {
    const known = 'its parameters: neighbors, measure, shrink, normalize, minCommon';
    for (const [param, message] of [
      ['k=abc', `--param k=abc: item-knn has no parameter "k"; ${known}`],
      ['bogus=1', `--param bogus=1: item-knn has no parameter "bogus"; ${known}`],
      ['neighbors=abc', '--param neighbors=abc: item-knn parameter "neighbors" must be a number, got "abc"'],
      [
        'normalize=yes',
        '--param normalize=yes: item-knn parameter "normalize" must be true or false, got "yes"',
      ],
    ]) {
      const io = testIo(dir);
      const argv = ['train', 'recs', '--model', 'item-knn', '--param', param!, '--db', db];
      expect(await main(argv, io), param).toBe(1);
      expect(io.err()).toBe(`storewise: ${message}\n`);
    }
    const ok = testIo(dir);
    const argv = [
      'train',
      'recs',
      '--model',
      'item-knn',
      '--param',
      'neighbors=2',
      '--param',
      'measure=jaccard',
    ];
    expect(await main([...argv, '--db', db, '--json'], ok)).toBe(0);
    expect(JSON.parse(ok.out())).toMatchObject({ model: 'item-knn', customers: 6, items: 6 });
  });

  it("reports a model's refusal of a --param value as a usage error naming it, without the debug hint", async () => {
    for (const [model, param] of [
      ['als', 'factors=-5'],
      ['als', 'factors=0'],
      ['als', 'factors=1.5'],
      ['ease', 'lambda=0'],
    ]) {
      const io = testIo(dir);
      const argv = ['train', 'recs', '--model', model!, '--param', param!, '--db', db];
      expect(await main(argv, io), param).toBe(1);
      expect(io.err()).toMatch(new RegExp(`^storewise: --param ${param}: ${model} refused it: .*must.*\\n$`));
      expect(io.err()).not.toContain('STOREWISE_DEBUG');
    }
  });

  it('says there is nothing to train on, and that a rating model trains on rating events', async () => {
    const empty = testIo(dir);
    expect(await main(['train', 'recs', '--db', 'memory:'], empty)).toBe(1);
    expect(empty.err()).toBe(
      'storewise: no interactions to train on: a recommender trains on view, add_to_cart, purchase, rating events and the store has none (it holds no events)\n',
    );
    const mf = testIo(dir);
    expect(await main(['train', 'recs', '--model', 'mf', '--db', db], mf)).toBe(1);
    expect(mf.err()).toMatch(
      /^storewise: no interactions to train on: mf trains on rating events and the store has none \(it holds purchase \d+.*\); for purchases and views, train another model \(--model als, bpr, \.\.\.\)\n$/,
    );
  });

  it('prints no step lines when stderr is not a terminal, and rewrites one status line on a terminal', async () => {
    const piped = testIo(dir);
    expect(
      await main(['train', 'recs', '--model', 'als', '--param', 'iterations=3', '--db', db], piped),
    ).toBe(0);
    expect(piped.err()).toBe('');
    expect(piped.out()).toMatch(
      /^trained als as "recs" v\d+: 6 customers, 6 items, 18 events on 18 customer-item pairs, fit/,
    );
    const tty = testIo(dir, {}, true);
    expect(await main(['train', 'recs', '--model', 'als', '--param', 'iterations=3', '--db', db], tty)).toBe(
      0,
    );
    expect(tty.err().startsWith('\r\x1b[K')).toBe(true);
    expect(tty.err()).not.toContain('\n');
    expect(tty.err().endsWith('\r\x1b[K')).toBe(true);
  });

  it('prints the holdout next to the most popular items, and warns when the model ranks below them', async () => {
    const io = testIo(dir);
    expect(await main(['train', 'recs', '--evaluate', '--name', 'evaluated', '--db', db, '--json'], io)).toBe(
      0,
    );
    const m = JSON.parse(io.out()).metrics;
    expect(m).toMatchObject({ ndcg: expect.any(Number), popularityNdcg: expect.any(Number) });
    // The fixture's few customers: too few ranked for the numbers to mean much, said on stderr and in JSON.
    const few = `the evaluation ranked ${m.users} held-out ${m.users === 1 ? 'customer' : 'customers'} (fewer than 30): its metrics (ndcg, recall, hitRate, ...) say next to nothing about the model; judge it once more customers have events`;
    expect(m.users).toBeLessThan(30);
    expect(JSON.parse(io.out()).warnings).toEqual([few]);
    expect(io.err()).toContain(`storewise: warning: ${few}\n`);
    const text = testIo(dir);
    expect(await main(['train', 'recs', '--evaluate', '--name', 'evaluated', '--db', db], text)).toBe(0);
    expect(text.out()).toContain(
      `the most popular items on the same holdout: NDCG ${m.popularityNdcg.toFixed(4)}\n`,
    );
    expect(text.out().includes('warning: item-knn ranks below the most popular items')).toBe(
      m.ndcg < m.popularityNdcg,
    );
  });

  it('keeps to a price range (every fixture item costs 1), and refuses bounds that are not one', async () => {
    const json = async (...flags: string[]) => {
      const io = testIo(dir);
      expect(await main(['recommend', 'c4', ...flags, '--db', db, '--json'], io), io.err()).toBe(0);
      return JSON.parse(io.out()).items.map((i: { sku: string }) => i.sku);
    };
    expect(await json('--min-price', '1', '--max-price', '1')).toEqual(await json());
    expect(await json('--min-price', '1.01')).toEqual([]);
    for (const [flags, message] of [
      [['--min-price', 'cheap'], '--min-price must be a number, got "cheap"'],
      [['--max-price', '-2'], '--max-price must be a finite number >= 0, got -2'],
      [
        ['--min-price', '3', '--max-price', '2'],
        '--min-price 3 is above --max-price 2: no price is in between',
      ],
    ] as const) {
      const io = testIo(dir);
      expect(await main(['recommend', 'c4', ...flags, '--db', db], io)).toBe(1);
      expect(io.err()).toBe(`storewise: ${message}\n`);
    }
  });

  it('deletes a customer and what is derived from them, and says when there is no such customer', async () => {
    const io = testIo(dir);
    expect(await main(['customer', 'delete', 'c2', '--db', db, '--json'], io)).toBe(0);
    // c2 has three events in shop-events.csv (e3, e4, e5).
    expect(JSON.parse(io.out())).toMatchObject({
      customerId: 'c2',
      found: true,
      tables: { customer: 1, events: 3 },
    });
    const again = testIo(dir);
    expect(await main(['customer', 'delete', 'c2', '--db', db], again)).toBe(0);
    expect(again.out()).toBe(
      'no customer "c2" in the database: no rows removed, but the id was added to the erasure list (as for a deleted customer). Later imports and tracked events leave their rows out (counted as erased) until `storewise customer restore`.\n',
    );
    // An id the database never held goes on the erasure list too: restoring it takes it off.
    expect(await main(['customer', 'delete', 'never-held', '--db', db], testIo(dir))).toBe(0);
    const restored = testIo(dir);
    expect(await main(['customer', 'restore', 'never-held', '--db', db], restored)).toBe(0);
    expect(restored.out()).toBe(
      'restored customer never-held: their events and records are stored again from now on\n',
    );
    const text = testIo(dir);
    expect(await main(['customer', 'delete', 'c3', '--db', db], text)).toBe(0);
    expect(text.out()).toMatch(/^deleted customer c3: \d+ rows \(customer 1, events \d+/);
  });

  it('keeps a deleted customer out of a later import of the same file until restored', async () => {
    // c2 and c3 (three events each) were deleted above: the file imported again brings back none of their rows.
    const reimport = testIo(dir);
    expect(await main(['import', events, '--format', 'events', '--db', db], reimport)).toBe(0);
    expect(reimport.out()).toMatch(
      / 6 rows of erased customers left out \(storewise customer restore <id> lifts it\)/,
    );
    // The file names c1 to c6: the store holds four of them (the count once included c2 and c3).
    expect(reimport.out()).toContain(
      'the valid rows name 4 customers (besides 2 erased customers, left out) and ',
    );
    const info = testIo(dir);
    expect(await main(['info', '--db', db], info)).toBe(0);
    expect(info.out()).toContain('erased customers: 2 (their rows are left out of imports;');
    const who = testIo(dir);
    expect(await main(['profile', 'c2', '--db', db, '--json'], who)).toBe(1);
    const restore = testIo(dir);
    expect(await main(['customer', 'restore', 'c2', '--db', db], restore)).toBe(0);
    expect(restore.out()).toBe(
      'restored customer c2: their events and records are stored again from now on\n',
    );
    const twice = testIo(dir);
    expect(await main(['customer', 'restore', 'c2', '--db', db, '--json'], twice)).toBe(0);
    expect(JSON.parse(twice.out())).toEqual({ customerId: 'c2', restored: false });
    const back = testIo(dir);
    expect(await main(['import', events, '--format', 'events', '--db', db, '--json'], back)).toBe(0);
    expect(JSON.parse(back.out())).toMatchObject({ accepted: 3, erased: 3 });
  });

  it('lists the stored versions and serves an earlier one again', async () => {
    const list = testIo(dir);
    expect(await main(['model', 'list', '--db', db, '--json'], list)).toBe(0);
    const recs = (JSON.parse(list.out()) as { name: string; version: number; active: boolean }[]).filter(
      (m) => m.name === 'recs',
    );
    expect(recs.length).toBeGreaterThan(1);
    expect(recs[0]!.active).toBe(true);
    const oldest = recs[recs.length - 1]!.version;
    const io = testIo(dir);
    expect(await main(['model', 'activate', 'recs', String(oldest), '--db', db], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^serving recs v${oldest} \\(trained `));
    const after = testIo(dir);
    expect(await main(['model', 'list', '--db', db], after)).toBe(0);
    expect(after.out()).toContain(`* recs v${oldest}  recommender`);
    const missing = testIo(dir);
    expect(await main(['model', 'activate', 'recs', '999', '--db', db], missing)).toBe(1);
    expect(missing.err()).toMatch(/^storewise: model "recs" has no version 999 \(its versions: 1, 2/);
  });

  it('prunes the versions older than the newest --keep, keeping the one served (v1 since the rollback above)', async () => {
    const list = testIo(dir);
    expect(await main(['model', 'list', '--db', db, '--json'], list)).toBe(0);
    const versions = (JSON.parse(list.out()) as { name: string; version: number }[])
      .filter((m) => m.name === 'recs')
      .map((m) => m.version)
      .sort((a, b) => a - b);
    const newest = versions[versions.length - 1]!;
    const io = testIo(dir);
    expect(await main(['model', 'prune', 'recs', '--keep', '1', '--db', db, '--json'], io)).toBe(0);
    const { removed } = JSON.parse(io.out()) as { removed: { name: string; version: number }[] };
    expect(removed.map((m) => m.version)).toEqual(versions.filter((v) => v !== 1 && v !== newest));
    const after = testIo(dir);
    expect(await main(['model', 'list', '--db', db], after)).toBe(0);
    expect(after.out()).toMatch(/^\* recs v1 {2}recommender .* \d+\.\d (KB|MB)\n/m);
    expect(after.out()).toContain(`  recs v${newest}  recommender`);
    // Every model: the two trainings named "evaluated" above keep the newer.
    const all = testIo(dir);
    expect(await main(['model', 'prune', '--keep', '1', '--db', db], all)).toBe(0);
    expect(all.out()).toMatch(/^evaluated: removed version v1 \(\d+\.\d KB\)\n$/);
    const again = testIo(dir);
    expect(await main(['model', 'prune', '--keep', '1', '--db', db], again)).toBe(0);
    expect(again.out()).toBe('nothing to remove: each model keeps its newest 1 and the one served\n');
    const bad = testIo(dir);
    expect(await main(['model', 'prune', 'nope', '--db', db], bad)).toBe(1);
    expect(bad.err()).toMatch(/^storewise: no stored model "nope" \(stored: /);
    const zero = testIo(dir);
    expect(await main(['model', 'prune', '--keep', '0', '--db', db], zero)).toBe(1);
    expect(zero.err()).toContain('--keep must be a whole number of at least 1, got "0"');
  });
});
