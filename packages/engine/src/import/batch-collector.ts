import {
  type CustomerInput,
  EVENT_TIME_MIN,
  type EventColumns,
  EventColumnsBuilder,
  type ImportReject,
  type ItemInput,
} from '@storewise/storage';
import { detach } from './detach.js';
import { mergeCustomer, mergeItem } from './fact-merge.js';
import type { HeaderColumns } from './formats/columns.js';
import type { ParsedRow } from './types.js';

/** One batch of an import as it is written: in one transaction (a savepoint in a first import). */
export interface CollectedBatch {
  events: EventColumns;
  /** The file line of each of `events` (where its row ends), to report a row storage did not keep as it was. */
  eventLines: Int32Array;
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
/** Rejects a deferring collector holds back; this many go with the next batch. */
const REJECTS_LIMIT = 10_000;

/**
 * Collects parsed rows into batches: the events, the rejects, and the item and customer facts the rows
 * carry. Also counts the distinct customers and items the valid rows name, and rejects per reason.
 *
 * With `deferFacts` (an import that runs in one transaction), rejects wait for the final batch too (or
 * for REJECTS_LIMIT of them): one statement writes them instead of one per batch. Item and customer
 * facts are merged across batches and go with the final batch, or with the first batch after more than
 * MEMO_LIMIT are waiting:
 * rewriting a row in every batch of one long transaction leaves a chain of row versions that no one can
 * prune until it commits, which made each later batch slower (the events join walks those chains). The
 * stored result is the same: later non-null facts win either way. Events create the rows they name as
 * they go.
 */
export class BatchCollector {
  private readonly events = new EventColumnsBuilder();
  /** The line of each event collected so far (`lineCount` of them). */
  private lines = new Int32Array(1024);
  private lineCount = 0;
  private readonly rejects: ImportReject[] = [];
  /** Rejects of the batch being collected (`rejects` may also hold earlier batches', see deferFacts). */
  private batchRejects = 0;
  private rows = 0;
  private rejectedRows = 0;
  /** Valid rows of the batch being collected that are an item or customer alone (RECORD_FORMATS). */
  private recordRows = 0;
  private readonly items = new Facts<ItemInput>(mergeItem, () => ({
    [AT]: undefined,
    sku: undefined,
    title: undefined,
    categoryPath: undefined,
    price: undefined,
    currency: undefined,
    stock: undefined,
    attributes: undefined,
  }));
  private readonly customers = new Facts<CustomerInput>(mergeCustomer, () => ({
    [AT]: undefined,
    externalId: undefined,
    country: undefined,
    attributes: undefined,
    consent: undefined,
  }));
  private readonly writtenItems = new Map<string, string>();
  private readonly writtenCustomers = new Map<string, string>();
  readonly customerKeys = new Set<string>();
  readonly itemKeys = new Set<string>();
  readonly byReason: Record<string, number> = {};
  /** Valid purchase rows without a unit price (revenue 0 in the reports). */
  unpricedPurchases = 0;
  /** What the reader made of the file's columns (a layout of named columns); none read: empty. */
  columns: HeaderColumns = { ignored: [], attributes: [] };

  /**
   * @param remember whether to keep what each batch wrote of the facts, so that a later batch sends only
   * what changed (events repeat their item's and customer's facts on every row); not for RECORD_FORMATS,
   * whose rows name each record about once: there the memo of 200,000 signatures only took memory.
   */
  constructor(
    private readonly source: string,
    private readonly deferFacts = false,
    private readonly remember = true,
  ) {
    // The counts start over in every take. Stored once (by their initializers alone), V8 holds a field
    // constant, and the first take's reset threw away the code that read them (the byte reader's `read`,
    // with `size` inlined). Reset here as well, before any code runs hot, they are plain fields from the start.
    this.startBatch();
  }

  /** The reader's account of the file's columns (ColumnsListener). */
  setColumns(columns: HeaderColumns): void {
    this.columns = columns;
  }

  /** Rows of the batch being collected that count towards its size (events, records and rejects). */
  get size(): number {
    return this.events.length + this.recordRows + this.batchRejects;
  }

