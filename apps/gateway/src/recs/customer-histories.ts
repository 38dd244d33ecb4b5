import {
  type CustomerHistory,
  type HistoryEvent,
  historyOf,
  type Recommendations,
  readServingEvents,
  recommendFromHistory,
  type ServedRecommender,
  type ServeOptions,
} from '@storewise/engine';
import type { Storage } from '@storewise/storage';

export interface CustomerHistoriesOptions {
  /**
   * When the served recommender's model version was saved (ms; `RecommenderSource.savedAt`): a customer
   * whose record was created since is served as unknown, whatever row the model keeps for that id.
   */
  modelSavedAt: (served: ServedRecommender) => number;
  /**
   * Most events kept, each customer counting as their events plus one (so unknown customers count too)
   * plus the items of the recommendations kept for them; the least recently served customers go first.
   * 0: keep none.
   */
  maxEvents: number;
  /**
   * How long a customer's events are trusted at most; null: until this process changes them. Each entry
   * expires at a random point between half of it and all of it, so that customers read at the same time
   * (a warm-up, a burst) are not all read again at the same time.
   */
  ttlMs: number | null;
  now?: () => number;
  /** In [0, 1): where between ttlMs and ttlMs / 2 an entry expires (default Math.random). */
  random?: () => number;
}

/** What serving reads of a customer. */
interface ServingRead {
  /** Null for a customer who declined personalization (see readServingEvents). */
  events: readonly HistoryEvent[] | null;
  /** When the customer's record was created (ms); null when there is none (deleted, or never seen). */
  createdAt: number | null;
}

interface Entry extends ServingRead {
  /** When the entry stops being trusted (Infinity without a ttl). */
  expiresAt: number;
  /** The history derived for one served recommender, recomputed when another one is served. */
  derived: Derived | null;
}

interface Derived {
  served: ServedRecommender;
  history: CustomerHistory;
  /**
   * Recommendations answered from this history, by size and rules: a pure function of the served
   * recommender, the history and the arguments, so they are kept exactly as long as the history is.
   */
  answers: Map<string, Recommendations>;
  /** The answers' items, counted against `maxEvents` like events. */
  answersWeight: number;
}

/** Most answers kept per customer (different sizes and rules); more start the customer's list afresh. */
const MAX_ANSWERS_PER_CUSTOMER = 8;

/**
 * Customers' events for serving, kept in the gateway's memory so that a recommendation does not read the
 * customer's history from the store each time (with their consent: no events are kept for a customer who
 * declined personalization, who is served popular items). The served model's row for a customer serves
 * only the customer it was trained on: a customer without a record (deleted) or whose record was created
 * after the model version was saved (an id deleted and used again) is served as unknown, until a model
 * trained since is served; this needs no list of deletions, so it holds in every process on the store. Least recently used customers are dropped first once
 * `maxEvents` are kept. An entry is dropped when this process changes the customer's events (trackEvents,
 * deleteCustomer: see `forget`); changes made by another process (a second gateway or the CLI on the same
 * PostgreSQL database) show once the entry is `ttlMs` old at the latest.
 */
export class CustomerHistories {
  readonly #entries = new Map<string, Entry>();
  /** Reads in flight; a read whose customer is forgotten meanwhile is not kept. */
  readonly #reading = new Map<string, Promise<ServingRead>>();
  #weight = 0;
  readonly #now: () => number;

