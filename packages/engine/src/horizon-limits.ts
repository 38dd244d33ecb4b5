/**
 * The longest horizons the engine takes. Beyond them a cutoff `asOf - horizon` leaves the dates every
 * store reads and writes, and a CLV sums one term per month per customer.
 */

/**
 * The longest window in days (ten years): propensity's "buys within N days", the expected purchases of
 * lifetime value (`expected_purchases_<N>d`). The gateway's horizonDays and the CLI's --horizon use it too.
 */
export const MAX_HORIZON_DAYS = 3650;

/** The longest CLV horizon in months of 30 days (ten years). */
export const MAX_CLV_MONTHS = 120;