  add(row: ParsedRow): void {
    this.rows++;
    if (row.problems !== null) {
      this.rejectedRows++;
      const customerId = row.customerId == null ? null : detach(row.customerId);
      for (const p of row.problems) {
        this.byReason[p.reason] = (this.byReason[p.reason] ?? 0) + 1;
        this.batchRejects++;
        this.rejects.push({
          source: this.source,
          line: row.line,
          field: p.field,
          reason: p.reason,
          raw: storableRaw(row.raw),
          customerId,
        });
      }
      return;
    }
    if (row.event !== null) {
      this.events.add(row.event);
      if (row.event.type === 'purchase' && row.event.unitPrice == null) this.unpricedPurchases++;
      this.addLine(row.line);
    } else {
      // An item or a customer alone: counted here, as an event's are from the batch's events (take).
      this.recordRows++;
      if (row.item !== null && !this.itemKeys.has(row.item.sku)) this.itemKeys.add(detach(row.item.sku));
      if (row.customer !== null && !this.customerKeys.has(row.customer.externalId))
        this.customerKeys.add(detach(row.customer.externalId));
    }
    // An event's facts hold as of its time; a record's alone (a catalog row), as of now; item facts that
    // say when they hold (FILL_ONLY_TIME), as of that.
    const at = row.event !== null ? row.event.timestamp.getTime() : Number.POSITIVE_INFINITY;
    if (row.item !== null) this.items.merge(row.item.sku, row.item, row.item.asOf?.getTime() ?? at);
    if (row.customer !== null) this.customers.merge(row.customer.externalId, row.customer, at);
  }

  /**
   * For a reader that writes a valid row's event and facts itself (formats/online-retail-bytes.ts):
   * counts the row, which ends on `line`, and returns the builder its event goes into (one event).
   */
  validRow(line: number): EventColumnsBuilder {
    this.rows++;
    this.addLine(line);
    return this.events;
  }

  private addLine(line: number): void {
    if (this.lineCount === this.lines.length) {
      const grown = new Int32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[this.lineCount++] = line;
  }

  /** The item facts this batch keeps for `sku` (created empty), for such a reader to merge a row's into. */
  itemFacts(sku: string): ItemInput {
    return this.items.kept(sku);
  }

  /** The customer facts this batch keeps for `id` (created empty), likewise. */
  customerFacts(id: string): CustomerInput {
    return this.customers.kept(id);
  }

  /**
   * The collected batch (`final` for the last one); collecting starts over. `spare`: buffers of an
   * earlier batch's events that the main thread is done with (EventColumnsBuilder.take).
   */
  take(final: boolean, spare?: readonly ArrayBuffer[]): CollectedBatch {
    const events = this.events.take(spare);
    // The batch lists each customer and item it names once: count the distinct ones from there.
    for (const id of events.customerIds) if (!this.customerKeys.has(id)) this.customerKeys.add(detach(id));
    for (const sku of events.skus) if (!this.itemKeys.has(sku)) this.itemKeys.add(detach(sku));
    // Built whole, in one order of fields: assigned after it was made, a field of this shape was held
    // constant until the first batch that changed it, which threw away the code that had built it.
    const facts = !this.deferFacts || final || this.items.size + this.customers.size > MEMO_LIMIT;
    const batch: CollectedBatch = {
      events,
      eventLines: this.lines.slice(0, this.lineCount),
      items: this.sent(facts ? this.items.take() : null, this.writtenItems),
      customers: this.sent(facts ? this.customers.take() : null, this.writtenCustomers),
      // splice: the rejects go with the batch, the field keeps its (emptied) array.
      rejects:
        !this.deferFacts || final || this.rejects.length >= REJECTS_LIMIT ? this.rejects.splice(0) : [],
      rows: this.rows,
      rejectedRows: this.rejectedRows,
    };
    this.startBatch();
    return batch;
  }

  /** What a batch sends of the facts taken (none: null): those that changed, when remembering. */
  private sent<T extends { sku: string } | { externalId: string }>(
    taken: Map<string, T> | null,
    written: Map<string, string>,
  ): T[] {
    if (taken === null) return [];
    return this.remember ? changed(taken, written) : [...taken.values()];
  }

  /** Starts the counts of a batch over. */
  private startBatch(): void {
    this.lineCount = 0;
    this.batchRejects = 0;
    this.recordRows = 0;
    this.rows = 0;
    this.rejectedRows = 0;
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
    // Without the time: facts that only hold as of a later time change nothing stored (storage moves a
    // record's facts_at only with its values), so they are not sent again.
    const { asOf: _asOf, ...facts } = value as T & { asOf?: Date };
    const signature = JSON.stringify(facts);
    if (written.get(key) === signature) continue;
    written.set(written.has(key) ? key : detach(key), signature);
    out.push(value);
  }
  return out;
}

/**
 * This collector's own copy of the facts rows carry, by key: a row's facts are merged into it with no
 * new object per row, the non-null fields of the facts of the later time winning (the row's event time;
 * rows of one time, the later row), as they would in storage (upserts ignore null and absent fields, and
 * older facts only fill: ItemInput.asOf). The kept facts carry the latest time as `asOf`. Text is
 * detached when it changes: the facts are kept across batches, and a slice of the
 * file's text would keep a whole decoded chunk alive (item titles held 32 MB of chunks by the end of
 * Online Retail). Each field is named (`mergeItem`, `mergeCustomer`): a loop over each row's keys took
 * 0.4-0.9 s of the worker's time on Online Retail. Rows come in runs of one customer (an order's lines),
 * so the last key's facts are at hand without a lookup.
 */
class Facts<T extends { asOf?: Date }> {
  /** Emptied by `take`, not replaced: a field V8 held constant, replaced, threw away the code that read it. */
  private readonly byKey = new Map<string, T>();
  private lastKey: string | null = null;
  private last: T | null = null;

