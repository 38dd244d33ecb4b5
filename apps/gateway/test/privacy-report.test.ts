import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

const REPORT = `query ($days: Int, $min: Int, $asOf: DateTimeISO) {
  privacyReport(retentionDays: $days, minGroupSize: $min, asOf: $asOf) {
    asOf customers
    consent { analytics { granted refused unrecorded } marketing { granted refused unrecorded } }
    attributes { name customers identifier }
    events { namingCustomers anonymous oldestAt }
    retention { days cutoff inactiveCustomers }
    erasure { listed modelsTrainedBefore { name version } }
    rejectedImportFields
    smallCountries { minGroupSize countries { country customers } }
  } }`;

let gw: TestGateway;
const keys: Record<string, string> = {};

/** ann (DE, an e-mail address, refuses analytics): last event 2024-05-01; bo (NL): 2022-03-01; an anonymous view. */
beforeAll(async () => {
  gw = await startTestGateway();
  for (const scope of ['read', 'write', 'storefront']) keys[scope] = await gw.key([scope]);
  await gw.storage.upsertCustomers([
    {
      externalId: 'ann',
      country: 'DE',
      attributes: { email: 'ann@example.com' },
      consent: { analytics: false },
    },
    { externalId: 'bo', country: 'NL', consent: { marketing: true } },
  ]);
  const view = (eventId: string, customerId: string | null, time: string) =>
    ({ eventId, type: 'view', customerId, sku: 'mug', timestamp: new Date(time) }) as const;
  await gw.storage.appendEvents([
    view('a1', 'ann', '2024-05-01T00:00:00Z'),
    view('b1', 'bo', '2022-03-01T00:00:00Z'),
    view('x1', null, '2021-12-31T00:00:00Z'),
  ]);
});
afterAll(() => gw.close());

describe('privacyReport', () => {
  it('answers a read key with counts, worked out by hand, and no customer id', async () => {
    const r = await gql(gw.url, REPORT, {
      key: keys.read,
      variables: { days: 365, min: 2, asOf: '2024-06-30T00:00:00Z' },
    });
    expect(dataOf(r, 'privacyReport')).toEqual({
      asOf: '2024-06-30T00:00:00.000Z',
      customers: 2,
      consent: {
        analytics: { granted: 0, refused: 1, unrecorded: 1 },
        marketing: { granted: 1, refused: 0, unrecorded: 1 },
      },
      attributes: [{ name: 'email', customers: 1, identifier: 'e-mail address' }],
      events: { namingCustomers: 2, anonymous: 1, oldestAt: '2021-12-31T00:00:00.000Z' },
      // 2024-06-30 less 365 days is 2023-07-01: bo was last active before it.
      retention: { days: 365, cutoff: '2023-07-01T00:00:00.000Z', inactiveCustomers: 1 },
      erasure: { listed: 0, modelsTrainedBefore: [] },
      rejectedImportFields: 0,
      smallCountries: {
        minGroupSize: 2,
        countries: [
          { country: 'DE', customers: 1 },
          { country: 'NL', customers: 1 },
        ],
      },
    });
    expect(r.text).not.toContain('"bo"');
  });

  it('refuses write and storefront keys, and bad arguments by name', async () => {
    for (const scope of ['write', 'storefront']) {
      const r = await gql(gw.url, REPORT, { key: keys[scope] });
      expect(codes(r), scope).toEqual(['FORBIDDEN']);
    }
    const bad = await gql(gw.url, REPORT, { key: keys.read, variables: { days: 0 } });
    expect(bad.body.errors?.[0]).toMatchObject({
      message: 'retentionDays: must be a number of days > 0 and at most 36500 (100 years), got 0',
      extensions: { code: 'BAD_USER_INPUT', field: 'retentionDays' },
    });
    // Beyond 100 years the cutoff was a date PostgreSQL refused: INTERNAL_SERVER_ERROR.
    const long = await gql(gw.url, REPORT, { key: keys.read, variables: { days: 100_000_000 } });
    expect(long.body.errors?.[0]).toMatchObject({
      message: 'retentionDays: must be a number of days > 0 and at most 36500 (100 years), got 100000000',
      extensions: { code: 'BAD_USER_INPUT', field: 'retentionDays' },
    });
    const early = await gql(gw.url, REPORT, { key: keys.read, variables: { asOf: '1900-01-01T00:00:00Z' } });
    expect(early.body.errors?.[0]).toMatchObject({
      message:
        'asOf: must be from 1970-01-01T00:00:00.000Z up to before 2200-01-01T00:00:00.000Z, got 1900-01-01T00:00:00.000Z',
      extensions: { code: 'BAD_USER_INPUT', field: 'asOf' },
    });
  });

  it('takes asOf as a date alone (midnight UTC), as --as-of of the CLI, and names a bad one', async () => {
    const asOf = async (variables: Record<string, unknown>, query = REPORT) =>
      gql(gw.url, query, { key: keys.read, variables });
    const date = await asOf({ asOf: '2024-06-30' });
    expect(dataOf(date, 'privacyReport')).toMatchObject({ asOf: '2024-06-30T00:00:00.000Z' });
    const literal = await asOf(
      {},
      'query { privacyReport(asOf: "2024-06-30", retentionDays: 365) { asOf retention { cutoff } } }',
    );
    expect(dataOf(literal, 'privacyReport')).toEqual({
      asOf: '2024-06-30T00:00:00.000Z',
      retention: { cutoff: '2023-07-01T00:00:00.000Z' },
    });
    const offset = await asOf({ asOf: '2024-06-30T02:00:00+02:00' });
    expect(dataOf(offset, 'privacyReport')).toMatchObject({ asOf: '2024-06-30T00:00:00.000Z' });
    const us = await asOf({ asOf: '06/30/2024' });
    expect(codes(us)).toEqual(['BAD_USER_INPUT']);
    expect(us.body.errors?.[0]?.message).toBe(
      'Variable "$asOf" got invalid value "06/30/2024"; expected a date such as 2011-12-01 (midnight UTC) or a date-time such as 2011-12-01T10:00:00Z',
    );
  });
});
