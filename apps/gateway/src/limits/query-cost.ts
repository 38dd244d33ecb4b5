import type { DocumentNode, GraphQLSchema } from 'graphql/index.js';
import { GraphQLError, getNamedType, isLeafType } from 'graphql/index.js';
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';

/** Fields without a declared cost: scalars are free, objects cost one point plus their selections. */
const defaultEstimator: ComplexityEstimator = ({ field, childComplexity }) =>
  isLeafType(getNamedType(field.type)) ? 0 : 1 + childComplexity;

/** The declared cost of an operation: per-field costs from the schema, lists scaled by `first`. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    ...(operationName !== undefined ? { operationName } : {}),
    estimators: [fieldExtensionsEstimator(), defaultEstimator],
  });
}

export function costTooHigh(cost: number, max: number): GraphQLError {
  return new GraphQLError(`the query costs ${cost} points; at most ${max} are allowed per request`, {
    extensions: { code: 'COST_LIMIT_EXCEEDED', cost, maxCost: max, http: { status: 400 } },
  });
}
