import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql/index.js';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { CostReport } from '../context.js';

export interface SpendOutcome {
  report: CostReport;
  /** Seconds to wait before the budget refills; null when the request may run. */
  retryAfterSeconds: number | null;
}

/**
 * A budget of cost points per key and fixed window. Kept in this process's memory by default (right for one
 * gateway process), or in Redis (`redis`: a client from ioredis), shared by every gateway process that
 * uses the same Redis; should Redis fail, a memory limiter with the same budget answers meanwhile.
 */
export class CostRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    readonly points: number,
    readonly windowSeconds: number,
    redis?: unknown,
  ) {
    const memory = new RateLimiterMemory({ points, duration: windowSeconds });
    this.limiter =
      redis === undefined
        ? memory
        : new RateLimiterRedis({
            storeClient: redis,
            points,
            duration: windowSeconds,
            keyPrefix: 'storewise-rate',
            insuranceLimiter: memory,
          });
  }

  /** Spends `cost` points of `key`'s budget, or says how long to wait when it is spent. */
  async spend(key: string, cost: number): Promise<SpendOutcome> {
    try {
      const res = await this.limiter.consume(key, Math.max(0, cost));
      return { report: this.report(cost, res), retryAfterSeconds: null };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      return {
        report: this.report(cost, e),
        retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)),
      };
    }
  }

  private report(cost: number, res: RateLimiterRes): CostReport {
    return {
      requestedQueryCost: cost,
      throttleStatus: {
        maximumAvailable: this.points,
        currentlyAvailable: Math.max(0, res.remainingPoints),
        resetInMs: res.msBeforeNext,
      },
    };
  }
}

/** 429 RATE_LIMITED with a Retry-After header. */
export function rateLimited(report: CostReport, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(
    `rate limit exceeded: this request costs ${report.requestedQueryCost} points and ${report.throttleStatus.currentlyAvailable} remain; retry in ${retryAfterSeconds} s`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
      },
    },
  );
}
