import { describe, expect, it } from 'vitest';
import { base36, base36Into, contentHash, cyrb53Fields } from '../../src/import/event-id.js';
import { parseDecimalBytes } from '../../src/import/formats/csv-bytes.js';
import { cyrb53, parseDecimal, parseIsoDateTime, parseLocalDateTime } from '../../src/import/index.js';

// Epoch milliseconds below come from Python: datetime.fromisoformat(s) (with tzinfo=UTC when s has no
// zone) .timestamp() * 1000.
describe('parseLocalDateTime', () => {
  it('reads the Online Retail layout as UTC', () => {
    expect(parseLocalDateTime('2010-12-01 08:26:00')?.getTime()).toBe(1291191960000);
    expect(parseLocalDateTime('2011-06-05 10:15:00')?.getTime()).toBe(1307268900000);
  });
  it('reads the layout with T, without seconds, with spaces around, and 29 February of leap years', () => {
    expect(parseLocalDateTime('2010-12-01T08:26:00')?.getTime()).toBe(1291191960000);
    expect(parseLocalDateTime('2010-12-01 08:26')?.getTime()).toBe(1291191960000);
    expect(parseLocalDateTime(' 2010-12-01 08:26:00 ')?.getTime()).toBe(1291191960000);
    expect(parseLocalDateTime('2012-02-29 10:00:00')?.getTime()).toBe(1330509600000);
  });
  it('reads the spreadsheet export layout M/D/YYYY H:MM', () => {
    expect(parseLocalDateTime('12/1/2010 8:26')?.getTime()).toBe(1291191960000);
  });
  it('gives a new Date for the same text asked twice in a row (answers are remembered, not shared)', () => {
    const first = parseLocalDateTime('2010-12-01 08:26:00')!;
    first.setTime(0);
    expect(parseLocalDateTime('2010-12-01 08:26:00')?.getTime()).toBe(1291191960000);
    expect(parseLocalDateTime('2010-13-01 08:26:00')).toBeUndefined();
    expect(parseLocalDateTime('2010-13-01 08:26:00')).toBeUndefined();
  });
  it('refuses impossible or foreign text', () => {
    for (const text of [
      '2010-13-01 08:26:00',
      '2011-04-31 10:00:00',
      '2011-02-29 10:00:00',
      '2010-12-01 24:00:00',
      '2010-12-01 08:6:00',
      '2010-12-01 0a:26:00',
      '2010-12-01',
      'yesterday',
      '',
    ])
      expect(parseLocalDateTime(text), text).toBeUndefined();
  });
});

// Date.UTC reads years 0-99 as 1900-1999: years below 100 must stay as written, so that the range check
// of the formats (1970 to 2200) refuses them instead of storing 0001 as 1901. Reference values:
// Python datetime(y, m, d, ...).replace(tzinfo=UTC).timestamp() * 1000.
describe('years below 100, as written, in every date parser', () => {
  const Y1 = -62135596800000; // 0001-01-01T00:00:00Z
  const Y75 = -59800341600000; // 0075-01-01T10:00:00Z (not 1975)
  const Y84_LEAP = -59511283200000; // 0084-02-29T00:00:00Z (84 is a leap year, 1984 too)
  const Y0_LEAP = -62162121600000; // 0000-02-29T00:00:00Z (proleptic Gregorian: 0 is a leap year)
  it('parseLocalDateTime: the fast layout, the general one and the spreadsheet one', () => {
    expect(parseLocalDateTime('0001-01-01 00:00:00')?.getTime()).toBe(Y1);
    expect(parseLocalDateTime('0001-01-01 00:00')?.getTime()).toBe(Y1);
    expect(parseLocalDateTime(' 0075-01-01 10:00:00 ')?.getTime()).toBe(Y75);
    expect(parseLocalDateTime('1/1/0075 10:00')?.getTime()).toBe(Y75);
    expect(parseLocalDateTime('0084-02-29 00:00:00')?.getTime()).toBe(Y84_LEAP);
    expect(parseLocalDateTime('0000-02-29 00:00:00')?.getTime()).toBe(Y0_LEAP); // 0 is a leap year, 1900 not
    expect(parseLocalDateTime('0100-02-29 00:00:00')).toBeUndefined(); // 100 is not a leap year
  });
  it('parseIsoDateTime', () => {
    expect(parseIsoDateTime('0001-01-01')?.getTime()).toBe(Y1);
    expect(parseIsoDateTime('0075-01-01T10:00:00Z')?.getTime()).toBe(Y75);
    expect(parseIsoDateTime('0075-01-01T11:00:00+01:00')?.getTime()).toBe(Y75);
  });
});

