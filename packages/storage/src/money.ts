/**
 * Money sums are rounded to cents where they are computed (order values, a customer's revenue and returned
 * value): floating-point sums of prices such as 0.85 + 0.85 + ... carry low-order bits that depend on the
 * order of the additions (23.799999999999997 vs 23.8), so PostgreSQL, PGlite and the in-memory store would
 * disagree in the last bits, and equal spends would not tie in RFM's ranks. Every adapter rounds its float
 * sum with this one function. Half a cent rounds up (Math.round); -0 becomes 0.
 */
export function roundToCents(value: number): number {
  return Math.round(value * 100) / 100 + 0;
}
