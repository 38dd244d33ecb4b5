/**
 * The shop's privacy report: an audit of what the store holds about customers, for a record of processing
 * (GDPR Art. 30) or a retention review (Art. 5(1)(e)). Counts, aggregated by the store (SQL on the SQL
 * adapters); customer ids only for the inactive customers, and only when asked for.
 *
 * Every customer counts, whatever their consent: the report says what is held, and a customer who declined
 * analytics is held all the same (leaving them out would hide them from the audit). It analyses no behaviour.
 */
import {
  type ConsentTally,
  customerHoldings,
  type InactiveCustomers,
  inactiveCustomers,
  type Storage,
} from '@storewise/storage';
import { asOfRangeProblem } from '../as-of-range.js';
import { MIN_NAMED_GROUP_SIZE } from '../customers/customer-groups.js';
import { identifierKind } from './identifier-names.js';

export const DEFAULT_RETENTION_DAYS = 730;
/** The default minGroupSize: the smallest group the fairness reports name (customer-groups.ts). */
export const DEFAULT_MIN_GROUP_SIZE = MIN_NAMED_GROUP_SIZE;
/**
 * The longest retention period taken, in days: 100 years, longer than any retention a shop sets. With `asOf`
 * within storage's event times (1970 to 2200) the cutoff then lies from 1870 on, a date JavaScript,
 * PostgreSQL and PGlite all read and write; far larger periods put it before 4713 BC, which PostgreSQL
 * refuses, or outside JavaScript's dates.
 */
export const MAX_RETENTION_DAYS = 36_500;
const MS_PER_DAY = 86_400_000;

export interface PrivacyReportOptions {
  /** The instant the retention period is measured back from (default: now), from 1970 up to 2200 (as event times). */
  asOf?: Date;
  /** Days of inactivity after which a customer's data is due for review (default 730, two years; at most 36,500). */
  retentionDays?: number;
  /** Countries with fewer customers than this are flagged (default 5; a whole number up to 2^53 - 1). */
  minGroupSize?: number;
  /** List the inactive customers' ids (default: only count them). */
  listInactive?: boolean;
}

/** An attribute name held, how many customers have a value under it, and whether it looks like a direct identifier. */
export interface AttributeHeld {
  name: string;
  customers: number;
  /**
   * The kind of direct identifier the name looks like ('e-mail address', 'name', ...), or null; null too when
   * every value held under it is a boolean or a yes/no word (`hasPhone: true`, `emailOptIn: "no"`).
   */
  identifier: string | null;
}

/**
 * A stored model version trained before the latest erasure of a customer the store held: it may still hold
 * rows of erased customers.
 */
export interface ModelBeforeErasure {
  name: string;
  version: number;
  kind: string;
  trainedAt: Date;
  active: boolean;
}

export interface PrivacyReport {
  asOf: Date;
  customers: number;
  consent: { analytics: ConsentTally; personalization: ConsentTally; marketing: ConsentTally };
  /** By name; `identifier` set where the name looks like a direct identifier (identifier-names.ts). */
  attributes: AttributeHeld[];
  events: { namingCustomers: number; anonymous: number; oldestAt: Date | null };
  retention: {
    days: number;
    /** asOf minus the retention period: customers last active before it are inactive. */
    cutoff: Date;
  } & InactiveCustomers;
  erasure: {
    /** Customers on the erasure list (their ids' hashes, kept to keep them out of later imports). */
    listed: number;
    /**
     * When the latest of them whose record the store held was erased (an id it did not hold removed nothing
     * a model read); null with none, or when the store cannot tell (`known`).
     */
    lastAt: Date | null;
    known: boolean;
    /** Model versions trained before `lastAt`, oldest first: retrain, then prune them. */
    modelsTrainedBefore: ModelBeforeErasure[];
  };
  /**
   * Rejects kept from imports, one per bad field (a row with two counts twice), each with its row's raw text
   * (those naming a customer go with their export and erasure; `storewise rejects --clear` deletes them).
   */
  rejectedImportFields: number;
  /** Countries with fewer than `minGroupSize` customers: a count by country there nearly names them. */
  smallCountries: { minGroupSize: number; countries: { country: string; customers: number }[] };
}

/** An option of the privacy report the caller must fix; `field` names it. */
export class PrivacyReportError extends Error {
  override readonly name = 'PrivacyReportError';
  constructor(
    readonly field: keyof PrivacyReportOptions,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

function checkOptions(options: PrivacyReportOptions) {
  const asOf = options.asOf ?? new Date();
  // The range of event times: before it no event can be, and the cutoff stays a date every store takes.
  const asOfProblem = asOfRangeProblem(asOf);
  if (asOfProblem !== null) throw new PrivacyReportError('asOf', asOfProblem);
  const days = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!(Number.isFinite(days) && days > 0 && days <= MAX_RETENTION_DAYS))
    throw new PrivacyReportError(
      'retentionDays',
      `must be a number of days > 0 and at most ${MAX_RETENTION_DAYS} (100 years), got ${days}`,
    );
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  if (!(Number.isSafeInteger(minGroupSize) && minGroupSize >= 1))
    throw new PrivacyReportError(
      'minGroupSize',
      `must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got ${minGroupSize}`,
    );
  return { asOf, days, minGroupSize };
}

/** Audits what the store holds about customers (see `PrivacyReport`); refuses a bad option with PrivacyReportError. */
export async function privacyReport(
  storage: Storage,
  options: PrivacyReportOptions = {},
): Promise<PrivacyReport> {
  const { asOf, days, minGroupSize } = checkOptions(options);
  const cutoff = new Date(asOf.getTime() - days * MS_PER_DAY);
  const holdings = await customerHoldings(storage);
  const inactive = await inactiveCustomers(storage, cutoff, { ids: options.listInactive === true });
  const counts = await storage.counts();
  const known = storage.lastErasureAt !== undefined;
  const lastAt = (await storage.lastErasureAt?.()) ?? null;
  const modelsTrainedBefore =
    lastAt === null
      ? []
      : (await storage.listModels())
          .filter((m) => m.createdAt.getTime() < lastAt.getTime())
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.version - b.version)
          .map((m) => ({
            name: m.name,
            version: m.version,
            kind: m.kind,
            trainedAt: m.createdAt,
            active: m.active,
          }));
  return {
    asOf,
    customers: holdings.customers,
    consent: holdings.consent,
    // A name whose values all say yes or no (`emailOptIn`, `hasPhone`) says whether, not who.
    attributes: holdings.attributes.map(({ name, customers, yesNo }) => ({
      name,
      customers,
      identifier: yesNo ? null : identifierKind(name),
    })),
    events: {
      namingCustomers: holdings.customerEvents,
      anonymous: holdings.anonymousEvents,
      oldestAt: holdings.firstEventAt,
    },
    retention: { days, cutoff, ...inactive },
    erasure: { listed: counts.erasedCustomers, lastAt, known, modelsTrainedBefore },
    rejectedImportFields: counts.rejects,
    smallCountries: {
      minGroupSize,
      // Fewest customers first: the likeliest to be re-identified.
      countries: holdings.countries
        .flatMap((c) =>
          c.country !== null && c.customers < minGroupSize
            ? [{ country: c.country, customers: c.customers }]
            : [],
        )
        .sort(
          (a, b) => a.customers - b.customers || (a.country < b.country ? -1 : a.country > b.country ? 1 : 0),
        ),
    },
  };
}
