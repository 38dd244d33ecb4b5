import type { CustomerInput, EventInput, ImportReject, ItemInput, Storage } from '@storewise/storage';
import { detach } from './detach.js';
import type { ParsedRow } from './types.js';

/** What one committed batch changed. */
export interface BatchOutcome {
  inserted: number;
  duplicates: number;
}

/** Item and customer facts already written in this import; beyond this many, the memo starts over. */
const MEMO_LIMIT = 200_000;

/**
 * Collects parsed rows into a batch and writes it in one storage transaction: the batch's items and
 * customers (only those whose facts changed since this import last wrote them), its events, and its
 * rejects. A batch that fails leaves nothing behind.
 *
 * With `deferFacts` (an import that runs in one transaction), item and customer facts are merged across
 * batches and written by the final flush, or when more than MEMO_LIMIT are waiting: rewriting a row in
 * every batch of one long transaction leaves a chain of row versions that no one can prune until it
 * commits, which made each later batch slower (the events join walks those chains). The stored result is
 * the same: later non-null facts win either way. Events create the rows they name as they go.
 */
export class BatchWriter {
  private events: EventInput[] = [];
  private items = new Map<string, ItemInput>();
  private customers = new Map<string, CustomerInput>();
  private rejects: ImportReject[] = [];
  private readonly writtenItems = new Map<string, string>();
  private readonly writtenCustomers = new Map<string, string>();

  constructor(
    private readonly source: string,
    private readonly signal: AbortSignal | undefined,
    private readonly deferFacts = false,
  ) {}

  get size(): number {
    return this.events.length + this.rejects.length;
  }

  add(row: ParsedRow): void {
    if (row.problems !== null) {
      for (const p of row.problems)
        this.rejects.push({
          source: this.source,
          line: row.line,
          field: p.field,
          reason: p.reason,
          raw: row.raw,
        });
      return;
    }
    this.events.push(row.event!);
    if (row.item !== null) mergeFacts(this.items, row.item.sku, row.item);
    if (row.customer !== null) mergeFacts(this.customers, row.customer.externalId, row.customer);
  }

  /** Writes the collected batch in one transaction and starts an empty one; `final` for the last batch. */
  async flush(storage: Storage, final: boolean): Promise<BatchOutcome> {
    const events = this.events;
    const rejects = this.rejects;
    this.events = [];
    this.rejects = [];
    let items: ItemInput[] = [];
    let customers: CustomerInput[] = [];
    if (!this.deferFacts || final || this.items.size + this.customers.size > MEMO_LIMIT) {
      items = this.changed(this.items, this.writtenItems);
      customers = this.changed(this.customers, this.writtenCustomers);
      this.items = new Map();
      this.customers = new Map();
    }
    if (events.length === 0 && rejects.length === 0 && items.length === 0 && customers.length === 0)
      return { inserted: 0, duplicates: 0 };
    const signal = this.signal;
    const outcome = await storage.transaction(async (tx) => {
      signal?.throwIfAborted();
      if (items.length > 0) await tx.upsertItems(items);
      if (customers.length > 0) await tx.upsertCustomers(customers);
      signal?.throwIfAborted();
      const appended = events.length > 0 ? await tx.appendEvents(events) : { inserted: 0, duplicates: 0 };
      if (rejects.length > 0) await tx.recordRejects(rejects);
      signal?.throwIfAborted();
      return appended;
    });
    return { inserted: outcome.inserted, duplicates: outcome.duplicates };
  }

  private changed<T extends { sku: string } | { externalId: string }>(
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
}

/**
 * Merges a row's facts into this writer's own copy for `key` (later fields win), with no new object per
 * row. Text is detached when it changes: the facts are kept across batches, and a slice of the file's
 * text would keep a whole decoded chunk alive (item titles held 32 MB of chunks by the end of Online
 * Retail).
 */
function mergeFacts<T extends object>(facts: Map<string, T>, key: string, row: T): void {
  let kept = facts.get(key);
  if (kept === undefined) {
    kept = {} as T;
    facts.set(detach(key), kept);
  }
  const target = kept as Record<string, unknown>;
  const source = row as Record<string, unknown>;
  for (const field in source) {
    const value = source[field];
    if (typeof value !== 'string') target[field] = value;
    else if (target[field] !== value) target[field] = detach(value);
  }
}
