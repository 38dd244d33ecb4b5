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

/** Refused points are given back only when the window has at least this long left (a store's round trip). */
const REFUND_MARGIN_MS = 1_000;

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

  /**
   * Spends `cost` points of `key`'s budget, or, when fewer remain, spends nothing and says how long to wait.
   * `consume` counts the points even when it refuses them; they are given back at once (`reward`, in the
   * same store), or a refused request would empty the budget and refuse the cheaper ones that still fit.
   */
  async spend(key: string, cost: number): Promise<SpendOutcome> {
    const points = Math.max(0, cost);
    try {
      const res = await this.limiter.consume(key, points);
      return { report: this.report(cost, res), retryAfterSeconds: null };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      // Points refused in the window's last moments go with it; a refund landing after it ended would
      // start the next window below zero, and so give that window more than its budget.
      const res = e.msBeforeNext > REFUND_MARGIN_MS ? await this.limiter.reward(key, points) : e;
      return {
        report: this.report(cost, res),
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
