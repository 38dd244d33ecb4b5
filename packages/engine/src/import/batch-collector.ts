import {
  type CustomerInput,
  type EventColumns,
  EventColumnsBuilder,
  type ImportReject,
  type ItemInput,
} from '@storewise/storage';
import { detach } from './detach.js';
import type { ParsedRow } from './types.js';

/** One batch of an import as it is written: in one transaction (a savepoint in a first import). */
export interface CollectedBatch {
  events: EventColumns;
  /** Item and customer facts that changed since this import last wrote them (merged, later fields win). */
  items: ItemInput[];
  customers: CustomerInput[];
  rejects: ImportReject[];
  /** Rows read into this batch (valid or not). */
  rows: number;
  /** Of those, rows refused (a row with two bad fields has two rejects). */
  rejectedRows: number;
}

/** Item and customer facts already written in this import; beyond this many, the memo starts over. */
const MEMO_LIMIT = 200_000;

/**
 * Collects parsed rows into batches: the events, the rejects, and the item and customer facts the rows
 * carry. Also counts the distinct customers and items the valid rows name, and rejects per reason.
 *
 * With `deferFacts` (an import that runs in one transaction), item and customer facts are merged across
 * batches and go with the final batch, or with the first batch after more than MEMO_LIMIT are waiting:
 * rewriting a row in every batch of one long transaction leaves a chain of row versions that no one can
 * prune until it commits, which made each later batch slower (the events join walks those chains). The
 * stored result is the same: later non-null facts win either way. Events create the rows they name as
 * they go.
 */
export class BatchCollector {
  private readonly events = new EventColumnsBuilder();
  private rejects: ImportReject[] = [];
  private rows = 0;
  private rejectedRows = 0;
  private items = new Map<string, ItemInput>();
  private customers = new Map<string, CustomerInput>();
  private readonly writtenItems = new Map<string, string>();
  private readonly writtenCustomers = new Map<string, string>();
  readonly customerKeys = new Set<string>();
  readonly itemKeys = new Set<string>();
  readonly byReason: Record<string, number> = {};

  constructor(
    private readonly source: string,
    private readonly deferFacts = false,
  ) {}

  /** Rows of the batch being collected that count towards its size (events and rejects). */
  get size(): number {
    return this.events.length + this.rejects.length;
  }

  add(row: ParsedRow): void {
    this.rows++;
    if (row.problems !== null) {
      this.rejectedRows++;
      for (const p of row.problems) {
        this.byReason[p.reason] = (this.byReason[p.reason] ?? 0) + 1;
        this.rejects.push({
          source: this.source,
          line: row.line,
          field: p.field,
          reason: p.reason,
          raw: row.raw,
        });
      }
      return;
    }
    const event = row.event!;
    this.events.add(event);
    if (row.item !== null) mergeFacts(this.items, row.item.sku, row.item, ITEM_FIELDS);
    if (row.customer !== null)
      mergeFacts(this.customers, row.customer.externalId, row.customer, CUSTOMER_FIELDS);
  }

  /** The collected batch (`final` for the last one); collecting starts over. */
  take(final: boolean): CollectedBatch {
    const events = this.events.take();
    // The batch lists each customer and item it names once: count the distinct ones from there.
    for (const id of events.customerIds) if (!this.customerKeys.has(id)) this.customerKeys.add(detach(id));
    for (const sku of events.skus) if (!this.itemKeys.has(sku)) this.itemKeys.add(detach(sku));
    const batch: CollectedBatch = {
      events,
      items: [],
      customers: [],
      rejects: this.rejects,
      rows: this.rows,
      rejectedRows: this.rejectedRows,
    };
    this.rejects = [];
    this.rows = 0;
    this.rejectedRows = 0;
    if (!this.deferFacts || final || this.items.size + this.customers.size > MEMO_LIMIT) {
      batch.items = changed(this.items, this.writtenItems);
      batch.customers = changed(this.customers, this.writtenCustomers);
      this.items = new Map();
      this.customers = new Map();
    }
    return batch;
  }
}

/** The facts of `batch` whose value differs from what this import last wrote for the key. */
function changed<T extends { sku: string } | { externalId: string }>(
  batch: Map<string, T>,
  written: Map<string, string>,
): T[] {
  if (written.size > MEMO_LIMIT) written.clear();
  const out: T[] = [];
  for (const [key, value] of batch) {
    const signature = JSON.stringify(value);
    if (written.get(key) === signature) continue;
    written.set(written.has(key) ? key : detach(key), signature);
    out.push(value);
  }
  return out;
}

/**
 * Merges a row's facts into this collector's own copy for `key` (later fields win: a field the row
 * holds, even as undefined, replaces the kept one), with no new object per row. Text is detached when it
 * changes: the facts are kept across batches, and a slice of the file's text would keep a whole decoded
 * chunk alive (item titles held 32 MB of chunks by the end of Online Retail). The fields are named one
 * by one (`ITEM_FIELDS`, `CUSTOMER_FIELDS`): a `for ... in` over each row's object took 0.4 s of
 * Online Retail's 2.5 s in the worker.
 */
function mergeFacts<T extends object>(
  facts: Map<string, T>,
  key: string,
  row: T,
  fields: readonly (keyof T)[],
): void {
  let kept = facts.get(key);
  if (kept === undefined) {
    kept = {} as T;
    facts.set(detach(key), kept);
  }
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    const value = row[field];
    if (value === undefined) {
      if (field in row) kept[field] = value;
    } else if (typeof value !== 'string') kept[field] = value;
    else if (kept[field] !== value) kept[field] = detach(value) as T[keyof T];
  }
}

/** Every field of the inputs, in the order the kept facts get them. Fails to compile when one is missing. */
const ITEM_FIELDS = fieldsOf<ItemInput>()({
  sku: 0,
  title: 1,
  categoryPath: 2,
  price: 3,
  currency: 4,
  stock: 5,
  attributes: 6,
});
const CUSTOMER_FIELDS = fieldsOf<CustomerInput>()({ externalId: 0, country: 1, attributes: 2, consent: 3 });

function fieldsOf<T>() {
  return (order: Record<keyof T, number>): (keyof T)[] =>
    (Object.keys(order) as (keyof T)[]).sort((a, b) => order[a] - order[b]);
}
