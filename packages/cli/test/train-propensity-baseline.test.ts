import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-propensity-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * 200 customers from 2024-01-01 who buy on a day with a chance of their own (1 in 5 to 1 in 60, from a
 * seeded generator): who buys in the last 30 days is partly chance, so that an unlimited tree, fitted to
 * the noise, predicts 0 and 1 and loses to the base rate on log loss, while logistic regression beats it.
 */
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const AS_OF = new Date(T0 + 180 * DAY).toISOString();
let state = 12345;
const random = () => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
};
const rows: string[] = [];
for (let i = 0; i < 200; i++) {
  const chance = 1 / (5 + Math.floor(random() * 56));
  for (let day = 0, n = 0; day < 180; day++)
    if (random() < chance) {
      const at = new Date(T0 + day * DAY + 11 * 3_600_000).toISOString();
      rows.push(`c${i}-${n},purchase,c${i},mug,${at},1,8,c${i}-${n},c${i}-${n++},Kitchen`);
    }
}
const events = join(dir, 'events.csv');
writeFileSync(
  events,
  `event_id,type,customer_id,sku,timestamp,quantity,unit_price,session_id,order_id,category\n${rows.join('\n')}\n`,
);

const score = async (db: string, customer: string): Promise<number> => {
  const io = testIo(dir);
  expect(await main(['profile', customer, '--db', db, '--json'], io)).toBe(0);
  return JSON.parse(io.out()).scores.find((s: { model: string }) => s.model === 'p_purchase_30d').score;
};

describe('storewise train propensity: the baseline, and a model worse than it', () => {
  const db = join(dir, 'db');
  const train = ['train', 'propensity', '--as-of', AS_OF, '--db', db];

  it('shows the baseline, keeps a worse model as history without scores unless --force, compares with the active one', async () => {
    expect(await main(['import', events, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const v1 = testIo(dir);
    expect(await main([...train, '--json'], v1)).toBe(0);
    const first = JSON.parse(v1.out());
    expect(first).toMatchObject({ version: 1, activated: true, worseThanBaseline: null, active: null });
    const b = first.baseline;
    expect(b.rocAuc).toBe(0.5);
    expect(first.holdout.logLoss).toBeLessThan(b.logLoss);
    const c0 = await score(db, 'c0');

    // The tree: stored as v2, not activated, no scores written; the warning says why and how.
    const v2 = testIo(dir);
    expect(await main([...train, '--model', 'tree'], v2)).toBe(0);
    const out = v2.out();
    const logLoss = Number(/log loss (\d+\.\d{4}), Brier/.exec(out)![1]);
    expect(logLoss).toBeGreaterThan(b.logLoss);
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    expect(out).toContain(
      `\nbaseline (the training base rate ${pct(b.baseRate)} for everyone, same holdout): ROC AUC 0.5000, PR AUC ${b.prAuc.toFixed(4)}, log loss ${b.logLoss.toFixed(4)}, Brier ${b.brier.toFixed(4)}: the model does worse\n`,
    );
    const h = first.holdout;
    expect(out).toContain(
      `\nactive v1 (logreg) on the same holdout: ROC AUC ${h.rocAuc.toFixed(4)}, PR AUC ${h.prAuc.toFixed(4)}, log loss ${h.logLoss.toFixed(4)}, Brier ${h.brier.toFixed(4)}\n`,
    );
    expect(out).toContain(
      '\nkept v2 as history only, no scores stored: it does worse than the baseline (to serve it anyway, with its scores: storewise model activate purchase-propensity 2)\n',
    );
    expect(out).not.toContain('stored ');
    // Why (its log loss; its ROC AUC too, when that is 0.5 or below) and what to do.
    const warning = v2
      .err()
      .split('\n')
      .find((l) => l.includes('v2 is stored'));
    expect(warning).toMatch(
      /^storewise: warning: v2 is stored but not activated, and no scores were written: on its holdout .*\. v1 stays active; to serve v2 anyway, with its scores: storewise model activate purchase-propensity 2, or train with --force \(GraphQL: force: true\)$/,
    );
    expect(warning).toContain(
      `its log loss of ${logLoss.toFixed(4)} is above the ${b.logLoss.toFixed(4)} of predicting the training base rate (${pct(b.baseRate)}) for everyone.`,
    );
    expect(await score(db, 'c0')).toBe(c0);

    // Another seed: another holdout, said so.
    const other = testIo(dir);
    expect(await main([...train, '--seed', '7', '--dry-run'], other)).toBe(0);
    expect(other.out()).toMatch(
      /\nactive v1 \(logreg\) on a different holdout \(seed \d+ vs 7[,)].*: not comparable number for number: ROC AUC/,
    );

    // --force: served with its scores, said so.
    const v3 = testIo(dir);
    expect(await main([...train, '--model', 'tree', '--force', '--json'], v3)).toBe(0);
    expect(JSON.parse(v3.out())).toMatchObject({ version: 3, activated: true, scored: first.scored });
    expect(v3.err()).toContain(
      'storewise: warning: v3 was stored with its scores although it does worse than the baseline (force): ',
    );
    expect(await score(db, 'c0')).not.toBe(c0);
    const back = testIo(dir);
    expect(await main(['model', 'activate', 'purchase-propensity', '1', '--db', db], back)).toBe(0);
    expect(await score(db, 'c0')).toBe(c0);
  });
});
