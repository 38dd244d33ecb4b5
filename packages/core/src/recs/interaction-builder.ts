/**
 * Collects events with external string ids and builds an InteractionMatrix with id maps both ways.
 * Pass existing id maps to keep indices stable across builds (e.g. a test matrix aligned to training).
 */
import { IdMap } from './id-map.js';
import { type BuildOptions, buildInteractions, type InteractionMatrix } from './interactions.js';

export class InteractionBuilder {
  readonly userIds: IdMap;
  readonly itemIds: IdMap;
  #users = new Int32Array(1024);
  #items = new Int32Array(1024);
  #weights = new Float64Array(1024);
  #times = new Float64Array(1024);
  #n = 0;

  constructor(options: { userIds?: IdMap; itemIds?: IdMap } = {}) {
    this.userIds = options.userIds ?? new IdMap();
    this.itemIds = options.itemIds ?? new IdMap();
  }

  /** Adds one event; `time` in ms since the epoch. */
  add(userId: string, itemId: string, weight = 1, time = 0): this {
    if (this.#n === this.#users.length) this.#grow();
    const e = this.#n++;
    this.#users[e] = this.userIds.add(userId);
    this.#items[e] = this.itemIds.add(itemId);
    this.#weights[e] = weight;
    this.#times[e] = time;
    return this;
  }

  get length(): number {
    return this.#n;
  }

  build(options: Omit<BuildOptions, 'userIds' | 'itemIds' | 'nUsers' | 'nItems'> = {}): InteractionMatrix {
    const n = this.#n;
    return buildInteractions(
      {
        users: this.#users.subarray(0, n),
        items: this.#items.subarray(0, n),
        weights: this.#weights.subarray(0, n),
        times: this.#times.subarray(0, n),
      },
      {
        ...options,
        nUsers: this.userIds.size,
        nItems: this.itemIds.size,
        userIds: this.userIds,
        itemIds: this.itemIds,
      },
    );
  }

  #grow(): void {
    const size = this.#users.length * 2;
    const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.#users = grow(this.#users, (s) => new Int32Array(s));
    this.#items = grow(this.#items, (s) => new Int32Array(s));
    this.#weights = grow(this.#weights, (s) => new Float64Array(s));
    this.#times = grow(this.#times, (s) => new Float64Array(s));
  }
}
