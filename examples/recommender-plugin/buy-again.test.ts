// The contributor's recommender passes the model testkit, and the engine, the CLI (--plugin) train, store
// and serve it by name like a built-in.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionBuilder } from '@storewise/core';
import { testModelPlugin } from '@storewise/core/testkit';
import { openRecommender, recommend, registerRecommender, trainRecommender } from '@storewise/engine';
import { type EventInput, openStorage } from '@storewise/storage';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type BuyAgainModel, buyAgain } from './buy-again.js';

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'storewise-plugin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

testModelPlugin(buyAgain, {
  data: () => {
    const b = new InteractionBuilder();
    for (let u = 0; u < 6; u++)
      for (let i = 0; i < 5; i++) if ((u + i) % 3 !== 0) b.add(`u${u}`, `s${i}`, 1 + i, (u + i) * DAY);
    return b.build();
  },
  predict: (model: BuyAgainModel) => {
    const out = new Float64Array(model.nUsers * model.nItems);
    for (let u = 0; u < model.nUsers; u++)
      model.scoreUser(u, out.subarray(u * model.nItems, (u + 1) * model.nItems));
    return out;
  },
});

// c1 bought A on day 0, viewed B on day 10 and bought C on day 20, the shop's latest event. With a
// half-life of 10 days: C 5 x 0.5^0 = 5, A 5 x 0.5^2 = 1.25, B 1 x 0.5^1 = 0.5 (purchase 5, view 1).
const EVENTS: EventInput[] = [
  { eventId: 'e1', type: 'purchase', customerId: 'c1', sku: 'A', timestamp: new Date(0) },
  { eventId: 'e2', type: 'view', customerId: 'c1', sku: 'B', timestamp: new Date(10 * DAY) },
  { eventId: 'e3', type: 'purchase', customerId: 'c1', sku: 'C', timestamp: new Date(20 * DAY) },
  { eventId: 'e4', type: 'purchase', customerId: 'c2', sku: 'D', timestamp: new Date(5 * DAY) },
];
const EXPECTED = [
  ['C', 5],
  ['A', 1.25],
  ['B', 0.5],
];

describe('a contributed recommender in the engine and the CLI', () => {
  it('trains, is stored, loads and serves by its name once registered', async () => {
    const storage = await openStorage('memory:');
    await storage.appendEvents(EVENTS);
    await expect(trainRecommender(storage, { model: 'buy-again' })).rejects.toThrow(
      'unknown recommender model "buy-again"',
    );
    registerRecommender(buyAgain);
    await trainRecommender(storage, { model: 'buy-again', params: { halfLifeDays: 10 } });
    const served = await openRecommender(storage);
    const r = await recommend(storage, served, 'c1', 3);
    expect(r.strategy).toBe('model');
    expect(r.items.map((i) => [i.sku, i.score])).toEqual(EXPECTED);
    expect((await storage.listModels())[0]?.params).toMatchObject({
      model: 'buy-again',
      params: { halfLifeDays: 10 },
    });
    await storage.close();
  });

  it('is trained and served by the storewise command with --plugin', () => {
    const cli = (args: string[]) =>
      spawnSync(
        'node',
        ['--import', 'tsx', new URL('../../packages/cli/dist/bin.js', import.meta.url).pathname, ...args],
        {
          cwd: new URL('.', import.meta.url).pathname,
          encoding: 'utf8',
        },
      );
    const db = join(dir, 'db');
    const events = join(dir, 'events.ndjson');
    const rows = EVENTS.map((e) => ({
      event_id: e.eventId,
      type: e.type,
      customer_id: e.customerId,
      sku: e.sku,
      timestamp: e.timestamp.toISOString(),
    }));
    writeFileSync(events, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect(cli(['import', events, '--format', 'events', '--db', db]).status).toBe(0);
    const plugin = ['--plugin', './buy-again.ts'];
    const trained = cli([
      ...plugin,
      'train',
      'recs',
      '--model',
      'buy-again',
      '--param',
      'halfLifeDays=10',
      '--db',
      db,
    ]);
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toMatch(/^trained buy-again as "recs" v1: 2 customers, 4 items/);
    const served = cli([...plugin, 'recommend', 'c1', '--k', '3', '--db', db, '--json']);
    expect(served.status, served.stderr).toBe(0);
    expect(
      JSON.parse(served.stdout).items.map((i: { sku: string; score: number }) => [i.sku, i.score]),
    ).toEqual(EXPECTED);
    // Without the plugin, the stored model cannot be read: the command says which plugin it needs.
    const without = cli(['recommend', 'c1', '--db', db]);
    expect(without.status).toBe(1);
    expect(without.stderr).toContain(
      `stored recommender "recs" v1 was trained with "buy-again", which is not loaded here: load its plugin (the CLI's --plugin <module>, the gateway's STOREWISE_PLUGINS) or activate another version (known here: `,
    );
    const missing = cli(['--plugin', './nope.js', 'info', '--db', db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^storewise: --plugin \.\/nope\.js: cannot load it/);

    // Five processes, each starting Node with tsx and most opening an embedded PGlite database: the
    // default 60 s ran out on a loaded machine. 5 minutes leaves room for a load several times that.
  }, 300_000);

  it("is trained and served by the gateway's main process with STOREWISE_PLUGINS", async () => {
    const db = join(dir, 'gateway-db');
    const storage = await openStorage(db);
    await storage.appendEvents(EVENTS); // not empty: the gateway imports no demo shop
    await storage.close();
    const adminKey = `sw_${'a'.repeat(16)}_${'k'.repeat(32)}`;
    const main = new URL('../../apps/gateway/dist/main.js', import.meta.url).pathname;
    const gateway = spawn('node', ['--import', 'tsx', main, '--db', db], {
      cwd: new URL('.', import.meta.url).pathname,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        STOREWISE_ADMIN_KEY: adminKey,
        STOREWISE_PLUGINS: './buy-again.ts',
        STOREWISE_LOG_LEVEL: 'silent',
      },
    });
    let out = '';
    gateway.stdout.on('data', (d) => (out += d));
    gateway.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => gateway.on('close', resolve));
    try {
      await vi.waitFor(() => expect(out).toContain('Press Ctrl+C to stop.'), {
        timeout: 60_000,
        interval: 100,
      });
      expect(out).toContain('Plugins: buy-again');
      const url = /ready at (\S+)/.exec(out)![1]!;
      const gql = async (query: string) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
          body: JSON.stringify({ query }),
        });
        return (await res.json()) as { data: Record<string, { [k: string]: unknown }> };
      };
      const job = (await gql('mutation { train(model: "buy-again") { id } }')).data.train!.id as string;
      await vi.waitFor(
        async () =>
          expect((await gql(`{ trainingJob(id: "${job}") { status } }`)).data.trainingJob!.status).toBe(
            'SUCCEEDED',
          ),
        { timeout: 30_000, interval: 100 },
      );
      const recs = (
        await gql('{ recommendations(customerId: "c1", first: 3) { strategy items { sku score } } }')
      ).data.recommendations!;
      // The default half-life, 90 days: C 5 x 0.5^0, A 5 x 0.5^(20/90), B 1 x 0.5^(10/90).
      expect(recs.strategy).toBe('MODEL');
      const items = recs.items as { sku: string; score: number }[];
      expect(items.map((i) => i.sku)).toEqual(['C', 'A', 'B']);
      const expected = [5, 5 * 0.5 ** (20 / 90), 0.5 ** (10 / 90)];
      for (const [k, item] of items.entries()) expect(item.score).toBeCloseTo(expected[k]!, 12);
    } finally {
      gateway.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
