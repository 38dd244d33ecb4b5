import {
  AUTO_MODEL,
  demoShopFormat,
  demoShopPath,
  importFile,
  PURCHASE_PROPENSITY_MODEL,
  recommenderPlugin,
  trainPurchasePropensity,
  trainRecommender,
} from '@storewise/engine';
import { openStorage, redactDatabase, type Storage } from '@storewise/storage';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { applyAdminKey, checkAdminKey } from '../auth/admin-key.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { runCustomerAnalytics } from '../insights/customer-analytics.js';
import { connectRedis } from '../limits/redis.js';
import { RECOMMENDER_NAME, unloadedPluginRemedy } from '../recs/recommender-source.js';
import { createGateway } from '../server/create-gateway.js';
import { curlExample } from './curl-example.js';
import { createDemoSegments } from './demo-segments.js';

export interface StartOptions {
  /** Where the data lives (see `openStorage`). */
  database: string;
  port: number;
  host?: string;
  config: GatewayConfig;
  /** `STOREWISE_ADMIN_KEY`, if set. */
  adminKey?: string;
  /**
   * `STOREWISE_DEMO`: when to import the bundled demo shop into a database that holds nothing at all (no
   * events, items or customers). 'auto' (default): on an embedded or in-memory database, not on a
   * PostgreSQL server (a shop's database, empty before its first import); 'always'; 'never'.
   */
  demo?: DemoPolicy;
  log: (line: string) => void;
  /** Structured request logs (default: silent). */
  logger?: Logger;
}

export interface StartedGateway {
  url: string;
  /** The admin key to use (generated now, or the one from the environment). */
  adminKey: string;
  curl: string;
  /** Readiness fails from now on while requests are still served (Gateway.beginDraining). */
  beginDraining(): void;
  /** Drains requests in flight, stops the server, then closes the database. */
  stop(): Promise<void>;
}

export type DemoPolicy = 'auto' | 'always' | 'never';

/**
 * Imports the bundled demo shop into a database that holds nothing at all, when `policy` allows it on
 * this database (see StartOptions.demo); true when it did.
 */
async function seedDemoShop(
  storage: Storage,
  database: string,
  policy: DemoPolicy,
  log: (line: string) => void,
): Promise<boolean> {
  const counts = await storage.counts();
  if (counts.events > 0 || counts.items > 0 || counts.customers > 0) {
    log(`The database holds ${counts.customers} customers, ${counts.items} items, ${counts.events} events.`);
    return false;
  }
  const server = /^postgres(ql)?:\/\//i.test(database.trim());
  if (policy === 'never' || (policy === 'auto' && server)) {
    log(
      policy === 'never'
        ? 'The database is empty (STOREWISE_DEMO=never): import your shop with storewise import, then train.'
        : "The database is empty. A PostgreSQL server's database gets no demo data: import your shop (storewise import <file> --db <the same URL>), or set STOREWISE_DEMO=always to load the demo shop.",
    );
    return false;
  }
  log('Empty database: importing the bundled demo shop (a slice of UCI Online Retail)...');
  const s = await importFile(storage, demoShopPath, { format: demoShopFormat });
  // Every row read is accounted for, as the CLI's import says it: rows = accepted + duplicates + erased + rejected.
  log(
    `Read ${s.rows} rows: ${s.accepted} imported, ${s.duplicates} duplicates skipped, ${s.rejected.total} rejected${s.erased > 0 ? `, ${s.erased} of erased customers left out` : ''} (storewise rejects lists them); ${s.customers} customers, ${s.items} items.`,
  );
  return true;
}

/** Whether a recommender plugin of this name is registered in this process (built in, or loaded). */
function isLoaded(name: string): boolean {
  try {
    recommenderPlugin(name);
    return true;
  } catch {
    return false;
  }
}

