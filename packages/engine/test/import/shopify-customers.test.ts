import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMAT_READERS, type ParsedRow } from '../../src/import/index.js';
import { problemsOf, readAll } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-shopify-customers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// shopify-customers.csv: Shopify's customers export header and five customers, read off by hand.
describe('Shopify customers reader', () => {
  it('reads each customer by email with their country code and marketing choice', async () => {
    const rows = await readAll(FORMAT_READERS['shopify-customers'], 'shopify-customers.csv');
    expect(rows.map((r) => r.customer)).toEqual([
      { externalId: 'alice@example.com', country: 'DE', consent: { marketing: true } },
      // Never ordered: a newsletter subscriber, whom campaigns may reach.
      { externalId: 'dana@example.com', country: 'FR', consent: { marketing: true } },
      { externalId: 'bob@example.com', consent: { marketing: false } },
      null,
      null,
    ]);
    expect(problemsOf(rows)).toEqual(['5:Email:missing id', '6:Accepts Email Marketing:not true or false']);
  });

  it('reads the older header, whose column is Accepts Marketing', async () => {
    const path = join(dir, 'older.csv');
    writeFileSync(
      path,
      'First Name,Last Name,Email,Company,Country,Country Code,Accepts Marketing,Total Spent,Total Orders\nA,B,a@x.com,,Germany,DE,no,0,0\n',
    );
    const rows: ParsedRow[] = [];
    for await (const chunk of FORMAT_READERS['shopify-customers'](createReadStream(path), path))
      rows.push(...chunk);
    expect(rows.map((r) => r.customer)).toEqual([
      { externalId: 'a@x.com', country: 'DE', consent: { marketing: false } },
    ]);
  });
});
