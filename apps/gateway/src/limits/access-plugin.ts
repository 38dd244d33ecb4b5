import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind } from 'graphql/index.js';
import { checkScopes } from '../auth/check-scopes.js';
import type { GatewayContext } from '../context.js';
import { refuseDeepVariables } from './input-depth.js';
import { refuseNulInput } from './nul-input.js';
import { costTooHigh, QueryCosts } from './query-cost.js';
import { type CostRateLimiter, rateLimited } from './rate-limit.js';

/** Computing the cost coerces the variables first; a bad variable is the client's error (400), not ours. */
function costOrInputError(compute: () => number): number {
  try {
    return compute();
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    throw new GraphQLError(e.message, {
      nodes: e.nodes ?? null,
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}

/**
 * The gateway's access policy, once the operation is known and before it runs, in this order: scopes
 * (401/403), variables nested too deeply (400), text holding U+0000 in the input (400), the declared cost
 * against the per-request maximum (400), then the key's rate budget in cost points (429). The cost and the
 * budget left are reported in `extensions.cost` of every response.
 */
export function accessPlugin(limiter: CostRateLimiter, maxCost: number): ApolloServerPlugin<GatewayContext> {
  // The schema is fixed for the server's life; its cost functions are examined on the first request.
  let costs: QueryCosts | null = null;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, operationName, request, contextValue }) {
          // The operation that runs (a document may hold several): its fields, its variables' defaults.
          // Apollo resolves one before this hook; without one nothing may run.
          if (operation === undefined) throw noOperation(document, request.operationName);
          checkScopes(schema, document, operation, contextValue.principal, request.variables ?? {});
          refuseDeepVariables(request.variables ?? {});
          refuseNulInput(document, request.variables ?? {});
          const cost = costOrInputError(() =>
            (costs ??= new QueryCosts(schema)).cost(
              document,
              operationName ?? undefined,
              request.variables ?? {},
            ),
          );
          if (cost > maxCost) throw costTooHigh(cost, maxCost);
          const { report, retryAfterSeconds } = await limiter.spend(contextValue.rateKey, cost);
          contextValue.cost = report;
          if (retryAfterSeconds !== null) throw rateLimited(report, retryAfterSeconds);
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || contextValue.cost === null) return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            cost: contextValue.cost,
          };
        },
      };
    },
  };
}

/**
 * Why no operation of `document` runs: `operationName` names none of them, or it holds several and none is
 * named. The operations' names are listed (the document is the client's own).
 */
function noOperation(document: DocumentNode, asked: string | null | undefined): GraphQLError {
  const names = document.definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(unnamed)'] : [],
  );
  const held =
    names.length === 0 ? 'no operation' : `the operation${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
  const message =
    asked !== undefined && asked !== null
      ? `operationName "${asked}" names no operation of the document (it holds ${held})`
      : `the document holds ${held}: name the one to run in operationName`;
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', field: 'operationName', http: { status: 400 } },
  });
}