/** Trains the default recommender (item-kNN: fast and explainable) when no version of `recs` is active. */
async function ensureRecommender(storage: Storage, log: (line: string) => void): Promise<void> {
  const models = await storage.listModels();
  const active = models.find((m) => m.name === RECOMMENDER_NAME && m.active);
  if (active !== undefined) {
    // A version trained with a contributed plugin this process has not loaded would fail every request.
    const plugin = String(active.params.model ?? '');
    if (!isLoaded(plugin))
      throw new Error(
        `the served recommender "${RECOMMENDER_NAME}" v${active.version} was trained with "${plugin}", a plugin this process has not loaded: name its module in STOREWISE_PLUGINS, or ${unloadedPluginRemedy(models, active)}`,
      );
    return;
  }
  if ((await storage.counts()).events === 0) {
    log('No recommender yet: it is trained on the first start with events (or by the train mutation).');
    return;
  }
  log("Training a first recommender: the best of several on a holdout of the shop's events...");
  let shown = -1;
  const result = await trainRecommender(storage, {
    // The CLI's `train recs` and the train mutation choose the same way by default, with the same seed
    // (none given: the engine's DEFAULT_SEED), so they record the same metrics on the same data.
    model: AUTO_MODEL,
    name: RECOMMENDER_NAME,
    onProgress: (fraction, message) => {
      const pct = Math.floor(fraction * 100);
      if (pct >= shown + 25 || fraction === 1) {
        shown = pct;
        log(`  ${String(pct).padStart(3)}%${message === undefined ? '' : ` ${message}`}`);
      }
    },
  });
  const chosen = result.recommender.plugin.name;
  const ndcg = result.metrics.ndcg;
  log(
    `Trained ${chosen} on ${result.events} events (${result.pairs} customer-item pairs) of ${result.customers} customers and ${result.items} items in ${result.fitSeconds.toFixed(1)} s${ndcg === undefined ? '' : ` (NDCG@10 ${ndcg.toFixed(3)} on a holdout; the most popular items ${result.metrics['auto.popularity.ndcg']?.toFixed(3)})`}.`,
  );
}

/**
 * Computes RFM scores, clusters and lifetime value (stored as scores and segments) when no RFM segment has
 * been refreshed yet, and with a freshly imported demo shop also its example rule segments. A later start
 * finds the stored segments and skips this. A shop without purchases (or data the models refuse) is
 * reported and served anyway.
 */
