/** Records leave the memory adapter as copies, so callers never alias its tables. */
export const copy = <T extends object>(record: T): T => structuredClone(record);

export function* batches<T>(rows: readonly T[], size: number): Iterable<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
