import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEED } from '@storewise/engine';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_CONFIG } from '../src/config/gateway-config.js';
import { startDemoGateway } from '../src/startup/start-demo.js';
import { dataOf, gql } from './harness.js';

/** Runs the curl command the gateway printed, with fetch: the URL, the headers and the body it names. */
async function runPrintedCurl(curl: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = /curl -s (\S+)/.exec(curl)?.[1];
  const headers = Object.fromEntries([...curl.matchAll(/-H '([^:]+): ([^']+)'/g)].map((m) => [m[1]!, m[2]!]));
  const body = /-d '(.*)'$/s.exec(curl)?.[1]?.replace(/'\\''/g, "'");
  const res = await fetch(url!, { method: 'POST', headers, body: body! });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('startDemoGateway (the main job)', () => {
  it('imports the demo shop, trains the recommender, prints a key and a curl that returns recommendations', async () => {
    const lines: string[] = [];
    const started = await startDemoGateway({
      database: 'memory:',
      port: 0,
      host: '127.0.0.1',
      config: DEFAULT_GATEWAY_CONFIG,
      log: (l) => lines.push(l),
    });
    try {
      expect(lines.join('\n')).toMatch(/importing the bundled demo shop/);
      // The demo file's 24,708 rows (engine-import snippet): 24,488 + 156 + 64, every row accounted for.
      expect(lines).toContain(
        'Read 24708 rows: 24488 imported, 156 duplicates skipped, 64 rejected (storewise rejects lists them); 303 customers, 2845 items.',
      );
      // Customer 12666 has returns only: RFM scores 302 of the 303.
      expect(lines.join('\n')).toMatch(
        /Scored 302 customers as of [^\n]*\n {2}1 of the 303 customers is not in RFM and lifetime value \(purchase propensity scores all\): 1 without orders \(only returns, views or no events\)\./,
      );
      expect(lines.join('\n')).toMatch(
        /Training a first recommender: the best of several[\s\S]*100% done[\s\S]*Trained \S+ on \d+ events \(\d+ customer-item pairs\)[^\n]*NDCG@10/,
      );
      expect(lines.join('\n')).toContain(started.adminKey);
      const { status, body } = await runPrintedCurl(started.curl);
      expect(status).toBe(200);
      const recs = (body.data as { recommendations: { strategy: string; items: { because: unknown[] }[] } })
        .recommendations;
      expect(recs.strategy).toBe('MODEL');
      expect(recs.items).toHaveLength(5);
      expect(recs.items[0]?.because.length).toBeGreaterThan(0);
      // Trained with the engine's default seed, as `storewise train recs` trains: the same metrics.
      const models = await gql(started.url, '{ models(first: 10) { name params } }', {
        key: started.adminKey,
      });
      const trained = dataOf<{ name: string; params: { seed: number } }[]>(models, 'models');
      expect(trained.find((m) => m.name === 'recs')?.params.seed).toBe(DEFAULT_SEED);
    } finally {
      await started.stop();
    }
  });

  it('refuses a malformed STOREWISE_ADMIN_KEY before importing or training anything', async () => {
    const lines: string[] = [];
    await expect(
      startDemoGateway({
        database: 'memory:',
        port: 0,
        host: '127.0.0.1',
        config: DEFAULT_GATEWAY_CONFIG,
        adminKey: 'letmein',
        log: (l) => lines.push(l),
      }),
    ).rejects.toThrow(/STOREWISE_ADMIN_KEY must look like/);
    expect(lines).toEqual(['Opening the database at memory:...']);
  });

  it('refuses to start when the served recommender needs a plugin this process has not loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-start-plugin-'));
    try {
      const storage = await openStorage(dir);
      await storage.saveModel({
        name: 'recs',
        kind: 'recommender',
        params: { model: 'recently-viewed' },
        metrics: {},
        bytes: new Uint8Array(1),
      });
      await storage.close();
      const lines: string[] = [];
      await expect(
        startDemoGateway({
          database: dir,
          port: 0,
          host: '127.0.0.1',
          config: DEFAULT_GATEWAY_CONFIG,
          log: (l) => lines.push(l),
        }),
      ).rejects.toThrow(
        'the served recommender "recs" v1 was trained with "recently-viewed", a plugin this process has not loaded: name its module in STOREWISE_PLUGINS, or train a new version (storewise train recs)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
