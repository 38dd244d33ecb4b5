import { addDemandPeriods as addPeriods } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { periodDays, periodsBetween } from '../../src/forecast/periods.js';

const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

// Period starts themselves are storage's (`demandPeriodStart`, tested there); these are the steps between them.
// Calendar facts: 2024 is a leap year, 2023 is not; 2024-03-04 was a Monday.
describe('demand periods (UTC)', () => {
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
