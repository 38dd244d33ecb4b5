import { ImportInputError } from '../errors.js';

/**
 * Maps required and optional column names to their positions in a header row (names compared after
 * trimming, case-insensitively). Fails with every missing required column named.
 */
export function mapHeader<R extends string, O extends string>(
  header: readonly string[],
  required: readonly R[],
  optional: readonly O[],
  path: string,
  format: string,
): Record<R | O, number> {
  const position = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!position.has(key)) position.set(key, i);
  });
  const missing = required.filter((name) => !position.has(name.toLowerCase()));
  if (missing.length > 0) {
    const found = header.slice(0, 12).join(', ');
    throw new ImportInputError(
      `${path} is not in the ${format} format: its header lacks the column${missing.length > 1 ? 's' : ''} ` +
        `${missing.join(', ')} (found: ${found || 'nothing'})`,
    );
  }
  const out = {} as Record<R | O, number>;
  for (const name of [...required, ...optional]) out[name] = position.get(name.toLowerCase()) ?? -1;
  return out;
}
