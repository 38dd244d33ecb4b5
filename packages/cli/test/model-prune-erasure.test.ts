import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-prune-erasure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const events = new URL('./fixtures/shop-events.csv', import.meta.url).pathname;
const db = join(dir, 'db');

async function run(...args: string[]) {
  const io = testIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('storewise model prune --trained-before-erasure', () => {
  it("removes what the privacy report's advice names, which the default --keep left stored", async () => {
    expect((await run('import', events, '--format', 'events', '--db', db)).code).toBe(0);
    expect((await run('train', 'recs', '--model', 'popularity', '--db', db)).code).toBe(0);
    expect((await run('customer', 'delete', 'c1', '--db', db)).code).toBe(0);
    expect((await run('train', 'recs', '--model', 'popularity', '--db', db)).code).toBe(0);
    // v1 was trained on c1's rows; the default prune keeps the newest 5.
    expect((await run('model', 'prune', '--db', db)).out).toBe(
      'nothing to remove: each model keeps its newest 5 and the one served\n',
    );
    const report = (await run('privacy', 'report', '--db', db)).out;
    expect(report).toMatch(
      /\nerasure list: 1 customer, the latest erased \S+; 1 stored model version trained before it may still hold their rows \(train again, then storewise model prune --trained-before-erasure\):\n {2}recs v1 \(recommender, trained \S+\)\n/,
    );
    const pruned = await run('model', 'prune', '--trained-before-erasure', '--db', db);
    expect(pruned.code).toBe(0);
    expect(pruned.out).toMatch(
      /^recs: removed version v1 \(\d+\.\d KB\)\nno stored version was trained before the latest erasure \(\S+\)\n$/,
    );
    expect((await run('privacy', 'report', '--db', db)).out).toMatch(
      /\nerasure list: 1 customer, the latest erased \S+; no stored model was trained before it\n/,
    );
    expect((await run('model', 'list', '--db', db)).out).toMatch(/^\* recs v2 {2}recommender /);
  });

  it('keeps the version served, naming it and the command that trains it again', async () => {
    expect((await run('customer', 'delete', 'c2', '--db', db)).code).toBe(0);
    const kept = await run('model', 'prune', '--trained-before-erasure', '--db', db);
    expect(kept.out).toMatch(
      /^nothing to remove: each model keeps its newest 5 and the one served, and no other version was trained before the latest erasure\nkept, though trained before the latest erasure \(\S+\), so they may still hold erased customers' rows: train again, then run this again\n {2}recs v2 \(served now\): storewise train recs\n$/,
    );
    const json = JSON.parse(
      (await run('model', 'prune', '--trained-before-erasure', '--db', db, '--json')).out,
    );
    expect(json).toMatchObject({
      keep: 5,
      removed: [],
      keptBeforeErasure: [{ name: 'recs', version: 2, active: true }],
    });
    expect(Number.isNaN(Date.parse(json.erasureAt))).toBe(false);
    // Trained again: v2 goes.
    expect((await run('train', 'recs', '--model', 'popularity', '--db', db)).code).toBe(0);
    expect((await run('model', 'prune', '--trained-before-erasure', '--db', db)).out).toMatch(
      /^recs: removed version v2 \(\d+\.\d KB\)\nno stored version was trained before the latest erasure/,
    );
  });

  it('says so when no customer the store held was erased', async () => {
    const fresh = join(dir, 'fresh');
    expect((await run('import', events, '--format', 'events', '--db', fresh)).code).toBe(0);
    expect((await run('train', 'recs', '--model', 'popularity', '--db', fresh)).code).toBe(0);
    expect((await run('model', 'prune', '--trained-before-erasure', '--db', fresh)).out).toBe(
      'nothing to remove: each model keeps its newest 5 and the one served, and no other version was trained before the latest erasure\n' +
        'no customer the store held is on the erasure list: no version was trained before an erasure\n',
    );
  });
});
