import {
  knownRecommenders,
  openRecommender,
  type ServedRecommender,
  sameCatalog,
  serveModel,
} from '@storewise/engine';
import type { ModelArtifactInfo, Storage } from '@storewise/storage';

export const RECOMMENDER_NAME = 'recs';

/**
 * What to do about `active`, a version of `recs` trained with a plugin this process has not loaded,
 * besides loading it: serve one of the other versions that load here (named), or train one. It suggested
 * activating another version when there was none.
 */
export function unloadedPluginRemedy(
  models: readonly ModelArtifactInfo[],
  active: ModelArtifactInfo,
): string {
  const loaded = new Set(knownRecommenders());
  const others = models
    .filter((m) => m.name === RECOMMENDER_NAME && m.version !== active.version)
    .filter((m) => loaded.has(String(m.params.model ?? '')))
    .map((m) => `v${m.version}`);
  const train = `train a new version (storewise train ${RECOMMENDER_NAME})`;
  return others.length === 0
    ? train
    : `serve another version (storewise model activate ${RECOMMENDER_NAME} <version>; ${others.join(', ')} ${others.length === 1 ? 'loads' : 'load'} here), or ${train}`;
}

export interface RecommenderSourceOptions {
  /** The catalog snapshot is taken again when it is this old (and, unless `periodic`, the catalog changed). */
  refreshMs?: number;
  /**
   * true: take a new snapshot every `refreshMs`, since other processes may change the catalog (PostgreSQL).
   * false: only after this process noted a change (`catalogChanged`, `noteSkus`): the embedded stores
   * (PGlite, memory), where no other process writes.
   */
  periodic?: boolean;
  /**
   * The store's catalog version (`Storage.catalogVersion`): a refresh whose version equals the snapshot's
   * keeps the snapshot without reading the catalog, so `refreshMs` can be short.
   */
  catalogVersion?: () => Promise<string>;
  /** Where a failed background refresh is reported; the snapshot in use stays and is tried again later. */
  onRefreshError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * The served recommender of a gateway: the active version of the stored model `recs` with a catalog
 * snapshot. The first request (and the first after `invalidate`, i.e. after a training) waits for it to
 * load. A newer catalog snapshot is taken in the background while requests go on being answered from the
 * current one: on PGlite the read runs on the event loop (tens of milliseconds for the demo's 2,845
 * items), so it is taken only when needed; a snapshot equal to the one in use is dropped; and the model is decoded again
 * only when another version becomes active.
 */
export class RecommenderSource {
  private current: {
    version: number;
    served: ServedRecommender;
    loadedAt: number;
    /** The store's catalog version read before the snapshot was taken (undefined: the store has none). */
    catalogVersion: string | undefined;
  } | null = null;
  /** When each served recommender's model version was saved (ms), for `savedAt`. */
  private readonly saved = new WeakMap<ServedRecommender, number>();
  private mustReload = true;
  private changed = false;
  /** The active version this gateway last failed to load, and why in words a client may read. */
  private failed: { version: number; reason: string } | null = null;
  private pending: Promise<ServedRecommender | null> | null = null;
  private readonly refreshMs: number;
  private readonly periodic: boolean;
  private readonly now: () => number;

  constructor(
    private readonly storage: Storage,
    private readonly options: RecommenderSourceOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 30_000;
    this.periodic = options.periodic ?? true;
    this.now = options.now ?? Date.now;
  }

  /** Makes the next `get` wait for the active version to be looked up again. */
  invalidate(): void {
    this.mustReload = true;
  }

  /**
   * Loads the active version now (after a training or a rollback in this process) while requests go on
   * being answered from the one in use; resolves once it is served (or the load failed: the one in use
   * stays, and `loadFailure` says why). Requests did wait for the load after `invalidate`: an operator
   * measured answers of up to 1 s on the gateway that trained while its peers, which swap in the
   * background, stayed under 200 ms.
   */
  async reload(): Promise<void> {
    // A load already under way may have looked before the new version was stored: wait, then look again.
    await this.pending?.catch(() => null);
    await this.load().catch((error: unknown) => this.options.onRefreshError?.(error));
  }

  /** The catalog changed (items were upserted): the next snapshot is due once the current one is old. */
  catalogChanged(): void {
    this.changed = true;
  }

  /** Events named these SKUs: one the snapshot does not know means the store created an item. */
  noteSkus(skus: Iterable<string>): void {
    if (this.current !== null && this.notInSnapshot(skus).length > 0) this.changed = true;
  }

