/** A number as a nullable Float field gives it: NaN and infinities (a rate without a denominator) are null. */
export const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
