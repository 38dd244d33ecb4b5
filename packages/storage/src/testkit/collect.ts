export async function collect<T>(scan: AsyncIterable<T[]>): Promise<{ rows: T[]; batches: number[] }> {
  const rows: T[] = [];
  const batches: number[] = [];
  for await (const batch of scan) {
    batches.push(batch.length);
    rows.push(...batch);
  }
  return { rows, batches };
}
