import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Storage } from '@storewise/storage';
import express from 'express';
import type { ValidationRule } from 'graphql/index.js';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseApiKey } from '../auth/api-key.js';
import { type AuthRefusal, unauthenticated } from '../auth/auth-refusals.js';
import { Authenticator, keyFromHeaders, keyHeaderName, type Principal } from '../auth/authenticator.js';
import { CUSTOMER_TOKEN_HEADER, CustomerTokens, customerTokenFromHeaders } from '../auth/customer-token.js';
import { DEFAULT_GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import type { GatewayContext } from '../context.js';
import { createFormatError, type InternalErrorLogger } from '../errors/format-error.js';
import { literalErrorsPlugin } from '../errors/literal-errors.js';
import { collapseRepeats } from '../errors/repeated-errors.js';
import { TrainingJobs } from '../jobs/training-jobs.js';
import { accessPlugin } from '../limits/access-plugin.js';
import { CostRateLimiter } from '../limits/rate-limit.js';
import { connectRedis } from '../limits/redis.js';
import { createLoaders } from '../loaders/loaders.js';
import { silentLogger } from '../observability/logger.js';
import { GatewayMetrics } from '../observability/metrics.js';
import { observePlugin } from '../observability/observe-plugin.js';
import { CustomerHistories } from '../recs/customer-histories.js';
import { RecommenderSource } from '../recs/recommender-source.js';
import { buildGatewaySchema } from '../schema/build-schema.js';
import { graphqlRouter, isGraphqlPath } from './graphql-route.js';
import { httpErrorHandler } from './http-errors.js';
import { metricsRoute } from './metrics-route.js';
import { type ProbeState, probeRoutes } from './probes.js';

export interface GatewayOptions {
  storage: Storage;
  config?: Partial<GatewayConfig>;
  /** Where unexpected errors go (never to clients). Default: the logger, at error level. */
  logInternalError?: InternalErrorLogger;
  /** Structured logs (pino), one line per operation; keys are redacted. Default: silent. */
  logger?: Logger;
  /** A Redis client already connected to `config.redisUrl` (the gateway quits it on stop); else it connects. */
  redis?: Redis;
}

export interface Gateway {
  app: express.Express;
  metrics: GatewayMetrics;
  /**
   * Customers' events kept for recommendations. A process that writes events into the same store other
   * than through this gateway calls `histories.forget(customerIds)` afterwards.
   */
  histories: CustomerHistories;
  httpServer: Server;
  /**
   * Loads the served recommender and its catalog snapshot now, so that the first request does not wait
   * for them (a model of tens of MB, read and decoded: about 2 s on the demo shop's EASE under load).
   * Resolves without one when none is trained.
   */
  warmUp(): Promise<void>;
  /** Starts listening; resolves with the GraphQL endpoint's URL. Port 0 picks a free port. */
  listen(port: number, host?: string): Promise<string>;
  /**
   * Says the gateway is going away while it still serves: /readyz answers 503 and answers say
   * `Connection: close`, so that a load balancer stops sending requests before `stop` closes the port.
   */
  beginDraining(): void;
  /** Stops taking requests, lets in-flight ones finish, then stops Apollo. Does not close the storage. */
  stop(): Promise<void>;
}

/** Stores that live in the gateway's own process: nothing else writes them while it runs. */
const EMBEDDED_STORES = new Set(['pglite', 'memory']);

/**
 * Builds the gateway: Apollo Server 5 behind an Express 5 router with a CORS allowlist and a body limit,
 * auth, limits and costs; probes and metrics on the Express application.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const config: GatewayConfig = { ...DEFAULT_GATEWAY_CONFIG, ...options.config };
  const logger = options.logger ?? silentLogger();
  const logInternal: InternalErrorLogger =
    options.logInternalError ??
    collapseRepeats((err, context) => logger.error({ err, ...context }, 'internal error'));
  const metrics = new GatewayMetrics(config.metrics);
  const { storage } = options;
  const app = express();
  const probeState: ProbeState = { draining: false };
  app.disable('x-powered-by');
  // An ETag is a hash of every answer's body; answers are no-store, so no client could use it.
  app.set('etag', false);
  const errors = httpErrorHandler(logInternal);
  // `/graphql` goes to its router directly, the rest (probes, metrics) through the Express application:
  // see graphql-route.ts for why the endpoint does not go through the application.
  let graphql: express.Router | null = null;
  const httpServer = createServer((req, res) => {
    // Draining: the client is told this connection ends with the answer, rather than finding it closed
    // under a next request it sent on it (ECONNRESET; a refused connection is safe to retry).
    if (probeState.draining) res.setHeader('connection', 'close');
    const started = performance.now();
    // Taken now: the router under /graphql rewrites req.url to the path below its mount ('/').
    const url = req.url;
    res.once('close', () => {
      // An answer the connection closed before (the client went away, or a shutdown cut a long request
      // after its grace period): the operation's own log line has already been written as if sent.
      if (!res.writableFinished)
        logger.warn(
          { method: req.method, url, ms: Math.round(performance.now() - started) },
          'answer not delivered: the connection closed before it was sent',
        );
    });
    if (graphql === null || !isGraphqlPath(req.url)) {
      app(req, res);
      return;
    }
    // Typed as Express's request and response, but left node's own (the router needs nothing more).
    const request = req as express.Request;
    const response = res as express.Response;
    graphql(request, response, (err?: unknown) => {
      if (err !== undefined && err !== null) errors(err, request, response, () => {});
      else app(req, res);
    });
  });
  // Embedded stores (PGlite, memory) have no writer but this process: the catalog is read again only
  // after this gateway changed it, at most every 30 s (on PGlite the read holds the event loop). Another
  // process may change PostgreSQL's: its catalog version is read every 5 s there (the catalog itself only
  // when the version moved), every 30 s on a shared store without one.
  const embedded = EMBEDDED_STORES.has(storage.kind);
  const catalogVersion = storage.catalogVersion?.bind(storage);
  const recommenders = new RecommenderSource(storage, {
    periodic: !embedded,
    refreshMs: embedded || catalogVersion === undefined ? 30_000 : 5_000,
    ...(catalogVersion === undefined ? {} : { catalogVersion }),
    onRefreshError: logInternal,
  });
  metrics.servedVersionFrom(() => recommenders.servedVersion());
  const histories = new CustomerHistories(storage, {
    modelSavedAt: (served) => recommenders.savedAt(served),
    // 0 seconds turns the cache off; the embedded stores (PGlite, memory) have no writer but this process.
    maxEvents: config.historyCacheSeconds === 0 ? 0 : config.historyCacheEvents,
    ttlMs: embedded ? null : config.historyCacheSeconds * 1000,
  });
  // Another process's writes to a shared store (PostgreSQL) drop what is kept about their customers as
  // soon as they commit; the ttl only bounds how long an entry is trusted whatever the store tells.
  const watch =
    embedded || storage.watchChanges === undefined
      ? null
      : await storage.watchChanges(
          (change) => {
            if (change.kind === 'customers') histories.forget(change.customerIds);
            else histories.forgetAll();
          },
          {
            onError: (err) =>
              logger.warn(
                { err },
                'store change notifications interrupted; connecting again (then every cached history is dropped)',
              ),
            onReconnect: () =>
              logger.info('store change notifications connected again; every cached history dropped'),
          },
        );
  const trainingJobs = new TrainingJobs(
    storage,
    () => recommenders.reload(),
    logInternal,
    (message, context) => logger.warn(context, message),
  );
  const authenticator = new Authenticator(storage, config.keyCacheSeconds * 1000);
  const customerTokens = new CustomerTokens(config.customerTokenSecret);
  const redis = options.redis ?? (config.redisUrl === null ? null : await connectRedis(config.redisUrl));
  const limiter = new CostRateLimiter(
    config.rateLimitPoints,
    config.rateLimitWindowSeconds,
    redis ?? undefined,
  );
  const armor = new ApolloArmor({
    maxDepth: { n: config.maxDepth },
    maxAliases: { n: config.maxAliases },
    // Tokens are limited by graphql-js's own parser option below (a parse error is a clean 400).
    maxTokens: { enabled: false },
    maxDirectives: { n: 10 },
    costLimit: { maxCost: config.maxStructuralCost },
    blockFieldSuggestion: { enabled: !config.introspection },
  }).protect();

  const server = new ApolloServer<GatewayContext>({
    schema: buildGatewaySchema(),
    introspection: config.introspection,
    parseOptions: { maxTokens: config.maxTokens },
    csrfPrevention: true,
    // One owner of the signals: main.ts drains, stops the server, then closes the database.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules as ValidationRule[],
    formatError: createFormatError(logInternal),
    plugins: [
      // graphql-armor's typings name Apollo's CommonJS build; the plugins are the same objects.
      ...(armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
      literalErrorsPlugin(),
      accessPlugin(limiter, config.maxQueryCost),
      observePlugin(logger, metrics),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No @cacheControl hints are used; Apollo's cache-control plugin would wrap every field's resolver to
      // compute a policy that is always "uncacheable". The answers say `no-store` themselves (below).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
    ],
  });
  await server.start();

  graphql = graphqlRouter(server, {
    corsOrigins: config.corsOrigins,
    bodyLimitBytes: config.bodyLimitBytes,
    context: async (req): Promise<GatewayContext> => {
      const outcome = await authenticator.authenticate(keyFromHeaders(req.headers));
      const ip = req.socket.remoteAddress ?? 'unknown';
      const refuse = (reason: string, code: AuthRefusal, field: string, what: string) => {
        // The key's id (not secret) says which client still sends a revoked or mistyped key.
        const keyId = parseApiKey(keyFromHeaders(req.headers) ?? '')?.keyId;
        logger.warn({ reason, ip, ...(keyId !== undefined ? { keyId } : {}) }, what);
        metrics.operations.inc({ type: 'unknown', outcome: 'UNAUTHENTICATED' });
        return unauthenticated(reason, code, field);
      };
      if (outcome.kind === 'refused')
        throw refuse(outcome.reason, outcome.code, keyHeaderName(req.headers), 'refused API key');
      let principal: Principal | null = outcome.kind === 'authenticated' ? outcome.principal : null;
      const token = await customerTokens.verify(customerTokenFromHeaders(req.headers));
      if (token.kind === 'refused')
        throw refuse(token.reason, token.code, CUSTOMER_TOKEN_HEADER, 'refused customer token');
      if (token.kind === 'customer') {
        // The token names a customer; the key says which app asks (and what else it may do).
        if (principal === null)
          throw refuse(
            'a customer token goes with an API key (the storefront key), not alone',
            'API_KEY_MISSING',
            'authorization',
            'refused customer token',
          );
        principal = { ...principal, customerId: token.customerId };
      }
      return {
        storage,
        config,
        authenticator,
        principal,
        rateKey: rateKeyOf(principal, ip),
        loaders: createLoaders(storage),
        recommenders,
        histories,
        trainingJobs,
        cost: null,
      };
    },
  });
  app.use(graphql);
  app.use(probeRoutes(storage, probeState));
  if (config.metrics) app.use(metricsRoute(metrics));
  app.use(errors);

  return {
    app,
    metrics,
    histories,
    httpServer,
    warmUp: async () => {
      await recommenders.get();
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const { port: actual } = httpServer.address() as AddressInfo;
          resolve(`http://${host ?? 'localhost'}:${actual}/graphql`);
        });
      }),
    beginDraining: () => {
      probeState.draining = true;
    },
    stop: async () => {
      probeState.draining = true;
      await server.stop();
      await trainingJobs.stop();
      // A catalog snapshot taken in the background still reads the store, which closes after this.
      await recommenders.settled();
      await watch?.close();
      await redis?.quit();
    },
  };
}

/**
 * Whose rate budget a request spends: its key's; a storefront key's (in every visitor's page) per client
 * address, so that one visitor, or anyone who copied the key, cannot spend a whole shop's budget; a request
 * without a key, its address's. Behind a proxy the address is the proxy's.
 */
function rateKeyOf(principal: Principal | null, ip: string): string {
  if (principal === null) return `ip:${ip}`;
  const { scopes } = principal;
  const storefrontOnly = scopes.has('storefront') && scopes.size === 1;
  return storefrontOnly ? `key:${principal.keyId}:ip:${ip}` : `key:${principal.keyId}`;
}