  /**
   * `create` makes the kept facts of a new key with every field (undefined) and the time, in one order, so
   * that all of them share one shape: made empty and filled field by field as rows came, they took a
   * shape per order of arrival, and the byte reader's row function, which reads and writes them, was
   * compiled again after each new one ("wrong map"; 8 compilations of it in an Online Retail import, and
   * TurboFan's compilations took about a quarter of the import's CPU in node). `take` hands over the
   * defined ones.
   */
  private readonly fields: readonly (keyof T & string)[];

  constructor(
    private readonly mergeInto: (kept: T, row: T, newer: boolean) => void,
    private readonly create: () => AllFacts<T>,
  ) {
    this.fields = Object.keys(create()) as (keyof T & string)[];
  }

  get size(): number {
    return this.byKey.size;
  }

  merge(key: string, row: T, at: number): void {
    const kept = this.kept(key);
    this.mergeInto(kept, row, factsNewer(kept, at));
  }

  /** The facts kept for `key`, created empty. */
  kept(key: string): T {
    if (key === this.lastKey) return this.last!;
    let kept = this.byKey.get(key);
    if (kept === undefined) {
      kept = this.create() as unknown as T;
      this.byKey.set(detach(key), kept);
    }
    this.lastKey = key;
    this.last = kept;
    return kept;
  }

  /**
   * The facts merged so far, each as an object of its defined fields with the time it holds as of (none:
   * now); starts over.
   */
  take(): Map<string, T> {
    const taken = new Map<string, T>();
    for (const [key, kept] of this.byKey) {
      const facts: Record<string, unknown> = {};
      for (const field of this.fields) if (kept[field] !== undefined) facts[field] = kept[field];
      const at = (kept as Timed)[AT];
      if (at !== undefined && Number.isFinite(at)) facts.asOf = new Date(at);
      taken.set(key, facts as T);
    }
    this.byKey.clear();
    this.lastKey = null;
    this.last = null;
    return taken;
  }
}

/**
 * The latest time (ms) of kept facts, on the kept object itself (a lookup of its own per row took 0.07 s
 * of Online Retail's read); +Infinity: as of now (a record without an event). A symbol: no field of the
 * facts; `take` hands it over as their asOf.
 */
const AT = Symbol('facts time');
type Timed = { [AT]?: number };

/**
 * A time before every event's (EVENT_TIME_MIN - 1 ms): a row's facts as of it only fill what the kept facts
 * lack, and, written with it as their `asOf`, what the stored record lacks. A reader gives it to facts a
 * row may only fill (an Online Retail description on a row that is not a sale at a price: a warehouse
 * note such as "adjustment"), as the item's `asOf` (the collector's `add`) or to `factsNewer`.
 */
export const FILL_ONLY_TIME = EVENT_TIME_MIN - 1;

/**
 * Whether a row's facts as of `at` (ms) are at least as recent as the `kept` ones (they then replace them,
 * else only fill what they lack), keeping the later time. A reader that merges a row's facts itself
 * (online-retail-bytes.ts) asks it first, as `add` does.
 */
export function factsNewer(kept: object, at: number): boolean {
  const timed = kept as Timed;
  const before = timed[AT];
  if (before === undefined) {
    timed[AT] = at;
    return true;
  }
  if (at < before) return false;
  // Stored only when it moves (rows come in runs of one time, an invoice's lines): each store of a
  // number that is not a small integer into these long-lived objects made a new heap number, with the
  // write barrier's work for an old object pointing to a new one.
  if (at !== before) timed[AT] = at;
  return true;
}

/**
 * The kept facts of T with every field but asOf (their time, kept apart), each possibly undefined: a
 * `create` that leaves one out fails to compile when ItemInput or CustomerInput gains a field.
 */
type AllFacts<T> = { [K in Exclude<keyof T, 'asOf'>]-?: T[K] | undefined } & Timed;

/**
 * A rejected row's text as it can be stored: a NUL character (U+0000, which PostgreSQL cannot store, and
 * the reason such a row is refused) becomes U+FFFD, the replacement character.
 */
function storableRaw(raw: string): string {
  return raw.includes('\u0000') ? raw.replaceAll('\u0000', '\ufffd') : raw;
}
