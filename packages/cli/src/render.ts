import {
  type ImportSummary,
  INVALID_UTF8,
  quoteInput,
  RECORD_FORMATS,
  type ShopReport,
} from '@storewise/engine';

const n = (value: number): string => value.toLocaleString('en-US');

/**
 * A title or id from the shop's data as a line of text output shows it: as it is, unless it holds a line break or
 * another control character, which would break the line (or move the terminal's cursor); then quoted and
 * escaped as `rejects` shows raw rows (quoteInput), e.g. "Mug\nblue".
 */
export function displayText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return /[\u0000-\u001f\u007f-\u009f]/.test(text) ? quoteInput(text, text.length) : text;
}

/** `1 customer`, `2 customers`: a count with its noun in the singular for exactly one (`n` formats it). */
export function count(
  value: number,
  singular: string,
  format: (value: number) => string = String,
  plural = `${singular}s`,
): string {
  return `${format(value)} ${value === 1 ? singular : plural}`;
}

/**
 * A date as a command prints it, in a form its date options read back: the day alone at midnight UTC,
 * else the ISO date-time (without milliseconds when they are 0).
 */
export function dateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/** The line saying how many customers an analysis left out for declining analytics; none when 0. */
export function leftOutByConsent(excluded: number): string[] {
  return excluded > 0 ? [`Customers left out (no analytics consent): ${excluded}`] : [];
}

/**
 * The reasons of an import's rejected rows with their counts, most first: `unparseable date: 1, ...`.
 * They count refused fields, so when they add up to more than the rows (a row with two bad fields
 * counts under both), the text says so: `reasons, a row may have several: ...`. '' for none.
 */
export function rejectReasons(rejected: ImportSummary['rejected']): string {
  const entries = Object.entries(rejected.byReason).sort((a, b) => b[1] - a[1]);
  const list = entries.map(([reason, k]) => `${reason}: ${n(k)}`).join(', ');
  const fields = entries.reduce((sum, [, k]) => sum + k, 0);
  return fields > rejected.total ? `reasons, a row may have several: ${list}` : list;
}

/** One line saying what an import did. */
export function renderSummary(summary: ImportSummary): string {
  const reasons = rejectReasons(summary.rejected);
  const notUtf8 = summary.rejected.byReason[INVALID_UTF8] ?? 0;
  const rejected = `${n(summary.rejected.total)} rejected${reasons ? ` (${reasons})` : ''}`;
  // Rows of customers erased with `storewise customer delete` are left out, and said so (erasure).
  const erased =
    summary.erased > 0
      ? `, ${summary.format.endsWith('customers') ? count(summary.erased, 'erased customer', n) : `${count(summary.erased, 'row', n)} of erased customers`} left out (storewise customer restore <id> lifts it)`
      : '';
  // Repeats of a stored id with other content: the stored event stays, the rows are kept as rejects.
  const differing =
    summary.differing > 0 ? ` (${n(summary.differing)} with different content: kept the first stored)` : '';
  const done = RECORD_FORMATS.has(summary.format)
    ? `${n(summary.accepted)} accepted${erased}, ${rejected}; they create or update ${recordsWritten(summary)}`
    : `${n(summary.accepted)} accepted, ${count(summary.duplicates, 'duplicate', n)} skipped${differing}${erased}, ${rejected}; ` +
      `the valid rows name ${customersHeld(summary)} and ${itemsHeld(summary)}`;
  return (
    `imported ${summary.file} (${summary.format}): ${count(summary.rows, 'row', n)}, ${done}; ` +
    `${summary.seconds.toFixed(1)} s\n` +
    (notUtf8 > 0
      ? `${count(notUtf8, 'row is', n, 'rows are')} not UTF-8: if the file was saved as Latin-1 or Windows-1252, ` +
        'convert it (iconv -f windows-1252 -t utf-8 FILE > FILE.utf8.csv; gzip -dc first for a .gz) and import ' +
        'that: what was imported already is skipped as duplicates\n'
      : '')
  );
}

/** How many customers or items a records file created or updated: its erased customers (left out) not among them. */
function recordsWritten(summary: ImportSummary): string {
  return summary.format.endsWith('customers')
    ? count(Math.max(0, summary.customers - summary.erasedCustomers), 'customer', n)
    : count(summary.items, 'item', n);
}

/** The customers an events file's valid rows name that the store holds, and the erased ones apart. */
function customersHeld(summary: ImportSummary): string {
  const erased = summary.erasedCustomers;
  const held = count(summary.customers - erased, 'customer', n);
  return erased > 0 ? `${held} (besides ${count(erased, 'erased customer', n)}, left out)` : held;
}

/** The items an events file's valid rows name besides those only erased customers' rows named (left out). */
function itemsHeld(summary: ImportSummary): string {
  const erased = summary.erasedItems;
  const held = count(summary.items - erased, 'item', n);
  return erased > 0
    ? `${held} (besides ${count(erased, 'item', n)} named only in erased customers' rows, left out)`
    : held;
}

/** What the database holds, as a short text report. */
export function renderReport(report: ShopReport, database: string): string {
  const lines: string[] = [];
  lines.push(`database: ${database} (${report.storage})`);
  lines.push(`customers: ${n(report.customers)}   items: ${n(report.items)}   events: ${n(report.events)}`);
  const types = Object.entries(report.eventsByType)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([type, count]) => `${type} ${n(count ?? 0)}`)
    .join(', ');
  lines.push(`events by type: ${types || 'none'}`);
  if (report.firstEventAt && report.lastEventAt)
    lines.push(`from ${report.firstEventAt.toISOString()} to ${report.lastEventAt.toISOString()}`);
  // One stored reject per bad field (a row with two bad fields counts twice): say fields, not rows.
  lines.push(`rejected import fields kept: ${n(report.rejects)} (storewise rejects lists them)`);
  if (report.unpricedPurchases > 0)
    lines.push(
      `purchases without a unit price: ${n(report.unpricedPurchases)} (counted as revenue 0 in RFM, lifetime value and campaign reports)`,
    );
  if (report.erasedCustomers > 0)
    lines.push(
      `erased customers: ${n(report.erasedCustomers)} (their rows are left out of imports; storewise customer restore <id> lifts it)`,
    );
  if (report.topItems.length > 0) {
    lines.push('', 'top items by units sold (net of returns):');
    for (const item of report.topItems)
      lines.push(
        `  ${n(item.units).padStart(9)}  ${displayText(item.sku).padEnd(12)} ${displayText(item.title ?? '')}`.trimEnd(),
      );
  }
  if (report.topCountries.length > 0) {
    // Revenue of purchases before returns (as RFM's monetary value counts spend), unlike the units above.
    lines.push('', 'top countries by customers (revenue: purchases, returns not subtracted):');
    for (const c of report.topCountries)
      lines.push(
        `  ${n(c.customers).padStart(9)}  ${displayText(c.country).padEnd(20)} revenue ${c.revenue.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
      );
  }
  return `${lines.join('\n')}\n`;
}
