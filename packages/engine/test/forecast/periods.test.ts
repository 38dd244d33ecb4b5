import { describe, expect, it } from 'vitest';
import { addPeriods, periodDays, periodStart, periodsBetween } from '../../src/forecast/periods.js';

const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

// Weekdays from the calendar (ISO 8601 weeks start on Monday): 2024-03-03 was a Sunday, 2024-03-04 a
// Monday, 2024-02-29 a Thursday, 1970-01-01 a Thursday, 2021-01-03 a Sunday.
describe('demand periods (UTC)', () => {
  it('weeks start on Monday at midnight UTC', () => {
    expect(iso(periodStart(t('2024-03-03T23:59:59.999Z'), 'week'))).toBe('2024-02-26T00:00:00.000Z');
    expect(iso(periodStart(t('2024-03-04T00:00:00.000Z'), 'week'))).toBe('2024-03-04T00:00:00.000Z');
    expect(iso(periodStart(t('2024-02-29T12:00:00Z'), 'week'))).toBe('2024-02-26T00:00:00.000Z');
    expect(iso(periodStart(t('1970-01-01T00:00:00Z'), 'week'))).toBe('1969-12-29T00:00:00.000Z');
    expect(iso(periodStart(t('1969-12-28T10:00:00Z'), 'week'))).toBe('1969-12-22T00:00:00.000Z');
    expect(iso(periodStart(t('2021-01-03T08:00:00Z'), 'week'))).toBe('2020-12-28T00:00:00.000Z');
  });

  it('days and months', () => {
    expect(iso(periodStart(t('2024-02-29T23:59:59Z'), 'day'))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(periodStart(t('2024-02-29T23:59:59Z'), 'month'))).toBe('2024-02-01T00:00:00.000Z');
    expect(iso(periodStart(t('2011-12-09T12:50:00Z'), 'month'))).toBe('2011-12-01T00:00:00.000Z');
  });

  it('steps and counts whole periods', () => {
    expect(iso(addPeriods(t('2024-01-01T00:00:00Z'), 'month', 2))).toBe('2024-03-01T00:00:00.000Z');
    expect(iso(addPeriods(t('2024-01-01T00:00:00Z'), 'month', -13))).toBe('2022-12-01T00:00:00.000Z');
    expect(iso(addPeriods(t('2024-02-26T00:00:00Z'), 'week', 1))).toBe('2024-03-04T00:00:00.000Z');
    expect(periodsBetween(t('2022-12-01T00:00:00Z'), t('2024-03-01T00:00:00Z'), 'month')).toBe(15);
    expect(periodsBetween(t('2023-12-25T00:00:00Z'), t('2024-03-04T00:00:00Z'), 'week')).toBe(10);
    expect(periodsBetween(t('2024-02-01T00:00:00Z'), t('2024-03-01T00:00:00Z'), 'day')).toBe(29);
    expect(periodDays(t('2024-02-01T00:00:00Z'), 'month')).toBe(29);
    expect(periodDays(t('2023-02-01T00:00:00Z'), 'month')).toBe(28);
    expect(periodDays(t('2024-03-04T00:00:00Z'), 'week')).toBe(7);
  });
});