async function ensureCustomerAnalytics(
  storage: Storage,
  demoImported: boolean,
  log: (line: string) => void,
): Promise<void> {
  const segments = await storage.listSegments();
  if (segments.some((s) => s.kind === 'rfm' && s.refreshedAt !== null)) return;
  if (((await storage.counts()).eventsByType.purchase ?? 0) === 0) return;
  log('Computing customer analytics (RFM, clusters, lifetime value)...');
  const started = performance.now();
  try {
    const run = await runCustomerAnalytics(storage);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(
      `Scored ${run.customers} customers as of ${run.asOf.toISOString().slice(0, 10)} in ${seconds} s${run.lifetimeValueSkipped ? ` (no lifetime value: ${run.lifetimeValueSkipped})` : ''}.`,
    );
    const unscored = unscoredCustomers((await storage.counts()).customers, run);
    if (unscored !== null) log(`  ${unscored}`);
    for (const warning of run.lifetimeValueWarnings) log(`  lifetime value: ${warning}`);
    for (const warning of run.warnings) log(`  warning: ${warning}`);
    for (const skipped of run.rulesSkipped) log(`  rule segment not refreshed: ${skipped}`);
  } catch (error) {
    log(`Customer analytics skipped: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (demoImported) {
    const sizes = await createDemoSegments(storage);
    log(
      `Created rule segments: ${Object.entries(sizes)
        .map(([id, n]) => `${id} (${n})`)
        .join(', ')}.`,
    );
  }
}

/**
 * Why the stored customers outnumber those RFM and lifetime value scored (customers with orders before the
 * as-of date who allow analytics), or null when they do not. Purchase propensity scores every customer.
 */
function unscoredCustomers(
  stored: number,
  run: { customers: number; excludedByConsent: number },
): string | null {
  const withoutOrders = stored - run.customers - run.excludedByConsent;
  if (withoutOrders <= 0 && run.excludedByConsent === 0) return null;
  const parts = [
    ...(withoutOrders > 0 ? [`${withoutOrders} without orders (only returns, views or no events)`] : []),
    ...(run.excludedByConsent > 0 ? [`${run.excludedByConsent} declined analytics`] : []),
  ];
  const left = stored - run.customers;
  return `${left} of the ${stored} customers ${left === 1 ? 'is' : 'are'} not in RFM and lifetime value (purchase propensity scores all): ${parts.join(', ')}.`;
}

/**
 * Trains "buys within 30 days" (logistic regression on the stored profiles) and stores every customer's
 * `p_purchase_30d` when no purchase-propensity model is active, so `customer(id) { propensity }` answers on a
 * first start. A shop the model refuses (too few customers, or buyers of one class only) is reported and
 * served anyway.
 */
async function ensurePurchasePropensity(storage: Storage, log: (line: string) => void): Promise<void> {
  const models = await storage.listModels();
  if (models.some((m) => m.name === PURCHASE_PROPENSITY_MODEL && m.active)) return;
  if (((await storage.counts()).eventsByType.purchase ?? 0) === 0) return;
  log('Training purchase propensity (buys within 30 days, logistic regression)...');
  try {
    const r = await trainPurchasePropensity(storage, { horizonDays: 30 });
    log(
      `Scored ${r.scored} customers (p_purchase_30d); holdout ROC AUC ${r.holdout.rocAuc.toFixed(3)} on ${r.holdout.customers} customers, base rate ${(r.population.baseRate * 100).toFixed(1)}%.`,
    );
    for (const warning of r.warnings) log(`  warning: ${warning}`);
  } catch (error) {
    log(`Purchase propensity skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function firstCustomerId(storage: Storage): Promise<string | null> {
  for await (const batch of storage.scanCustomers({ batchSize: 1 })) return batch[0]?.externalId ?? null;
  return null;
}

/**
 * The main job: opens the database, checks the admin key and Redis before changing anything, imports
 * the demo shop into an empty database (see StartOptions.demo), trains what is missing, serves GraphQL,
 * then stores the admin key and prints the URL, the key and a curl example that asks about a real
 * customer. A start that fails before it serves leaves every key as it was.
 */
export async function startDemoGateway(options: StartOptions): Promise<StartedGateway> {
  const { log } = options;
  log(`Opening the database at ${redactDatabase(options.database)}...`);
  const storage = await openStorage(options.database, { maxConnections: options.config.databasePoolSize });
  let redis: Redis | null = null;
  try {
    // First: a wrong STOREWISE_ADMIN_KEY or an unreachable Redis stops the start before minutes of
    // importing and training.
    const plan = await checkAdminKey(storage, options.adminKey);
    if (options.config.redisUrl !== null) redis = await connectRedis(options.config.redisUrl);
    // Two gateways starting together on one database (PostgreSQL) take turns: the second finds the
    // first's work done, instead of importing, training and analysing all over again.
    const firstStart = async () => {
      const demoImported = await seedDemoShop(storage, options.database, options.demo ?? 'auto', log);
      await ensureRecommender(storage, log);
      await ensureCustomerAnalytics(storage, demoImported, log);
      await ensurePurchasePropensity(storage, log);
    };
    if (storage.exclusive)
      await storage.exclusive('first-start', firstStart, () =>
        log('Another process is doing the first start on this database: waiting for it...'),
      );
    else await firstStart();
    const gateway = await createGateway({
      storage,
      config: options.config,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(redis !== null ? { redis } : {}),
    });
    redis = null; // the gateway's now: it quits it on stop
    let url: string;
    let admin: Awaited<ReturnType<typeof applyAdminKey>>;
    try {
      await gateway.warmUp();
      url = await gateway.listen(options.port, options.host);
      // Only a start that serves replaces the admin keys of earlier starts.
      admin = await applyAdminKey(storage, plan);
    } catch (error) {
      await gateway.stop();
      throw error;
    }
    // A key from the environment is not printed: stdout often goes to a log collector.
    const curl = curlExample(
      url,
      admin.generatedKey ?? '$STOREWISE_ADMIN_KEY',
      await firstCustomerId(storage),
    );
    log('');
    log(`Storewise GraphQL gateway ready at ${url}`);
    log(
      admin.generatedKey !== null
        ? `Admin key (generated for this start; set STOREWISE_ADMIN_KEY to keep one): ${admin.generatedKey}`
        : `Admin key: the one in STOREWISE_ADMIN_KEY (id ${admin.keyId})`,
    );
    log('');
    log('Try it:');
    log(curl);
    return {
      url,
      adminKey: admin.generatedKey ?? options.adminKey!,
      curl,
      beginDraining: () => gateway.beginDraining(),
      async stop() {
        await gateway.stop();
        await storage.close();
      },
    };
  } catch (error) {
    await redis?.quit().catch(() => {});
    await storage.close();
    throw error;
  }
}
