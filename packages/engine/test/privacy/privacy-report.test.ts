import type { EventInput, Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { identifierKind, MAX_RETENTION_DAYS, PrivacyReportError, privacyReport } from '../../src/index.js';
import { adapters } from '../customers/stores.js';

const asOf = new Date('2024-06-30T00:00:00Z');
/** Lets the clock move on, so that a model saved before an erasure has an earlier time than it. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 15));
const view = (eventId: string, customerId: string | null, time: string): EventInput => ({
  eventId,
  type: 'view',
  customerId,
  sku: 'mug',
  timestamp: new Date(time),
});

/**
 * ann and ben in DE, cy in FR, g1..g5 in GB; ann declines analytics (she is counted all the same). Last
 * events: ann 2024-05-01, ben 2022-03-01, g1 2023-06-30, g2..g5 2024-02; cy has none (created today).
 * Anonymous views from 2021-12-31. Model recs v1 is trained before the erasure of zed (held: a record), v2
 * after, and after it the erasure of stranger, an id the store never held. emailOptIn holds yes/no values
 * only; telefon is German for phone.
 */
async function shop(s: Storage): Promise<void> {
  await s.upsertCustomers([
    {
      externalId: 'ann',
      country: 'DE',
      attributes: { email: 'ann@example.com', loyaltyTier: 'gold', emailOptIn: 'yes', telefon: '030 1234' },
      consent: { analytics: false, marketing: true },
    },
    {
      externalId: 'ben',
      country: 'DE',
      attributes: { phone_number: '555 0101', loyaltyTier: null, emailOptIn: false },
      consent: { marketing: false },
    },
    { externalId: 'cy', country: 'FR' },
    ...[1, 2, 3, 4, 5].map((i) => ({
      externalId: `g${i}`,
      country: 'GB',
      consent: { personalization: true },
    })),
  ]);
  await s.appendEvents([
    view('a1', 'ann', '2022-01-10T00:00:00Z'),
    view('a2', 'ann', '2024-05-01T00:00:00Z'),
    view('b1', 'ben', '2022-03-01T00:00:00Z'),
    view('g1', 'g1', '2023-06-30T00:00:00Z'),
    ...[2, 3, 4, 5].map((i) => view(`g${i}`, `g${i}`, `2024-02-0${i}T00:00:00Z`)),
    view('x1', null, '2021-12-31T00:00:00Z'),
    view('x2', null, '2022-01-01T00:00:00Z'),
    view('x3', null, '2024-01-01T00:00:00Z'),
  ]);
  await s.recordRejects([
    { source: 'orders.csv', line: 4, field: 'timestamp', reason: 'not a date', raw: 'ann,o1,?' },
  ]);
  const model = { name: 'recs', kind: 'recommender', params: {}, metrics: {}, bytes: new Uint8Array([1]) };
  await s.saveModel(model);
  await tick();
  await s.upsertCustomers([{ externalId: 'zed' }]);
  await s.deleteCustomer('zed');
  await tick();
  await s.saveModel(model);
  await tick();
  // An id the store never held: put on the erasure list all the same, but it removed nothing v2 was trained on.
  await s.deleteCustomer('stranger');
}

describe('privacyReport', async () => {
  for (const [name, open] of await adapters()) {
    describe(name, () => {
      it('audits what is held, worked out by hand', async () => {
        const s = await open();
        try {
          await shop(s);
          const report = await privacyReport(s, { asOf, retentionDays: 365, listInactive: true });
          const { erasure, ...rest } = report;
          expect(rest).toEqual({
            asOf,
            customers: 8,
            consent: {
              analytics: { granted: 0, refused: 1, unrecorded: 7 },
              personalization: { granted: 5, refused: 0, unrecorded: 3 },
              marketing: { granted: 1, refused: 1, unrecorded: 6 },
            },
            // ben's loyaltyTier is null: only ann holds one.
            attributes: [
              { name: 'email', customers: 1, identifier: 'e-mail address' },
              // 'yes' and false: whether, not who.
              { name: 'emailOptIn', customers: 2, identifier: null },
              { name: 'loyaltyTier', customers: 1, identifier: null },
              { name: 'phone_number', customers: 1, identifier: 'phone number' },
              { name: 'telefon', customers: 1, identifier: 'phone number' },
            ],
            events: { namingCustomers: 8, anonymous: 3, oldestAt: new Date('2021-12-31T00:00:00Z') },
            // 2024-06-30 less 365 days; ben (2022-03-01) and g1 (2023-06-30) were last active before it.
            retention: { days: 365, cutoff: new Date('2023-07-01T00:00:00Z'), count: 2, ids: ['ben', 'g1'] },
            rejectedImportFields: 1,
            // GB has 5 customers, the default threshold: not listed.
            smallCountries: {
              minGroupSize: 5,
              countries: [
                { country: 'FR', customers: 1 },
                { country: 'DE', customers: 2 },
              ],
            },
          });
          expect(erasure).toMatchObject({ listed: 2, known: true });
          expect(erasure.lastAt).toBeInstanceOf(Date);
          expect(erasure.modelsTrainedBefore).toEqual([
            { name: 'recs', version: 1, kind: 'recommender', trainedAt: expect.any(Date), active: false },
          ]);
        } finally {
          await s.close();
        }
      });

      it('counts without ids by default, over 730 days, and flags countries under minGroupSize', async () => {
        const s = await open();
        try {
          await shop(s);
          const report = await privacyReport(s, { asOf, minGroupSize: 6 });
          // 2024-06-30 less 730 days is 2022-07-01: only ben was last active before it.
          expect(report.retention).toEqual({
            days: 730,
            cutoff: new Date('2022-07-01T00:00:00Z'),
            count: 1,
            ids: null,
          });
          expect(report.smallCountries.countries.map((c) => c.country)).toEqual(['FR', 'DE', 'GB']);
          await s.restoreCustomer('zed');
          expect((await privacyReport(s, { asOf })).erasure).toEqual({
            listed: 1,
            lastAt: null,
            known: true,
            modelsTrainedBefore: [],
          });
        } finally {
          await s.close();
        }
      });

      it('takes the longest retention period from the earliest and the latest asOf (a cutoff the store reads)', async () => {
        const s = await open();
        try {
          await shop(s);
          expect(MAX_RETENTION_DAYS).toBe(36_500);
          // Python: datetime(1970,1,1) - timedelta(days=36500) == 1870-01-25: no one was last active before it.
          const earliest = await privacyReport(s, {
            asOf: new Date('1970-01-01T00:00:00Z'),
            retentionDays: 36_500,
          });
          expect(earliest.retention).toEqual({
            days: 36_500,
            cutoff: new Date('1870-01-25T00:00:00Z'),
            count: 0,
            ids: null,
          });
          // datetime(2199,12,31,23,59,59,999000) - timedelta(days=36500) == 2100-01-24 23:59:59.999: all 8 were.
          const latest = await privacyReport(s, {
            asOf: new Date('2199-12-31T23:59:59.999Z'),
            retentionDays: 36_500,
          });
          expect([latest.retention.cutoff, latest.retention.count]).toEqual([
            new Date('2100-01-24T23:59:59.999Z'),
            8,
          ]);
        } finally {
          await s.close();
        }
      });
    });
  }

  it('refuses bad options, naming them', async () => {
    const days = 'must be a number of days > 0 and at most 36500 (100 years)';
    const size = 'must be a whole number from 1 to 9007199254740991';
    const asOfRange = 'must be from 1970-01-01T00:00:00.000Z up to before 2200-01-01T00:00:00.000Z';
    const s = (await adapters())[0]![1];
    const storage = await s();
    try {
      for (const [options, message] of [
        [{ retentionDays: 0 }, `retentionDays: ${days}, got 0`],
        [{ retentionDays: Number.NaN }, `retentionDays: ${days}, got NaN`],
        // Beyond 100 years the cutoff left the dates PostgreSQL takes ("time zone displacement out of range").
        [{ retentionDays: 36_500.5 }, `retentionDays: ${days}, got 36500.5`],
        [{ retentionDays: 3_000_000 }, `retentionDays: ${days}, got 3000000`],
        [{ retentionDays: 100_000_000 }, `retentionDays: ${days}, got 100000000`],
        [{ minGroupSize: 2.5 }, `minGroupSize: ${size}, got 2.5`],
        [{ minGroupSize: 0 }, `minGroupSize: ${size}, got 0`],
        [{ minGroupSize: 1e300 }, `minGroupSize: ${size}, got 1e+300`],
        [{ minGroupSize: 2 ** 53 }, `minGroupSize: ${size}, got 9007199254740992`],
        [{ asOf: new Date('not a date') }, 'asOf: must be a valid date, got Invalid Date'],
        [{ asOf: new Date('0001-01-01T00:00:00Z') }, `asOf: ${asOfRange}, got 0001-01-01T00:00:00.000Z`],
        [{ asOf: new Date('1969-12-31T23:59:59.999Z') }, `asOf: ${asOfRange}, got 1969-12-31T23:59:59.999Z`],
        [{ asOf: new Date('2200-01-01T00:00:00Z') }, `asOf: ${asOfRange}, got 2200-01-01T00:00:00.000Z`],
        [{ asOf: new Date(8.64e15) }, `asOf: ${asOfRange}, got +275760-09-13T00:00:00.000Z`],
      ] as const) {
        const error = await privacyReport(storage, options).catch((e) => e);
        expect(error).toBeInstanceOf(PrivacyReportError);
        expect(error.message).toBe(message);
      }
    } finally {
      await storage.close();
    }
  });
});

describe('identifierKind', () => {
  it('flags attribute names that look like direct identifiers, by their words', () => {
    const kinds = Object.fromEntries(
      [
        'email',
        'E-Mail',
        'customer_email',
        'firstName',
        'Last Name',
        'phone_number',
        'mobile',
        'date_of_birth',
        'birthDate',
        'IPAddress',
        'street_address',
        'postal_code',
        'loyaltyTier',
        'hotel',
        'segment',
        'newsletter',
        'Telefonnummer',
        'Vorname',
        'nachname',
        'Straße',
        'PLZ',
        'Geburtsdatum',
        'nom',
        'prénom',
        'téléphone',
        'adresse_livraison',
        'courriel',
        'nombre',
        'apellido',
        'teléfono',
        'dirección',
        'correo_electronico',
        'naam',
        'adres',
        'telefoonnummer',
        'geboortedatum',
        'nombre_commandes',
        'nominal',
      ].map((n) => [n, identifierKind(n)]),
    );
    expect(kinds).toEqual({
      email: 'e-mail address',
      'E-Mail': 'e-mail address',
      customer_email: 'e-mail address',
      firstName: 'name',
      'Last Name': 'name',
      phone_number: 'phone number',
      mobile: 'phone number',
      date_of_birth: 'birth date',
      birthDate: 'birth date',
      IPAddress: 'IP address',
      street_address: 'postal address',
      postal_code: 'postal address',
      loyaltyTier: null,
      hotel: null,
      segment: null,
      newsletter: null,
      Telefonnummer: 'phone number',
      Vorname: 'name',
      nachname: 'name',
      Straße: 'postal address',
      PLZ: 'postal address',
      Geburtsdatum: 'birth date',
      nom: 'name',
      prénom: 'name',
      téléphone: 'phone number',
      adresse_livraison: 'postal address',
      courriel: 'e-mail address',
      nombre: 'name',
      apellido: 'name',
      teléfono: 'phone number',
      dirección: 'postal address',
      correo_electronico: 'e-mail address',
      naam: 'name',
      adres: 'postal address',
      telefoonnummer: 'phone number',
      geboortedatum: 'birth date',
      // French for number, flagged all the same (identifier-names.ts); a word within a word is not one.
      nombre_commandes: 'name',
      nominal: null,
    });
  });
});
