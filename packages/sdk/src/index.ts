/**
 * @storewise/sdk: a typed client for the Storewise GraphQL gateway. Types and documents are generated from
 * the gateway's schema (`schema.graphql`) by GraphQL Code Generator; runs on `fetch` in Node and browsers.
 */
export { createClient } from './client.js';
export type {
  ClientOptions,
  DemandForecastOptions,
  PageOptions,
  RecommendationOptions,
  StockOptions,
  StorewiseClient,
} from './client-types.js';
export {
  type AuthRefusalReason,
  type ErrorProblem,
  type GraphQLErrorEntry,
  StorewiseError,
  type StorewiseErrorCode,
} from './errors.js';
export * from './generated/graphql.generated.js';
export { createTracker, type TrackedEvent, type Tracker, type TrackerOptions } from './tracker.js';
export type { GraphQLResult, TransportOptions } from './transport.js';