  constructor(
    private readonly storage: Storage,
    private readonly options: CustomerHistoriesOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  /** Customers kept now, and their weight against `maxEvents`. */
  get size(): { customers: number; weight: number } {
    return { customers: this.#entries.size, weight: this.#weight };
  }

  /** The customer's history for the served recommender: from memory, else read from the store and kept. */
  async history(customerId: string, served: ServedRecommender): Promise<CustomerHistory> {
    const entry = this.#fresh(customerId);
    if (entry === null)
      return historyOf((await this.#read(customerId)).events, served.trained, served.catalog);
    return this.#derive(entry, served).history;
  }

  /**
   * The customer's `k` best items under `options` (`recommendFromHistory` on their history). An answer is
   * kept with the history it came from, so asking again (another page view) does not score again until the
   * customer's events, the served model or its catalog snapshot change.
   */
  async recommendations(
    customerId: string,
    served: ServedRecommender,
    k: number,
    options: ServeOptions,
  ): Promise<Recommendations> {
    let entry = this.#fresh(customerId);
    if (entry === null) {
      const read = await this.#read(customerId);
      // Kept by the read unless forgotten meanwhile (or nothing is kept).
      entry = this.#fresh(customerId);
      if (entry === null) {
        const history = historyOf(read.events, served.trained, served.catalog);
        return recommendFromHistory(served, this.#servedAs(customerId, read, served), history, k, options);
      }
    }
    const derived = this.#derive(entry, served);
    const key = `${k} ${JSON.stringify(options)}`;
    const known = derived.answers.get(key);
    if (known !== undefined) return known;
    const servedAs = this.#servedAs(customerId, entry, served);
    const answer = recommendFromHistory(served, servedAs, derived.history, k, options);
    if (derived.answers.size >= MAX_ANSWERS_PER_CUSTOMER) this.#clearAnswers(derived);
    derived.answers.set(key, answer);
    derived.answersWeight += answer.items.length;
    this.#weight += answer.items.length;
    this.#evict();
    return answer;
  }

  /** Drops what is kept about these customers (call after writing their events). */
  forget(customerIds: Iterable<string | null>): void {
    for (const id of customerIds) {
      if (id === null) continue;
      this.#drop(id);
      this.#reading.delete(id);
    }
  }

  /** Drops everything kept (the store says anything may have changed). */
  forgetAll(): void {
    this.#entries.clear();
    this.#reading.clear();
    this.#weight = 0;
  }

  /** The id to score the customer by: theirs while the model may know them, else null (unknown to it). */
  #servedAs(customerId: string, read: ServingRead, served: ServedRecommender): string | null {
    const known = read.createdAt !== null && read.createdAt < this.options.modelSavedAt(served);
    return known ? customerId : null;
  }

  #fresh(customerId: string): Entry | null {
    const entry = this.#entries.get(customerId);
    if (entry === undefined) return null;
    if (this.#now() >= entry.expiresAt) {
      this.#drop(customerId);
      return null;
    }
    // Most recently used last: Map keeps insertion order.
    this.#entries.delete(customerId);
    this.#entries.set(customerId, entry);
    return entry;
  }

  #expiry(readAt: number): number {
    const { ttlMs } = this.options;
    if (ttlMs === null) return Number.POSITIVE_INFINITY;
    return readAt + ttlMs * (1 - 0.5 * (this.options.random ?? Math.random)());
  }

  #derive(entry: Entry, served: ServedRecommender): Derived {
    if (entry.derived?.served !== served) {
      if (entry.derived !== null) this.#clearAnswers(entry.derived);
      const history = historyOf(entry.events, served.trained, served.catalog);
      entry.derived = { served, history, answers: new Map(), answersWeight: 0 };
    }
    return entry.derived;
  }

  #clearAnswers(derived: Derived): void {
    this.#weight -= derived.answersWeight;
    derived.answersWeight = 0;
    derived.answers.clear();
  }

  #read(customerId: string): Promise<ServingRead> {
    const pending = this.#reading.get(customerId);
    if (pending !== undefined) return pending;
    const readAt = this.#now();
    // The customer's record again beside readServingEvents' own read of it: one lookup by key per history
    // read, for when it was created (the engine returns the events only).
    const read = Promise.all([
      readServingEvents(this.storage, customerId),
      this.storage.getCustomer(customerId),
    ]).then(
      ([events, customer]) => {
        const serving: ServingRead = { events, createdAt: customer?.createdAt.getTime() ?? null };
        if (this.#reading.get(customerId) === read) {
          this.#reading.delete(customerId);
          this.#keep(customerId, { ...serving, expiresAt: this.#expiry(readAt), derived: null });
        }
        return serving;
      },
      (error: unknown) => {
        if (this.#reading.get(customerId) === read) this.#reading.delete(customerId);
        throw error;
      },
    );
    this.#reading.set(customerId, read);
    return read;
  }

  #keep(customerId: string, entry: Entry): void {
    if (weightOf(entry) > this.options.maxEvents) return;
    this.#drop(customerId);
    this.#entries.set(customerId, entry);
    this.#weight += weightOf(entry);
    this.#evict();
  }

  /** Drops the least recently served customers until the weight fits `maxEvents`. */
  #evict(): void {
    for (const [id] of this.#entries) {
      if (this.#weight <= this.options.maxEvents) break;
      this.#drop(id);
    }
  }

  #drop(customerId: string): void {
    const entry = this.#entries.get(customerId);
    if (entry === undefined) return;
    this.#entries.delete(customerId);
    this.#weight -= weightOf(entry);
  }
}

const weightOf = (entry: Entry): number =>
  (entry.events?.length ?? 0) + 1 + (entry.derived?.answersWeight ?? 0);