describe('parseIsoDateTime', () => {
  it('honours zones and fractions, and reads zone-less text as UTC', () => {
    expect(parseIsoDateTime('2024-03-01T10:01:00+01:00')?.getTime()).toBe(1709283660000);
    expect(parseIsoDateTime('2024-03-01T11:00:00.250Z')?.getTime()).toBe(1709290800250);
    expect(parseIsoDateTime('2024-03-02')?.getTime()).toBe(1709337600000);
    expect(parseIsoDateTime('2024-03-01T10:01:00')?.getTime()).toBe(1709287260000);
    // Shopify's way: a space before the zone, hours and minutes without a colon (Python: strptime %z).
    expect(parseIsoDateTime('2024-03-01 10:01:00 +0100')?.getTime()).toBe(1709283660000);
    expect(parseIsoDateTime('2024-03-01 10:01:00 -0430')?.getTime()).toBe(1709303460000);
    // RFC 3339 (section 5.6, NOTE) lets t and z be lower case.
    expect(parseIsoDateTime('2024-03-01t11:00:00.250z')?.getTime()).toBe(1709290800250);
  });
  it('refuses what is not ISO 8601', () => {
    for (const text of ['03/01/2024', 'not-a-date', '2024-02-30', '2024-03-01T25:00:00Z'])
      expect(parseIsoDateTime(text), text).toBeUndefined();
  });
});

/** Every string of 1 to `maxLength` characters drawn from `alphabet`. */
function stringsOf(alphabet: readonly string[], maxLength: number): string[] {
  const strings: string[] = [];
  for (let length = 1; length <= maxLength; length++)
    for (let k = 0; k < alphabet.length ** length; k++) {
      let text = '';
      for (let r = k, i = 0; i < length; i++, r = Math.floor(r / alphabet.length))
        text += alphabet[r % alphabet.length];
      strings.push(text);
    }
  return strings;
}

describe('parseDecimal', () => {
  it('reads plain decimals and refuses the rest', () => {
    expect(parseDecimal(' -10 ')).toBe(-10);
    expect(parseDecimal('2.55')).toBe(2.55);
    expect(parseDecimal('1e3')).toBe(1000);
    for (const text of ['', 'twelve', '1,5', '12 units', 'NaN', 'Infinity'])
      expect(parseDecimal(text)).toBeUndefined();
  });
  it('agrees with its rule (the regular expression on the trimmed text, then Number) on every short string', () => {
    // The rule as it stood before the regex-free shortcut for plain decimals.
    const rule = (text: string): number | undefined => {
      const t = text.trim();
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : undefined;
    };
    const alphabet = ['0', '7', '-', '+', '.', 'e', ' ', 'x'];
    const strings = [''];
    strings.push(...stringsOf(alphabet, 5));
    strings.push(
      '00012.50',
      '-0',
      '-0.0',
      '123456789012345678901234567890',
      '0.1000000000000000055511151231257827',
    );
    for (const text of strings) expect(Object.is(parseDecimal(text), rule(text)), text).toBe(true);
  });

  it('reads the same from bytes (parseDecimalBytes, the Online Retail reader) on every short string', () => {
    const alphabet = ['0', '7', '-', '+', '.', 'e', ' ', 'x', '9'];
    const strings = [
      '',
      '00012.50',
      '-0',
      '-0.0',
      '1.',
      '1.2.3',
      '.5',
      '123456789012345',
      '1234567890123456',
    ];
    strings.push(...stringsOf(alphabet, 5));
    for (const text of strings) {
      // Inside a longer buffer, so that the reader keeps to its range.
      const bytes = Buffer.from(`9${text}7`, 'latin1');
      const expected = parseDecimal(text) ?? Number.NaN;
      expect(Object.is(parseDecimalBytes(bytes, 1, bytes.length - 1), expected), text).toBe(true);
    }
  });
});

describe('cyrb53', () => {
  // Reference outputs printed by the author's published demo of cyrb53 (bryc, "code/jshash").
  it('matches the published values', () => {
    expect(cyrb53('a')).toBe(7929297801672961);
    expect(cyrb53('b')).toBe(8684336938537663);
    expect(cyrb53('revenge')).toBe(4051478007546757);
    expect(cyrb53('revenue')).toBe(8309097637345594);
  });
  it('hashes fields as their joined text, so event ids do not change', () => {
    const fields = ['536365', '85123A', 'WHITE HANGING HEART', '', '6'];
    expect(cyrb53Fields(fields, '\u001f')).toBe(cyrb53(fields.join('\u001f')));
    expect(cyrb53Fields(['rev', 'enge'], '')).toBe(4051478007546757);
    expect(contentHash(fields)).toBe(cyrb53(fields.join('\u001f')).toString(36));
  });
  it('writes hashes in base 36 as Number.prototype.toString(36) does, as text and as bytes', () => {
    const edges = [
      0,
      1,
      35,
      36,
      36 ** 5 - 1,
      36 ** 5,
      36 ** 5 + 1,
      36 ** 6,
      2 ** 31,
      2 ** 32 + 7,
      2 ** 53 - 1,
    ];
    const random = Array.from({ length: 10_000 }, (_, i) => cyrb53(`row ${i}`));
    const out = new Uint8Array(16);
    for (const value of [...edges, ...random]) {
      expect(base36(value)).toBe(value.toString(36));
      expect(Buffer.from(out.subarray(0, base36Into(value, out))).toString('latin1')).toBe(
        value.toString(36),
      );
    }
  });
});
