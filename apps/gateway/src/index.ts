/**
 * @storewise/gateway: the GraphQL gateway (Apollo Server 5 on Express 5, type-graphql resolvers over
 * the engine) with API keys, scopes, query limits and a cost-based rate limit.
 */
export { type AdminKeySetup, ensureAdminKey } from './auth/admin-key.js';
export { generateApiKey, hashSecret, parseApiKey, SCOPES, type Scope } from './auth/api-key.js';
export { Authenticator, type Principal } from './auth/authenticator.js';
export { DEFAULT_GATEWAY_CONFIG, type GatewayConfig, readGatewayConfig } from './config/gateway-config.js';
export type { CostReport, GatewayContext } from './context.js';
export { CLIENT_ERROR_CODES } from './errors/format-error.js';
export { createLogger, REDACTED_PATHS, silentLogger } from './observability/logger.js';
export { GatewayMetrics } from './observability/metrics.js';
export { CustomerHistories, type CustomerHistoriesOptions } from './recs/customer-histories.js';
export { buildGatewaySchema, printGatewaySchema } from './schema/build-schema.js';
export { createGateway, type Gateway, type GatewayOptions } from './server/create-gateway.js';
export { type StartedGateway, type StartOptions, startDemoGateway } from './startup/start-demo.js';
