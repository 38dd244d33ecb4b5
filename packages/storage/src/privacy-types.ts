/** What a shop's store holds about its customers, in counts: the input of the engine's privacy report. */

/** How many customers granted, refused or never recorded one consent flag. */
export interface ConsentTally {
  /** `true` recorded. */
  granted: number;
  /** `false` recorded. */
  refused: number;
  /** No choice recorded. */
  unrecorded: number;
}

export interface CustomerHoldings {
  customers: number;
  consent: { analytics: ConsentTally; personalization: ConsentTally; marketing: ConsentTally };
  /**
   * Each attribute name held, with the customers holding a (non-null) value under it, and whether every such
   * value is a boolean or a yes/no word (`yesNo`, ../yes-no.ts); by name (code units).
   */
  attributes: { name: string; customers: number; yesNo: boolean }[];
  /** Customers per country recorded (null: none recorded); most customers first, then by country. */
  countries: { country: string | null; customers: number }[];
  /** Events naming a customer, and anonymous ones. */
  customerEvents: number;
  anonymousEvents: number;
  /** Time of the oldest event (null without events). */
  firstEventAt: Date | null;
}

/** Customers whose last activity is before an instant (see `inactiveCustomers`). */
export interface InactiveCustomers {
  count: number;
  /** Their ids in code-unit order, when asked for (else null). */
  ids: string[] | null;
}
