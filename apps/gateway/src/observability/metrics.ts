import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics, in their own registry (so two gateways in one process do not clash). */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations = new Counter({
    name: 'storewise_graphql_operations_total',
    help: 'GraphQL operations answered, by operation type and outcome (ok or the first error code).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'storewise_graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its response.',
    labelNames: ['type'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly cost = new Counter({
    name: 'storewise_graphql_cost_points_total',
    help: 'Declared cost points spent by operations that ran.',
    registers: [this.registry],
  });

  /** What `storewise_recommender_served_version` reads when scraped (servedVersionFrom). */
  private servedVersion: () => number | null = () => null;

  constructor(collectProcessMetrics = true) {
    if (collectProcessMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'storewise_' });
    const metrics = this;
    new Gauge({
      name: 'storewise_recommender_served_version',
      help: 'The version of the recommender "recs" this gateway serves (0: none yet); compare it with the active one across gateways.',
      registers: [this.registry],
      collect() {
        this.set(metrics.servedVersion() ?? 0);
      },
    });
  }

  /** Where the served version is read from (the gateway's RecommenderSource). */
  servedVersionFrom(read: () => number | null): void {
    this.servedVersion = read;
  }
}
