import type { EventColumns } from '@storewise/storage';

/**
 * The items an events import names only in rows of erased customers (ImportSummary.erasedItems): storage
 * leaves those rows out, so such an item is not created by the import, as the erased customer is not.
 * Every batch's items are seen (a batch with no erased row as its list of SKUs, at once), since an item
 * left out in one batch may be named by a kept row of another, earlier or later.
 */
export class ErasedOnlyItems {
  /** Items named by a row that was not left out as erased. */
  private readonly kept = new Set<string>();
  /** Items named by a row left out as erased. */
  private readonly erased = new Set<string>();

  /** A written batch's events and the erased customers whose rows storage left out of it. */
  see(events: EventColumns, erasedCustomers: readonly string[]): void {
    if (erasedCustomers.length === 0) {
      for (const sku of events.skus) this.kept.add(sku);
      return;
    }
    const erased = new Set(erasedCustomers);
    const { customer, customerIds, item, skus } = events;
    for (let i = 0; i < events.length; i++) {
      const k = item[i]!;
      if (k < 0) continue;
      const c = customer[i]!;
      if (c >= 0 && erased.has(customerIds[c]!)) this.erased.add(skus[k]!);
      else this.kept.add(skus[k]!);
    }
  }

  /** How many items only erased customers' rows named. */
  get count(): number {
    let n = 0;
    for (const sku of this.erased) if (!this.kept.has(sku)) n++;
    return n;
  }
}
