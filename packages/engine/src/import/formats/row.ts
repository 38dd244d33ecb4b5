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