  /**
   * Those of `skus` the catalog snapshot in use does not know: all of them before one is loaded. An item
   * stored since the snapshot was taken is among them, so the store has the last word on these.
   */
  notInSnapshot(skus: Iterable<string>): string[] {
    const catalog = this.current?.served.catalog;
    return [...skus].filter((sku) => catalog === undefined || !catalog.bySku.has(sku));
  }

  /** The served recommender, or null when none has been trained. */
  async get(): Promise<ServedRecommender | null> {
    if (this.mustReload && this.pending !== null) {
      // A load that started before `invalidate` may find the old version: wait for it, then look again.
      await this.pending.catch(() => null);
      return this.get();
    }
    // Until a recommender is trained, every request looks (it may be trained by another process).
    if (this.mustReload || this.current === null) return this.load();
    const age = this.now() - this.current.loadedAt;
    if (age >= this.refreshMs && (this.periodic || this.changed)) {
      this.load().catch((error: unknown) => this.options.onRefreshError?.(error));
    }
    return this.current.served;
  }

  /**
   * When the model version `served` serves was saved (ms since the epoch): a customer record created since
   * cannot be the customer its row was trained on (see CustomerHistories). -Infinity for an object this
   * source did not serve, so that nobody is taken for a customer the model knows.
   */
  savedAt(served: ServedRecommender): number {
    return this.saved.get(served) ?? Number.NEGATIVE_INFINITY;
  }

  /** The version of `recs` this gateway serves now (null before one is loaded). */
  servedVersion(): number | null {
    return this.current?.version ?? null;
  }

  /** Why this gateway could not load `version` when it was the active one (null: it did not fail). */
  loadFailure(version: number): string | null {
    return this.failed?.version === version ? this.failed.reason : null;
  }

  /** Waits for a load or refresh in progress, if any (the gateway's stop, before the store closes). */
  async settled(): Promise<void> {
    await this.pending?.catch(() => {});
  }

  private load(): Promise<ServedRecommender | null> {
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async refresh(): Promise<ServedRecommender | null> {
    const startedAt = this.now();
    this.mustReload = false;
    this.changed = false;
    try {
      const models = await this.storage.listModels();
      const active = models.find((m) => m.name === RECOMMENDER_NAME && m.active);
      if (active === undefined) {
        this.current = null;
        return null;
      }
      // Read before the snapshot: a change made while it is taken shows as a new version next time.
      const catalogVersion = await this.options.catalogVersion?.();
      if (this.current === null || this.current.version !== active.version) {
        const served = await openRecommender(this.storage, RECOMMENDER_NAME, active.version).catch(
          (error: unknown) => {
            // A version another process activated, trained with a plugin this process has not loaded:
            // the version served so far stays (every request would fail), and `loadFailure` says why.
            const plugin = String(active.params.model ?? '');
            this.failed = {
              version: active.version,
              reason: knownRecommenders().includes(plugin)
                ? 'it could not be loaded (details are in the server log)'
                : `it was trained with "${plugin}", a plugin this gateway has not loaded: name its module in STOREWISE_PLUGINS and restart, or ${unloadedPluginRemedy(models, active)}`,
            };
            throw error;
          },
        );
        this.failed = null;
        this.saved.set(served, active.createdAt.getTime());
        this.current = { version: active.version, served, loadedAt: startedAt, catalogVersion };
        return served;
      }
      if (catalogVersion !== undefined && catalogVersion === this.current.catalogVersion) {
        this.current.loadedAt = startedAt;
        return this.current.served;
      }
      const snapshot = await serveModel(this.storage, this.current.served.trained);
      // An unchanged catalog keeps the served object, and with it every history and answer worked out
      // for it (a new object would have every customer's history and answers worked out again at once).
      const served = sameCatalog(snapshot.catalog, this.current.served.catalog)
        ? this.current.served
        : snapshot;
      this.saved.set(served, active.createdAt.getTime());
      this.current = { version: active.version, served, loadedAt: startedAt, catalogVersion };
      return served;
    } catch (error) {
      // Nothing was swapped. A failed load (first, or after a training) is tried again by the next request;
      // a failed background refresh once the snapshot in use is `refreshMs` older.
      if (this.current === null) this.mustReload = true;
      else this.current.loadedAt = startedAt;
      this.changed = true;
      throw error;
    }
  }
}
