import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-privacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const events = new URL('./fixtures/shop-events.csv', import.meta.url).pathname;
const db = join(dir, 'db');

async function run(...args: string[]) {
  const io = testIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/**
 * shop-events.csv: c1..c6, 18 events from 2025-01-01 to 01-18, the last of c1 on 01-03, c2 01-06, c3 01-09,
 * c4 01-11, c5 01-15, c6 01-18. Customers file: c1 and c2 in DE (c1 grants marketing and refuses analytics,
 * c2 refuses marketing), c3 in FR. c4 gets an e-mail address through the storage API.
 */
beforeAll(async () => {
  const customers = join(dir, 'customers.csv');
  writeFileSync(
    customers,
    'customer_id,country,consent_marketing,consent_analytics\nc1,DE,yes,no\nc2,DE,no,\nc3,FR,,\n',
  );
  expect((await run('import', events, '--format', 'events', '--db', db)).code).toBe(0);
  expect((await run('import', customers, '--db', db)).code).toBe(0);
  const storage = await openStorage(db);
  await storage.upsertCustomers([{ externalId: 'c4', attributes: { email: 'c4@example.com' } }]);
  await storage.close();
});

describe('storewise privacy report', () => {
  it('prints what the database holds, worked out by hand', async () => {
    const r = await run('privacy', 'report', '--as-of', '2025-03-01', '--retention-days', '50', '--db', db);
    expect(r.code, r.err).toBe(0);
    // 2025-03-01 less 50 days is 2025-01-10: c1, c2 and c3 were last active before it.
    expect(r.out).toBe(
      [
        'privacy report as of 2025-03-01',
        'customers held: 6',
        'consent:            granted  refused  not recorded',
        '  analytics               0        1             5',
        '  personalization         0        0             6',
        '  marketing               1        1             4',
        'attributes held (customers with a value):',
        '  email        1  looks like a direct identifier (e-mail address)',
        'events: 18 naming a customer, 0 anonymous; the oldest 2025-01-01',
        'inactive for 50 days (no event, or record without events, since 2025-01-10): 3 customers (--list-inactive lists them)',
        'erasure list: 0 customers',
        'rejected import fields kept: 0',
        'countries with fewer than 5 customers (a count by country there nearly names them): FR 1, DE 2',
        '',
      ].join('\n'),
    );
  });

  it('lists the inactive customers when asked, and prints JSON', async () => {
    const listed = await run(
      'privacy',
      'report',
      '--as-of',
      '2025-03-01',
      '--retention-days',
      '50',
      '--list-inactive',
      '--db',
      db,
    );
    expect(listed.out).toContain('since 2025-01-10): 3 customers\n  c1\n  c2\n  c3\nerasure list');
    await run('customer', 'delete', 'c6', '--db', db);
    const json = await run(
      'privacy',
      'report',
      '--as-of',
      '2025-03-01',
      '--min-group-size',
      '2',
      '--json',
      '--db',
      db,
    );
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({
      asOf: '2025-03-01T00:00:00.000Z',
      customers: 5,
      retention: { days: 730, cutoff: '2023-03-02T00:00:00.000Z', count: 0, ids: null },
      erasure: { listed: 1, known: true, modelsTrainedBefore: [] },
      smallCountries: { minGroupSize: 2, countries: [{ country: 'FR', customers: 1 }] },
    });
    expect(report.events).toEqual({
      namingCustomers: 15,
      anonymous: 0,
      oldestAt: '2025-01-01T00:00:00.000Z',
    });
    const text = await run('privacy', 'report', '--db', db);
    expect(text.out).toMatch(
      /\nerasure list: 1 customer, the latest erased \S+; no stored model was trained before it\n/,
    );
  });

  it('does not count the erasure of an id the store did not hold as the latest erasure', async () => {
    const before = (await run('privacy', 'report', '--db', db)).out.match(/\nerasure list: .*\n/)![0];
    expect((await run('customer', 'delete', 'nobody', '--db', db)).code).toBe(0);
    const after = (await run('privacy', 'report', '--db', db)).out.match(/\nerasure list: .*\n/)![0];
    // One more on the list, the same latest erasure (c6's).
    expect(after).toBe(before.replace('erasure list: 1 customer,', 'erasure list: 2 customers,'));
    // A store holding nothing, where the only erasure is of an id it never held.
    const fresh = join(dir, 'fresh-db');
    await (await openStorage(fresh)).close();
    expect((await run('customer', 'delete', 'nobody', '--db', fresh)).code).toBe(0);
    expect((await run('privacy', 'report', '--db', fresh)).out).toContain(
      '\nerasure list: 1 customer, none held by the store when erased (no model was trained on their rows)\n',
    );
  });

  it('refuses bad flags, naming them', async () => {
    for (const [flags, message] of [
      // Each flag in one message stating its whole range, whatever is wrong (as GraphQL's Int arguments:
      // whole decimal days only, so no 1.5, 0x10 or 1e3).
      ...['0', '1.5', '0x10', '1e3', '1e400', '36501', '100000000', ' ', '-5'].map(
        (v) =>
          [
            ['--retention-days', v],
            `--retention-days must be a whole number from 1 to 36500, got "${v}"`,
          ] as const,
      ),
      ...['0', '2.5', '1e300', '9007199254740992', '9007199254740993'].map(
        (v) =>
          [
            ['--min-group-size', v],
            `--min-group-size must be a whole number from 1 to 9007199254740991, got "${v}"`,
          ] as const,
      ),
      [['--as-of', '2025-02-30'], '--as-of must be a date such as 2011-12-01, got "2025-02-30"'],
      // The engine's bound of --as-of, named by flag (beyond it PGlite and PostgreSQL refused the cutoff's date).
      [
        ['--as-of', '1900-01-01'],
        '--as-of: must be from 1970-01-01T00:00:00.000Z up to before 2200-01-01T00:00:00.000Z, got 1900-01-01T00:00:00.000Z',
      ],
    ] as const) {
      const r = await run('privacy', 'report', ...flags, '--db', db);
      expect([r.code, r.err]).toEqual([1, `storewise: ${message}\n`]);
    }
  });
});
