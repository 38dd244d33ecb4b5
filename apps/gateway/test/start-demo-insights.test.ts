import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_CONFIG } from '../src/config/gateway-config.js';
import { DEMO_RULE_SEGMENTS } from '../src/startup/demo-segments.js';
import { startDemoGateway } from '../src/startup/start-demo.js';
import { dataOf, gql } from './harness.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const start = (database: string, lines: string[]) =>
  startDemoGateway({
    database,
    port: 0,
    host: '127.0.0.1',
    config: DEFAULT_GATEWAY_CONFIG,
    log: (l) => lines.push(l),
  });

describe('the main job computes customer analytics once', () => {
  it('scores the demo customers and creates rule segments on the first start, and reuses them on the next', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storewise-demo-insights-'));
    dirs.push(dir);
    const database = join(dir, 'data');
    const lines: string[] = [];
    const first = await start(database, lines);
    let champion: string;
    try {
      const log = lines.join('\n');
      expect(log).toMatch(/Computing customer analytics[\s\S]*Scored \d+ customers as of 2011-12-09/);
      expect(log).toMatch(
        /Created rule segments: vip \(\d+\), high-value-at-risk \(\d+\), international \(\d+\)/,
      );
      expect(log).toMatch(
        /Training purchase propensity[\s\S]*Scored \d+ customers \(p_purchase_30d\); holdout ROC AUC 0\.\d+/,
      );
      // The demo's holdout (20 buyers, 50 non-buyers) is too small to judge by, and the start says so.
      expect(log).toMatch(
        / {2}warning: the holdout's ROC AUC of 0\.\d\d could be anywhere within about ±0\.\d\d \(95%/,
      );
      const q = await gql(
        first.url,
        '{ segments(first: 100) { id kind size } segment(id: "rfm:champions") { members(first: 1) { edges { node { externalId } } } } }',
        {
          key: first.adminKey,
        },
      );
      const segments = dataOf<{ id: string; kind: string; size: number }[]>(q, 'segments');
      for (const id of ['rfm:champions', 'rfm:at-risk', ...DEMO_RULE_SEGMENTS.map((r) => r.id)]) {
        expect(segments.find((s) => s.id === id)?.size).toBeGreaterThan(0);
      }
      champion = dataOf<{ members: { edges: { node: { externalId: string } }[] } }>(q, 'segment').members
        .edges[0]!.node.externalId;
      const c = await gql(
        first.url,
        'query ($id: String!) { customer(id: $id) { clv { clv probabilityAlive } propensity { horizonDays probability } segments(first: 10) { segment { id } } } }',
        { key: first.adminKey, variables: { id: champion } },
      );
      const customer = dataOf<{
        clv: { clv: number; probabilityAlive: number };
        propensity: { horizonDays: number; probability: number }[];
        segments: { segment: { id: string } }[];
      }>(c, 'customer');
      expect(customer.clv.clv).toBeGreaterThan(0);
      expect(customer.clv.probabilityAlive).toBeGreaterThan(0);
      expect(customer.propensity).toHaveLength(1);
      expect(customer.propensity[0]!.horizonDays).toBe(30);
      expect(customer.propensity[0]!.probability).toBeGreaterThan(0);
      expect(customer.propensity[0]!.probability).toBeLessThan(1);
      // Champions are VIPs by the demo rule.
      expect(customer.segments.map((s) => s.segment.id)).toEqual(
        expect.arrayContaining(['rfm:champions', 'vip']),
      );
    } finally {
      await first.stop();
    }
    const again: string[] = [];
    const second = await start(database, again);
    try {
      expect(again.join('\n')).not.toMatch(
        /Computing customer analytics|Created rule segments|Training|importing/,
      );
      const c = await gql(second.url, 'query ($id: String!) { customer(id: $id) { clv { clv } } }', {
        key: second.adminKey,
        variables: { id: champion },
      });
      expect(dataOf<{ clv: { clv: number } }>(c, 'customer').clv.clv).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
    // Two starts on embedded PGlite, the first importing the demo shop and training: slow on a busy machine.
  }, 600_000);
});
