/**
 * What an import's summary line leaves to lines of their own: the file's columns the import ignored or
 * took as attributes, purchases without a unit price, a hint when most rejects are dates it cannot read,
 * and whether the file gave nothing at all (the command then exits 2). See docs/import-formats.md.
 */
import { DATE_FORMS, type ImportSummary } from '@storewise/engine';
import { count, rejectReasons } from './render.js';

const n = (value: number): string => value.toLocaleString('en-US');

/** The reason of a date a format's reader cannot read. */
const UNPARSEABLE_DATE = 'unparseable date';

/** The lines under an import's summary (each ending in a line feed); '' when there is nothing to add. */
export function renderImportNotes(summary: ImportSummary): string {
  const lines = [
    ignoredColumnsLine(summary),
    attributesLine(summary),
    unpricedLine(summary),
    withRejectsPointer(dateHint(summary), summary.file),
  ].filter((line): line is string => line !== null);
  return lines.map((line) => `${line}\n`).join('');
}

/** Whether the file gave nothing: rows were rejected, and none was accepted, a duplicate or left out as erased. */
export function nothingAccepted(summary: ImportSummary): boolean {
  return (
    summary.accepted === 0 && summary.rejected.total > 0 && summary.duplicates === 0 && summary.erased === 0
  );
}

/** The ignored columns, each with the known column it seems to mean; Shopify's exports: only the near misses and a count. */
export function ignoredColumnsLine(summary: ImportSummary): string | null {
  const { ignored } = summary.columns;
  if (ignored.length === 0) return null;
  const named = (list: typeof ignored) =>
    list
      .map((c) => (c.suggestion === null ? c.name : `${c.name} (did you mean ${c.suggestion}?)`))
      .join(', ');
  if (!summary.format.startsWith('shopify-')) return `ignored columns: ${named(ignored)}`;
  // Shopify's exports hold dozens of columns no import reads: their names would drown the near misses.
  const near = ignored.filter((c) => c.suggestion !== null);
  const rest = ignored.length - near.length;
  return `ignored columns: ${[near.length > 0 ? named(near) : null, rest > 0 ? `${count(rest, 'other', n)} of Shopify's (--json lists them)` : null].filter((part) => part !== null).join(', ')}`;
}

/** The columns taken as attributes, pointing at those whose names look like direct identifiers. */
export function attributesLine(summary: ImportSummary): string | null {
  const { attributes } = summary.columns;
  if (attributes.length === 0) return null;
  const identifiers = attributes.filter((a) => a.identifier !== null);
  const names = attributes.map((a) => a.name).join(', ');
  if (identifiers.length === 0) return `attributes: ${names}`;
  const which = identifiers.map((a) => `${a.name} (${a.identifier})`).join(', ');
  return (
    `attributes: ${names}; ${identifiers.length === 1 ? 'this one looks' : 'these look'} like a direct identifier: ${which}: ` +
    'store only what the shop needs (storewise privacy report lists what is held; docs/privacy.md)'
  );
}

/** Purchases that count as revenue 0, and why a file's `price` column does not give them one. */
export function unpricedLine(summary: ImportSummary): string | null {
  if (summary.unpricedPurchases === 0) return null;
  const events =
    summary.format === 'events'
      ? ": give what each unit was sold for as unit_price (the events format's price column is the item's catalog price)"
      : summary.format === 'orders'
        ? ': give what each unit was sold for as unit_price'
        : '';
  return `warning: ${count(summary.unpricedPurchases, 'purchase has', n, 'purchases have')} no unit price and ${summary.unpricedPurchases === 1 ? 'counts' : 'count'} as revenue 0 in RFM, lifetime value and campaign reports${events}`;
}

const withRejectsPointer = (line: string | null, file: string): string | null =>
  line === null ? null : `${line} (storewise rejects --source ${file} shows them)`;

/** When most rejected rows have a date the format does not read: the forms it does, and where the rows are. */
export function dateHint(summary: ImportSummary): string | null {
  const dates = summary.rejected.byReason[UNPARSEABLE_DATE] ?? 0;
  const forms = DATE_FORMS[summary.format];
  if (forms === null || dates === 0 || dates * 2 < summary.rejected.total) return null;
  return `${count(dates, 'row has', n, 'rows have')} a date the ${summary.format} format does not read; it reads ${forms}`;
}

/**
 * With `--data` (a file read into memory for one analysis, its rejects not kept): a warning line on
 * stderr for its rejected rows and for its ignored columns; '' when there is neither.
 */
export function dataFileWarnings(summary: ImportSummary, file: string): string {
  const lines: string[] = [];
  const { total } = summary.rejected;
  if (total > 0) {
    lines.push(
      `${count(total, 'row', n)} of ${file} rejected (${rejectReasons(summary.rejected)}) and left out of this analysis: storewise import ${file} keeps them (storewise rejects lists them)`,
    );
  }
  const ignored = ignoredColumnsLine(summary);
  if (ignored !== null) lines.push(ignored);
  const hint = dateHint(summary);
  if (hint !== null) lines.push(hint);
  return lines.map((line) => `storewise: warning: ${line}\n`).join('');
}
