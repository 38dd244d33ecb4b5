import { openRecommender, type ServedRecommender, serveModel } from '@storewise/engine';
import type { Storage } from '@storewise/storage';

export const RECOMMENDER_NAME = 'recs';

/**
 * The served recommender of a gateway: the active version of the stored model `recs` with a catalog
 * snapshot, loaded on first use and reloaded when another version becomes active; the catalog snapshot
 * alone is taken again once it is older than `refreshMs` (so new items and stock changes reach
 * recommendations within that time without reading and decoding the model again).
 */
export class RecommenderSource {
  private current: { version: number; served: ServedRecommender; loadedAt: number } | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<ServedRecommender | null> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly refreshMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Makes the next `get` look for the active version again (after a training). */
  invalidate(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  /** The served recommender, or null when none has been trained. */
  get(): Promise<ServedRecommender | null> {
    if (this.current !== null && this.now() - this.checkedAt < this.refreshMs) {
      return Promise.resolve(this.current.served);
    }
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async refresh(): Promise<ServedRecommender | null> {
    const models = await this.storage.listModels();
    const active = models.find((m) => m.name === RECOMMENDER_NAME && m.active);
    this.checkedAt = this.now();
    if (active === undefined) {
      this.current = null;
      return null;
    }
    if (this.current === null || this.current.version !== active.version) {
      const served = await openRecommender(this.storage, RECOMMENDER_NAME, active.version);
      this.current = { version: active.version, served, loadedAt: this.now() };
    } else if (this.now() - this.current.loadedAt >= this.refreshMs) {
      const served = await serveModel(this.storage, this.current.served.trained);
      this.current = { version: active.version, served, loadedAt: this.now() };
    }
    return this.current.served;
  }
}
