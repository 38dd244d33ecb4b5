import type { Storage } from '@storewise/storage';
import type { Authenticator, Principal } from './auth/authenticator.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { TrainingJobs } from './jobs/training-jobs.js';
import type { Loaders } from './loaders/loaders.js';
import type { CustomerHistories } from './recs/customer-histories.js';
import type { RecommenderSource } from './recs/recommender-source.js';

/** What the gateway reports back in `extensions.cost` (Shopify-style). */
export interface CostReport {
  requestedQueryCost: number;
  throttleStatus: {
    maximumAvailable: number;
    currentlyAvailable: number;
    /** Milliseconds until the window restarts with a full budget. */
    resetInMs: number;
  };
}

/** The per-request context every resolver and plugin sees. */
export interface GatewayContext {
  storage: Storage;
  config: GatewayConfig;
  authenticator: Authenticator;
  /** The caller's key, or null for a request without one. */
  principal: Principal | null;
  /** Who the rate limit counts against: the key id, or the client address without a key. */
  rateKey: string;
  loaders: Loaders;
  /** The served recommender, shared by all requests. */
  recommenders: RecommenderSource;
  /** Customers' events kept for recommendations; resolvers that write events forget the customers. */
  histories: CustomerHistories;
  /** Training jobs of this process. */
  trainingJobs: TrainingJobs;
  /** Set by the cost plugin once the operation's cost is known. */
  cost: CostReport | null;
}
