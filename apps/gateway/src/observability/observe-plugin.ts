import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext } from '../context.js';
import { clientCode } from '../errors/format-error.js';
import type { GatewayMetrics } from './metrics.js';

/**
 * Logs one line per operation (name, type, outcome, duration, cost, key id: never the key itself) and
 * records the metrics. Runs as an Apollo plugin, beside auth and limits, outside the resolvers.
 */
export function observePlugin(logger: Logger, metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, response, errors, contextValue }) {
          const seconds = (performance.now() - started) / 1000;
          const type = operation?.operation ?? 'unknown';
          // The code the client was sent (a storage input error is BAD_USER_INPUT, an unexpected one
          // INTERNAL_SERVER_ERROR), so that a client's mistake does not count as the gateway's.
          const first = errors?.[0];
          const outcome = first === undefined ? 'ok' : clientCode(first.extensions?.code, first);
          metrics.operations.inc({ type, outcome });
          metrics.duration.observe({ type }, seconds);
          const cost = contextValue.cost?.requestedQueryCost;
          if (cost !== undefined && outcome !== 'RATE_LIMITED') metrics.cost.inc(cost);
          logger.info(
            {
              operation: operationName ?? null,
              type,
              outcome,
              status: response.http.status ?? 200,
              ms: Math.round(seconds * 10_000) / 10,
              cost: cost ?? null,
              keyId: contextValue.principal?.keyId ?? null,
            },
            'graphql',
          );
        },
      };
    },
  };
}
