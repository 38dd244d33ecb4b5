import type { FieldProblem, ParsedRow } from '../types.js';

/** A refused row. */
export function rejectRow(line: number, raw: string, problems: FieldProblem[]): ParsedRow {
  return { line, raw, event: null, item: null, customer: null, problems };
}

/** Adds a problem to a row's list, creating the list on the first one. */
export function addProblem(problems: FieldProblem[] | null, field: string, reason: string): FieldProblem[] {
  const list = problems ?? [];
  list.push({ field, reason });
  return list;
}

/** The reason of a field refused for a NUL character (U+0000), which PostgreSQL cannot store. */
export const NUL_CHARACTER = 'NUL character';

/** Adds a NUL_CHARACTER problem for `field` when its text holds U+0000. */
export function nulProblem(
  problems: FieldProblem[] | null,
  field: string,
  text: string,
): FieldProblem[] | null {
  return text.includes('\u0000') ? addProblem(problems, field, NUL_CHARACTER) : problems;
}
