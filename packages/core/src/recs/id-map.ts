/** External string ids <-> dense indices 0..n-1, in order of first appearance. */
export class IdMap {
  readonly #ids: string[] = [];
  readonly #index = new Map<string, number>();

  constructor(ids: Iterable<string> = []) {
    for (const id of ids) this.add(id);
  }

  /** The index of `id`, adding it at the end if new. */
  add(id: string): number {
    let i = this.#index.get(id);
    if (i === undefined) {
      i = this.#ids.length;
      this.#ids.push(id);
      this.#index.set(id, i);
    }
    return i;
  }

  /** The index of `id`, or -1 if unknown. */
  indexOf(id: string): number {
    return this.#index.get(id) ?? -1;
  }

  /** The id at `index` (throws when out of range). */
  idAt(index: number): string {
    const id = this.#ids[index];
    if (id === undefined) throw new Error(`no id at index ${index} (size ${this.#ids.length})`);
    return id;
  }

  has(id: string): boolean {
    return this.#index.has(id);
  }

  get size(): number {
    return this.#ids.length;
  }

  /** A copy of the ids in index order. */
  toArray(): string[] {
    return this.#ids.slice();
  }
}
